"""The agency profile's JSON form, its schema and its validation (every problem at once, by path, in Vietnamese
and English — the same FieldError the document validator uses).

```json
{"code": "sldtbxh-bg", "parent": "UBND TỈNH BẮC GIANG", "name": "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
 "abbr": "LĐTBXH", "place": "Bắc Giang", "name_text": "Sở Lao động - Thương binh và Xã hội",
 "footer": {"address": "…", "phone": "…", "email": "…", "website": "…"},
 "units": [{"abbr": "VP", "name": "Văn phòng Sở"}],
 "recipient_groups": [{"id": "phong-thuoc-so", "lines": ["Các phòng, đơn vị thuộc Sở"]}],
 "signers": [{"id": "huan", "name": "Trương Đức Huấn", "position": "PHÓ GIÁM ĐỐC", "authority": "KT.",
              "head_title": "GIÁM ĐỐC"},
             {"id": "hung", "name": "Lê Văn Hùng", "position": "PHÓ CHỦ TỊCH", "authority": "KT.",
              "head_title": "CHỦ TỊCH", "on_behalf": "ỦY BAN NHÂN DÂN"}]}
```
A signer's `authority` (ND30 App. I §4 ô 7a: TM., KT., Q., TL., TUQ.) needs the head title it implies (KT. GIÁM
ĐỐC); without an authority the signer is the head and signs under their own position. `on_behalf` is the
collective a deputy signs for, printed as a TM. line above their own KT./Q. line (so only with KT. or Q.), the
same rule as a document's signer."""
from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator

from service.model.codes import CODE_MAX, CODE_PATTERN
from service.model.schema import on_behalf_rule
from service.rules import nd30
from service.validate import FieldError, InvalidDocument, json_path

Profile = dict[str, Any]
SHORT = 300
ABBR_PATTERN = r"^[0-9A-ZĐÀ-Ỹa-zđ]+(-[0-9A-ZĐÀ-Ỹa-zđ]+)*$"  # as issuer.abbr in service.model.schema
FOOTER_KEYS = ("address", "phone", "email", "website")
# The optional texts the canonical form writes as null when absent (`normalised`): read back as not given, so what
# `vanban agency export` and `show` print can be imported again.
NULLABLE = ("parent", "name_text", "place")
MAX_ITEMS = 200
# A profile signer's fields that make a document's signer block, in the document's order (service.model.schema).
SIGNER_KEYS = ("on_behalf", "authority", "head_title", "position", "name")


def _s(title: str, max_length: int = SHORT, **kw: Any) -> dict:
    return {"type": "string", "title": title, "maxLength": max_length, **kw}


def _id(title: str) -> dict:
    return _s(title, CODE_MAX, pattern=CODE_PATTERN)


@lru_cache(maxsize=1)
def _schema() -> dict:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Hồ sơ cơ quan",
        "description": "Tiêu đề, địa danh, địa chỉ, đơn vị, nhóm nơi nhận và người ký của một cơ quan ban hành.",
        "type": "object",
        "additionalProperties": False,
        "required": ["code", "name", "abbr"],
        "properties": {
            "code": _id("Mã cơ quan (chữ thường không dấu, gạch nối, ví dụ sldtbxh-bg)"),
            "parent": _s("Cơ quan chủ quản"),
            "name": _s("Tên cơ quan ban hành", minLength=1),
            "abbr": _s("Chữ viết tắt của cơ quan", 40, minLength=1, pattern=ABBR_PATTERN),
            "name_text": _s("Tên cơ quan viết trong câu"),
            "place": _s("Địa danh", 120),
            "footer": {"type": "object", "title": "Địa chỉ cơ quan (chân trang)", "additionalProperties": False,
                       "properties": {k: _s(t) for k, t in zip(FOOTER_KEYS, (
                           "Địa chỉ", "Điện thoại", "Thư điện tử", "Trang thông tin điện tử"))}},
            "units": {"type": "array", "title": "Đơn vị (phòng, ban)", "maxItems": MAX_ITEMS, "items": {
                "type": "object", "title": "Đơn vị", "additionalProperties": False, "required": ["abbr", "name"],
                "properties": {"abbr": _s("Chữ viết tắt của đơn vị", 40, minLength=1, pattern=ABBR_PATTERN),
                               "name": _s("Tên đơn vị", minLength=1)}}},
            "recipient_groups": {"type": "array", "title": "Nhóm nơi nhận", "maxItems": MAX_ITEMS, "items": {
                "type": "object", "title": "Nhóm nơi nhận", "additionalProperties": False,
                "required": ["id", "lines"],
                "properties": {"id": _id("Mã nhóm"), "name": _s("Tên nhóm"),
                               "lines": {"type": "array", "title": "Các dòng nơi nhận", "minItems": 1,
                                         "maxItems": MAX_ITEMS, "items": _s("Nơi nhận", minLength=1)}}}},
            "signers": {"type": "array", "title": "Người ký", "maxItems": MAX_ITEMS, "items": {
                "type": "object", "title": "Người ký", "additionalProperties": False,
                "required": ["id", "name", "position"],
                "properties": {"id": _id("Mã người ký"), "name": _s("Họ và tên người ký", 120, minLength=1),
                               "position": _s("Chức vụ người ký", minLength=1),
                               "authority": {"title": "Quyền hạn ký", "enum": [*nd30.AUTHORITIES, None]},
                               "head_title": _s("Chức vụ người đứng đầu"),
                               "on_behalf": _s(f"Thay mặt tập thể (tên tập thể sau “{nd30.COLLECTIVE_AUTHORITY}”, "
                                               f"khi ký {' hoặc '.join(nd30.ON_BEHALF_AUTHORITIES)})")},
                "allOf": [on_behalf_rule()]}},
        },
    }


