"""Validate a document against its type's schema and the decree's rules; report every problem at once.

Each problem names the field by its path (`body.sections[2].items[0].title`) and says what is wrong in
Vietnamese (for the form) and English (for integrators).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterator

from jsonschema import Draft202012Validator, ValidationError, validators

from service.compose.dates import parse_issue_date
from service.compose.symbols import symbol_problem
from service.model.schema import CALENDAR_DATE, schema_for
from service.rules.types import TYPES
from service.validate.parts import part_problems  # rules of the per-type parts (service/rules/types.py)

# XML 1.0 cannot carry these characters; they come from copy-paste out of old systems.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class FieldError:
    path: str
    vi: str
    en: str
    kind: str = "error"  # "missing": a required element left out (a draft may still render it empty)

    def as_dict(self) -> dict:
        return {"path": self.path, "message_vi": self.vi, "message_en": self.en}

    def __str__(self) -> str:
        return f"{self.path or '(gốc)'}: {self.vi} / {self.en}"


class InvalidDocument(ValueError):
    """Raised with the full list of problems; never raised for only the first one."""

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


def json_path(parts) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _calendar_date(validator, enabled, instance, schema):
    """Every date field, wherever it sits (issue date, copy date, appendix …), must exist in the calendar."""
    if enabled and isinstance(instance, str) and instance:
        try:
            parse_issue_date(instance)
        except ValueError as exc:
            yield ValidationError(str(exc))


_Validator = validators.extend(Draft202012Validator, {CALENDAR_DATE: _calendar_date})


@lru_cache(maxsize=None)
def _validator(type_id: str):
    schema = schema_for(type_id)
    Draft202012Validator.check_schema(schema)
    return _Validator(schema)


def _title(schema: dict, default: str) -> str:
    return schema.get("title", default) if isinstance(schema, dict) else default


_TYPE_VI = {"string": "chuỗi ký tự", "integer": "số nguyên", "array": "danh sách", "object": "đối tượng",
            "null": "để trống", "number": "số", "boolean": "đúng/sai"}


def _schema_message(err) -> tuple[str, str, list]:
    """Bilingual message and path for one jsonschema error."""
    path = list(err.absolute_path)
    title = _title(err.schema, path[-1] if path else "văn bản")
    kind, value = err.validator, err.validator_value
    if kind == "required":
        missing = err.message.split("'")[1]
        sub = err.schema.get("properties", {}).get(missing, {})
        return (f"Thiếu trường bắt buộc “{_title(sub, missing)}”", f"'{missing}' is required", path + [missing])
    if kind == "additionalProperties":
        extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
        return (f"Trường không được hỗ trợ: {', '.join(extra)}", f"unknown field(s): {', '.join(extra)}",
                path + [extra[0]] if len(extra) == 1 else path)
    if kind == "type":
        types = value if isinstance(value, list) else [value]
        return (f"“{title}” phải là {' hoặc '.join(_TYPE_VI.get(t, t) for t in types)}",
                f"must be of type {' or '.join(types)}", path)
    if kind == "maxLength":
        return (f"“{title}” dài quá {value} ký tự", f"longer than {value} characters", path)
    if kind == "minLength":
        return (f"“{title}” không được để trống", "must not be empty", path)
    if kind in ("maxItems", "minItems"):
        word = "nhiều nhất" if kind == "maxItems" else "ít nhất"
        return (f"“{title}” phải có {word} {value} mục", f"{kind} {value}", path)
    if kind in ("enum", "const"):
        allowed = value if kind == "enum" else [value]
        shown = ", ".join("(trống)" if v is None else str(v) for v in allowed)
        return (f"“{title}” phải là một trong: {shown}", f"must be one of: {shown}", path)
    if kind == "pattern":
        return (f"“{title}” không đúng dạng", f"does not match the required form {value}", path)
    if kind == CALENDAR_DATE:
        vi, _, en = err.message.partition(" / ")
        return (vi, en or vi, path)
    if kind in ("minimum", "maximum"):
        word = "nhỏ nhất là" if kind == "minimum" else "lớn nhất là"
        return (f"“{title}” {word} {value}", f"{kind} is {value}", path)
    return (f"“{title}” không hợp lệ: {err.message}", err.message, path)


def json_strings(value: Any, path: list) -> Iterator[tuple[list, str]]:
    """Every string inside a JSON value, in document order, with its path parts (for json_path) below `path`."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from json_strings(v, path + [k])
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from json_strings(v, path + [i])


