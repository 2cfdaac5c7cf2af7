"""The per-type parts of a document as printed lines and blocks (parts named in service/rules/types.py).

The authority line and căn cứ of decisions (samples 1.1–1.3), the addressees of a công điện (1.6), the fixed
lines of invitations, minutes and leave papers (1.7–1.10), the two parties of a contract, the "(Kèm theo …)" line
of attached documents and appendices (1.3, 2.1, 2.2). Geometry (text widths) is passed in by the caller; `doc` is
a Document's frozen JSON (service.document.model: read-only mappings and tuples).
"""
from __future__ import annotations

import re
import string
from collections.abc import Mapping
from typing import Any

from service.compose.body import block, body_blocks, plan_blocks, table_blocks, upper, with_closing_block
from service.compose.dates import date_phrase
from service.compose.numbering import roman
from service.document.numbers import number_symbol
from service.rules import nd30
from service.rules.types import PARTY_LABELS, PLAN_SCHEME, DocType

_PROPOSAL = re.compile(r"^(theo|xét)\s+đề\s+nghị", re.IGNORECASE)


def _strip_end(text: str) -> str:
    return text.strip().rstrip(";.,").rstrip()


def listed(names: list[str]) -> list[str]:
    """`- X;` for each entry and `- Y.` for the last (App.I §5, the form of a list of addressees)."""
    names = [_strip_end(n).lstrip("-").strip() for n in names if n and n.strip()]
    return [f"- {n}{'.' if i == len(names) - 1 else ';'}" for i, n in enumerate(names)]


def authority_blocks(doc: Mapping[str, Any], doc_type: DocType) -> list[dict]:
    """`HỘI ĐỒNG NHÂN DÂN TỈNH …` (and its session line) bold, centred, under the summary (samples 1.1–1.3, 1.6)."""
    authority = doc.get("authority") or {}
    if not authority.get("name"):
        return []
    lines = [upper(authority["name"].strip())]
    if (authority.get("session") or "").strip():
        lines.append(upper(authority["session"].strip()))
    lines[-1] += doc_type.authority_suffix
    return [block("center", line) for line in lines]


def basis_lines(can_cu: list[str], proposal: str | None = None) -> list[str]:
    """Căn cứ lines one per line, each ending `;`, the last `.` (App.I §3); "Theo đề nghị của …" comes last."""
    lines = [_strip_end(c) for c in can_cu if c and c.strip()]
    if proposal and proposal.strip():
        text = _strip_end(proposal)
        lines.append(text if _PROPOSAL.match(text) else f"Theo đề nghị của {text}")
    return [f"{line}{'.' if i == len(lines) - 1 else ';'}" for i, line in enumerate(lines)]


class _Values(dict):
    """Format values: a missing key prints nothing instead of failing."""

    def __missing__(self, key: str) -> str:
        return ""


def detail_blocks(doc: Mapping[str, Any], doc_type: DocType, issuer_text: str, after: bool) -> list[dict]:
    """The fixed lines of the sample ("Thời gian: …", "Tới dự: …"), before or after the body."""
    values = _Values({d.key: d.default for d in doc_type.details if d.key and d.default})
    values.update({k: v for k, v in (doc.get("details") or {}).items() if v not in (None, "", [])})
    values["co_quan"] = issuer_text
    out: list[dict] = []
    for detail in doc_type.details:
        if detail.after != after or not detail.line:
            continue
        value = values.get(detail.key) if detail.key else None
        if detail.key and not value:
            continue
        if detail.many:
            out.append(block("body", string.Formatter().vformat(detail.line, (), values)))
            out.extend(block("body", line) for line in listed(list(value)))
            continue
        line = string.Formatter().vformat(detail.line, (), _Values({**values, "value": value or ""}))
        out.append(block("body", re.sub(r"\s{2,}", " ", line).strip()))
    return out


def party_blocks(parties: list[dict]) -> list[dict]:
    """`BÊN A (BÊN GIAO KHOÁN): …` in bold, then the representative and the party's particulars."""
    out: list[dict] = []
    for lab, party in zip(PARTY_LABELS, parties):
        role = (party.get("role") or "").strip()
        head = f"{upper(lab)} ({upper(role)})" if role else upper(lab)
        out.append(block("heading", f"{head}: {party['name'].strip()}"))
        who = " ".join(x for x in (party.get("honorific"), party["representative"].strip()) if x)
        out.append(block("body", f"Đại diện: {who}"))
        out.append(block("body", f"Chức vụ: {party['position'].strip()}"))
        for key, word in (("address", "Địa chỉ"), ("phone", "Điện thoại"), ("tax_code", "Mã số thuế"),
                          ("account", "Tài khoản")):
            if (party.get(key) or "").strip():
                out.append(block("body", f"{word}: {party[key].strip()}"))
    return out


