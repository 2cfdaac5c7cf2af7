"""Leftover template tags (`{{ x }}`, `{% if %}`, `{# #}`): a template that was not filled must never be issued."""
from __future__ import annotations

import re

from service.check.reader import Document
from service.check.report import Report
from service.check.text import norm

RULE = "VB.template_tag"
TAG_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{\{|\}\}|\{%|%\}")


def check_tags(doc: Document, report: Report) -> None:
    for para in doc.paras:
        text = norm(para.text)
        for m in TAG_RE.finditer(text):
            where = para.part.split(":", 1)[0]
            report.add(RULE, where, m.group(0), "no template tags",
                       f"Còn sót thẻ mẫu “{m.group(0)}” trong văn bản: “{text[:80]}”",
                       f"a template tag “{m.group(0)}” was left in the document: “{text[:80]}”")