def _semantic(doc: dict) -> Iterator[FieldError]:
    """Rules a JSON Schema cannot express: symbol form, characters Word cannot store."""
    for path, text in json_strings(doc, []):
        if _CONTROL.search(text):
            yield FieldError(json_path(path), "Có ký tự điều khiển không in được (ví dụ do sao chép từ hệ thống "
                             "cũ); hãy xóa ký tự đó", "contains a control character that a document cannot hold")
    symbol = doc.get("symbol")
    if isinstance(symbol, str) and symbol:
        issuer = doc.get("issuer") if isinstance(doc.get("issuer"), dict) else {}
        abbr = issuer.get("abbr") if isinstance(issuer.get("abbr"), str) else None
        problem = symbol_problem(symbol, doc.get("type"), abbr)
        if problem:
            vi, _, en = problem.partition(" / ")
            yield FieldError("symbol", vi, en)


def validate(doc: Any) -> list[FieldError]:
    """Every problem of the document, empty when it can be rendered."""
    if not isinstance(doc, dict):
        return [FieldError("", "Dữ liệu phải là một đối tượng JSON", "the document must be a JSON object")]
    type_id = doc.get("type")
    if not isinstance(type_id, str) or type_id not in TYPES:
        known = ", ".join(TYPES)
        return [FieldError("type", f"Loại văn bản không có: {type_id!r}; các loại: {known}",
                           f"unknown document type {type_id!r}; known types: {known}")]
    errors = []
    for err in sorted(_validator(type_id).iter_errors(doc), key=lambda e: list(map(str, e.absolute_path))):
        vi, en, path = _schema_message(err)
        missing = err.validator == "required" or (err.validator in ("minItems", "minLength") and not err.instance)
        errors.append(FieldError(json_path(path), vi, en, "missing" if missing else "error"))
    errors.extend(_semantic(doc))
    errors.extend(FieldError(json_path(path), vi, en) for path, vi, en in part_problems(doc))
    return errors


def review(doc: Any, strict: bool = False) -> tuple[list[FieldError], list[FieldError]]:
    """(errors, warnings) of a document that may still be a draft to complete: required elements left out and
    symbol forms that depart from the decree's samples are warnings; `strict` makes every warning an error."""
    errors, warnings = [], []
    for err in validate(doc):
        if err.kind == "missing":
            warnings.append(FieldError(err.path, f"Cần bổ sung: {err.vi}", f"to complete: {err.en}", "missing"))
        else:
            errors.append(err)
    symbol = _effective_symbol(doc) if not errors else None
    if symbol:
        from service.compose.symbols import symbol_warnings

        for vi, en in symbol_warnings(symbol, doc.get("type")):
            warnings.append(FieldError("symbol", f"Ký hiệu khác mẫu của Nghị định 30: {vi}",
                                       f"the symbol departs from the decree's samples: {en}", "warning"))
    if strict:
        return errors + warnings, []
    return errors, warnings


def _effective_symbol(doc: dict) -> str | None:
    from service.compose.symbols import symbol_for

    try:
        return symbol_for(doc)
    except (KeyError, TypeError, AttributeError):
        return None  # an abbreviation still to complete


def ensure_valid(doc: Any) -> dict:
    errors = validate(doc)
    if errors:
        raise InvalidDocument(errors)
    return doc
