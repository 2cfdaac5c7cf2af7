"""The real-document corpus (tests/corpus/): labels, the source's logical lines and regions, a .docx typed the way
clerks type one (header in a borderless two-column table, recipients and signature in a table), and the comparison
of an imported model's header with the hand labels."""
from __future__ import annotations

import io
import json
import re
import unicodedata
from pathlib import Path

from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from service.document.symbols import symbol_for
from service.reading import is_national_name
from service.rules import nd30

CORPUS = Path(__file__).resolve().parent / "corpus"
NAMES = sorted(p.stem for p in CORPUS.glob("*.txt"))
LABEL_RE = re.compile(r"^((Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC)\s+([IVXLCDM\d]+|(thứ|THỨ)\s+\w+)\.?|Điều\s+\d+\.|[IVXLCDM]+[./]|\d+(\.\d+)*\.|[a-zđ]\)|[-+–•])\s*")
NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TYPE_LINES = ("KẾ HOẠCH", "QUYẾT ĐỊNH", "NGHỊ QUYẾT", "CHỈ THỊ", "QUY CHẾ", "BÁO CÁO", "TỜ TRÌNH", "THÔNG BÁO",
              "GIẤY MỜI", "HƯỚNG DẪN")
OLD_TITLE_RE = re.compile(r"^(%s) CỦA \S" % "|".join(TYPE_LINES))  # `QUYẾT ĐỊNH CỦA HỘI ĐỒNG QUẢN TRỊ` (before 2004)


def label(name: str) -> dict:
    return json.loads((CORPUS / f"{name}.json").read_text(encoding="utf-8"))


def source(name: str) -> str:
    return (CORPUS / f"{name}.txt").read_text(encoding="utf-8")


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def logical_lines(name: str) -> list[str]:
    """The source's lines as a reader takes them: web-copied wraps and header cells joined, columns apart."""
    from service.importer.source import split_columns
    from service.importer.unwrap import logical_lines as typed_lines

    raw = typed_lines(source(name).splitlines())
    out = []
    for line in raw:
        out.extend(norm(c) for c in split_columns(line))
    return [ln for ln in out if ln and not re.fullmatch(r"[-_*=–—\s]+", ln)]


def regions(name: str) -> dict[str, list[str]]:
    """header (before the type name), type line, body, recipients (Nơi nhận … Lưu) and signature lines."""
    lines = logical_lines(name)
    t = next((i for i, ln in enumerate(lines)
              if ln.upper() == ln and (norm(ln) in TYPE_LINES or OLD_TITLE_RE.match(ln))), None)
    if t is None:  # `BÁO CÁO TÌNH HÌNH VÀ KẾT QUẢ`: the summary run on after the type name, before any Kính gửi
        t = next((i for i, ln in enumerate(lines) if re.match(r"^Kính\s*gửi", ln) or ln.upper() == ln
                  and ln.startswith(tuple(f"{name} " for name in TYPE_LINES))), None)
        t = None if t is None or re.match(r"^Kính\s*gửi", lines[t]) else t
    if t is None:  # a công văn prints no type name: its header ends at Kính gửi
        t = next(i for i, ln in enumerate(lines) if re.match(r"^Kính\s*gửi", ln))
        rest, type_line = lines[t:], []
    else:
        tail = 0  # the old form's issuer wrapped under `QUYẾT ĐỊNH CỦA …`: part of the title line
        while OLD_TITLE_RE.match(lines[t]) and lines[t + 1 + tail].upper() == lines[t + 1 + tail] \
                and not lines[t + 1 + tail].startswith(("(", "VỀ ")) and tail < 2:
            tail += 1
        rest, type_line = lines[t + 1 + tail:], lines[t:t + 1 + tail]
    noi = next((i for i, ln in enumerate(rest) if ln.rstrip(":").strip().lower() == "nơi nhận"
                or re.match(r"^Nơi nhận\s*:\s*-", ln)), None)
    signer: list[str] = []
    recipients: list[str] = []
    body = rest
    if noi is not None:
        luu = next(i for i in range(noi, len(rest)) if rest[i].lstrip("-– ").startswith("Lưu") or "- Lưu" in rest[i])
        recipients = rest[noi:luu + 1]
        after = rest[luu + 1:]
        before = []
        k = noi
        while k > 0 and len(rest[k - 1]) < 40 and rest[k - 1] == rest[k - 1].upper():
            k -= 1
            before.insert(0, rest[k])
        signer = before + after
        body = rest[:k]
    return {"header": lines[:t], "type": type_line, "body": body, "recipients": recipients, "signer": signer}


def clerk_docx(name: str) -> bytes:
    """The document typed as clerks type it: header in a borderless 2-column table, centred type name and summary,
    justified body with a first-line indent, recipients and signature side by side in a table."""
    r = regions(name)
    doc = new_docx()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(14)
    right_keys = (NATIONAL, "ĐỘC LẬP")
    left, right = [], []
    for line in r["header"]:
        upper = line.upper().replace("HOÀ", "HÒA")  # old-style tone placement
        if upper.startswith(right_keys) or is_national_name(line) or re.match(r"^[^,]{2,60}, ngày", line, re.IGNORECASE) or \
                upper in ("ĐOÀN TNCS HỒ CHÍ MINH", "ĐẢNG CỘNG SẢN VIỆT NAM"):
            right.append(line)
        else:
            left.append(line)
    _two_cells(doc, left, right, bold_left=True)
    centred = r["type"] + _summary_and_authority(r["body"]) if r["type"] else []  # a công văn: none
    for line in centred:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(line).bold = True
    for line in r["body"][len(centred) - len(r["type"]):]:
        p = doc.add_paragraph(line)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.first_line_indent = Cm(1)
    if r["recipients"] or r["signer"]:
        _two_cells(doc, r["recipients"], r["signer"], bold_left=False)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _summary_and_authority(body: list[str]) -> list[str]:
    """The centred lines under the type name: the summary and (decisions) the upper-case authority lines, up to
    the first body paragraph."""
    out = []
    for line in body:
        if re.match(r"^(Căn cứ|Thực hiện|Theo|Xét|Sau khi|Trên cơ sở|QUYẾT ĐỊNH:|QUYẾT NGHỊ:|I\.|1\.|Điều|Chương|Phần"
                    r"|Kính\s*g[ửở]i)",
                    line) or len(out) >= 4:
            break
        if out and len(line) > 250:
            break
        out.append(line)
    return out


