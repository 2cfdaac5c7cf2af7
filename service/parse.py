"""The parse step: JSON in, a Document out — the one place a document is expanded and validated.

A request's document names its agency, signer and recipient groups by id or spells them out; `parse` fills the
references in from the agency profiles (service.agency.expand), validates the result once against its type's JSON
Schema and the decree's rules (service.validate.validate) and returns the frozen, typed Document
(service.document) that every later step reads. Nothing below this validates again."""
from __future__ import annotations

from typing import Any

from service import validate as validation
from service.agency.expand import ProfileLookup, expand
from service.document import Document
from service.validate import InvalidDocument


def parse(raw: Any, *, lookup: ProfileLookup | None = None, expand_profiles: bool = True) -> Document:
    """The Document of a JSON document, or InvalidDocument with every problem (an unknown agency, signer or
    recipient group is one of them).

    `lookup` finds agency profiles by code (None: no profile source, so a document naming one is refused with a
    clear error). `expand_profiles=False` validates the document exactly as given: the form carries every field
    already, and a batch row's references are named as errors instead of being filled in."""
    doc = expand(raw, lookup) if expand_profiles else raw
    errors = validation.validate(doc)
    if errors:
        raise InvalidDocument(errors)
    return Document.from_valid(doc)


def as_document(doc: Document | Any, *, lookup: ProfileLookup | None = None) -> Document:
    """A Document as it is; JSON through `parse` (the thin conveniences that take a dict call this). Without a
    profile source the JSON is validated as given: an `agency` code beside filled-in fields is just the agency's
    name for the register, while a signer or group still named by id is reported by validation."""
    if isinstance(doc, Document):
        return doc
    return parse(doc, lookup=lookup, expand_profiles=lookup is not None)
