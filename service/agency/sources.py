"""Where the parse step finds profiles outside the web app: profile files (`--agency-file`, the JSON that
`vanban agency export` writes — one profile, a list, or {"agencies": [...]}) or, when no file is given, the
database, opened only if a document actually names an agency (so rendering a complete document never needs one)."""
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


def database_lookup(database_url: str | None) -> ProfileLookup:
    """Profiles from the database (DATABASE_URL by default), connected on the first lookup."""
    found: dict[str, ProfileLookup] = {}

    def lookup(code: str) -> Profile | None:
        if "db" not in found:
            from service.agency.store import db_lookup
            from service.register.db import default_url, make_engine, upgrade

            url = database_url or default_url()
            if url.startswith("sqlite"):
                upgrade(url)
            found["db"] = db_lookup(make_engine(url))
        return found["db"](code)

    return lookup


def cli_lookup(agency_files: Sequence[str], database_url: str | None = None) -> ProfileLookup:
    """`--agency-file` profiles when given, else the database."""
    return file_lookup(agency_files) if agency_files else database_lookup(database_url)
