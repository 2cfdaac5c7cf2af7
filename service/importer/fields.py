"""The document's fields from the located elements: issuer, number and symbol, place and date, type, summary,
addressees, recipients and archive line, signer, marks."""
from __future__ import annotations

import re

from service.reading import (ARCHIVE_WORD, AUTHORITY_LETTERS, BLANK_RE, DATE_RE, DRAFTER_RE, KINH_GUI_RE,
                             NOI_NHAN_WORDS, SIGNED_MARK_RE, Elements, Line, is_upper, key, norm)
from service.rules import nd30
from service.rules.agencies import SIGNER_POSITIONS, split_position

# Every archive line agencies print: `- Lưu: VT, TH (2b), NV.05`, `- Lưu (VT)`, `Lưu VT`, `- Lưu: VT.`
ARCHIVE_RE = re.compile(rf"^[-+–]?\s*{ARCHIVE_WORD}\b\s*"
                        r"(?::\s*(?P<units>.*?)|\((?P<paren>[^)]*)\)|\s+(?P<bare>.*?))?\s*\.?$",
                        re.IGNORECASE)
AUTHORITY_TOKEN_RE = re.compile(r"^(" + "|".join(AUTHORITY_LETTERS) + r")\.?\s+(?=\S)", re.IGNORECASE)
# A web page that drops the line break between the position and the name: `CHÁNH VĂN PHÒNGThái Hữu Phép`.
GLUED_NAME_RE = re.compile(r"^(?P<title>\S+(?:\s+\S+)+?)(?<=[A-ZĐÀ-Ỹ]{2})(?P<name>[A-ZĐÀ-Ỹ][a-zđà-ỹ]+(?:\s+\S+)+)$")
KINH_GUI_PREFIX_RE = re.compile(KINH_GUI_RE.pattern + r"\s*", re.IGNORECASE)
NOI_NHAN_PREFIX_RE = re.compile(rf"^{NOI_NHAN_WORDS}\s*:\s*", re.IGNORECASE)


def text_of(line: Line) -> str:
    return norm(line.text)


def place_and_date(el: Elements) -> tuple[str | None, str | None, bool]:
    """(place, ISO date — partial for drafts, whether the line was understood)."""
    if el.place_date is None:
        return None, None, False
    m = DATE_RE.match(text_of(el.place_date).rstrip("."))  # `… năm 2012.`: a full stop typed after the year
    if not m:
        return None, None, False
    place = m.group("place").strip()
    d, mo, y = m.group("d"), m.group("m"), m.group("y")
    if not re.fullmatch(r"\d{4}", y):
        return place, None, True
    if BLANK_RE.match(mo) or not (mo.isascii() and mo.isdigit()):
        return place, y, True
    if BLANK_RE.match(d) or not (d.isascii() and d.isdigit()):
        return place, f"{y}-{int(mo):02d}", True
    return place, f"{y}-{int(mo):02d}-{int(d):02d}", True


def summary(el: Elements) -> str | None:
    if el.summary:
        return " ".join(text_of(ln) for ln in el.summary)
    if el.cv_summary:
        return " ".join(text_of(ln) for ln in el.cv_summary)
    return None


def _clean(text: str) -> str:
    text = text.strip()
    if text[:1] in "-+–":
        text = text[1:].strip()
    return text.rstrip(";.").strip()


def kinh_gui(el: Elements) -> list[str]:
    out = []
    for i, line in enumerate(el.kinh_gui):
        text = text_of(line)
        if i == 0:
            text = KINH_GUI_PREFIX_RE.sub("", text)
        if text:
            out.append(_clean(text))
    return [t for t in out if t]


def archive_units(text: str) -> list[str] | None:
    """The units of a Lưu line, or None when the line is not one."""
    m = ARCHIVE_RE.match(text)
    if not m:
        return None
    units = m.group("units") or m.group("paren") or m.group("bare") or ""
    return [u.strip().rstrip(".") for u in re.split(r"[,;]", units) if u.strip().rstrip(".")]


