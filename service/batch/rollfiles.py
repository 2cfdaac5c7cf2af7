"""Next year's drafts made by the roll-forward page, kept for their download: one 0600 file per draft
(`<data dir>/roll-forward/<token>.json`) holding its owner and the document; only the owner reads it back."""
from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import Any

from service.batch import quota
from service.store.private import private_dir, write_private

_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def roll_dir(data_dir: str | Path) -> Path:
    return Path(data_dir) / "roll-forward"


def save(data_dir: str | Path, document: dict, owner: dict[str, Any], *, anonymous_quota: int | None = None) -> str:
    """Keep `document` for `owner`; its token. QuotaExceeded (nothing written) when an anonymous owner would
    take the anonymous uploads past `anonymous_quota` bytes."""
    # a lone surrogate in the uploaded text stays a JSON escape (\ud800): the file is kept as it was sent
    data = json.dumps({"owner": owner, "document": document}, ensure_ascii=False).encode("utf-8", "backslashreplace")
    quota.check(data_dir, owner, len(data), anonymous_quota)
    token = uuid.uuid4().hex
    folder = private_dir(roll_dir(data_dir))
    write_private(folder / f"{token}.json", data)
    return token


def load(data_dir: str | Path, token: str) -> tuple[dict[str, Any] | None, dict]:
    """(owner, document) of a kept draft; KeyError for an unknown or malformed token (no path tricks)."""
    if not _TOKEN.match(token or ""):
        raise KeyError(token)
    path = roll_dir(data_dir) / f"{token}.json"
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KeyError(token) from None
    return stored.get("owner"), stored["document"]
