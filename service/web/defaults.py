"""Sensible starting values for a new form: archive line `Lưu: VT`, the place guessed from the issuer's locality.

The place (địa danh, App.I §2 ô 4) is the administrative unit where the issuer sits, each syllable capitalised.
Issuer lines such as `UBND TỈNH BẮC GIANG` or `ỦY BAN NHÂN DÂN HUYỆN LỤC NAM` name that unit, so the form can
propose it; the clerk can always overwrite it.
"""
from __future__ import annotations

import re

from service.rules import nd30

_COUNCIL = r"(?:UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|HĐND|HỘI ĐỒNG NHÂN DÂN)"
# Province-level words are unambiguous anywhere in the line ("CÔNG AN TỈNH BẮC GIANG"); lower-level ones only
# after a people's committee/council or at the start, since "XÃ" also ends "THƯƠNG BINH VÀ XÃ HỘI".
_PROVINCE = re.compile(r"(?:^|\s)(TỈNH|THÀNH PHỐ|TP\.)\s*(.+?)\s*$", re.IGNORECASE)
_LOCAL = re.compile(rf"^(?:{_COUNCIL}\s+)?(QUẬN|HUYỆN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN)\s+(.+?)\s*$", re.IGNORECASE)
# A city whose bare name is also a person's name keeps its unit word (the decree's own example).
_KEEP_UNIT = {"HỒ CHÍ MINH": "Thành phố Hồ Chí Minh"}


def _syllables(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split())


def place_from_issuer(name: str | None, parent: str | None) -> str | None:
    """`UBND TỈNH BẮC GIANG` → `Bắc Giang`; the issuer's own line first (most local), then its parent."""
    for line in (name, parent):
        if not line:
            continue
        line = " ".join(line.split())
        m = _LOCAL.search(line) or _PROVINCE.search(line)
        if not m:
            continue
        unit, rest = m.group(1).upper(), m.group(2).strip().rstrip(".").upper()
        if not rest:
            continue
        if rest in _KEEP_UNIT:
            return _KEEP_UNIT[rest]
        if rest.isdigit():  # "QUẬN 1" is written with its unit word
            return f"{_syllables(unit)} {rest}"
        return _syllables(rest)
    return None


def blank_document(type_id: str) -> dict:
    """The values a new form starts with: the type, an empty issuer and signer, and the registry's archive copy."""
    return {"type": type_id, "issuer": {}, "signer": {}, "luu": [nd30.ARCHIVE_REGISTRY]}
