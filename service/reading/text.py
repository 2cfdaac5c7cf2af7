"""Text normalisation for matching Vietnamese document elements by content, whatever the source program did.

Word and hand typing differ in Unicode form (NFC/NFD), spaces (NBSP, tabs), dashes and old-style tone
placement (HOÀ/HÒA); matching is done on a normal form, while the checks look at the text as printed.
"""
from __future__ import annotations

import re
import unicodedata

from service.reading.reader import Line

_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u200b]+")
_OLD_TONES = {"OÀ": "ÒA", "OÁ": "ÓA", "OẢ": "ỎA", "OÃ": "ÕA", "OẠ": "ỌA", "UỶ": "ỦY", "UÝ": "ÚY", "UỲ": "ÙY",
              "UỸ": "ŨY", "UỴ": "ỤY", "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "uỷ": "ủy",
              "uý": "úy", "uỳ": "ùy", "uỹ": "ũy", "uỵ": "ụy"}
_OLD_TONES_RE = re.compile("|".join(_OLD_TONES))
_NEW_TONES = {new: old for old, new in _OLD_TONES.items()}
_NEW_TONES_RE = re.compile("|".join(_NEW_TONES))


_ODD_BLANKS = re.compile(r"[^\S ]|  |[\u00a0\u2007\u202f\u200b]")


def norm(text: str) -> str:
    """NFC, one plain space for any run of blanks, trimmed."""
    text = text or ""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _ODD_BLANKS.search(text):
        text = _SPACES.sub(" ", text)
    return text.strip()


def key(text: str) -> str:
    """Matching key: normal form, new-style tone placement, upper case, unified dashes."""
    text = _OLD_TONES_RE.sub(lambda m: _OLD_TONES[m.group(0)], norm(text))
    return re.sub(r"\s*[-–—]\s*", " - ", text.upper())


def printed(line: Line) -> str:
    """The line as the reader sees it: runs formatted with all caps / small caps are shown upper case."""
    parts = [r.text.upper() if (r.fmt.caps or r.fmt.small_caps) else r.text for r in line.runs]
    own = "".join(parts)
    return norm(f"{line.label} {own}" if line.label else own)


def loose_words(text: str) -> str:
    """A regex source for the words of `text` (a decree heading such as "Kính gửi") however they are spaced: typed
    by hand the gap may be missing, doubled or a tab; the trailing colon is left to the caller."""
    return r"\s*".join(re.escape(word) for word in text.rstrip(":").split())


def has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def is_upper(text: str) -> bool:
    """All letters upper case (Vietnamese included); at least one letter."""
    return has_letters(text) and text == text.upper()


def strip_diacritics(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


def typed_line(text: str) -> str:
    """A regex source for a fixed line of the decree (the national name, the motto) as agencies type it: words apart
    by any white space, " - " also an en dash with or without spaces, a word also with its old tone placement (HOÀ
    for HÒA)."""
    def word(w: str) -> str:
        old = _NEW_TONES_RE.sub(lambda m: _NEW_TONES[m.group(0)], w)
        return re.escape(w) if old == w else f"(?:{re.escape(w)}|{re.escape(old)})"

    return r"\s*[-–]\s*".join(r"\s+".join(word(w) for w in part.split()) for part in text.split(" - "))
