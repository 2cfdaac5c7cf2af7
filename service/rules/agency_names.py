"""When two spellings name the same agency (ND30 Art. 8 §1 and App. I §2 ô 2: the issuer's name is written in
full, upper case; the decree knows one name per agency, whatever keyboard typed it).

Typed names differ in ways that carry no meaning: the dash between two words (hyphen-minus "-", en dash "–",
em dash "—", minus "−", non-breaking hyphen "‑"), spaces (several, non-breaking, around the dash), Unicode
composition (NFC vs NFD for the same accented letter) and case. `name_key` folds exactly those; anything else
(a different word, a missing accent) is a different name."""
from __future__ import annotations

import re
import unicodedata

# Every dash-like character a Vietnamese keyboard, Word's autocorrect or a copy from PDF produces.
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_DASH = re.compile(f"\\s*[{re.escape(DASHES)}]\\s*")
_SPACE = re.compile(r"\s+")


def name_key(name: str) -> str:
    """The comparison form of an agency name: NFC, upper case, one hyphen with a space each side for any dash,
    single spaces. `SỞ LAO ĐỘNG – THƯƠNG BINH` and `Sở  lao động-Thương binh` give the same key."""
    text = unicodedata.normalize("NFC", name or "").replace("\u00a0", " ")
    text = _DASH.sub(" - ", text)
    return _SPACE.sub(" ", text).strip().upper()


def agency_name_key(parent: str | None, name: str) -> str:
    """The key of an issuing agency: its parent agency and its own name (the same name under two parents is
    two agencies, e.g. two provinces' Sở Tư pháp)."""
    own = name_key(name)
    return f"{name_key(parent)} / {own}" if parent and parent.strip() else own
