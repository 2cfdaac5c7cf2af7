"""Page geometry of our templates in twips, derived from the decree's ranges (App.I §1).

Shared by the template builder (which writes it into the .docx) and the composer (which sizes the short
lines to these columns), so the two can never disagree.
"""
from __future__ import annotations

from service.rules import nd30

TWIPS_PER_MM = 1440 / 25.4


def mm(value: float) -> int:
    return round(value * TWIPS_PER_MM)


PAGE_W, PAGE_H = mm(nd30.PAGE_A4_MM[0]), mm(nd30.PAGE_A4_MM[1])
MARGIN = {side: mm(v) for side, v in nd30.MARGINS_CHOSEN_MM.items()}
HEADER_DISTANCE = mm(10)
FOOTER_DISTANCE = mm(8)
TEXT_W = PAGE_W - MARGIN["left"] - MARGIN["right"]

# Header table: issuer column (ô 2, 3) on the left, national motto column (ô 1, 4) on the right.
HEADER_LEFT_W = mm(62)
HEADER_RIGHT_W = TEXT_W - HEADER_LEFT_W
# Bottom table: recipients (ô 9) left, signature (ô 7) right.
FOOTER_LEFT_W = mm(80)
FOOTER_RIGHT_W = TEXT_W - FOOTER_LEFT_W
CELL_MARGIN = 57  # twips of padding left/right inside every table cell (header, signature and body tables)
KINH_GUI_INDENT_MM = 60  # the addressee lines (Kính gửi) start this far in from the left margin
KINH_GUI_INDENT = mm(KINH_GUI_INDENT_MM)
TABLE_SIZE = nd30.ELEMENTS["body"].size[0]  # table cells: the low end of the body range (13 pt), so wide tables fit

FIRST_LINE_INDENT = round(nd30.FIRST_LINE_INDENT_CHOSEN_CM * 10 * TWIPS_PER_MM)
