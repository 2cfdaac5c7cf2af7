"""The parse step's profile expansion: a document may name its agency (`"agency": "sldtbxh-bg"`), its signer by
id (`"signer": "huan"`) and recipient groups (`"noi_nhan_groups": ["phong-thuoc-so"]`); this fills in the
letterhead (issuer), place, footer address, signer block and recipient lines from the agency's profile.

Fields given explicitly win: an issuer key, `place`, an `address` key or a signer object in the document is kept
as typed; group lines come before the document's own `noi_nhan` lines (a line given both ways appears once).
`agency` stays in the expanded document: it is what the register files the document under.

Where profiles come from is the caller's choice, passed in as a lookup (code → profile or None): the web and the
register look in the database (service.register.agencies.db_lookup), the CLI may read a profile file
(`vanban render --agency-file`), and code that has no profiles passes None — a document that needs one then
gets a clear error naming `agency`, never a half-filled letterhead."""
from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from service.agency.codes import is_code
from service.agency.profile import Profile, find, signer_block
from service.validate import FieldError, InvalidDocument

ProfileLookup = Callable[[str], "Profile | None"]
SIGNER_FIELDS = ("signer", "signer_left")
GROUPS = "noi_nhan_groups"


def uses_profile(doc: Any) -> bool:
    """Whether the document names an agency, a signer by id or recipient groups."""
    return isinstance(doc, dict) and ("agency" in doc or GROUPS in doc
                                      or any(isinstance(doc.get(f), str) for f in SIGNER_FIELDS))


def _issuer(profile: Profile, given: Any) -> dict[str, Any]:
    out = {k: profile[k] for k in ("parent", "name", "abbr", "name_text") if profile.get(k)}
    if isinstance(given, dict):
        out.update(given)
    return out


def _address(profile: Profile, given: Any) -> dict[str, Any] | None:
    footer = profile.get("footer") or {}
    out = {("street" if k == "address" else k): v for k, v in footer.items() if v}
    if isinstance(given, dict):
        out.update(given)
    elif given is not None:
        return given
    return out or None


def _lines(profile: Profile, groups: Any, own: Any, errors: list[FieldError]) -> list[Any] | None:
    if not isinstance(groups, list):
        errors.append(FieldError(GROUPS, "“Nhóm nơi nhận” phải là danh sách mã nhóm",
                                 "noi_nhan_groups must be a list of group ids"))
        return None
    known = ", ".join(g["id"] for g in profile.get("recipient_groups") or []) or "(chưa có nhóm / none)"
    lines: list[Any] = []
    for i, gid in enumerate(groups):
        group = find(profile.get("recipient_groups") or [], "id", gid) if isinstance(gid, str) else None
        if group is None:
            errors.append(FieldError(f"{GROUPS}[{i}]", f"Cơ quan {profile['code']} không có nhóm nơi nhận “{gid}”; "
                                     f"các nhóm: {known}",
                                     f"agency {profile['code']} has no recipient group {gid!r}; groups: {known}"))
            continue
        lines.extend(group["lines"])
    if isinstance(own, list):
        lines.extend(own)
    elif own is not None:
        return own  # not a list: left for the validator to name
    seen: set[str] = set()
    out = []
    for line in lines:  # a line given both by a group and by hand appears once
        if isinstance(line, str):
            if line in seen:
                continue
            seen.add(line)
        out.append(line)
    return out


def expand(doc: Any, lookup: ProfileLookup | None) -> Any:
    """The document with its profile references filled in (see the module doc); a document that names no
    agency, signer id or group is returned as it is. Raises InvalidDocument naming `agency`, `signer` or
    `noi_nhan_groups[i]` when a reference is unknown."""
    if not uses_profile(doc):
        return doc
    code = doc.get("agency")
    if code is None:
        where = next((f for f in SIGNER_FIELDS if isinstance(doc.get(f), str)), GROUPS)
        raise InvalidDocument([FieldError("agency", f"“{where}” theo mã cần mã cơ quan (agency) để tra hồ sơ",
                                          f"{where} given by id needs the document's agency code (agency)")])
    if not is_code(code):
        raise InvalidDocument([FieldError("agency", "“Mã cơ quan” phải là chữ thường không dấu và gạch nối, ví dụ "
                                          "sldtbxh-bg", "agency must be a code such as sldtbxh-bg")])
    profile = lookup(code) if lookup is not None else None
    if profile is None:
        hint_vi, hint_en = (("", "") if lookup is not None else
                            (" (không có nguồn hồ sơ: dùng --agency-file hoặc cơ sở dữ liệu)",
                             " (no profile source: use --agency-file or the database)"))
        raise InvalidDocument([FieldError("agency", f"Không có cơ quan mã “{code}”{hint_vi}",
                                          f"unknown agency {code!r}{hint_en}")])
    out = copy.deepcopy(doc)
    errors: list[FieldError] = []
    out["issuer"] = _issuer(profile, doc.get("issuer"))
    if profile.get("place") and not doc.get("place"):
        out["place"] = profile["place"]
    address = _address(profile, doc.get("address"))
    if address is not None:
        out["address"] = address
    for field in SIGNER_FIELDS:
        ref = doc.get(field)
        if not isinstance(ref, str):
            continue
        signer = find(profile.get("signers") or [], "id", ref)
        if signer is None:
            known = ", ".join(s["id"] for s in profile.get("signers") or []) or "(chưa có / none)"
            errors.append(FieldError(field, f"Cơ quan {code} không có người ký mã “{ref}”; người ký: {known}",
                                     f"agency {code} has no signer {ref!r}; signers: {known}"))
            continue
        out[field] = signer_block(signer)
    if GROUPS in doc:
        lines = _lines(profile, doc[GROUPS], doc.get("noi_nhan"), errors)
        out.pop(GROUPS)
        if lines is not None:
            out["noi_nhan"] = lines
    if errors:
        raise InvalidDocument(errors)
    return out
