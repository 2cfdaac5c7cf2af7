"""The body tree flattened into paragraphs ("blocks") with generated labels (App.I §3): I. 1. a) -, Chương I,
Điều 1., and the closing mark ./. — numbering is computed here, never typed by the author.

A block is {"kind": section|heading|subheading|basis|center|body|caption|unit|table, "text": …}; an untitled
article's block also carries "lead" (the bold "Điều 1.") and "rest" (the text after it).
"""
from __future__ import annotations

from service.compose.numbering import label
from service.compose.tables import compose_table
from service.rules import nd30
from service.rules.types import DECISION_SCHEME


def upper(text: str) -> str:
    """Vietnamese-aware upper case (Python's str.upper keeps the tone marks)."""
    return text.upper()


def block(kind: str, text: str) -> dict:
    return {"kind": kind, "text": text}


def labelled(lab: str, text: str) -> str:
    return f"{lab} {text}" if lab else text


def table_blocks(node: dict, out: list[dict], width: int) -> None:
    """A table's caption and unit lines, then the table itself (sizes from the section's text width)."""
    for table in node.get("tables") or []:
        title = (table.get("title") or "").strip()
        if title:
            out.append(block("caption", title))
        unit = (table.get("unit") or "").strip()
        if unit:
            out.append(block("unit", f"(Đơn vị tính: {unit})"))
        out.append({"kind": "table", "text": title, "table": compose_table(table, width)})


class _Tree:
    """Flattens one body tree into blocks: titled nodes get their own title line, untitled ones a label prefix."""

    def __init__(self, width: int):
        self.out: list[dict] = []
        self.width = width

    def paragraphs(self, node: dict, lab: str, title_kind: str, lead: bool = False) -> None:
        paras = list(node.get("paragraphs") or [])
        title = (node.get("title") or "").strip()
        if title:
            self.out.append(block(title_kind, labelled(lab, title)))
        elif paras:
            first = paras.pop(0)
            para = block("body", labelled(lab, first))
            if lead and lab:
                para.update(lead=lab, rest=f" {first}")
            self.out.append(para)
        elif lab:
            self.out.append(block("body", lab))
        self.out.extend(block("body", p) for p in paras)

    def bullets(self, node: dict, style: str) -> None:
        for b in node.get("bullets") or []:
            self.out.append(block("body", labelled(label(style, 1), b)))

    def tables(self, node: dict) -> None:
        table_blocks(node, self.out, self.width)


def plan_blocks(body: dict, scheme: tuple[str, ...], width: int) -> list[dict]:
    """Sections → items → points → bullets (App.I §3); numbering restarts in each parent."""
    sec_style, item_style, point_style, bullet_style = scheme
    tree = _Tree(width)

    def items(nodes: list[dict]) -> None:
        for ii, item in enumerate(nodes, 1):
            tree.paragraphs(item, label(item_style, ii), "heading")
            for pi, point in enumerate(item.get("points") or [], 1):
                tree.paragraphs(point, label(point_style, pi), "subheading")
                tree.bullets(point, bullet_style)
            tree.bullets(item, bullet_style)
            tree.tables(item)

    items(body.get("items") or [])
    tree.tables(body)
    for si, section in enumerate(body.get("sections") or [], 1):
        title = (section.get("title") or "").strip()
        lab = label(sec_style, si)
        tree.out.append(block("section", labelled(lab, upper(title)) if title else lab))
        tree.out.extend(block("body", p) for p in section.get("paragraphs") or [])
        tree.tables(section)
        items(section.get("items") or [])
    return tree.out


def decision_blocks(body: dict, scheme: tuple[str, ...], width: int) -> list[dict]:
    """Chapters → articles → clauses → points → bullets (App.I §3 chương, điều, khoản, điểm).

    Chapters print "Chương I" and the title upper case, both centred; articles number on through the chapters;
    an untitled article's "Điều 1." is bold (`lead`) before its regular text.
    """
    chapter_style, article_style, clause_style, point_style, bullet_style = scheme
    tree = _Tree(width)
    counter = 0

    def articles(items: list[dict]) -> None:
        nonlocal counter
        for article in items:
            counter += 1
            tree.paragraphs(article, label(article_style, counter), "heading", lead=True)
            for ci, clause in enumerate(article.get("clauses") or [], 1):
                tree.paragraphs(clause, label(clause_style, ci), "heading")
                for pi, point in enumerate(clause.get("points") or [], 1):
                    tree.paragraphs(point, label(point_style, pi), "subheading")
                    tree.bullets(point, bullet_style)
                tree.bullets(clause, bullet_style)
            tree.bullets(article, bullet_style)
            tree.tables(article)

    for ci, chapter in enumerate(body.get("chapters") or [], 1):
        tree.out.append(block("center", label(chapter_style, ci)))
        title = (chapter.get("title") or "").strip()
        if title:
            tree.out.append(block("center", upper(title)))
        tree.out.extend(block("body", p) for p in chapter.get("paragraphs") or [])
        articles(chapter.get("articles") or [])
    articles(body.get("articles") or [])
    return tree.out


def body_blocks(body: dict, scheme: tuple[str, ...], width: int) -> list[dict]:
    """The body tree as paragraphs with generated labels, in the type's numbering scheme."""
    if scheme == DECISION_SCHEME:
        return decision_blocks(body, scheme, width)
    return plan_blocks(body, scheme, width)


def with_closing_mark(paragraphs: list[str]) -> list[str]:
    """End the last sentence with `./.` (App.I §3) unless the author already did."""
    if not paragraphs:
        return paragraphs
    last = paragraphs[-1].rstrip()
    if not last.endswith(nd30.CLOSING_MARK):
        last = (last[:-1] if last.endswith(".") else last) + nd30.CLOSING_MARK
    return [*paragraphs[:-1], last]


def with_closing_block(blocks: list[dict]) -> list[dict]:
    """Put `./.` after the last sentence when the document ends with a paragraph of text (not a title, a table)."""
    if not blocks or blocks[-1]["kind"] != "body":
        return blocks
    last = dict(blocks[-1])
    last["text"] = with_closing_mark([last["text"]])[0]
    if last.get("lead"):
        last["rest"] = last["text"][len(last["lead"]):]
    return [*blocks[:-1], last]
