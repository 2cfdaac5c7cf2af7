"""One producer: a Document in, the bytes to hand out, their media type and file name.

The CLI, the JSON API, the form, the staff pages, batches, signing and the register's default renderer all go
through `produce`: render the .docx (service.render), convert it to PDF when asked (service.convert), name the file
(Document.file_name). Errors stay exceptions here — OverBudget, and the converter's ConvertError family
(ConversionError, ConverterUnavailable, ConversionTimeout) — and each front end maps them in one place:
service.web.problems.produce_problem for HTTP, service.cli.errors.refusals for the command line."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from service.document import Document
from service.render import render_docx
from service.validate import FieldError, InvalidDocument, cost_problem

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MEDIA_TYPE = "application/pdf"
MEDIA_TYPES = {"docx": DOCX_MEDIA_TYPE, "pdf": PDF_MEDIA_TYPE}
FORMATS = tuple(MEDIA_TYPES)

PdfConverter = Callable[..., bytes]  # service.convert.to_pdf or a Converter's to_pdf: (docx, *, pdfa) -> PDF


@dataclass(frozen=True, slots=True)
class Produced:
    """What a front end hands out: the file's bytes, its media type and its file name."""

    data: bytes
    media_type: str
    file_name: str


class OverBudget(InvalidDocument):
    """The document is valid but past the PDF path's cost budget (service.limits `pdf_cells`): `limit` names the
    budget, the one error the field where it was passed."""

    def __init__(self, limit: str, error: FieldError) -> None:
        super().__init__([error])
        self.limit = limit
        self.error = error


def produce(document: Document, fmt: str = "docx", *, pdfa: bool = False,
            converter: PdfConverter | None = None) -> Produced:
    """The document as .docx or PDF (`pdfa`: PDF/A-2b). `converter` converts (default: the process-wide warm
    LibreOffice pool). Raises OverBudget for a PDF too large to convert in time, ConvertError for the converter."""
    if fmt not in MEDIA_TYPES:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    if fmt == "pdf":
        over = cost_problem(document.data, "pdf_cells")
        if over is not None:
            raise OverBudget(*over)
    docx = Produced(render_docx(document), DOCX_MEDIA_TYPE, document.file_name("docx"))
    return docx if fmt == "docx" else pdf_of(docx, pdfa=pdfa, converter=converter)


def pdf_of(docx: Produced, *, pdfa: bool = False, converter: PdfConverter | None = None) -> Produced:
    """The PDF of a produced .docx (title, author and subject travel in its core properties, which LibreOffice
    carries into the PDF); batches call it on their conversion threads."""
    if converter is None:
        from service.convert import to_pdf as converter
    stem = docx.file_name.rsplit(".", 1)[0]
    return Produced(converter(docx.data, pdfa=pdfa), PDF_MEDIA_TYPE, f"{stem}.pdf")
