"""The document as the pipeline carries it after the parse step: frozen, typed, everything derivable resolved once.

service.parse.parse is the one way in from JSON (profile references expanded, validated once); from there
compose, render, produce, the register, batches and signing read attributes, never raw keys of a dict. Issuing
stamps number and date with `Document.stamped`, a new Document with the derived values recomputed and no
validation (nothing below parse validates again).

Header and footer values (type, issuer, number, symbol, "number/symbol", date, place, signer(s), recipients, the
archive line's units, drafter, address, marks, the copy block) are typed attributes. The parts that vary by type
(body, căn cứ, details, parties, attached document, appendices …) stay as deep-frozen JSON in `data`
(MappingProxyType and tuples), read by the composer with `.get` as the JSON Schema describes them.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from service.document.dates import IssueDate, parse_issue_date
from service.document.naming import file_stem
from service.document.numbers import number_symbol
from service.document.symbols import compose_symbol, symbol_for
from service.rules import nd30
from service.rules.types import DocType, get_type

JSON = Any  # a JSON value: dict, list, str, int, float, bool or None


def freeze(value: JSON) -> Any:
    """A JSON value that cannot change: objects become read-only mappings, arrays tuples."""
    if isinstance(value, dict):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(freeze(v) for v in value)
    return value


def thaw(value: Any) -> JSON:
    """The plain JSON of a frozen value (for storage and answers)."""
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [thaw(v) for v in value]
    return value


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _texts(value: Any) -> tuple[str, ...]:
    return tuple(value) if value else ()


@dataclass(frozen=True, slots=True)
class Issuer:
    """The issuing agency of the letterhead (App.I §2 ô 2) and how it is named in running text."""

    name: str
    abbr: str
    parent: str | None = None
    name_text: str | None = None

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> Issuer:
        return cls(value["name"], value["abbr"], _text(value.get("parent")), _text(value.get("name_text")))


@dataclass(frozen=True, slots=True)
class Signer:
    """Who signs (App.I §4 ô 7): the authority (KT., TM. …), the head's title, the own position and the name;
    `on_behalf` the collective a deputy signs for ("TM. ỦY BAN NHÂN DÂN" over "KT. CHỦ TỊCH")."""

    name: str
    position: str
    authority: str | None = None
    head_title: str | None = None
    on_behalf: str | None = None

    @classmethod
    def from_json(cls, value: Mapping[str, Any] | None) -> Signer | None:
        if not value:
            return None
        return cls(value["name"], value["position"], _text(value.get("authority")), _text(value.get("head_title")),
                   _text(value.get("on_behalf")))


@dataclass(frozen=True, slots=True)
class Address:
    """The agency's address line at the foot of the first page (App.I §6 ô 13)."""

    street: str | None = None
    phone: str | None = None
    fax: str | None = None
    email: str | None = None
    website: str | None = None

    @classmethod
    def from_json(cls, value: Mapping[str, Any] | None) -> Address | None:
        if not value:
            return None
        return cls(*(_text(value.get(k)) for k in ("street", "phone", "fax", "email", "website")))


@dataclass(frozen=True, slots=True)
class Drafter:
    """The drafter's abbreviation and the number of copies, printed after the Lưu line (App.I §6 ô 12)."""

    symbol: str | None = None
    copies: int | None = None


@dataclass(frozen=True, slots=True)
class CopyBlock:
    """The copy's own block after the document (bản sao: samples 3.1, 3.2); `symbol` is resolved (SY-UBND)."""

    kind: str
    issuer: Issuer
    place: str
    signer: Signer
    symbol: str
    number: int | None = None
    date: IssueDate | None = None
    noi_nhan: tuple[str, ...] = ()
    luu: tuple[str, ...] = ()

    @property
    def number_symbol(self) -> str:
        """`03/SY-UBND` (a draft copy: the gap, then the symbol)."""
        return number_symbol(self.number, self.symbol)

    @classmethod
    def from_json(cls, value: Mapping[str, Any] | None) -> CopyBlock | None:
        if not value:
            return None
        issuer = Issuer.from_json(value["issuer"])
        symbol = value.get("symbol") or compose_symbol(nd30.COPY_ABBREVIATIONS[value["kind"]][1], issuer.abbr)
        signer = Signer.from_json(value["signer"])
        assert signer is not None  # required by the schema
        return cls(value["kind"], issuer, value["place"], signer, symbol, value.get("number"),
                   parse_issue_date(value.get("date")), _texts(value.get("noi_nhan")), _texts(value.get("luu")))


