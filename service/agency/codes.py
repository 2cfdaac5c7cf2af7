"""Short agency codes (`ldtbxh-bg`): lower-case ASCII words joined by hyphens, for URLs, CLI arguments and the
`agency` field of a document. Made up for agencies created from names (migration, first issue), chosen by an
admin otherwise."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

from service.model.codes import CODE_MAX, CODE_PATTERN

_CODE = re.compile(CODE_PATTERN)


def is_code(text: object) -> bool:
    return isinstance(text, str) and len(text) <= CODE_MAX and bool(_CODE.match(text))


def ascii_fold(text: str) -> str:
    """Vietnamese letters without their marks (Đ → D), lower case."""
    text = (text or "").replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def _initials(text: str) -> str:
    return "".join(w[0] for w in re.findall(r"[a-z0-9]+", ascii_fold(text)))


def suggest_code(abbr: str | None, name: str, place: str | None, taken: Collection[str] = ()) -> str:
    """`LĐTBXH` in Bắc Giang → `ldtbxh-bg`; the initials of the name when there is no abbreviation; `-2`, `-3` …
    when the code is taken."""
    head = "-".join(re.findall(r"[a-z0-9]+", ascii_fold(abbr or ""))) or _initials(name) or "co-quan"
    tail = _initials(place or "")
    base = f"{head}-{tail}" if tail else head
    base = base[:CODE_MAX - 4].strip("-")
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}-{n}"
    return code
