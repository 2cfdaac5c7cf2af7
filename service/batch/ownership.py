"""Who may read a stored thing (a batch job with its upload and zip, a roll-forward file): the principal who created
it — a staff account `user:<name>`, an API token `token:<id>`, or, for open drafting, an anonymous capability
`anon:<digest>` that only the browser holding its secret can present — and, for an *issuing* job (issued numbers
and the zip of issued documents), the clerks of the issuing agency only.

Callers that answer over HTTP turn a False into a 404, never a 403, so a job id leaks nothing about its existence.
Agencies do not exist yet: `same_agency` is the one place where the check goes when they do.
"""
from __future__ import annotations

import hashlib
import secrets
from typing import Any

from service.register.auth import Principal, role_allows

ANONYMOUS_PREFIX = "anon:"
OWNER_PREFIXES = ("user:", "token:", ANONYMOUS_PREFIX)  # who can own; the API's shared "anonymous" cannot
CAPABILITY_BYTES = 32


def new_capability() -> str:
    """A fresh secret for an anonymous browser (kept in its signed session, never stored on the server)."""
    return secrets.token_urlsafe(CAPABILITY_BYTES)


def anonymous_principal(capability: str) -> Principal:
    """The principal an anonymous capability stands for: named by a digest, so files never hold the secret."""
    digest = hashlib.sha256(capability.encode("utf-8")).hexdigest()[:32]
    return Principal(name=f"{ANONYMOUS_PREFIX}{digest}", role="")


def principal_key(principal: Principal) -> str:
    """The stable name an owner is recorded under: `token:<id>` without the token's label."""
    if principal.name.startswith("token:"):
        return ":".join(principal.name.split(":", 2)[:2])
    return principal.name


def is_anonymous(owner: dict[str, Any] | None) -> bool:
    return bool(owner) and str(owner.get("principal", "")).startswith(ANONYMOUS_PREFIX)


def can_own(principal: Principal | None) -> bool:
    """Whether the principal is someone in particular: a staff account, a token, an anonymous capability — not
    the one "anonymous" every token-less API caller shares under open drafting (it would let each read the others')."""
    return principal is not None and principal_key(principal).startswith(OWNER_PREFIXES)


def owner_record(principal: Principal) -> dict[str, Any]:
    """What a job or file stores about its creator (job.json `owner`); ValueError for a principal that cannot own
    (give an anonymous caller a capability first: anonymous_principal)."""
    if not can_own(principal):
        raise ValueError(f"{principal.name!r} is nobody in particular and cannot own a job or file")
    # `agency` is None until agencies exist; then it is the creator's agency.
    return {"principal": principal_key(principal), "agency": None}


def same_agency(owner: dict[str, Any], principal: Principal) -> bool:
    """Whether `principal` belongs to the agency that owns the thing. Agencies do not exist yet, so every clerk
    is of the one agency; when they do, compare the principal's agency with owner["agency"] here."""
    return True


def can_read(owner: dict[str, Any] | None, principal: Principal | None, *, issuing: bool = False) -> bool:
    """Whether `principal` may see a job/file created by `owner`. An issuing job is the clerks' (same agency):
    not even its creator reads it after losing the clerk role. Anything without a recorded owner is nobody's."""
    if not owner or not can_own(principal):
        return False
    if issuing:
        return role_allows(principal.role, "clerk") and same_agency(owner, principal)
    return principal_key(principal) == owner.get("principal")


def can_read_job(info: dict[str, Any], principal: Principal | None) -> bool:
    """`can_read` for a batch job's job.json (its upload, state, report and zip): issuing when it numbers its
    rows through the register."""
    return can_read(info.get("owner"), principal, issuing=bool(info.get("issue")))