def recipients(el: Elements) -> tuple[list[str], list[str], dict | None, list[Line]]:
    """(recipients, archive units, drafter, lines not understood). An item wrapped over lines without a dash is
    joined to the item above."""
    names, units, drafter, unplaced = [], [], None, []
    open_item = False
    dashed = [text_of(ln) for ln in el.recipients if text_of(ln).startswith(("-", "+", "–"))]
    # Most agencies end each item with ";": then a dash line after an unfinished item is the item's own
    # "… QPPL - Bộ Tư pháp" cut at the hyphen, not a new recipient.
    semicolons = len(dashed) >= 3 and sum(t.endswith((";", ".")) for t in dashed) * 2 >= len(dashed)
    archive_open = False
    for line, text in _recipient_texts(el):
        archive = archive_units(text)
        if archive is not None:
            units, open_item = archive, False
            archive_open = not text.endswith(".")
        elif archive_open and units and not DRAFTER_RE.match(text) and not text.startswith(("-", "+", "–")):
            more = [u.strip().rstrip(".") for u in text.split(",") if u.strip().rstrip(".")]  # the line wrapped
            if more:
                units[-1] = f"{units[-1]} {more[0]}"
                units.extend(more[1:])
            archive_open = not text.endswith(".")
        elif units and DRAFTER_RE.match(text):
            m = re.match(r"^(?P<sym>.*?)\s*\((?P<copies>\d+)\)\.?$", text)
            drafter = {"symbol": m.group("sym"), "copies": int(m.group("copies"))} if m else {"symbol": text}
        elif text.startswith(("-", "+", "–")) and open_item and semicolons and names:
            names[-1] = f"{names[-1]} {text}"
            open_item = not text.rstrip().endswith((";", "."))
        elif text.startswith(("-", "+", "–")):
            names.append(text)
            open_item = not text.rstrip().endswith((";", "."))
        elif names and (open_item or not is_upper(text)):  # the item above went on over the line break,
            names[-1] = f"{names[-1]} {text}"                 # even after its ";" (`- VPCP: BTCN;` / `Vụ TH; …`)
            open_item = not text.rstrip().endswith((";", "."))
        else:
            unplaced.append(line)
    return [n for n in (_clean(n) for n in names) if n], units, drafter, unplaced


def _recipient_texts(el: Elements) -> list[tuple[Line, str]]:
    """Each recipient line with its text; a list run into the Nơi nhận line itself gives one item per `; -`."""
    if el.noi_nhan is not None:
        inline = NOI_NHAN_PREFIX_RE.sub("", text_of(el.noi_nhan))
        if inline != text_of(el.noi_nhan) and inline:  # the run-on list may itself wrap over the next lines
            run_on = " ".join([inline, *(text_of(ln) for ln in el.recipients)])
            return [(el.noi_nhan, t.strip()) for t in re.split(r"(?<=;)\s*(?=[-–+])", run_on) if t.strip()]
    return [(ln, text_of(ln)) for ln in el.recipients]


