"""Digital signatures on electronic documents: the decree's layout rules as data.

Reference: Decree 30/2020/NĐ-CP Art. 5 and Appendix I Part II (nd30-layout.md §10); Art. 33 for the seal's
overlap on paper.
"""
from __future__ import annotations

from zoneinfo import ZoneInfo

# The signing time is shown in Vietnam time, ISO 8601 (e.g. 2024-02-05T09:15:30+07:00).
VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

# The agency's seal overlaps about one third of the signer's signature image, on its left.
SEAL_OVERLAP_FRACTION = 1 / 3

# A seal image is drawn at real size: from the PNG's own resolution (dpi) when it has one, else from the
# configured width; this is the diameter used when neither is known (an agency's round seal is 35–40 mm).
SEAL_DEFAULT_MM = 36.0

# Attachments in a separate file and electronic copies: the agency's signature at the top right of the first
# page, no image, Times New Roman (Liberation Serif on Linux, metric-compatible), upright, 10 pt, black.
# (Liberation Serif is what Linux has of Times New Roman; the signer's image is blue, the seal red, both PNG with a
# transparent background: supplied by the agency, not drawn here.)
TEXT_SIGNATURE_PT = 10.0

# Page margins (App. I §1): the text signature sits inside the top margin, flush with the right margin.
RIGHT_MARGIN_MM = 20.0
TEXT_SIGNATURE_TOP_MM = 6.0

MM = 72 / 25.4  # PDF points per millimetre
