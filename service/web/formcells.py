"""The cells of a table row in the form, written directly: a 2,000 × 20 table is 40,000 fields, and the generic
field macro (label, help, three item buttons each) made that 75 MB of HTML and 20 s of Jinja.

A cell keeps everything static/app.js reads (data-node, data-key, data-path, data-type, data-input, the error
slot) and its label as aria-label; the row keeps its own tools and its "add" button (templates/_macros.html).
"""
from __future__ import annotations

from html import escape as _html_escape

from markupsafe import Markup

from service.web.formtree import Node


def escape(value) -> str:
    """HTML-escaped text as a plain str (markupsafe's escape makes a Markup object per call: 40,000 cells × 8)."""
    return _html_escape(str(value), quote=True)


def _cell(n: Node) -> str:
    ident = escape(n.id)
    path = escape(n.path)
    label = escape(n.label)
    checks = "".join(f' data-{escape(k.lower())}="{escape(v)}"' for k, v in n.checks.items())
    error = "; ".join(n.errors)
    invalid = ' aria-invalid="true"' if n.errors else ""
    return (f'<li class="list-item list-item--field"><div class="field field--member field--cell'
            f'{" has-error" if n.errors else ""}" data-node="field" data-key="{escape(n.key)}" data-path="{path}" '
            f'data-label="{label}" data-type="{escape(n.value_type)}"{checks}>'
            f'<p class="field-error" id="{ident}-err" data-err{"" if n.errors else " hidden"}>{escape(error)}</p>'
            f'<input type="text" autocomplete="off" id="{ident}" name="{path}" data-input aria-label="{label}" '
            f'aria-describedby="{ident}-err"{invalid} value="{escape(n.display_value)}"></div></li>')


def row_cells(row: Node) -> Markup:
    """The `<li>` of every cell of one table row."""
    return Markup("".join(_cell(c) for c in row.children))
