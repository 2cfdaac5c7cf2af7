"""Importer: turn an existing document (a .docx made by hand in Word, plain text, a PDF or a scan) into our
document model, say how each field was found, and what could not be placed.

The elements are found by the checker's locator (same rules, same recognition), refined by the agency-name and
symbol rules of service/rules/, the body tree is rebuilt from the typed or automatic numbering with the labels
stripped (a decision's preamble and articles by their own rules), and every source line that ends up nowhere in
the model is returned in `unplaced` so the clerk can see it. Nothing is invented: what the source lacks stays out
of the model, and validation lists it as a field to complete.
"""
from __future__ import annotations


from dataclasses import dataclass, field
from pathlib import Path

from service.reading import DASH_LINE_RE, KINH_GUI_RE, NotADocx, classify, header_flow, locate, norm
from service.importer import fields, header
from service.importer.preamble import build_articles, read_preamble
from service.importer.details import take_details
from service.importer.errors import UnreadableInput
from service.importer.source import ODT_MIME, OLE2_MAGIC, RTF_MAGIC, read_source
from service.importer.tree import BodyLine, build_tree, lift_parts
from service.rules import nd30
from service.rules.agencies import split_title_of_issuer
from service.rules.types import DECISION_SCHEME, TYPES

__all__ = ["import_file", "import_document", "ImportResult", "UnreadableInput", "NotADocx"]

OCR_REVIEW_BELOW = 90  # a field read by OCR with less confidence than this is flagged for the clerk to check
KINDS = ("docx", "txt", "pdf", "doc", "odt", "rtf", "png", "jpg", "jpeg", "tif", "tiff")


@dataclass
class ImportResult:
    """The model, where each field came from, notes on what was normalised, and the source lines not placed."""

    doc: dict
    unplaced: list[str]
    found: dict[str, str] = field(default_factory=dict)  # field → the source line(s) it was read from
    confidence: dict[str, float] = field(default_factory=dict)  # field → lowest OCR confidence (0–100) of its lines
    notes: list[dict] = field(default_factory=list)  # {"field", "message_vi", "message_en"}

    def note(self, path: str, vi: str, en: str) -> None:
        self.notes.append({"path": path, "message_vi": vi, "message_en": en})


def kind_of(data: bytes, path: Path | None) -> str:
    if path is not None and path.suffix.lower().lstrip(".") in KINDS:
        return path.suffix.lower()[1:]
    if data[:2] == b"PK":
        return "odt" if ODT_MIME in data[:200] else "docx"
    if data[:5] == b"%PDF-":
        return "pdf"
    if data.startswith(OLE2_MAGIC):
        return "doc"
    if data.lstrip()[:5] == RTF_MAGIC:
        return "rtf"
    return "txt"


def _read(source: str | Path | bytes) -> tuple[bytes, Path | None]:
    if isinstance(source, (bytes, bytearray)):
        return bytes(source), None
    path = Path(source)
    try:
        return path.read_bytes(), path
    except OSError as exc:
        raise UnreadableInput(f"Không đọc được tệp {path}: {exc.strerror}",
                              f"cannot read {path}: {exc.strerror}") from None


def import_file(source: str | Path | bytes, kind: str | None = None) -> tuple[dict, list[str]]:
    """(document dict in our model, source lines that could not be placed); see import_document."""
    result = import_document(source, kind)
    return result.doc, result.unplaced


def import_document(source: str | Path | bytes, kind: str | None = None) -> ImportResult:
    """The model with how each field was found. `kind` is one of KINDS; by default it follows the file extension,
    or the content for bytes. Raises UnreadableInput / NotADocx (bilingual messages) when the input cannot be read."""
    data, path = _read(source)
    kind = kind or kind_of(data, path)
    document, confidence = read_source(data, kind)
    return _import(document, formatted=kind in ("docx", "doc", "odt", "rtf"), confidence=confidence)


