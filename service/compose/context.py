"""Turn a validated document into the render context: every printed string, label and line, decided here.

The template only places what this module computes, so the renderer, the HTML preview and the checker's
expectations all come from one place.
"""
from __future__ import annotations

from service.compose.dates import parse_issue_date, place_date_line
from service.compose.measure import rule_indents
from service.compose.numbering import label
from service.compose.numbers import number_line
from service.compose.symbols import symbol_for
from service.render import layout
from service.rules import nd30
from service.rules.types import DocType, get_type


def upper(text: str) -> str:
    """Vietnamese-aware upper case (Python's str.upper keeps the tone marks)."""
    return text.upper()


def _block(kind: str, text: str) -> dict:
    return {"kind": kind, "text": text}


def _labelled(lab: str, text: str) -> str:
    return f"{lab} {text}" if lab else text


def body_blocks(body: dict, scheme: tuple[str, ...]) -> list[dict]:
    """Flatten sections → items → points → bullets into paragraphs with generated labels (App.I §3).

    Numbering restarts in each parent; a node with a title gets its own bold title line, otherwise its label
    prefixes its first paragraph.
    """
    sec_style, item_style, point_style, bullet_style = scheme
    out: list[dict] = []

    def paragraphs(node: dict, lab: str, title_kind: str) -> None:
        paras = list(node.get("paragraphs") or [])
        title = (node.get("title") or "").strip()
        if title:
            out.append(_block(title_kind, _labelled(lab, title)))
        elif paras:
            out.append(_block("body", _labelled(lab, paras.pop(0))))
        elif lab:
            out.append(_block("body", lab))
        out.extend(_block("body", p) for p in paras)

    def bullets(node: dict) -> None:
        for b in node.get("bullets") or []:
            out.append(_block("body", _labelled(label(bullet_style, 1), b)))

    for si, section in enumerate(body.get("sections") or [], 1):
        title = (section.get("title") or "").strip()
        lab = label(sec_style, si)
        out.append(_block("section", _labelled(lab, upper(title)) if title else lab))
        out.extend(_block("body", p) for p in section.get("paragraphs") or [])
        for ii, item in enumerate(section.get("items") or [], 1):
            paragraphs(item, label(item_style, ii), "heading")
            for pi, point in enumerate(item.get("points") or [], 1):
                paragraphs(point, label(point_style, pi), "subheading")
                bullets(point)
            bullets(item)
    return out


def with_closing_mark(paragraphs: list[str]) -> list[str]:
    """End the last sentence with `./.` (App.I §3) unless the author already did."""
    if not paragraphs:
        return paragraphs
    last = paragraphs[-1].rstrip()
    if not last.endswith(nd30.CLOSING_MARK):
        last = (last[:-1] if last.endswith(".") else last) + nd30.CLOSING_MARK
    return [*paragraphs[:-1], last]


def _clean_recipient(text: str) -> str:
    text = text.strip()
    if text.startswith("-"):
        text = text[1:].strip()
    return text.rstrip(";.").strip()


def noi_nhan_lines(doc: dict, doc_type: DocType) -> list[str]:
    """`- X;` per recipient, `- Như trên;` first when there are addressees, then `- Lưu: VT, VP.` (App.I §5)."""
    names = [_clean_recipient(r) for r in doc.get("noi_nhan") or []]
    if doc.get("kinh_gui") and nd30.NHU_TREN not in names:
        names.insert(0, nd30.NHU_TREN)
    lines = [f"- {n};" for n in names if n]
    units = [u.strip() for u in doc.get("luu") or [] if u.strip()]
    if nd30.ARCHIVE_REGISTRY not in units:
        units.insert(0, nd30.ARCHIVE_REGISTRY)
    drafter = doc.get("drafter") or {}
    archive = f"- {nd30.ARCHIVE_PREFIX} {', '.join(units)}"
    lines.append(archive + ".")
    if drafter.get("symbol") or drafter.get("copies"):
        lines.append(f"{drafter.get('symbol') or ''}({drafter['copies']})" if drafter.get("copies")
                     else drafter["symbol"])
    return lines


