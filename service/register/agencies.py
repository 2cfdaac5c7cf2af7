"""Agency profiles in the database (table `agencies`, service.register.models.Agency): add, update, read, list,
export/import as JSON, and the lookups the parse step and the register use.

Two profiles may not share a name (compared by service.rules.agency_names: dashes, spaces, case), so one agency
never ends up with two registers under two spellings."""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.agency.codes import suggest_code
from service.agency.expand import ProfileLookup
from service.agency.profile import Profile, checked_profile
from service.agency.sources import file_lookup
from service.register import audit
from service.register.db import write_session
from service.register.errors import BadInput, Conflict, NotFound
from service.register.models import Agency, Register
from service.register.vntime import Clock, as_utc, utc_now
from service.rules.agency_names import agency_name_key


def to_profile(row: Agency) -> Profile:
    """The JSON form of a stored agency (the same shape `vanban agency add --from` reads)."""
    return {"code": row.code, "parent": row.parent, "name": row.name, "abbr": row.abbr, "name_text": row.name_text,
            "place": row.place, "footer": dict(row.footer or {}), "units": list(row.units or []),
            "recipient_groups": list(row.recipient_groups or []), "signers": list(row.signers or [])}


def _fill(row: Agency, profile: Profile) -> None:
    for key in ("parent", "name", "abbr", "name_text", "place", "footer", "units", "recipient_groups", "signers"):
        setattr(row, key, profile[key])
    row.name_key = agency_name_key(profile["parent"], profile["name"])


def _name_taken(session: Session, key: str, code: str) -> None:
    other = session.scalars(select(Agency).where(Agency.name_key == key, Agency.code != code)).first()
    if other is not None:
        raise Conflict(f"Tên cơ quan này đã thuộc mã {other.code} (so sánh không phân biệt gạch nối, khoảng trắng, "
                       "chữ hoa)", f"this agency name already belongs to {other.code} (compared ignoring dashes, "
                       "spaces and case)", field="name", extra={"agency": other.code})


def add_agency(engine: Engine, raw: Any, *, actor: str, clock: Clock = utc_now) -> Profile:
    """Store a new profile; 409 when the code or the (normalised) name is taken."""
    profile = checked_profile(raw)
    now = as_utc(clock())
    try:
        with write_session(engine) as session:
            if session.scalars(select(Agency).where(Agency.code == profile["code"])).first() is not None:
                raise Conflict(f"Mã cơ quan {profile['code']} đã có", f"agency {profile['code']} already exists",
                               field="code")
            row = Agency(code=profile["code"], created_at=now, updated_at=now)
            _fill(row, profile)
            _name_taken(session, row.name_key, row.code)
            session.add(row)
            session.flush()
            audit.record(session, actor=actor, action="agency_add", at=now,
                         detail={"agency_id": row.id, "code": row.code})
    except IntegrityError:  # a concurrent add of the same code or name
        raise Conflict(f"Mã hoặc tên cơ quan {profile['code']} đã có", f"agency {profile['code']} already exists",
                       field="code") from None
    return profile


def update_agency(engine: Engine, code: str, raw: Any, *, actor: str, clock: Clock = utc_now) -> Profile:
    """Replace a profile (the code stays: registers, accounts and documents refer to it)."""
    if isinstance(raw, dict) and "code" not in raw:
        raw = {**raw, "code": code}
    profile = checked_profile(raw)
    if profile["code"] != code:
        raise BadInput(f"Không đổi được mã cơ quan ({code} → {profile['code']})",
                       f"the agency code cannot change ({code} → {profile['code']})", field="code")
    now = as_utc(clock())
    with write_session(engine) as session:
        row = session.scalars(select(Agency).where(Agency.code == code)).first()
        if row is None:
            raise NotFound(f"Không có cơ quan mã {code}", f"no agency {code}", field="code")
        _fill(row, profile)
        _name_taken(session, row.name_key, code)
        row.updated_at = now
        audit.record(session, actor=actor, action="agency_update", at=now, detail={"agency_id": row.id, "code": code})
    return profile