def _import(document, formatted: bool, confidence: dict[int, float] | None = None) -> ImportResult:
    all_lines = [ln for ln in document.body_lines() if norm(ln.text)]
    el = locate(document)
    used: set[int] = set()
    result = ImportResult({}, [])
    doc = result.doc

    def use(*lines) -> None:
        used.update(id(ln) for ln in lines if ln is not None)

    def found(name: str, *lines) -> None:
        texts = [norm(ln.text) for ln in lines if ln is not None]
        if texts:
            result.found[name] = " / ".join(texts)
        scores = [confidence[ln.para.index] for ln in lines if ln is not None and ln.para.index in (confidence or {})]
        if scores:
            result.confidence[name] = min(scores)

    # Number line first: without a type-name line (công văn) the type comes from the symbol.
    number_line = header.number(el, all_lines)
    type_id = el.type_id
    if type_id is None and number_line is not None:
        type_id = header.type_from_symbol(number_line)
        if type_id:
            result.found["type"] = f"ký hiệu / symbol “{number_line.symbol}”"
    elif type_id is not None:
        found("type", el.type_name)
    if type_id:
        doc["type"] = type_id
    doc_type = TYPES.get(type_id or "")

    parent, name, headings = header.issuer(el)
    issuer: dict = {}
    if parent:
        issuer["parent"] = parent
    if name:
        issuer["name"] = name
    use(*el.parent, *el.issuer)
    found("issuer", *el.parent, *el.issuer)
    for line in headings:
        result.note("issuer", f"“{norm(line.text)}” là tiêu đề của tổ chức Đảng, Đoàn thay cho Quốc hiệu; mẫu của "
                    "Nghị định 30 in Quốc hiệu", f"“{norm(line.text)}” is the party/youth heading printed instead "
                    "of the national name; the decree's layout prints the national name")

    if number_line is not None:
        rest = header.symbol_rest(el, all_lines)
        use(el.number, rest)
        found("number", el.number, rest)
        for vi, en in number_line.notes:
            result.note("symbol", vi, en)
        doc["number"] = number_line.number  # None: a draft's blank number
        abbr, unit = header.abbr_and_unit(number_line, type_id)
        if abbr:
            issuer["abbr"] = abbr
        if unit and doc_type is not None and "unit" in doc_type.parts:
            doc["unit"] = unit
        derived = fields_symbol(type_id, abbr, unit)
        if number_line.symbol != derived:
            doc["symbol"] = number_line.symbol
    doc["issuer"] = issuer

    place, date, understood = fields.place_and_date(el)
    if understood:
        doc["place"] = place
        doc["date"] = date
        use(el.place_date)
        found("date", el.place_date)

    lines = header_flow([ln for ln in document.body_lines() if norm(ln.text)])
    body = [ln for ln in el.body if ln.para.cell is None]
    summary_lines = list(el.summary)
    if el.type_name is not None:
        use(el.type_name, *el.type_tail)
        if split_title_of_issuer(norm(el.type_name.text)) is not None:
            title = " ".join(norm(ln.text) for ln in (el.type_name, *el.type_tail))
            result.note("type", f"Tên loại theo mẫu cũ “{title}”: mẫu của Nghị định 30 chỉ in tên loại, cơ quan "
                        "ban hành đã có ở phần đầu", f"old-form title “{title}”: the decree's layout prints the type "
                        "name alone, the issuer being named in the header")
        extra = header.summary_continuation(summary_lines, body, doc_type is not None and "authority" in doc_type.parts)
        summary_lines += extra
        body = body[len(extra):] if extra and body[:len(extra)] == extra else body
    else:
        summary_lines = header.cv_summary(el, lines)
        body = [ln for ln in body if ln not in summary_lines]
    if summary_lines or el.type_run_on:
        text = " ".join([el.type_run_on] * bool(el.type_run_on) + [norm(ln.text) for ln in summary_lines])
        if type_id == "cong_van":
            text = header.strip_cv_prefix(text)
        if text:
            doc["summary"] = text
        use(*summary_lines)
        found("summary", *summary_lines)

    if not el.kinh_gui and body and KINH_GUI_RE.match(norm(body[0].text)):
        # a summary the locator could not see whole (no alignment in a PDF): Kính gửi follows its wrapped lines
        el.kinh_gui.append(body.pop(0))
        while body and norm(body[0].text).startswith(("-", "+")):
            el.kinh_gui.append(body.pop(0))
    kinh_gui = fields.kinh_gui(el)
    use(*el.kinh_gui)
    if el.kinh_gui and not kinh_gui:  # "Kính gửi:" alone, the addressees on the next lines without dashes
        taken = _addressees_without_dash(body)
        kinh_gui = [fields._clean(norm(ln.text)) for ln in taken]
        use(*taken)
        body = body[len(taken):]
        found("kinh_gui", *el.kinh_gui, *taken)
    elif kinh_gui:
        taken = _addressee_continued(kinh_gui, body)
        if taken:  # `Kính gửi:  Hiệu trưởng các trường Mầm non, Tiểu học,` / `THCS trên địa bàn thị xã …`
            kinh_gui[-1] = fields._clean(f"{kinh_gui[-1]} {norm(taken.text)}")
            use(taken)
            body = body[1:]
        found("kinh_gui", *el.kinh_gui, *([taken] if taken else []))
    if kinh_gui and doc_type is not None and doc_type.kinh_gui != "none":
        doc["kinh_gui"] = kinh_gui
    doc.update(fields.marks(el))
    use(*el.marks, el.national_name, el.motto)

    if doc_type is not None and doc_type.scheme == DECISION_SCHEME and "parties" not in doc_type.parts:
        body = _decision_body(doc, result, body, doc_type, use, formatted)
    else:
        tree_lines, pushed = lift_parts(_body_lines(body, formatted))
        if pushed:
            result.note("body", "Văn bản chia “Phần” trên các mục I., 1., a): mỗi phần là một mục La Mã, các mức "
                        "dưới lùi một bậc (I. → 1., 1. → a), a) → gạch đầu dòng)", "the source has parts (“Phần”) "
                        "above I./1./a): each part is a Roman section and every level below moves down one")
        opening, sections, closing, placed = build_tree(tree_lines)
        used.update(placed)
        if opening:
            doc["opening"] = opening
        doc["body"] = {"sections": sections}
        if closing:
            doc["closing"] = closing
        if doc_type is not None and doc_type.details:
            _details(doc, result, doc_type)
        if sections and doc_type is not None and doc_type.id == "cong_van":
            _flatten_unsectioned(doc)

    names, units, drafter, odd = fields.recipients(el)
    if kinh_gui and names and names[0] == nd30.NHU_TREN:
        names = names[1:]  # the renderer adds "Như trên" itself whenever there are addressees (App.I §5)
    odd_ids = {id(ln) for ln in odd}  # by identity: comparing Line dataclasses field by field is quadratic
    use(el.noi_nhan, *[ln for ln in el.recipients if id(ln) not in odd_ids])
    if names:
        doc["noi_nhan"] = names
        found("noi_nhan", el.noi_nhan)
    if units:
        doc["luu"] = units
    if drafter:
        doc["drafter"] = drafter
    signer, extra = fields.signer(el)
    extra_ids = {id(ln) for ln in extra}
    if signer:
        doc["signer"] = signer
        found("signer", *[ln for ln in el.signer if id(ln) not in extra_ids])
    use(*[ln for ln in el.signer if id(ln) not in extra_ids or fields.SIGNED_MARK_RE.match(norm(ln.text))])

    for name, score in result.confidence.items():
        if score < OCR_REVIEW_BELOW:
            result.note(name, f"Đọc từ ảnh chụp với độ tin cậy {score:.0f}%: hãy soát lại trường này",
                        f"read from the scan with {score:.0f}% confidence: check this field")
    result.unplaced = [norm(ln.text) for ln in all_lines
                       if id(ln) not in used and not DASH_LINE_RE.match(norm(ln.text))]
    return result


