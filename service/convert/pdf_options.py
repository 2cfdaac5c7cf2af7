"""LibreOffice PDF export filter data for our documents (writer_pdf_Export FilterData names)."""
from __future__ import annotations

EXPORT_FILTER = "writer_pdf_Export"
PDFA_2B = 2  # SelectPdfVersion: 0 = plain PDF 1.6, 1 = PDF/A-1b, 2 = PDF/A-2b, 3 = PDF/A-3b


def filter_options(pdfa: bool = False) -> list[str]:
    """Fonts always embedded (the decree's copies must display identically everywhere); PDF/A-2b for archiving."""
    options = ["EmbedStandardFonts=true"]  # also embed the base-14 fonts that PDF viewers would otherwise supply
    if pdfa:
        options.append(f"SelectPdfVersion={PDFA_2B}")
    return options
