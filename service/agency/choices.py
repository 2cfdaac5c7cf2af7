"""What the form's profile pickers do to a document: choose a signer, tick recipient groups, pick the drafting
unit (ND30 App. I §5 and §6 ô 12: the Lưu line names VT and the drafting unit; the drafter mark is the drafting
unit's abbreviation, e.g. `PL.(300)`). One function for the page without JavaScript (a POST) and with it (the
fields endpoint), so both give the same document."""
from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from service.agency.expand import expand
from service.agency.profile import Profile, find, signer_block
from service.rules import nd30


def prefilled(doc: dict[str, Any], profile: Profile) -> dict[str, Any]:
    """A new document of the agency: letterhead, place and footer from its profile (what is typed stays)."""
    return expand({**doc, "agency": profile["code"]}, {profile["code"]: profile}.get)


def apply_choices(doc: dict[str, Any], profile: Profile, *, signer: str | None = None,
                  groups: Sequence[str] | None = None, unit: str | None = None) -> dict[str, Any]:
    """The document with the picked signer's block, the ticked groups' lines first in `noi_nhan` (lines of groups
    not ticked removed, lines typed by hand kept) and the drafting unit in `luu` and the drafter mark. Unknown ids
    are ignored: the pickers only offer the profile's own."""
    out = copy.deepcopy(doc)
    picked = find(profile.get("signers") or [], "id", signer) if signer else None
    if picked is not None:
        out["signer"] = signer_block(picked)
    if groups is not None:
        every = {line for g in profile.get("recipient_groups") or [] for line in g["lines"]}
        chosen = [line for gid in groups for g in [find(profile.get("recipient_groups") or [], "id", gid)] if g
                  for line in g["lines"]]
        own = [line for line in out.get("noi_nhan") or [] if isinstance(line, str) and line not in every and line]
        out["noi_nhan"] = list(dict.fromkeys(chosen + own))
    unit_row = find(profile.get("units") or [], "abbr", unit) if unit else None
    if unit_row is not None:
        abbrs = {u["abbr"] for u in profile.get("units") or []}
        others = [x for x in out.get("luu") or [] if isinstance(x, str) and x not in abbrs
                  and x != nd30.ARCHIVE_REGISTRY]
        out["luu"] = [nd30.ARCHIVE_REGISTRY, unit_row["abbr"], *others]
        drafter = out.get("drafter") if isinstance(out.get("drafter"), dict) else {}
        out["drafter"] = {**drafter, "symbol": f"{unit_row['abbr']}."}
    return out


def current_choices(doc: dict[str, Any], profile: Profile) -> dict[str, Any]:
    """Which signer, groups and unit the document already matches (to show the pickers' state)."""
    signer = doc.get("signer") if isinstance(doc.get("signer"), dict) else {}
    signer_id = next((s["id"] for s in profile.get("signers") or []
                      if s.get("name") == signer.get("name") and s.get("position") == signer.get("position")), None)
    lines = set(x for x in doc.get("noi_nhan") or [] if isinstance(x, str))
    groups = [g["id"] for g in profile.get("recipient_groups") or [] if set(g["lines"]) <= lines]
    luu = doc.get("luu") or []
    unit = next((u["abbr"] for u in profile.get("units") or [] if u["abbr"] in luu), None)
    return {"signer": signer_id, "groups": groups, "unit": unit}