def fields_symbol(type_id: str | None, abbr: str | None, unit: str | None) -> str | None:
    """The symbol the model would derive (so a printed symbol equal to it is not stored twice)."""
    from service.document.symbols import compose_symbol

    if type_id is None or abbr is None:
        return None
    doc_type = TYPES.get(type_id)
    if doc_type is None:
        return None
    return compose_symbol(doc_type.abbr_type, abbr, unit)


def _addressees_without_dash(body) -> list:
    out = []
    for line in body[:20]:
        text = norm(line.text)
        if classify(text).level != "text" or len(text) > 150 or KINH_GUI_RE.match(text):
            break
        out.append(line)
        if not text.endswith((";", ",")):
            break
    return out


def _addressee_continued(kinh_gui: list[str], body: list):
    """The body's first line when it finishes an addressee left open with a comma (the line wrapped)."""
    last = norm(el_text) if (el_text := (kinh_gui[-1] if kinh_gui else "")) else ""
    if not body or not last or not norm(body[0].text) or classify(norm(body[0].text)).level != "text":
        return None
    raw = norm(body[0].text)
    return body[0] if last.endswith(",") and len(raw) <= 150 and not raw[:1].isdigit() else None


def _details(doc: dict, result: ImportResult, doc_type) -> None:
    """The sample's own lines (giấy mời's `Thời gian: …`) into `details`; the paragraphs around them stay the
    opening and the closing; `{co_quan}` gives the issuer's name as written in a sentence."""
    paragraphs = doc.pop("opening", []) + doc.pop("closing", [])
    got = take_details(doc_type, paragraphs)
    if got.values:
        doc["details"] = got.values
        result.found["details"] = " / ".join(norm(t) for t in got.lines)
    if got.co_quan and not doc.get("issuer", {}).get("name_text"):
        doc.setdefault("issuer", {})["name_text"] = got.co_quan
        result.found["issuer.name_text"] = got.co_quan
    if got.before:
        doc["opening"] = got.before
    if got.after:
        doc["closing"] = got.after


