"""Turn a Document into the render context: every printed string, label and line, decided here.

The template only places what this module computes, so the renderer, the HTML preview and the checker's
expectations all come from one place. Header and footer values come from the Document's typed attributes; the
per-type parts (service.compose.type_parts) read its frozen JSON (`Document.data`).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from service.compose.body import upper
from service.compose.dates import place_date_line
from service.compose.measure import rule_indents
from service.compose.numbers import number_line
from service.compose.type_parts import (appendix_parts, attached_part, copy_label, document_blocks, kem_theo_line,
                                        party_signatures)
from service.document import Address, Document, Drafter, Signer
from service.rules import layout
from service.rules import nd30


def _clean_recipient(text: str) -> str:
    text = text.strip()
    if text.startswith("-"):
        text = text[1:].strip()
    return text.rstrip(";.").strip()


def noi_nhan_lines(noi_nhan: Iterable[str], luu: Iterable[str], *, addressed: bool = False,
                   drafter: Drafter | None = None) -> list[str]:
    """`- X;` per recipient, `- Như trên;` first when there are addressees, then `- Lưu: VT, VP.` (App.I §5)."""
    names = [_clean_recipient(r) for r in noi_nhan]
    if addressed and nd30.NHU_TREN not in names:
        names.insert(0, nd30.NHU_TREN)
    lines = [f"- {n};" for n in names if n]
    units = [u.strip() for u in luu if u.strip()]
    if nd30.ARCHIVE_REGISTRY not in units:
        units.insert(0, nd30.ARCHIVE_REGISTRY)
    archive = f"- {nd30.ARCHIVE_PREFIX} {', '.join(units)}"
    lines.append(archive + ".")
    if drafter is not None and (drafter.symbol or drafter.copies):
        lines.append(f"{drafter.symbol or ''}({drafter.copies})" if drafter.copies else drafter.symbol or "")
    return lines


def kinh_gui_lines(kinh_gui: Iterable[str]) -> list[str]:
    """One addressee on the heading's line; several one per line with `- `, `;` and a final `.` (App.I §5)."""
    names = [_clean_recipient(k) for k in kinh_gui]
    if len(names) <= 1:
        return [f"{n}." for n in names]
    return [f"- {n};" for n in names[:-1]] + [f"- {names[-1]}."]


def signer_lines(signer: Signer) -> dict:
    """The collective's line (`TM. ỦY BAN NHÂN DÂN`, only when a deputy signs for a collective's head), authority
    line (`KT. GIÁM ĐỐC`), own position (`PHÓ GIÁM ĐỐC`) and name (App.I §4)."""
    position = upper(signer.position.strip())
    head = upper((signer.head_title or "").strip())
    on_behalf = upper((signer.on_behalf or "").strip())
    collective = f"{nd30.COLLECTIVE_AUTHORITY} {on_behalf}" if on_behalf else ""
    if signer.authority:
        return {"collective": collective, "authority": f"{signer.authority} {head or position}",
                "position": position if head else "", "name": signer.name.strip()}
    return {"collective": collective, "authority": position, "position": "", "name": signer.name.strip()}


def address_line(address: Address | None) -> str:
    if address is None:
        return ""
    parts = [address.street]
    for value, word in ((address.phone, "ĐT"), (address.fax, "Fax"), (address.email, "E-mail"),
                        (address.website, "Website")):
        if value:
            parts.append(f"{word}: {value}")
    return "; ".join(p for p in parts if p)


def _signatures(document: Document) -> tuple[dict | None, dict]:
    """(left, right) signature blocks: two for minutes and contracts (sample 1.9; parties), else right only."""
    parties = document.data.get("parties")
    if parties:
        return party_signatures(parties, document.type.signature_titles or ("", ""))
    assert document.signer is not None  # every type without parties requires its signer
    right = signer_lines(document.signer)
    if document.signer_left is not None:
        return signer_lines(document.signer_left), right
    return None, right


def section_geometry(landscape: bool) -> dict:
    """Page size of a section: A4 portrait, or landscape for wide tables and appendices (App.I §1)."""
    w, h = (layout.PAGE_H, layout.PAGE_W) if landscape else (layout.PAGE_W, layout.PAGE_H)
    return {"w": w, "h": h, "orient": "landscape" if landscape else "portrait",
            "text_w": w - layout.MARGIN["left"] - layout.MARGIN["right"]}