@dataclass(frozen=True, slots=True)
class Document:
    """A valid document with everything derivable resolved (see the module doc). Build it with
    service.parse.parse; `from_valid` is for JSON that has just passed validation."""

    type: DocType
    issuer: Issuer
    place: str
    summary: str
    symbol: str
    number: int | None
    date: IssueDate | None
    number_symbol: str | None  # `05/KH-LĐTBXH`; None for a draft
    file_stem: str  # `ke-hoach_05-KH-LDTBXH_2024-02-05` (service.document.naming.file_stem)
    signer: Signer | None  # None for a contract: its parties sign
    signer_left: Signer | None = None
    kinh_gui: tuple[str, ...] = ()
    noi_nhan: tuple[str, ...] = ()
    luu: tuple[str, ...] = ()
    drafter: Drafter | None = None
    address: Address | None = None
    urgency: str | None = None
    secrecy: str | None = None
    circulation: str | None = None
    agency: str | None = None
    unit: str | None = None
    copy: CopyBlock | None = None
    data: Mapping[str, Any] = dataclasses.field(default_factory=lambda: MappingProxyType({}), repr=False)

    @property
    def type_id(self) -> str:
        return self.type.id

    @property
    def issue_date(self) -> dt.date | None:
        """The issue date when it is a full date (a draft may know only the month or the year)."""
        return self.date.as_date() if self.date is not None else None

    def file_name(self, ext: str) -> str:
        """`ke-hoach_05-KH-LDTBXH_2024-02-05.docx`."""
        return f"{self.file_stem}.{ext}"

    def as_json(self) -> dict[str, Any]:
        """The document as JSON (what the register stores and the API answers)."""
        return thaw(self.data)

    @classmethod
    def from_valid(cls, doc: Mapping[str, Any]) -> Document:
        """The Document of JSON that has passed validation (service.validate) with its profile references
        expanded; nothing is checked here."""
        data = doc if isinstance(doc, MappingProxyType) else freeze(doc)
        number = data.get("number")
        symbol = symbol_for(data)
        drafter = data.get("drafter")
        return cls(
            type=get_type(data["type"]),
            issuer=Issuer.from_json(data["issuer"]),
            place=data["place"],
            summary=(data.get("summary") or "").strip(),
            symbol=symbol,
            number=number,
            date=parse_issue_date(data.get("date")),
            number_symbol=number_symbol(number, symbol) if number else None,
            file_stem=file_stem(data["type"], number, symbol, data.get("date")),
            signer=Signer.from_json(data.get("signer")),
            signer_left=Signer.from_json(data.get("signer_left")),
            kinh_gui=_texts(data.get("kinh_gui")),
            noi_nhan=_texts(data.get("noi_nhan")),
            luu=_texts(data.get("luu")),
            drafter=Drafter(_text(drafter.get("symbol")), drafter.get("copies")) if drafter else None,
            address=Address.from_json(data.get("address")),
            urgency=_text(data.get("urgency")),
            secrecy=_text(data.get("secrecy")),
            circulation=_text(data.get("circulation")),
            agency=_text(data.get("agency")),
            unit=_text(data.get("unit")),
            copy=CopyBlock.from_json(data.get("copy")),
            data=data,
        )

    def stamped(self, number: int, issue_date: dt.date) -> Document:
        """The document as issued: the register's number and the issue date written in — into the copy block when
        the document is a copy — with "number/symbol" and the file name recomputed. No validation: a number ≥ 1
        and a calendar date cannot make a valid document invalid."""
        date = IssueDate(issue_date.year, issue_date.month, issue_date.day)
        if self.copy is not None:
            block = dict(self.data["copy"], number=number, date=date.iso())
            data = MappingProxyType({**self.data, "copy": MappingProxyType(block)})
            return dataclasses.replace(self, copy=dataclasses.replace(self.copy, number=number, date=date), data=data)
        data = MappingProxyType({**self.data, "number": number, "date": date.iso()})
        return dataclasses.replace(self, number=number, date=date, number_symbol=number_symbol(number, self.symbol),
                                   file_stem=file_stem(self.type.id, number, self.symbol, date.iso()), data=data)
