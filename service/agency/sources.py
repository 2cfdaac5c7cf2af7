"""Profile files (`--agency-file`, the JSON that `vanban agency export` writes — one profile, a list, or
{"agencies": [...]}): where the parse step finds profiles outside the web app and the database
(service.register.agencies.cli_lookup chooses)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from service.agency.expand import ProfileLookup
from service.agency.profile import Profile, checked_profile
from service.input.load import load_document
from service.validate import FieldError, InvalidDocument


def profiles_in(data: Any) -> list[Any]:
    """The profiles a JSON value holds: one object, a list, or the export form {"agencies": [...]}."""
    if isinstance(data, dict) and isinstance(data.get("agencies"), list):
        return data["agencies"]
    return data if isinstance(data, list) else [data]


def load_profiles(path: str) -> list[Profile]:
    """Every profile of a file, checked; InvalidDocument names the file and the path of each problem."""
    out = []
    for i, raw in enumerate(profiles_in(load_document(path))):
        try:
            out.append(checked_profile(raw))
        except InvalidDocument as exc:
            raise InvalidDocument([FieldError(f"{path}[{i}]" + (f".{e.path}" if e.path else ""), e.vi, e.en)
                                   for e in exc.errors]) from None
    return out


def file_lookup(paths: Sequence[str]) -> ProfileLookup:
    profiles = {p["code"]: p for path in paths for p in load_profiles(path)}
    return profiles.get
