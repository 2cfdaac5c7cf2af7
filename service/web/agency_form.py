"""The agency page's edit form ↔ the profile's JSON form: one input per field, one row per unit, recipient group
and signer, plus empty rows to add new ones (a row left empty is dropped, so clearing a row removes it). Field
names follow the profile's paths (`units[0].abbr`), so a problem the validator names lands next to its field."""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from service.agency.profile import FOOTER_KEYS, Profile

BLANK_ROWS = 2
LISTS: dict[str, tuple[str, ...]] = {"units": ("abbr", "name"), "recipient_groups": ("id", "name", "lines"),
                                     "signers": ("id", "name", "position", "authority", "head_title", "on_behalf")}
OPTIONAL = {"recipient_groups": ("name",), "signers": ("authority", "head_title", "on_behalf")}
_ROW = re.compile(r"^(units|recipient_groups|signers)\[(\d{1,3})\]\.")


def field_id(path: str) -> str:
    """`units[0].abbr` → `p-units-0-abbr`."""
    return "p-" + re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-")


def rows_for_editing(profile: Profile) -> dict[str, list[dict[str, Any]]]:
    """Each list's rows as the form shows them: the profile's own, then BLANK_ROWS empty ones."""
    out = {}
    for name, keys in LISTS.items():
        rows = [dict(r) for r in profile.get(name) or []]
        for row in rows:
            if "lines" in row:
                row["lines"] = "\n".join(row["lines"])
        out[name] = rows + [{k: "" for k in keys} for _ in range(BLANK_ROWS)]
    return out


def _text(form: Mapping[str, str], key: str) -> str:
    return (form.get(key) or "").replace("\r\n", "\n").strip()


def profile_from_form(form: Mapping[str, str], code: str) -> dict[str, Any]:
    """The profile a submitted edit form describes (checked afterwards by service.agency.profile)."""
    profile: dict[str, Any] = {"code": code}
    for key in ("parent", "name", "abbr", "name_text", "place"):
        profile[key] = _text(form, key)
    profile["footer"] = {k: _text(form, f"footer.{k}") for k in FOOTER_KEYS if _text(form, f"footer.{k}")}
    indexes: dict[str, set[int]] = {name: set() for name in LISTS}
    for key in form:
        m = _ROW.match(key)
        if m:
            indexes[m.group(1)].add(int(m.group(2)))
    for name, keys in LISTS.items():
        rows = []
        for i in sorted(indexes[name]):
            row = {k: _text(form, f"{name}[{i}].{k}") for k in keys}
            if not any(row.values()):
                continue
            if "lines" in row:
                row["lines"] = [line.strip() for line in row["lines"].split("\n") if line.strip()]
            if name == "signers" and not row["authority"]:
                row["authority"] = None
            optional = OPTIONAL.get(name, ())
            rows.append({k: v for k, v in row.items() if k not in optional or v not in ("", None)})
        profile[name] = rows
    return profile