def kinh_gui_lines(doc: dict) -> list[str]:
    """One addressee on the heading's line; several one per line with `- `, `;` and a final `.` (App.I §5)."""
    names = [_clean_recipient(k) for k in doc.get("kinh_gui") or []]
    if len(names) <= 1:
        return [f"{n}." for n in names]
    return [f"- {n};" for n in names[:-1]] + [f"- {names[-1]}."]


def signer_lines(signer: dict) -> dict:
    """Authority line (`KT. GIÁM ĐỐC`), own position (`PHÓ GIÁM ĐỐC`) and name (App.I §4)."""
    authority = signer.get("authority")
    position = upper(signer["position"].strip())
    head = upper((signer.get("head_title") or "").strip())
    if authority:
        return {"authority": f"{authority} {head or position}", "position": position if head else "",
                "name": signer["name"].strip()}
    return {"authority": position, "position": "", "name": signer["name"].strip()}


def address_line(address: dict | None) -> str:
    if not address:
        return ""
    parts = [address.get("street")]
    for key, word in (("phone", "ĐT"), ("fax", "Fax"), ("email", "E-mail"), ("website", "Website")):
        if address.get(key):
            parts.append(f"{word}: {address[key]}")
    return "; ".join(p for p in parts if p)


def build_context(doc: dict) -> dict:
    """The whole render context of a valid document."""
    doc_type = get_type(doc["type"])
    issuer = doc["issuer"]
    date = parse_issue_date(doc.get("date"))
    symbol = symbol_for(doc)
    issuer_name = upper(issuer["name"].strip())
    summary = doc["summary"].strip()
    issuer_size = nd30.ELEMENTS["issuer"].chosen
    summary_style = nd30.ELEMENTS["summary"]
    motto = nd30.ELEMENTS["motto"]
    col_left = layout.HEADER_LEFT_W - 2 * layout.CELL_MARGIN
    col_right = layout.HEADER_RIGHT_W - 2 * layout.CELL_MARGIN
    blocks = [_block("body", p) for p in doc.get("opening") or []]
    blocks += body_blocks(doc.get("body") or {}, doc_type.scheme)
    closing = list(doc.get("closing") or [])
    if doc_type.closing_mark:
        if closing:
            closing = with_closing_mark(closing)
        elif blocks and blocks[-1]["kind"] == "body":
            blocks[-1] = _block("body", with_closing_mark([blocks[-1]["text"]])[0])
    blocks += [_block("body", p) for p in closing]
    kinh_gui = kinh_gui_lines(doc)
    number = doc.get("number")
    d = {
        "type_id": doc_type.id,
        "parent": upper((issuer.get("parent") or "").strip()),
        "issuer": issuer_name,
        "issuer_rule": rule_indents(issuer_name, issuer_size, True, col_left, nd30.SHORT_LINE_CHOSEN),
        "national_name": nd30.NATIONAL_NAME,
        "motto": nd30.MOTTO,
        "motto_rule": rule_indents(nd30.MOTTO, motto.chosen, True, col_right, 1.0),
        "number_line": number_line(number, symbol),
        "symbol": symbol,
        "number": number,
        "is_draft": number is None or date is None or not date.is_full,
        "place_date": place_date_line(doc["place"], date),
        "date_iso": date.iso() if date else None,
        "type_name": upper(doc_type.name) if doc_type.type_line else "",
        "summary": summary if doc_type.type_line else "",
        "summary_rule": rule_indents(summary, summary_style.chosen, True, layout.TEXT_W, nd30.SHORT_LINE_CHOSEN),
        "cv_summary": "" if doc_type.type_line else summary,
        "kinh_gui_first": kinh_gui[0] if len(kinh_gui) == 1 else "",
        "kinh_gui_list": kinh_gui if len(kinh_gui) > 1 else [],
        "blocks": blocks,
        "noi_nhan": noi_nhan_lines(doc, doc_type),
        "signer": signer_lines(doc["signer"]),
        "urgency": doc.get("urgency") or "",
        "secrecy": doc.get("secrecy") or "",
        "circulation": doc.get("circulation") or "",
        "address": address_line(doc.get("address")),
    }
    meta = {
        "title": summary,
        "author": issuer["name"].strip(),
        "subject": d["number_line"].replace(nd30.DRAFT_BLANK, " ").replace("  ", " "),
    }
    return {"d": d, "meta": meta}
