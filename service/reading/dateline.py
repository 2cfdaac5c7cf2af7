"""The place–date line as printed (App.I §2 ô 4): `Bắc Giang, ngày 05 tháng 02 năm 2024`, with the blanks a draft
leaves for the day and month; the checker judges it, the importer reads the date from it."""
from __future__ import annotations

import re

DATE_RE = re.compile(r"^(?P<place>[^,]+),\s*(?P<w1>ngày)\s*(?P<d>\S*?)\s*(?P<w2>tháng)\s*(?P<m>\S*?)\s*"
                     r"(?P<w3>năm)\s*(?P<y>\S*?)\s*$", re.IGNORECASE)
BLANK_RE = re.compile(r"^[.…_\-]*$")
