"""Who is asking on the pages, for the ownership of what they store (batch jobs, roll-forward files): the logged-in
staff member, else this browser's anonymous capability — a random secret kept in its signed session cookie, so
only that browser can come back to what it made (service.batch.ownership)."""
from __future__ import annotations

from flask import session

from service.batch.ownership import CAPABILITY_BYTES, anonymous_principal, new_capability
from service.register.auth import Principal
from service.web.staff_auth import current_staff

CAPABILITY_KEY = "anon_cap"


def page_principal(*, create: bool = False) -> Principal | None:
    """The staff member, else the browser's capability (made now when `create`, i.e. when it is about to own
    something); None for a browser that owns nothing yet."""
    staff = current_staff()
    if staff is not None:
        return staff
    capability = session.get(CAPABILITY_KEY)
    if not isinstance(capability, str) or len(capability) < CAPABILITY_BYTES:
        if not create:
            return None
        capability = session[CAPABILITY_KEY] = new_capability()
    return anonymous_principal(capability)
