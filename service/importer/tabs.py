"""Header lines typed with tabs instead of a table (`ỦY BAN NHÂN DÂN⇥⇥CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`): each
run of such lines becomes a two-cell table, left parts then right parts, as if the clerk had used one."""
from __future__ import annotations

import re
from dataclasses import replace

from service.reading import Document, Para, Run, norm

_TAB_GAP = re.compile(r"\t+")
TAB_TABLE = 10_000  # table numbers for these cells, apart from the document's own tables
HEADER_PARAS = 30  # only the first-page header is typed this way


def split_tab_columns(doc: Document) -> Document:
    paras: list[Para] = []
    block: list[tuple[str, str, Para]] = []
    tables = 0

    def flush() -> None:
        nonlocal tables
        if not block:
            return
        for col in (0, 1):
            for left, right, source in block:
                text = left if col == 0 else right
                if norm(text):
                    fmt = source.runs[0].fmt if source.runs else None
                    paras.append(replace(source, index=len(paras), label="", cell=(TAB_TABLE + tables, 0, col),
                                         runs=[Run(text, fmt, None, None, None)] if fmt else []))
        tables += 1
        block.clear()

    for i, para in enumerate(doc.paras):
        if i < HEADER_PARAS and para.cell is None and not para.textbox and "\t" in para.own_text:
            parts = [_TAB_GAP.split(line.strip("\t "), maxsplit=1) for line in para.own_text.split("\n")]
            if all(len(p) == 2 and norm(p[0]) and norm(p[1]) for p in parts if norm("".join(p))):
                block.extend((p[0], p[1] if len(p) > 1 else "", para) for p in parts if norm("".join(p)))
                continue
        flush()
        paras.append(replace(para, index=len(paras)))
    flush()
    return replace(doc, paras=paras)
