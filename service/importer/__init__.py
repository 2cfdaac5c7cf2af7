"""Importer: turn an existing document (a .docx made by hand in Word, or plain text like the seed plan) into our
document model, and say what could not be placed.

The elements are found by the checker's locator (same rules, same recognition), the body tree is rebuilt from
the typed or automatic numbering with the labels stripped, and every source line that ends up nowhere in the
model is returned in `unplaced` so the clerk can see it.
"""
from __future__ import annotations

from pathlib import Path

from service.check.locate import DASH_LINE_RE, locate
from service.check.package import NotADocx
from service.check.sequences import classify
from service.check.text import norm
from service.importer import fields
from service.importer.source import UnreadableInput, read_source
from service.importer.tree import BodyLine, build_tree
from service.rules import nd30

__all__ = ["import_file", "UnreadableInput", "NotADocx"]


def _kind_of(data: bytes, path: Path | None) -> str:
    if path is not None and path.suffix.lower() in (".docx", ".txt"):
        return path.suffix.lower()[1:]
    return "docx" if data[:2] == b"PK" else "txt"


def import_file(source: str | Path | bytes, kind: str | None = None) -> tuple[dict, list[str]]:
    """(document dict in our model, source lines that could not be placed).

    `kind` is "docx" or "txt"; by default it follows the file extension, or the content for bytes.
    Raises UnreadableInput / NotADocx (bilingual messages) when the input cannot be read at all.
    """
    path = None
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    else:
        path = Path(source)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UnreadableInput(f"Không đọc được tệp {path}: {exc.strerror} / cannot read {path}: "
                                  f"{exc.strerror}") from None
    kind = kind or _kind_of(data, path)
    document = read_source(data, kind)
    all_lines = [ln for ln in document.body_lines() if norm(ln.text)]
    el = locate(document)
    used: set[int] = set()

    def use(*lines) -> None:
        used.update(id(ln) for ln in lines if ln is not None)

    doc: dict = {}
    if el.type_id:
        doc["type"] = el.type_id
    issuer = fields.issuer(el)
    number, symbol, abbr = fields.number_and_symbol(el)
    if abbr:
        issuer["abbr"] = abbr
    doc["issuer"] = issuer
    use(*el.parent, *el.issuer)
    if el.number is not None:
        doc["number"] = number
        if symbol and symbol != fields.derived_symbol(el.type_id, abbr):
            doc["symbol"] = symbol
        if symbol is not None:
            use(el.number)
    place, date, understood = fields.place_and_date(el)
    if understood:
        doc["place"] = place
        doc["date"] = date
        use(el.place_date)
    summary = fields.summary(el)
    if summary:
        doc["summary"] = summary
        use(el.type_name, *el.summary, *el.cv_summary)
    elif el.type_name is not None:
        use(el.type_name)
    kinh_gui = fields.kinh_gui(el)
    if kinh_gui:
        doc["kinh_gui"] = kinh_gui
    use(*el.kinh_gui)
    doc.update(fields.marks(el))
    use(*el.marks, el.national_name, el.motto)

    body_lines = [ln for ln in el.body if ln.para.cell is None]
    opening, sections, closing, placed = build_tree(_body_lines(body_lines, kind == "docx"))
    used.update(placed)
    if opening:
        doc["opening"] = opening
    doc["body"] = {"sections": sections}
    if closing:
        doc["closing"] = closing

    names, units, drafter, odd = fields.recipients(el)
    if kinh_gui and names and names[0] == nd30.NHU_TREN:
        names = names[1:]  # the renderer adds "Như trên" itself whenever there are addressees (App.I §5)
    use(el.noi_nhan, *[ln for ln in el.recipients if ln not in odd])
    if names:
        doc["noi_nhan"] = names
    if units:
        doc["luu"] = units
    if drafter:
        doc["drafter"] = drafter
    signer, extra = fields.signer(el)
    if signer:
        doc["signer"] = signer
    use(*[ln for ln in el.signer if ln not in extra])

    unplaced = [norm(ln.text) for ln in all_lines if id(ln) not in used and not DASH_LINE_RE.match(norm(ln.text))]
    return doc, unplaced


def _body_lines(lines, formatted: bool) -> list[BodyLine]:
    """Body paragraphs for the tree builder, with emphasis (all bold or all italic: how title lines are set) known
    only when the source has formatting. Lines of one .docx paragraph split by manual breaks are rejoined unless
    the next one starts a new numbered element."""
    out: list[BodyLine] = []
    prev_para = None
    for line in lines:
        runs = line.text_runs()
        bold = (bool(runs) and (all(r.fmt.bold for r in runs) or all(r.fmt.italic for r in runs))) \
            if formatted else None
        text = norm(line.text)
        if formatted and out and line.para is prev_para and classify(text).level == "text":
            last = out[-1]
            out[-1] = BodyLine(f"{last.text} {text}", last.bold and bold, last.ids + [id(line)])
        else:
            out.append(BodyLine(text, bold, [id(line)]))
        prev_para = line.para
    return out