def _decision_body(doc: dict, result: ImportResult, body: list, doc_type, use, formatted: bool) -> list:
    """Authority line, basis, proposal, action line, articles; the closing paragraph after the last article."""
    texts = [norm(ln.text) for ln in body]
    pre = read_preamble(texts, doc_type.action_line)
    if pre.authority and "authority" in doc_type.parts:
        doc["authority"] = {"name": pre.authority[0]}
        if len(pre.authority) > 1:
            doc["authority"]["session"] = " ".join(pre.authority[1:])
        result.found["authority"] = " / ".join(pre.authority)
    basis = pre.basis + ([pre.proposal] if pre.proposal and "proposal" not in doc_type.parts else [])
    if basis and "basis" in doc_type.parts:
        doc["can_cu"] = basis
    elif basis:  # a type without a basis part (quy chế): its Căn cứ lines are opening paragraphs, as printed
        doc["opening"] = texts[len(pre.authority):pre.used]
    if pre.proposal and "proposal" in doc_type.parts:
        doc["de_nghi"] = pre.proposal
    kept_authority = "authority" in doc_type.parts
    use(*body[0 if kept_authority else len(pre.authority):pre.used])  # an authority line the type cannot hold
    rest = body[pre.used:]                                             # stays in `unplaced`
    before, body_tree, _ = build_articles([norm(ln.text) for ln in rest])
    use(*rest)
    if before:
        doc["opening"] = doc.get("opening", []) + before
    doc["body"] = body_tree
    return []


def _flatten_unsectioned(doc: dict) -> None:
    """A công văn's numbered items without a Roman section: keep them as items, not under an empty "I."."""
    sections = doc["body"]["sections"]
    if len(sections) == 1 and not sections[0].get("title"):
        doc["body"] = {"items": sections[0].get("items", [])}


def _body_lines(lines, formatted: bool) -> list[BodyLine]:
    """Body paragraphs for the tree builder, with emphasis (all bold or all italic: how title lines are set) known
    only when the source has formatting. Lines of one .docx paragraph split by manual breaks are rejoined unless
    the next one starts a new numbered element."""
    out: list[BodyLine] = []
    pieces: list[tuple[str, bool | None, list[int]]] = []  # the lines of the paragraph being rejoined
    prev_para = None

    def flush() -> None:
        if len(pieces) == 1:
            out.append(BodyLine(*pieces[0]))
            pieces.clear()
        elif pieces:
            bold = pieces[0][1]
            for _, b, _ in pieces[1:]:
                bold = bold and b
            out.append(BodyLine(" ".join(t for t, _, _ in pieces), bold, [i for _, _, ids in pieces for i in ids]))
            pieces.clear()

    for line in lines:
        runs = line.text_runs()
        bold = (bool(runs) and (all(r.fmt.bold for r in runs) or all(r.fmt.italic for r in runs))) \
            if formatted else None
        text = norm(line.text)
        if not (formatted and pieces and line.para is prev_para and classify(text).level == "text"):
            flush()
        pieces.append((text, bold, [id(line)]))
        prev_para = line.para
    flush()
    return out



