"""Who may read a stored thing (a batch job with its upload and zip, a roll-forward file): the principal who created
it — a staff account `user:<name>`, an API token `token:<id>`, or, for open drafting, an anonymous capability
`anon:<digest>` that only the browser holding its secret can present — and, for an *issuing* job (issued numbers
and the zip of issued documents), the clerks of the issuing agency only.

Callers that answer over HTTP turn a False into a 404, never a 403, so a job id leaks nothing about its existence.
The agency of a thing is the ids of its creator's agencies (owner `agency`; None = every agency), for an issuing
job those of the clerk who asked for the issuing.
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
    # `agency`: the ids of the agencies the creator works for (None = every agency)
    agencies = list(principal.agencies) if principal.agencies is not None else None
    return {"principal": principal_key(principal), "agency": agencies}


def same_agency(owner: dict[str, Any], principal: Principal) -> bool:
    """Whether `principal` works for an agency that owns the thing (either side without agencies spans all)."""
    owned = owner.get("agency")
    if owned is None or principal.agencies is None:
        return True
    return bool(set(owned) & set(principal.agencies))


def can_read(owner: dict[str, Any] | None, principal: Principal | None, *, issuing: bool = False) -> bool:
    """Whether `principal` may see a job/file created by `owner`. An issuing job is the clerks' (same agency):
    not even its creator reads it after losing the clerk role. Anything without a recorded owner is nobody's."""
    if not owner or not can_own(principal):
        return False
    if issuing:
        return role_allows(principal.role, "clerk") and same_agency(owner, principal)
    return principal_key(principal) == owner.get("principal")


def job_owner(info: dict[str, Any]) -> dict[str, Any] | None:
    """A job's owner record; an issuing job belongs to the agencies of the clerk who asked for the issuing."""
    owner, issue = info.get("owner"), info.get("issue")
    if owner and isinstance(issue, dict) and "agencies" in issue:
        return {**owner, "agency": issue["agencies"]}
    return owner


def can_read_job(info: dict[str, Any], principal: Principal | None) -> bool:
    """`can_read` for a batch job's job.json (its upload, state, report and zip): issuing when it numbers its
    rows through the register."""
    return can_read(job_owner(info), principal, issuing=bool(info.get("issue")))
