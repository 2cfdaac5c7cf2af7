"""The web app's source of agency profiles for the parse step (service.agency.expand): the register database,
opened on the first document that names an agency."""
from __future__ import annotations

from typing import Any

from service.agency.expand import expand
from service.agency.profile import Profile
from service.register.agencies import get_profile
from service.web.register_state import state


def profile_lookup(code: str) -> Profile | None:
    return get_profile(state().engine, code)


def expanded(doc: Any) -> Any:
    """The request's document with its profile references filled in (InvalidDocument naming the field)."""
    return expand(doc, profile_lookup)