def copy_part(document: Document) -> dict | None:
    """The copy's own block after the document (samples 3.1, 3.2): agency, `SAO Y`, number, date, signer."""
    copy = document.copy
    if copy is None:
        return None
    label, _ = copy_label(copy.kind)
    name = upper(copy.issuer.name.strip())
    col_left = layout.FOOTER_LEFT_W - 2 * layout.CELL_MARGIN  # the copy's block uses the signature table's columns
    return {
        "label": label,
        "parent": upper((copy.issuer.parent or "").strip()),
        "issuer": name,
        "issuer_rule": rule_indents(name, nd30.ELEMENTS["issuer"].chosen, True, col_left, nd30.SHORT_LINE_CHOSEN),
        "number_line": number_line(copy.number, copy.symbol),
        "place_date": place_date_line(copy.place, copy.date),
        "noi_nhan": noi_nhan_lines(copy.noi_nhan, copy.luu),
        "signer": signer_lines(copy.signer),
    }


def build_context(document: Document | Mapping[str, Any]) -> dict:
    """The whole render context of a Document. A mapping is read as a Document without validation
    (Document.from_valid): the importer's draft, completed with empty values, renders that way."""
    if not isinstance(document, Document):
        document = Document.from_valid(document)
    data = document.data
    doc_type = document.type
    issuer = document.issuer
    date = document.date
    symbol = document.symbol
    issuer_name = upper(issuer.name.strip())
    summary = document.summary
    issuer_size = nd30.ELEMENTS["issuer"].chosen
    summary_style = nd30.ELEMENTS["summary"]
    motto = nd30.ELEMENTS["motto"]
    col_left = layout.HEADER_LEFT_W - 2 * layout.CELL_MARGIN
    col_right = layout.HEADER_RIGHT_W - 2 * layout.CELL_MARGIN
    issuer_text = (issuer.name_text or "").strip()
    authority_text = ((data.get("authority") or {}).get("text") or "").strip()
    blocks = document_blocks(data, doc_type, layout.TEXT_W, issuer_text)
    kinh_gui = kinh_gui_lines(document.kinh_gui) if doc_type.addressing == "kinh_gui" else []
    number = document.number
    kem_theo = kem_theo_line(doc_type.name, number, symbol, date, authority_text or issuer_text)
    appendices = appendix_parts(data.get("appendices") or [], kem_theo,
                                {False: section_geometry(False)["text_w"], True: section_geometry(True)["text_w"]})
    attached = attached_part(data, doc_type, kem_theo, layout.TEXT_W)
    if attached:
        attached["summary_rule"] = rule_indents(attached["summary"], summary_style.chosen, True, layout.TEXT_W,
                                                nd30.SHORT_LINE_CHOSEN)
    signature_left, signer = _signatures(document)
    address = address_line(document.address)
    d = {
        "type_id": doc_type.id,
        "parent": upper((issuer.parent or "").strip()),
        "issuer": issuer_name,
        "issuer_rule": rule_indents(issuer_name, issuer_size, True, col_left, nd30.SHORT_LINE_CHOSEN),
        "national_name": nd30.NATIONAL_NAME,
        "motto": nd30.MOTTO,
        "motto_rule": rule_indents(nd30.MOTTO, motto.chosen, True, col_right, 1.0),
        "number_line": number_line(number, symbol),
        "symbol": symbol,
        "number": number,
        "place_date": place_date_line(document.place, date),
        "type_name": upper(doc_type.name) if doc_type.type_line else "",
        "summary": summary if doc_type.type_line else "",
        "summary_rule": rule_indents(summary or upper(doc_type.name), summary_style.chosen, True, layout.TEXT_W,
                                     nd30.SHORT_LINE_CHOSEN),
        "cv_summary": "" if doc_type.type_line else summary,
        "kinh_gui_first": kinh_gui[0] if len(kinh_gui) == 1 else "",
        "kinh_gui_list": kinh_gui if len(kinh_gui) > 1 else [],
        "blocks": blocks,
        "noi_nhan": noi_nhan_lines(document.noi_nhan, document.luu, addressed=bool(document.kinh_gui),
                                   drafter=document.drafter),
        "signer": signer,
        "signature_left": signature_left,
        "attached": attached,
        "appendices": appendices,
        "copy_part": copy_part(document),  # not "copy": Jinja would find dict.copy
        "last_section": {**section_geometry(bool(appendices) and appendices[-1]["landscape"]),
                         "appendix": bool(appendices)},
        "urgency": document.urgency or "",
        "secrecy": document.secrecy or "",
        "circulation": document.circulation or "",
        "address": address,
        # The document's last page-1 footer carries the address only when the last section is the main text.
        "address_final": "" if appendices else address,
    }
    meta = {
        "title": summary or doc_type.name,
        "author": issuer.name.strip(),
        "subject": d["number_line"].replace(nd30.DRAFT_BLANK, " ").replace("  ", " "),
    }
    return {"d": d, "meta": meta}
