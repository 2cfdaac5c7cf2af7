"""Read rendered .docx packages the way a reviewer would: the XML parts, text in order, effective formatting."""
from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def q(tag: str) -> str:
    prefix, local = tag.split(":")
    return f"{{{W}}}{local}"


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read(name))


def part_names(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.namelist()


def paragraph_text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(q("w:t")))


def body_paragraphs(data: bytes) -> list[etree._Element]:
    """Every paragraph of the body in reading order, table cells included."""
    return list(part(data, "word/document.xml").find(q("w:body")).iter(q("w:p")))


def texts(data: bytes) -> list[str]:
    return [paragraph_text(p) for p in body_paragraphs(data)]


def full_text(data: bytes) -> str:
    return "\n".join(texts(data))


def xml_texts(data: bytes) -> list[str]:
    """Each paragraph's text as document.xml spells it (entities such as &amp; stay escaped), found by regex —
    so a stamped number or date is checked in the raw part, not through a parser."""
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    return ["".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p))
            for p in re.findall(r"<w:p[ >].*?</w:p>", xml, re.S)]


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


class Styles:
    """Effective paragraph formatting through the style chain and docDefaults (our templates set no run
    formatting; a paragraph's look is its style's)."""

    def __init__(self, data: bytes):
        root = part(data, "word/styles.xml")
        self.by_id = {s.get(q("w:styleId")): s for s in root.iter(q("w:style"))}
        self.defaults = root.find(q("w:docDefaults"))
        self.default_para = next((s.get(q("w:styleId")) for s in root.iter(q("w:style"))
                                  if s.get(q("w:type")) == "paragraph" and s.get(q("w:default")) == "1"), None)

    def _chain(self, style_id):
        seen = []
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.append(style_id)
            based = self.by_id[style_id].find(q("w:basedOn"))
            style_id = based.get(q("w:val")) if based is not None else None
        return [self.by_id[s] for s in seen]

    def _lookup(self, p, path: str):
        """First element matching `path` (e.g. 'w:rPr/w:sz') in paragraph-mark props, style chain, defaults."""
        ppr = p.find(q("w:pPr"))
        sid = self.default_para
        if ppr is not None and ppr.find(q("w:pStyle")) is not None:
            sid = ppr.find(q("w:pStyle")).get(q("w:val"))
        for style in self._chain(sid):
            el = style.find(path, NS)
            if el is not None:
                return el
        if self.defaults is not None:
            return self.defaults.find(".//" + path.split("/")[-1], NS) if path.startswith("w:rPr") else \
                self.defaults.find(".//w:pPrDefault//" + path.split("/")[-1], NS)
        return None

    def size(self, p) -> float:
        el = self._lookup(p, "w:rPr/w:sz")
        return int(el.get(q("w:val"))) / 2 if el is not None else 10.0

    def flag(self, p, name: str) -> bool:
        el = self._lookup(p, f"w:rPr/w:{name}")
        return el is not None and el.get(q("w:val"), "true") not in ("0", "false")

    def font(self, p) -> str | None:
        el = self._lookup(p, "w:rPr/w:rFonts")
        return el.get(q("w:ascii")) if el is not None else None

    def alignment(self, p) -> str | None:
        ppr = p.find(q("w:pPr"))
        if ppr is not None and ppr.find(q("w:jc")) is not None:
            return ppr.find(q("w:jc")).get(q("w:val"))
        el = self._lookup(p, "w:pPr/w:jc")
        return el.get(q("w:val")) if el is not None else None

    def ppr_attr(self, p, path: str, attr: str):
        el = self._lookup(p, path)
        return el.get(q(f"w:{attr}")) if el is not None else None


def find_paragraph(data: bytes, predicate) -> etree._Element:
    for p in body_paragraphs(data):
        if predicate(paragraph_text(p)):
            return p
    raise AssertionError("no paragraph matches")