def signer(el: Elements) -> tuple[dict, list[Line]]:
    """Authority and head title (`KT. GIÁM ĐỐC`, also `KT GIÁM ĐỐC`), own position (one or two lines), name (the
    last line that is not a title); `(Đã ký)`, `(đã ký và đóng dấu)`, `[daky]` are skipped; extra lines unplaced."""
    lines = [ln for ln in el.signer if text_of(ln)]
    marks = [ln for ln in lines if SIGNED_MARK_RE.match(text_of(ln))]
    lines = [ln for ln in lines if ln not in marks]
    if not lines:
        return {}, marks
    glued = {id(ln): m for ln in lines if (m := GLUED_NAME_RE.match(text_of(ln))) and is_upper(m.group("title"))}
    titles = [ln for ln in lines if is_upper(text_of(ln)) or id(ln) in glued]
    names = [ln for ln in lines if not is_upper(text_of(ln))]
    name = names[-1] if names else None
    out: dict = {"authority": None}
    texts = [glued[id(ln)].group("title") if id(ln) in glued else text_of(ln) for ln in titles]
    wrapped = any(len(t.split()) == 1 for t in texts[1:])
    if wrapped:  # a title wrapped in a narrow column: `… CHỦ` / `TỊCH`
        joined: list[str] = []
        for t in texts:
            if joined and len(t.split()) == 1 and not AUTHORITY_TOKEN_RE.match(t + " x"):
                joined[-1] = f"{joined[-1]} {t}"
            else:
                joined.append(t)
        texts = joined
    on_behalf = _on_behalf(texts)
    if on_behalf:  # `TM. ỦY BAN NHÂN DÂN` / `KT. CHỦ TỊCH` / `PHÓ CHỦ TỊCH`: the signer's block under the TM. line
        out, extra = _signer_from_titles(texts[1:], name, lines, titles, marks)
        out["on_behalf"] = on_behalf
        return out, extra
    if wrapped:
        return _signer_from_titles(texts, name, lines, titles, marks)
    rest_titles = list(titles)
    title_text = dict(zip((id(ln) for ln in titles), texts))
    if rest_titles:
        first = title_text[id(rest_titles.pop(0))]
        m = AUTHORITY_TOKEN_RE.match(first)
        if m:
            out["authority"] = m.group(1).upper() + "."
            remainder = first[m.end():].strip()
            more = [title_text[id(ln)] for ln in rest_titles]
            if len(more) >= 2 and key(more[-1]) in SIGNER_POSITIONS \
                    and not any(AUTHORITY_TOKEN_RE.match(t) for t in more):
                # `TL. CHỦ TỊCH ỦY` / `BAN NHÂN DÂN TỈNH` / `CHÁNH VĂN PHÒNG`: the head's title wrapped, the
                # last line is the own position
                out["head_title"] = " ".join([remainder, *more[:-1]])
                out["position"] = more[-1]
                rest_titles = []
            elif rest_titles:
                out["head_title"] = remainder
                out["position"] = " ".join(more)
                rest_titles = []
            elif split_position(remainder):  # `TM. ỦY BAN NHÂN DÂN CHỦ TỊCH` printed on one line
                out["head_title"], out["position"] = split_position(remainder)
            else:
                out["position"] = remainder
        else:
            out["position"] = " ".join([first] + [title_text[id(ln)] for ln in rest_titles])
            rest_titles = []
    if name is not None:
        out["name"] = glued[id(name)].group("name") if id(name) in glued else text_of(name)
    elif titles and id(titles[-1]) in glued:
        out["name"] = glued[id(titles[-1])].group("name")
    used = {id(ln) for ln in titles[: len(titles) - len(rest_titles)]} | ({id(name)} if name is not None else set())
    return out, [ln for ln in lines if id(ln) not in used] + marks


def _on_behalf(texts: list[str]) -> str | None:
    """The collective's name when a TM. line is followed by the signer's own KT./Q. line (App.I §4 ô 7a)."""
    if len(texts) < 2:
        return None
    first, second = AUTHORITY_TOKEN_RE.match(texts[0]), AUTHORITY_TOKEN_RE.match(texts[1])
    if first is None or second is None or f"{first.group(1).upper()}." != nd30.COLLECTIVE_AUTHORITY \
            or f"{second.group(1).upper()}." not in nd30.ON_BEHALF_AUTHORITIES:
        return None
    return texts[0][first.end():].strip() or None


def _signer_from_titles(texts: list[str], name, lines, titles, marks) -> tuple[dict, list[Line]]:
    out: dict = {"authority": None}
    first = texts[0]
    m = AUTHORITY_TOKEN_RE.match(first)
    if m:
        out["authority"] = m.group(1).upper() + "."
        remainder = first[m.end():].strip()
        if len(texts) > 1:
            out["head_title"], out["position"] = remainder, " ".join(texts[1:])
        elif split_position(remainder):
            out["head_title"], out["position"] = split_position(remainder)
        else:
            out["position"] = remainder
    else:
        out["position"] = " ".join(texts)
    if name is not None:
        out["name"] = text_of(name)
    used = {id(ln) for ln in titles} | ({id(name)} if name is not None else set())
    return out, [ln for ln in lines if id(ln) not in used] + marks


def marks(el: Elements) -> dict:
    out = {}
    for line in el.marks:
        k = key(text_of(line))
        for field, values in (("urgency", nd30.URGENCY), ("secrecy", nd30.SECRECY),
                              ("circulation", nd30.CIRCULATION)):
            match = next((v for v in values if key(v) == k), None)
            if match and field not in out:
                out[field] = match
    return out
