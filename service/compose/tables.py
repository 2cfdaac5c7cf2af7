"""Body tables as printed: cells as text (Vietnamese digit grouping), rows padded, column widths in twips.

The renderer turns the result into OOXML (service/render/tables.py); the preview can show it as it is.
"""
from __future__ import annotations

import re
from decimal import Decimal

_NUMERIC = re.compile(r"^[+\-−]?[\d.,\s]+%?$")


def format_quantity(value: int | float | Decimal) -> str:
    """1250 → 1.250, 3.5 → 3,5: dots group thousands and a comma marks decimals in Vietnamese text."""
    if isinstance(value, bool):
        return str(value)
    text = f"{Decimal(str(value)).normalize():f}"
    sign = "-" if text.startswith("-") else ""
    whole, _, frac = text.lstrip("-").partition(".")
    groups = []
    while len(whole) > 3:
        whole, tail = whole[:-3], whole[-3:]
        groups.insert(0, tail)
    grouped = ".".join([whole, *groups])
    return f"{sign}{grouped},{frac}" if frac else f"{sign}{grouped}"


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return format_quantity(value)
    return str(value)


def is_numeric(text: str) -> bool:
    """Cells that are figures are centred in their column (the usual look of statistics tables)."""
    return bool(text) and bool(_NUMERIC.match(text.strip()))


def column_widths(n: int, relative: list | None, total_twips: int) -> list[int]:
    """Widths in twips summing to the text width; equal when no relative widths are given."""
    weights = [float(w) for w in relative] if relative and len(relative) == n else [1.0] * n
    scale = total_twips / sum(weights)
    widths = [int(w * scale) for w in weights]
    widths[-1] += total_twips - sum(widths)
    return widths


def compose_table(table: dict, total_twips: int) -> dict:
    """Plain data the renderer lays out: header texts, rows of cell texts, widths, whether the last row is a total."""
    columns = [str(c) for c in table["columns"]]
    n = len(columns)
    rows = []
    for row in table.get("rows") or []:
        cells = [cell_text(v) for v in row][:n]
        rows.append(cells + [""] * (n - len(cells)))
    return {
        "columns": columns,
        "rows": rows,
        "widths": column_widths(n, table.get("widths"), total_twips),
        "total": bool(table.get("total")),
    }
