"""The validator's rules beyond the model's JSON Schema, stated in the OpenAPI document as JSON Schema.

service.validate checks more than service.model.schema says: dates the calendar has, no control characters,
table rows no wider than the header and one width per column, chapters or loose articles but
not both, the issuer as written in a sentence where a line needs it. Each of these can be said in JSON Schema, so
the published document says it — a client (or Schemathesis) that builds a schema-valid document gets it accepted.
The validator keeps its own checks (and their Vietnamese messages); tests hold the two in agreement.
"""
from __future__ import annotations

import re
from typing import Any

from service.model.schema import CALENDAR_DATE
from service.rules.types import TYPES, has_part, uses_issuer_text

# What the validator refuses in any string (service.validate._CONTROL).
_CONTROL_CHARS = r"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff"
NO_CONTROL = rf"^[^{_CONTROL_CHARS}]*$"
# A model pattern that only excludes characters (`^[^…]*$`, e.g. non-characters) is merged with the control
# characters into one class. Its surrogate range is left out: regex engines other than Python's (Rust's, which
# Schemathesis validates with) refuse a pattern naming surrogates, and would then check nothing; the validator
# still refuses lone surrogates, with their path.
_EXCLUSION = re.compile(r"^\^\[\^(.*)\]\*\$$")
_SURROGATES = r"\ud800-\udfff"
# A date the calendar has, 1900–2999 (service.compose.dates.parse_issue_date): YYYY, YYYY-MM or YYYY-MM-DD, with
# 29 February in leap years only.
_LEAP = r"(?:(?:19|2[0-9])(?:0[48]|[2468][048]|[13579][26])|2000|2400|2800)"


def calendar_date_pattern(years: str = r"(?:19[0-9]{2}|2[0-9]{3})") -> str:
    """The pattern of a calendar date whose year matches `years` (a non-capturing group; 2999 is no leap year)."""
    return (rf"^(?:{years}(?:-(?:0?[1-9]|1[0-2]))?"
            rf"|{years}-(?:(?:0?[13578]|1[02])-(?:0?[1-9]|[12][0-9]|3[01])"
            rf"|(?:0?[469]|11)-(?:0?[1-9]|[12][0-9]|30)|0?2-(?:0?[1-9]|1[0-9]|2[0-8]))"
            rf"|{_LEAP}-0?2-29)$")


CALENDAR_DATE_PATTERN = calendar_date_pattern()
BEFORE_2999 = r"(?:19[0-9]{2}|2[0-8][0-9]{2}|29[0-8][0-9]|299[0-8])"  # a year that has a next one


def _strings(schema: Any) -> Any:
    """Calendar dates exactly, and no control characters in any other free string."""
    if not isinstance(schema, dict):
        return schema
    out = {k: _walk(k, v, _strings) for k, v in schema.items()}
    kinds = out.get("type")
    is_string = kinds == "string" or (isinstance(kinds, list) and "string" in kinds)
    if out.get(CALENDAR_DATE):
        out["pattern"] = CALENDAR_DATE_PATTERN
    elif is_string and "enum" not in out and "const" not in out:
        out["pattern"] = _text_pattern(out.get("pattern"))
    return out


def _text_pattern(pattern: str | None) -> str:
    """No control characters, plus whatever an exclusion-only model pattern excludes; a pattern of letters of
    its own (symbol, abbreviation) admits no control character already and stays."""
    if pattern is None:
        return NO_CONTROL
    m = _EXCLUSION.match(pattern)
    if not m:
        return pattern
    return f"^[^{_CONTROL_CHARS}{m.group(1).replace(_SURROGATES, '')}]*$"


def _shapes(schema: Any) -> Any:
    """Tables: rows no wider than the columns, widths none or one per column; bodies: chapters or articles."""
    if not isinstance(schema, dict):
        return schema
    out = {k: _walk(k, v, _shapes) for k, v in schema.items()}
    props = out.get("properties") or {}
    if {"columns", "rows", "widths"} <= set(props):
        most = props["columns"].get("maxItems", 20)
        out["anyOf"] = [{"properties": {"columns": {"minItems": n, "maxItems": n},
                                        "rows": {"items": {"maxItems": n}},
                                        "widths": {"anyOf": [{"maxItems": 0}, {"minItems": n, "maxItems": n}]}}}
                        for n in range(1, most + 1)]
    if {"chapters", "articles"} <= set(props):
        out["not"] = {"required": ["chapters", "articles"],
                      "properties": {"chapters": {"minItems": 1}, "articles": {"minItems": 1}}}
    return out


def _walk(key: str, value: Any, fn) -> Any:
    if key in ("properties", "$defs", "patternProperties") and isinstance(value, dict):
        return {k: fn(v) for k, v in value.items()}
    if key in ("items", "additionalProperties", "not", "if", "then", "else", "contains") and isinstance(value, dict):
        return fn(value)
    if key in ("oneOf", "anyOf", "allOf", "prefixItems") and isinstance(value, list):
        return [fn(v) for v in value]
    return value


def _named(field: str) -> dict:
    return {"required": [field], "properties": {field: {"type": "string", "minLength": 1}}}


def _issuer_text(type_id: str) -> list[dict]:
    """service.validate.part_rules.issuer_text_problems as schema."""
    doc_type = TYPES[type_id]
    if uses_issuer_text(doc_type):
        return [{"properties": {"issuer": _named("name_text")}}]
    extras = [{"required": ["appendices"], "properties": {"appendices": {"minItems": 1}}}]
    if has_part(doc_type, "attached"):
        extras.append({"required": ["attached"], "properties": {"attached": {"type": "object", "minProperties": 1}}})
    return [{"if": {"anyOf": extras},
             "then": {"anyOf": [{"properties": {"issuer": _named("name_text")}},
                                {"required": ["authority"], "properties": {"authority": _named("text")}}]}}]


def stated(type_id: str, schema: dict) -> dict:
    """The type's schema with every rule of the validator that JSON Schema can say."""
    out = _shapes(_strings(schema))
    out["allOf"] = [*out.get("allOf", []), *_issuer_text(type_id)]
    return out