def profile_schema() -> dict:
    """A fresh copy of the profile's JSON Schema (published by the API and `vanban agency schema`)."""
    return copy.deepcopy(_schema())


def _unique(items: Any, key: str, list_path: str, what_vi: str, what_en: str) -> list[FieldError]:
    seen: set[str] = set()
    errors = []
    for i, item in enumerate(items if isinstance(items, list) else []):
        value = item.get(key) if isinstance(item, dict) else None
        if isinstance(value, str):
            if value in seen:
                errors.append(FieldError(f"{list_path}[{i}].{key}", f"{what_vi} “{value}” bị trùng",
                                         f"duplicate {what_en} {value!r}"))
            seen.add(value)
    return errors


def profile_problems(profile: Any) -> list[FieldError]:
    """Every problem of a profile's JSON form; empty when it can be stored."""
    from service.validate import _schema_message  # one wording for schema errors, documents and profiles alike

    if not isinstance(profile, dict):
        return [FieldError("", "Hồ sơ cơ quan phải là một đối tượng JSON", "the profile must be a JSON object")]
    profile = _given(profile)
    errors = []
    validator = Draft202012Validator(_schema())
    for err in sorted(validator.iter_errors(profile), key=lambda e: list(map(str, e.absolute_path))):
        vi, en, path = _schema_message(err)
        errors.append(FieldError(json_path(path), vi, en))
    errors += _unique(profile.get("units"), "abbr", "units", "Chữ viết tắt đơn vị", "unit abbreviation")
    errors += _unique(profile.get("recipient_groups"), "id", "recipient_groups", "Mã nhóm nơi nhận",
                      "recipient group id")
    errors += _unique(profile.get("signers"), "id", "signers", "Mã người ký", "signer id")
    for i, signer in enumerate(profile.get("signers") if isinstance(profile.get("signers"), list) else []):
        if isinstance(signer, dict) and signer.get("authority") and not str(signer.get("head_title") or "").strip():
            errors.append(FieldError(f"signers[{i}].head_title",
                                     f"Ký “{signer['authority']}” cần chức vụ người đứng đầu (ví dụ "
                                     f"{signer['authority']} GIÁM ĐỐC)",
                                     f"authority {signer['authority']} needs the head's title (e.g. "
                                     f"{signer['authority']} GIÁM ĐỐC)"))
    return errors


def _given(profile: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in profile.items() if not (k in NULLABLE and v is None)}


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def normalised(profile: Profile) -> Profile:
    """A valid profile in its canonical form: strings trimmed, empty optional fields dropped, every key present."""
    out: Profile = {"code": profile["code"], "parent": _text(profile.get("parent")), "name": profile["name"].strip(),
                    "abbr": profile["abbr"].strip(), "name_text": _text(profile.get("name_text")),
                    "place": _text(profile.get("place"))}
    footer = profile.get("footer") or {}
    out["footer"] = {k: footer[k].strip() for k in FOOTER_KEYS if _text(footer.get(k))}
    out["units"] = [{"abbr": u["abbr"].strip(), "name": u["name"].strip()} for u in profile.get("units") or []]
    out["recipient_groups"] = [{k: v for k, v in (("id", g["id"]), ("name", _text(g.get("name"))),
                                                  ("lines", [line.strip() for line in g["lines"]])) if v}
                               for g in profile.get("recipient_groups") or []]
    out["signers"] = [{k: v for k, v in (("id", s["id"]), ("name", s["name"].strip()),
                                         ("position", s["position"].strip()), ("authority", s.get("authority")),
                                         ("head_title", _text(s.get("head_title"))),
                                         ("on_behalf", _text(s.get("on_behalf")))) if v}
                      for s in profile.get("signers") or []]
    return out


def checked_profile(profile: Any) -> Profile:
    """The profile in canonical form, or InvalidDocument listing every problem."""
    errors = profile_problems(profile)
    if errors:
        raise InvalidDocument(errors)
    return normalised(profile)


def find(items: list[dict[str, Any]], key: str, value: str) -> dict[str, Any] | None:
    return next((item for item in items if item.get(key) == value), None)


def signer_block(signer: dict[str, Any]) -> dict[str, Any]:
    """A profile signer as a document's `signer` object (what expansion and the form's signer picker fill in)."""
    return {k: signer[k] for k in SIGNER_KEYS if signer.get(k)}