def party_signatures(parties: list[dict], titles: tuple[str, str]) -> tuple[dict, dict]:
    """`ĐẠI DIỆN BÊN A` over the representative's position and name, one column per party."""
    left, right = ({"authority": title, "position": upper(p["position"].strip()), "name": p["representative"].strip()}
                   for title, p in zip(titles, parties))
    return left, right


def kem_theo_line(type_name: str, number: int | None, symbol: str, date, who: str) -> str:
    """`(Kèm theo Kế hoạch số 15/KH-LĐTBXH ngày 05 tháng 02 năm 2024 của …)` (App.I §6 phụ lục; sample 1.3)."""
    tail = f" của {who}" if who else ""
    return f"(Kèm theo {type_name} số {number_symbol(number, symbol)} {date_phrase(date)}{tail})"


def document_blocks(doc: Mapping[str, Any], doc_type: DocType, width: int, issuer_text: str) -> list[dict]:
    """Everything between the summary (or Kính gửi) and the signature, in the order the samples print it."""
    blocks = authority_blocks(doc, doc_type)
    if doc_type.addressing == "dien":
        blocks += [block("body", line) for line in listed(doc.get("kinh_gui") or [])]
    blocks += [block("basis", line) for line in basis_lines(doc.get("can_cu") or [], doc.get("de_nghi"))]
    if doc_type.action_line:
        blocks.append(block("center", doc_type.action_line))
    blocks += detail_blocks(doc, doc_type, issuer_text, after=False)
    blocks += [block("body", p) for p in doc.get("opening") or []]
    blocks += party_blocks(doc.get("parties") or [])
    blocks += [block("body", p) for p in doc.get("agreement") or []]
    body = body_blocks(doc.get("body") or {}, doc_type.scheme, width)
    if body and doc_type.body_intro:
        blocks.append(block("heading", doc_type.body_intro))
    blocks += body
    blocks += [block("body", p) for p in doc.get("closing") or []]
    blocks += detail_blocks(doc, doc_type, issuer_text, after=True)
    return with_closing_block(blocks) if doc_type.closing_mark else blocks


def attached_part(doc: Mapping[str, Any], doc_type: DocType, kem_theo: str, width: int) -> dict | None:
    """The document a decision issues (sample 1.3): name, summary, Kèm theo line, then its chapters/articles."""
    attached = doc.get("attached")
    if not attached:
        return None
    blocks = body_blocks(attached.get("body") or {}, doc_type.scheme, width)
    return {
        "type_name": upper(attached["name"].strip()),
        "summary": attached["summary"].strip(),
        "kem_theo": kem_theo,
        "blocks": with_closing_block(blocks),
    }


def appendix_parts(appendices: list[dict], kem_theo: str, widths: dict[bool, int]) -> list[dict]:
    """`Phụ lục` (or `Phụ lục I`, `II` … when more than one), title upper case, Kèm theo line, content."""
    out = []
    many = len(appendices) > 1
    for n, appendix in enumerate(appendices, 1):
        landscape = bool(appendix.get("landscape"))
        width = widths[landscape]
        blocks = [block("body", p) for p in appendix.get("paragraphs") or []]
        table_blocks(appendix, blocks, width)
        blocks += plan_blocks(appendix.get("body") or {}, PLAN_SCHEME, width)
        out.append({
            "heading": f"Phụ lục {roman(n)}" if many else "Phụ lục",
            "title": upper(appendix["title"].strip()),
            "kem_theo": kem_theo,
            "landscape": landscape,
            "blocks": blocks,
        })
    return out


def copy_label(kind: str) -> tuple[str, str]:
    """`SAO Y` and `SY` from the rules table's `Bản sao y` / `SY` (App.III; samples 3.1, 3.2)."""
    name, abbr = nd30.COPY_ABBREVIATIONS[kind]
    return upper(name.removeprefix("Bản ").strip()), abbr
