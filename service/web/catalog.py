"""The type catalogue the API and the form share: summaries, schemas with their ETag, and each type's example.

Examples come from fixtures/ (DocType.fixture). A type whose fixture is missing gets a minimal example: the
seed plan's issuer, place and signer plus only what its schema requires, so every schema still ships one valid
example (OpenAPI, docs page, "Điền ví dụ" in the form).
"""
from __future__ import annotations

import copy
import hashlib
import json
from functools import lru_cache
from pathlib import Path

from service.document.naming import ascii_slug
from service.model.schema import input_schema_for, schema_for
from service.rules.types import TYPES, DocType

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures"
# The seed plan lends its issuer, place and signer to the minimal examples of types that have no fixture.
BASE_FIXTURE = "ke-hoach-2024.json"


def known(type_id: str) -> bool:
    return type_id in TYPES


def summary(doc_type: DocType) -> dict:
    """What a client needs to pick a type: id, printed name, abbreviation, App.III sample, whether it has Kính gửi."""
    return {
        "id": doc_type.id,
        "name": doc_type.name,
        "abbreviation": doc_type.abbr_type,
        "sample": doc_type.sample,
        "kinh_gui": doc_type.kinh_gui,
        "has_fixture": _has_fixture(doc_type),
    }


def summaries() -> list[dict]:
    return [summary(t) for t in TYPES.values()]


@lru_cache(maxsize=None)
def _fixture(name: str) -> dict:
    return json.loads((FIXTURES_DIR / name).read_text(encoding="utf-8"))


def _synth(schema: dict, title_hint: str) -> object:
    """A value for a required field the seed plan cannot lend: the first choice, or the field's own title."""
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return next(v for v in schema["enum"] if v is not None)
    if "properties" in schema:
        return {k: _synth(sub, sub.get("title", k)) for k, sub in schema["properties"].items()
                if k in schema.get("required", ())}
    types = schema.get("type")
    types = [types] if isinstance(types, str) else list(types or [])
    if "array" in types:
        return [_synth(schema.get("items", {}), title_hint) for _ in range(schema.get("minItems", 1))]
    if "integer" in types or "number" in types:
        return max(1, schema.get("minimum", 1))
    if "boolean" in types:
        return False
    return schema.get("title", title_hint)


def _minimal(doc_type: DocType) -> dict:
    """Only what the type's schema requires, the common parts taken from the seed plan (its issuer and signer)."""
    schema = schema_for(doc_type.id)
    props, required = schema["properties"], set(schema.get("required", ()))
    base = _fixture(BASE_FIXTURE)
    doc: dict = {"type": doc_type.id}
    for key in ("issuer", "number", "place", "date", "summary", "noi_nhan", "luu", "signer"):
        if key in props and key in base and (key in required or key in ("number", "date", "noi_nhan", "luu")):
            doc[key] = copy.deepcopy(base[key])
    if "summary" in doc:
        doc["summary"] = f"Trích yếu nội dung {doc_type.name.lower()}"
    if "issuer" in doc:  # fields the schema added to the issuer since the seed was written
        issuer_schema = props["issuer"]
        for key in issuer_schema.get("required", ()):
            doc["issuer"].setdefault(key, _synth(issuer_schema["properties"][key], key))
    for key in required - set(doc):
        doc[key] = _synth(props[key], key)
    if doc_type.kinh_gui == "required" and "kinh_gui" in props:
        doc["kinh_gui"] = [f"Ủy ban nhân dân tỉnh {base['place']}"]
    return doc


def _has_fixture(doc_type: DocType) -> bool:
    return bool(doc_type.fixture) and (FIXTURES_DIR / doc_type.fixture).is_file()


def example(type_id: str) -> dict:
    """A valid example document of the type (a fresh copy the caller may change)."""
    doc_type = TYPES[type_id]
    doc = _fixture(doc_type.fixture) if _has_fixture(doc_type) else _minimal(doc_type)
    return copy.deepcopy(doc)


def example_is_minimal(type_id: str) -> bool:
    return not _has_fixture(TYPES[type_id])


def fold(text: str) -> str:
    """Accent- and case-insensitive search key: `Kế hoạch` and `ke hoach` match."""
    return ascii_slug(text, max_len=1000).lower().replace("-", " ")


def search(query: str) -> list[dict]:
    """Types whose name, id or abbreviation contains every word of the query (accents ignored)."""
    words = fold(query).split()
    out = []
    for s in summaries():
        hay = fold(" ".join(str(v) for v in (s["name"], s["id"].replace("_", " "), s["abbreviation"] or "")))
        if all(w in hay for w in words):
            out.append(s)
    return out


@lru_cache(maxsize=None)
def schema_bytes(type_id: str) -> tuple[bytes, str]:
    """The type's schema serialised once, with a strong ETag (content hash) for caches."""
    data = json.dumps(input_schema_for(type_id), ensure_ascii=False, sort_keys=False).encode()
    return data, hashlib.sha256(data).hexdigest()[:32]


def detail(type_id: str) -> dict:
    """GET /types/{id}: the summary, the schema and an example."""
    return {**summary(TYPES[type_id]), "schema": input_schema_for(type_id), "example": example(type_id),
            "example_minimal": example_is_minimal(type_id)}


def summaries_ids() -> list[str]:
    return list(TYPES)
