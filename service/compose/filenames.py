"""File names: defined with the document model (service.document.naming), named here for the composer's callers."""
from __future__ import annotations

from service.document.naming import ascii_slug, document_filename  # noqa: F401  (re-exported)