def get_agency(engine: Engine, code: str) -> Agency | None:
    with Session(engine, expire_on_commit=False) as session:
        return session.scalars(select(Agency).where(Agency.code == code)).first()


def get_profile(engine: Engine, code: str) -> Profile | None:
    row = get_agency(engine, code)
    return to_profile(row) if row is not None else None


def profiles_by_id(engine: Engine, ids: Iterable[int] | None = None) -> dict[int, Profile]:
    """Profiles by row id: all of them, or those of `ids`."""
    stmt = select(Agency).order_by(Agency.code)
    if ids is not None:
        stmt = stmt.where(Agency.id.in_(list(ids)))
    with Session(engine) as session:
        return {row.id: to_profile(row) for row in session.scalars(stmt)}


def list_agencies(engine: Engine, ids: Iterable[int] | None = None) -> list[Agency]:
    stmt = select(Agency).order_by(Agency.code)
    if ids is not None:
        stmt = stmt.where(Agency.id.in_(list(ids)))
    with Session(engine, expire_on_commit=False) as session:
        return list(session.scalars(stmt))


def agency_registers(engine: Engine, agency_id: int) -> list[Register]:
    with Session(engine, expire_on_commit=False) as session:
        return list(session.scalars(select(Register).where(Register.agency_id == agency_id).order_by(Register.id)))


def db_lookup(engine: Engine) -> ProfileLookup:
    """The parse step's profile source backed by the database."""
    return lambda code: get_profile(engine, code)


def ids_for_codes(engine: Engine, codes: Iterable[str]) -> list[int]:
    """Row ids of agency codes; NotFound naming the first unknown one (field `agency`)."""
    wanted = list(dict.fromkeys(codes))
    with Session(engine) as session:
        found = {row.code: row.id for row in session.scalars(select(Agency).where(Agency.code.in_(wanted)))}
    for code in wanted:
        if code not in found:
            raise NotFound(f"Không có cơ quan mã {code}", f"no agency {code}", field="agency")
    return [found[c] for c in wanted]


def agency_for_issuer(session: Session, issuer: Mapping[str, Any], place: str | None, *, now: Any,
                      create: bool) -> Agency | None:
    """The agency whose normalised name matches a document's issuer; with `create`, a new one (code made up from
    the abbreviation and place) when none does — how an instance without profiles keeps numbering by issuer."""
    name = issuer.get("name") if isinstance(issuer, Mapping) else None
    if not isinstance(name, str) or not name.strip():
        raise BadInput("Thiếu tên cơ quan ban hành (issuer.name).",
                       "The issuing agency's name (issuer.name) is required.", field="issuer.name")
    key = agency_name_key(issuer.get("parent"), name)
    row = session.scalars(select(Agency).where(Agency.name_key == key)).first()
    if row is not None or not create:
        return row
    taken = set(session.scalars(select(Agency.code)))
    abbr = str(issuer.get("abbr") or "").strip() or "".join(w[0] for w in name.split()).upper()[:40]
    row = Agency(code=suggest_code(abbr, name, place, taken), name_key=key, parent=(issuer.get("parent") or None),
                 name=name.strip(), abbr=abbr, place=place, name_text=issuer.get("name_text"), footer={}, units=[],
                 recipient_groups=[], signers=[], created_at=now, updated_at=now)
    session.add(row)
    session.flush()
    return row


def database_lookup(database_url: str | None) -> ProfileLookup:
    """Profiles from the database (DATABASE_URL by default), connected on the first lookup."""
    found: dict[str, ProfileLookup] = {}

    def lookup(code: str) -> Profile | None:
        if "db" not in found:
            from service.register.db import default_url, make_engine, upgrade

            url = database_url or default_url()
            if url.startswith("sqlite"):
                upgrade(url)
            found["db"] = db_lookup(make_engine(url))
        return found["db"](code)

    return lookup


def cli_lookup(agency_files: Sequence[str], database_url: str | None = None) -> ProfileLookup:
    """`--agency-file` profiles when given, else the database, opened only if a document actually names an agency
    (so rendering a complete document never needs one)."""
    return file_lookup(agency_files) if agency_files else database_lookup(database_url)
