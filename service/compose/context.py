"""Turn a validated document into the render context: every printed string, label and line, decided here.

The template only places what this module computes, so the renderer, the HTML preview and the checker's
expectations all come from one place.
"""
from __future__ import annotations

from service.compose.body import upper
from service.compose.dates import parse_issue_date, place_date_line
from service.compose.measure import rule_indents
from service.compose.numbers import number_line
from service.compose.parts import (appendix_parts, attached_part, copy_label, document_blocks, kem_theo_line,
                                   party_signatures)
from service.compose.symbols import compose_symbol, symbol_for
from service.rules import layout
from service.rules import nd30
from service.rules.types import DocType, get_type


def _clean_recipient(text: str) -> str:
    text = text.strip()
    if text.startswith("-"):
        text = text[1:].strip()
    return text.rstrip(";.").strip()


def noi_nhan_lines(doc: dict, doc_type: DocType | None) -> list[str]:
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


def _signatures(doc: dict, doc_type: DocType) -> tuple[dict | None, dict]:
    """(left, right) signature blocks: two for minutes and contracts (sample 1.9; parties), else right only."""
    if doc.get("parties"):
        return party_signatures(doc["parties"], doc_type.signature_titles or ("", ""))
    right = signer_lines(doc["signer"])
    if doc.get("signer_left"):
        return signer_lines(doc["signer_left"]), right
    return None, right


def section_geometry(landscape: bool) -> dict:
    """Page size of a section: A4 portrait, or landscape for wide tables and appendices (App.I §1)."""
    w, h = (layout.PAGE_H, layout.PAGE_W) if landscape else (layout.PAGE_W, layout.PAGE_H)
    return {"w": w, "h": h, "orient": "landscape" if landscape else "portrait",
            "text_w": w - layout.MARGIN["left"] - layout.MARGIN["right"]}


def copy_part(doc: dict) -> dict | None:
    """The copy's own block after the document (samples 3.1, 3.2): agency, `SAO Y`, number, date, signer."""
    copy = doc.get("copy")
    if not copy:
        return None
    label, abbr = copy_label(copy["kind"])
    issuer = copy["issuer"]
    name = upper(issuer["name"].strip())
    col_left = layout.FOOTER_LEFT_W - 2 * layout.CELL_MARGIN  # the copy's block uses the signature table's columns
    symbol = copy.get("symbol") or compose_symbol(abbr, issuer["abbr"])
    return {
        "label": label,
        "parent": upper((issuer.get("parent") or "").strip()),
        "issuer": name,
        "issuer_rule": rule_indents(name, nd30.ELEMENTS["issuer"].chosen, True, col_left, nd30.SHORT_LINE_CHOSEN),
        "number_line": number_line(copy.get("number"), symbol),
        "place_date": place_date_line(copy["place"], parse_issue_date(copy.get("date"))),
        "noi_nhan": noi_nhan_lines({"noi_nhan": copy.get("noi_nhan"), "luu": copy.get("luu")}, None),
        "signer": signer_lines(copy["signer"]),
    }


def build_context(doc: dict) -> dict:
    """The whole render context of a valid document."""
    doc_type = get_type(doc["type"])
    issuer = doc["issuer"]
    date = parse_issue_date(doc.get("date"))
    symbol = symbol_for(doc)
    issuer_name = upper(issuer["name"].strip())
    summary = (doc.get("summary") or "").strip()
    issuer_size = nd30.ELEMENTS["issuer"].chosen
    summary_style = nd30.ELEMENTS["summary"]
    motto = nd30.ELEMENTS["motto"]
    col_left = layout.HEADER_LEFT_W - 2 * layout.CELL_MARGIN
    col_right = layout.HEADER_RIGHT_W - 2 * layout.CELL_MARGIN
    issuer_text = (issuer.get("name_text") or "").strip()
    authority_text = ((doc.get("authority") or {}).get("text") or "").strip()
    blocks = document_blocks(doc, doc_type, layout.TEXT_W, issuer_text)
    kinh_gui = kinh_gui_lines(doc) if doc_type.addressing == "kinh_gui" else []
    number = doc.get("number")
    kem_theo = kem_theo_line(doc_type.name, number, symbol, date, authority_text or issuer_text)
    appendices = appendix_parts(doc.get("appendices") or [], kem_theo,
                                {False: section_geometry(False)["text_w"], True: section_geometry(True)["text_w"]})
    attached = attached_part(doc, doc_type, kem_theo, layout.TEXT_W)
    if attached:
        attached["summary_rule"] = rule_indents(attached["summary"], summary_style.chosen, True, layout.TEXT_W,
                                                nd30.SHORT_LINE_CHOSEN)
    signature_left, signer = _signatures(doc, doc_type)
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
        "place_date": place_date_line(doc["place"], date),
        "type_name": upper(doc_type.name) if doc_type.type_line else "",
        "summary": summary if doc_type.type_line else "",
        "summary_rule": rule_indents(summary or upper(doc_type.name), summary_style.chosen, True, layout.TEXT_W,
                                     nd30.SHORT_LINE_CHOSEN),
        "cv_summary": "" if doc_type.type_line else summary,
        "kinh_gui_first": kinh_gui[0] if len(kinh_gui) == 1 else "",
        "kinh_gui_list": kinh_gui if len(kinh_gui) > 1 else [],
        "blocks": blocks,
        "noi_nhan": noi_nhan_lines(doc, doc_type),
        "signer": signer,
        "signature_left": signature_left,
        "attached": attached,
        "appendices": appendices,
        "copy_part": copy_part(doc),  # not "copy": Jinja would find dict.copy
        "last_section": {**section_geometry(bool(appendices) and appendices[-1]["landscape"]),
                         "appendix": bool(appendices)},
        "urgency": doc.get("urgency") or "",
        "secrecy": doc.get("secrecy") or "",
        "circulation": doc.get("circulation") or "",
        "address": address_line(doc.get("address")),
        # The document's last page-1 footer carries the address only when the last section is the main text.
        "address_final": "" if appendices else address_line(doc.get("address")),
    }
    meta = {
        "title": summary or doc_type.name,
        "author": issuer["name"].strip(),
        "subject": d["number_line"].replace(nd30.DRAFT_BLANK, " ").replace("  ", " "),
    }
    return {"d": d, "meta": meta}