def _two_cells(doc, left: list[str], right: list[str], bold_left: bool) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    for column, width in zip(table.columns, (Cm(6.5), Cm(9.5))):
        column.width = width
        for cell in column.cells:
            cell.width = width
    for cell, lines in zip(table.rows[0].cells, (left, right)):
        cell.paragraphs[0].text = ""
        for i, line in enumerate(lines):
            p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER if bold_left or lines is right else WD_ALIGN_PARAGRAPH.LEFT
            run = p.add_run(line)
            run.bold = bold_left and line.upper() == line


def effective_symbol(doc: dict) -> str | None:
    if doc.get("symbol"):
        return doc["symbol"]
    try:
        return symbol_for(doc)
    except (KeyError, TypeError):
        return None


def header_mismatches(doc: dict, want: dict) -> list[str]:
    """Each labelled field the imported model gets wrong, as "field: got … want …"."""
    issuer = doc.get("issuer") or {}
    got = {
        "type": doc.get("type"), "number": doc.get("number"), "symbol": effective_symbol(doc),
        "place": doc.get("place"), "date": doc.get("date"), "summary": doc.get("summary"),
        "issuer.name": issuer.get("name"), "issuer.parent": issuer.get("parent"),
        "kinh_gui": doc.get("kinh_gui"), "noi_nhan": doc.get("noi_nhan"), "luu": doc.get("luu"),
    }
    expected = {
        "type": want["type"], "number": want["number"], "symbol": want["symbol"], "place": want["place"],
        "date": want["date"], "summary": want["summary"], "issuer.name": want["issuer"]["name"],
        "issuer.parent": want["issuer"]["parent"], "kinh_gui": want["kinh_gui"], "noi_nhan": want["noi_nhan"],
        "luu": want["luu"],
    }
    signer = doc.get("signer") or {}
    if want["signer"] is None:
        got["signer"], expected["signer"] = signer or None, None
    else:
        for key in ("authority", "head_title", "position", "name"):
            got[f"signer.{key}"], expected[f"signer.{key}"] = signer.get(key), want["signer"].get(key)
    if "authority" in want:
        authority = doc.get("authority") or {}
        got["authority"] = " ".join(x for x in (authority.get("name"), authority.get("session")) if x)
        expected["authority"] = want["authority"]
    if "can_cu" in want:
        got["can_cu"] = len(doc.get("can_cu") or []) if "can_cu" in doc or doc.get("type") != "quy_che" else \
            len([p for p in doc.get("opening", []) if p.startswith("Căn cứ")])
        expected["can_cu"] = want["can_cu"]
    if "de_nghi" in want:
        got["de_nghi"], expected["de_nghi"] = doc.get("de_nghi"), want["de_nghi"]
    if "articles" in want:
        body = doc.get("body") or {}
        arts = body.get("articles") or [a for ch in body.get("chapters", []) for a in ch.get("articles", [])]
        got["articles"], expected["articles"] = len(arts), want["articles"]
    return [f"{k}: got {got[k]!r} want {expected[k]!r}" for k in expected if got[k] != expected[k]]


def missing_by_source(want: dict) -> set[str]:
    """The warnings a faithful import may give: elements the source itself lacks."""
    out = set()
    if want["signer"] is None:
        out.add("signer")
    elif want["signer"].get("name") is None:
        out.add("signer.name")
    if want["kinh_gui"] is None:
        out.add("kinh_gui")
    symbol_type = (want["symbol"] or "").split("/")[-1].split("-")[0]
    if want["type"] != "cong_van" and want["symbol"] and "/" not in want["symbol"] \
            and symbol_type != nd30.TYPE_ABBREVIATIONS.get(want["type"], ("", ""))[1]:
        out.add("issuer.abbr")  # a symbol that departs from the decree's form: the issuer's abbreviation is unread
    if want["symbol"] and ("/" in re.sub(r"^\d{4}/", "", want["symbol"])
                           or re.search(r"[&. ]", want["symbol"].split("/")[-1])):
        out.add("symbol")
    return out


def rendered_text(docx: bytes) -> str:
    from docx_helpers import texts

    return norm(" ".join(texts(docx))).casefold()


def body_line_missing(name: str, rendered: str) -> list[str]:
    """Source lines of the body (labels and closing punctuation aside) that the rendered document does not
    print: every sentence of the source must come out."""
    missing = []
    luu = label(name)["luu"]
    for line in regions(name)["body"] + regions(name)["recipients"]:
        if luu and re.match(r"^[-–]?\s*Lưu\b", line):  # every Lưu form is printed the decree's way
            at = rendered.find("lưu: ")
            if at < 0 or not all(u.casefold() in rendered[at:at + 200] for u in luu):
                missing.append(line)
            continue
        text = LABEL_RE.sub("", line).strip().rstrip(".;:,").strip()
        text = re.sub(r"^Kính\s*gởi", "Kính gửi", text)  # printed in the decree's wording
        if not text or text.lower().startswith("nơi nhận"):
            continue
        if norm(text).casefold() not in rendered:
            missing.append(line)
    return missing
