"""The shape of a short code in a document (`agency`, a signer id, a recipient group: `ldtbxh-bg`): lower-case ASCII
words joined by hyphens. Part of the document model, so the schema needs nothing from service.agency."""
from __future__ import annotations

CODE_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
CODE_MAX = 60
