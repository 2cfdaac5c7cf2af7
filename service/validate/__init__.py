"""Validate a document against its type's schema and the decree's rules; report every problem at once.

Each problem names the field by its path (`body.sections[2].items[0].title`) and says what is wrong in
Vietnamese (for the form) and English (for integrators).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterator

from jsonschema import Draft202012Validator, ValidationError, validators

from service import limits

from service.document.dates import parse_issue_date
from service.document.symbols import symbol_for
from service.compose.symbols import symbol_problem
from service.messages import InvalidValue, Message
from service.model.schema import CALENDAR_DATE, TEXT_PATTERN, schema_for
from service.rules.types import TYPES
from service.validate.part_rules import part_problems  # rules of the per-type parts (service/rules/types.py)

# XML 1.0 cannot carry these characters; they come from copy-paste out of old systems.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Not text at all: lone UTF-16 surrogates (from a broken JSON encoder) and the Unicode non-characters. The schema
# says the BMP part (TEXT_PATTERN); this also names the astral ones (U+1FFFE, U+1FFFF … U+10FFFF).
_NOT_TEXT = re.compile("[\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
                       + "".join(f"\\U{p:04x}fffe\\U{p:04x}ffff" for p in range(1, 17)) + "]")
NOT_TEXT_VI = ("Có ký tự không phải chữ (ký tự thay thế UTF-16 lẻ hoặc ký tự cấm của Unicode, thường do lỗi "
               "chuyển mã); hãy xóa ký tự đó")
NOT_TEXT_EN = "contains a character that is not text (a lone UTF-16 surrogate or a Unicode non-character)"


@dataclass(frozen=True)
class FieldError:
    path: str
    vi: str
    en: str
    kind: str = "error"  # "missing": a required element left out (a draft may still render it empty)

    @classmethod
    def of(cls, path: str, message: Message, kind: str = "error") -> FieldError:
        """The error at `path` that `message` states."""
        return cls(path, message.vi, message.en, kind)

    @property
    def message(self) -> Message:
        return Message(self.vi, self.en)

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
        except InvalidValue as exc:
            yield ValidationError(str(exc), cause=exc)


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
    if kind == "pattern" and value == TEXT_PATTERN:
        return (f"“{title}”: {NOT_TEXT_VI[0].lower()}{NOT_TEXT_VI[1:]}", NOT_TEXT_EN, path)
    if kind == "pattern":
        return (f"“{title}” không đúng dạng", f"does not match the required form {value}", path)
    if kind == CALENDAR_DATE and isinstance(err.cause, InvalidValue):
        return (err.cause.vi, err.cause.en, path)
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
        elif _NOT_TEXT.search(text):
            yield FieldError(json_path(path), NOT_TEXT_VI, NOT_TEXT_EN)
    symbol = doc.get("symbol")
    if isinstance(symbol, str) and symbol:
        issuer = doc.get("issuer") if isinstance(doc.get("issuer"), dict) else {}
        abbr = issuer.get("abbr") if isinstance(issuer.get("abbr"), str) else None
        problem = symbol_problem(symbol, doc.get("type"), abbr)
        if problem:
            yield FieldError.of("symbol", problem)


def cost_problem(doc: Any, cells_budget: str = "doc_cells") -> tuple[str, FieldError] | None:
    """(budget name, error) at the first place where the document passes its cost budget (paragraphs and bullets,
    table cells, characters in all strings; service/limits.py), so everything that renders it stays far below the
    worker timeout. `cells_budget="pdf_cells"` applies the smaller table budget of the PDF path."""
    lim = limits.current()
    cell_limit = getattr(lim, cells_budget)
    paragraphs = cells = chars = 0
    stack: list[tuple[Any, list, str]] = [(doc, [], "")]
    while stack:
        value, path, role = stack.pop()
        if isinstance(value, str):
            chars += len(value)
            if chars > lim.doc_chars:
                return _over("doc_chars", lim.doc_chars, path)
            if role == "paragraph":
                paragraphs += 1
                if paragraphs > lim.doc_paragraphs:
                    return _over("doc_paragraphs", lim.doc_paragraphs, path)
        if role == "cell":
            cells += 1
            if cells > cell_limit:
                return _over(cells_budget, cell_limit, path)
        if isinstance(value, Mapping):  # a JSON object, or a Document's frozen one
            stack.extend((v, path + [k], "rows" if k == "rows" else "") for k, v in reversed(value.items()))
        elif isinstance(value, (list, tuple)):
            child = "row" if role == "rows" else "cell" if role == "row" else "paragraph"
            stack.extend((v, path + [i], child) for i, v in reversed(list(enumerate(value))))
    return None


def _over(name: str, limit: int, path: list) -> tuple[str, FieldError]:
    exc = limits.LimitExceeded(name, limit)
    return name, FieldError(json_path(path), exc.vi, exc.en)


def _unexpanded(doc: dict) -> Iterator[FieldError]:
    """References to an agency profile that the parse step (service.agency.expand) has not filled in: said
    plainly instead of as a type error."""
    for field in ("signer", "signer_left"):
        if isinstance(doc.get(field), str):
            yield FieldError(field, f"Người ký theo mã “{doc[field]}” cần hồ sơ cơ quan (agency) để điền chức vụ, "
                             "họ tên", f"signer id {doc[field]!r} needs the agency profile (agency) to be expanded")
    if "noi_nhan_groups" in doc:
        yield FieldError("noi_nhan_groups", "Nhóm nơi nhận cần hồ sơ cơ quan (agency) để điền các dòng",
                         "noi_nhan_groups needs the agency profile (agency) to be expanded")


def validate(doc: Any) -> list[FieldError]:
    """Every problem of the document, empty when it can be rendered."""
    if not isinstance(doc, dict):
        return [FieldError("", "Dữ liệu phải là một đối tượng JSON", "the document must be a JSON object")]
    type_id = doc.get("type")
    if not isinstance(type_id, str) or type_id not in TYPES:
        known = ", ".join(TYPES)
        return [FieldError("type", f"Loại văn bản không có: {type_id!r}; các loại: {known}",
                           f"unknown document type {type_id!r}; known types: {known}")]
    over = cost_problem(doc)
    if over is not None and over[0] != "doc_chars":  # too many elements: the schema's walk alone would cost that
        return [over[1]]
    errors = list(_unexpanded(doc))
    said = {e.path for e in errors}
    for err in sorted(_validator(type_id).iter_errors(doc), key=lambda e: list(map(str, e.absolute_path))):
        vi, en, path = _schema_message(err)
        if json_path(path) in said:
            continue
        missing = err.validator == "required" or (err.validator in ("minItems", "minLength") and not err.instance)
        errors.append(FieldError(json_path(path), vi, en, "missing" if missing else "error"))
    if over is not None and not errors:  # a field past its own maxLength is the clearer message
        return [over[1]]
    named = {e.path for e in errors}
    errors.extend(e for e in _semantic(doc) if e.path not in named)  # a string the schema named already
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
    try:
        return symbol_for(doc)
    except (KeyError, TypeError, AttributeError):
        return None  # an abbreviation still to complete

