"""A decision's or resolution's preamble and articles (samples 1.1–1.3): the authority line under the summary,
the `Căn cứ …` lines, `Theo đề nghị …` / `Xét đề nghị …`, the action line `QUYẾT ĐỊNH:` / `QUYẾT NGHỊ:`, then
`Điều 1.` … with their clauses (1.), points (a)) and bullets (-)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from service.importer.tree import sentence_case
from service.reading import BASIS_WORDS, classify, is_upper, key, norm
from service.rules.agencies import starts_authority

BASIS_RE = re.compile(rf"^({BASIS_WORDS}|trên\s+cơ\s+sở|sau\s+khi\s+xem\s+xét)\b", re.IGNORECASE)
SESSION_DATES_RE = re.compile(r"^\(.*\)$")  # "(Từ ngày 08 đến 10/12/2015)" under a council's session line
# `Theođề nghị …`: a web page that drops the space after "Theo" (as it glues "vàhoạt", "số02")
PROPOSAL_RE = re.compile(r"^(theo|xét)\s*đề\s+nghị\b", re.IGNORECASE)
TITLE_MAX = 120


@dataclass
class Preamble:
    authority: list[str] = field(default_factory=list)
    basis: list[str] = field(default_factory=list)
    proposal: str | None = None
    action: str | None = None
    used: int = 0  # how many of the given lines it took


def is_action_line(text: str, action_line: str | None) -> bool:
    return bool(action_line) and key(text).rstrip(":").strip() == key(action_line).rstrip(":").strip()


def read_preamble(texts: list[str], action_line: str | None) -> Preamble:
    """Authority (upper-case lines before the first basis line), basis, proposal and the action line, from the
    start of `texts`; stops at the first line that is none of them."""
    out = Preamble()
    i = 0
    while i < len(texts) and is_upper(texts[i]) and len(out.authority) < 3 \
            and not is_action_line(texts[i], action_line) and (out.authority or starts_authority(texts[i])):
        out.authority.append(texts[i])
        i += 1
    if out.authority and i < len(texts) and SESSION_DATES_RE.match(texts[i]):
        out.authority.append(texts[i])
        i += 1
    while i < len(texts):
        text = texts[i]
        if BASIS_RE.match(text):
            out.basis.append(text.rstrip(";,. "))
        elif PROPOSAL_RE.match(text) and out.proposal is None:
            out.proposal = text.rstrip(";,. ")
        elif is_action_line(text, action_line):
            out.action = text
            i += 1
            break
        else:
            break
        i += 1
    out.used = i
    return out


def _node_text(node: dict, key_: str, text: str) -> None:
    node.setdefault(key_, []).append(text)


def build_articles(texts: list[str]) -> tuple[list[str], dict, int]:
    """(paragraphs before the first article or chapter, the body {"articles"} or {"chapters"}, how many lines were
    placed). Labels are stripped: the renderer numbers chapters, articles, clauses and points itself."""
    before: list[str] = []
    articles: list[dict] = []
    chapters: list[dict] = []
    article = clause = point = None
    for text in texts:
        lab = classify(text)
        rest = lab.rest.strip()
        if lab.level in ("chapter", "part"):
            chapter = {"title": sentence_case(rest)} if rest else {}
            chapter["articles"] = articles = []
            chapters.append(chapter)
            article = clause = point = None
        elif lab.level == "article":
            article, clause, point = {}, None, None
            articles.append(article)
            if rest:
                if len(rest) <= TITLE_MAX and not rest.endswith((".", ";", ":")):
                    article["title"] = rest
                else:
                    _node_text(article, "paragraphs", rest)
        elif article is None:
            if chapters and not chapters[-1].get("title") and is_upper(text):
                chapters[-1]["title"] = sentence_case(text)
            else:
                before.append(text)
        elif lab.level == "item":
            clause, point = {}, None
            if rest:
                _node_text(clause, "paragraphs", rest)
            article.setdefault("clauses", []).append(clause)
        elif lab.level == "point" and clause is not None:
            point = {}
            if rest:
                _node_text(point, "paragraphs", rest)
            clause.setdefault("points", []).append(point)
        elif lab.level == "bullet" and lab.label in ("-", "+", "–", "—", "•"):
            _node_text(point if point is not None else clause if clause is not None else article, "bullets", rest)
        else:
            _node_text(point if point is not None else clause if clause is not None else article, "paragraphs",
                       norm(text))
    if chapters:
        return before, {"chapters": chapters}, len(texts)
    return before, {"articles": articles}, len(texts)

