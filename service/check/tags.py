"""Leftover template tags (`{{ x }}`, `{% if %}`, `{# #}`): a template that was not filled must never be issued."""
from __future__ import annotations

import re

from service.check.report import Report
from service.reading.reader import Document
from service.reading.text import norm

RULE = "VB.template_tag"
TAG_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{\{|\}\}|\{%|%\}")
# Placeholders of other template syntaxes a clerk may have copied from: `{ten}`, `${ten}`, mail-merge `«ten»`,
# `[ten]`, also spelt in Vietnamese with spaces (`[Tên cơ quan]`, `{đơn_vị}`). Brackets only count around a field
# name (a letter first, then letters, digits, _ or ., at most six words), so `[1]` or `(Đã ký)` do not.
_FIELD = r"[^\W\d_][\w.]{0,39}(?: [\w.]{1,39}){0,5}"
PLACEHOLDER_RE = re.compile(r"\$\{[^{}]{1,40}\}|(?<![{$])\{" + _FIELD + r"\}(?!\})|«[^«»]{1,40}»|\[" + _FIELD + r"\]")
MARKS = {"[daky]"}  # an electronic copy's signed mark, not a placeholder


def check_tags(doc: Document, report: Report) -> None:
    for para in doc.paras:
        text = norm(para.text)
        for m in TAG_RE.finditer(text):
            where = para.part.split(":", 1)[0]
            report.add(RULE, where, m.group(0), "no template tags",
                       f"Còn sót thẻ mẫu “{m.group(0)}” trong văn bản: “{text[:80]}”",
                       f"a template tag “{m.group(0)}” was left in the document: “{text[:80]}”")
        for m in PLACEHOLDER_RE.finditer(TAG_RE.sub(" ", text)):
            if m.group(0).lower() in MARKS:
                continue
            where = para.part.split(":", 1)[0]
            report.add(RULE, where, m.group(0), "no placeholders",
                       f"Còn sót chỗ trống của mẫu “{m.group(0)}” chưa điền: “{text[:80]}”",
                       f"a placeholder “{m.group(0)}” of a template was left unfilled: “{text[:80]}”")
