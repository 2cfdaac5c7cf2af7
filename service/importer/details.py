"""The fixed lines of the samples with their own wording (giấy mời, giấy giới thiệu, giấy nghỉ phép, biên bản,
giấy ủy quyền: App.III samples 1.7–1.10) read back into the type's `details`.

Each Detail of service/rules/types.py says how its line prints ("Thời gian: {value}", "{co_quan} trân trọng kính
mời: {value}"); the same template, turned into a pattern, finds the line in an imported text. A fixed sentence of
the sample is recognised and left out (the renderer prints it again); `{co_quan}` gives the issuer's name as written
in a sentence. Nothing is guessed: a line no template matches stays where the body builder put it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from service.reading import classify, norm
from service.rules import nd30
from service.rules.types import Detail, DocType

_FIELD = re.compile(r"\{(\w+)\}")


@dataclass
class Details:
    """What the lines gave: the details by key, the issuer's name in a sentence, the lines they came from, and the
    paragraphs left before the first and after the last detail line."""

    values: dict[str, object] = field(default_factory=dict)
    co_quan: str | None = None
    lines: list[str] = field(default_factory=list)
    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)


def _pattern(detail: Detail, enums: dict[str, tuple[str, ...]]) -> re.Pattern[str] | None:
    """The detail's printed line as a pattern: its words however spaced, in either case, each `{field}` a named
    group (`value` for the detail's own; a field with fixed choices, such as ông/bà, only those)."""
    if not detail.line:
        return None
    out, pos, seen = [], 0, set()
    template = detail.line
    fields = list(_FIELD.finditer(template))
    for n, m in enumerate(fields):
        name = m.group(1)
        if name == "co_quan" and m.start() == 0:  # `Trân trọng kính mời:` is also typed without the agency
            out.append(r"(?:(?P<co_quan>.+?)\s+)?")
            pos = len(template) - len(template[m.end():].lstrip())
            seen.add(name)
            continue
        out.append(_literal(template[pos:m.start()]))
        last = n == len(fields) - 1 and not template[m.end():].strip()
        # the detail's own value may be left for the next line (`… trân trọng kính mời:` / `Đại diện …`)
        body = "|".join(map(re.escape, enums[name])) if enums.get(name) else (".*" if last else ".+?")
        out.append(f"(?P<{name}>{body})" if name not in seen else f"(?:{body})")
        seen.add(name)
        pos = m.end()
    out.append(_literal(template[pos:]))
    return re.compile("^" + "".join(out) + "$", re.IGNORECASE)


def _literal(text: str) -> str:
    """Fixed words of a template, the spaces between them matched loosely (typed twice, or a tab)."""
    if not text:
        return ""
    if not text.strip():
        return r"\s+"
    lead = r"\s*" if text[0].isspace() else ""
    trail = r"\s*" if text[-1].isspace() else ""
    words = r"\s+".join(re.escape(w[:-1]) + r"\s*:" if w.endswith(":") else re.escape(w) for w in text.split())
    return lead + words + trail


def _unbulleted(text: str) -> str:
    """The line without its list dash (the reading layer's bullet): `- Thời gian: …` is typed as a list too."""
    label = classify(text)
    return label.rest if label.level == "bullet" else text


def _is_item(text: str) -> bool:
    return classify(text).level == "bullet"


def _matches(patterns: list, text: str) -> bool:
    return any(p.match(_unbulleted(text)) for _d, p in patterns)


def _clean_item(text: str) -> str:
    return _unbulleted(text).rstrip(";.").strip()


def take_details(doc_type: DocType, paragraphs: list[str]) -> Details:
    """The type's details found in `paragraphs` (the opening and closing the body builder made, in order)."""
    found = Details()
    enums = {d.key: d.enum for d in doc_type.details if d.key and d.enum}
    patterns = [(d, p) for d in doc_type.details if (p := _pattern(d, enums)) is not None]
    intro = norm(doc_type.body_intro or "").casefold()
    first = None
    i = 0
    while i < len(paragraphs):
        text = norm(paragraphs[i])
        if intro and text.casefold() == intro:  # printed again by the renderer (biên bản's "Nội dung:")
            found.lines.append(paragraphs[i])
            i += 1
            continue
        if text.endswith(nd30.CLOSING_MARK):  # the renderer ends the document with the mark itself
            text = text[: -len(nd30.CLOSING_MARK)].rstrip()
        text = _unbulleted(text)
        for detail, pattern in patterns:
            m = pattern.match(text)
            if m is None:
                continue
            at = i
            if "value" in m.groupdict() and not (m.group("value") or "").strip() and not detail.many \
                    and i + 1 < len(paragraphs) and not _matches(patterns, norm(paragraphs[i + 1])):
                i += 1  # the value on the line below its label
                found.lines.append(paragraphs[at])
                at_value = norm(paragraphs[i])
                m = pattern.match(f"{text} {at_value}") or m
            groups = {k: v.strip() for k, v in m.groupdict().items() if v and v.strip()}
            co_quan = groups.pop("co_quan", None)
            if co_quan and found.co_quan is None:
                found.co_quan = co_quan
            value = groups.pop("value", None)
            for name, text_value in groups.items():  # another detail printed inside this line (`{ho_ten}`)
                found.values.setdefault(name, text_value)
            found.lines.append(paragraphs[i])
            if detail.key and detail.many:
                items = []
                while i + 1 < len(paragraphs) and _is_item(norm(paragraphs[i + 1])):
                    i += 1
                    items.append(_clean_item(norm(paragraphs[i])))
                    found.lines.append(paragraphs[i])
                found.values[detail.key] = items
            elif detail.key and value is not None:
                found.values[detail.key] = value
            first = at if first is None else first
            break
        i += 1
    if first is None:
        found.before = list(paragraphs)
        return found
    taken = {id(p) for p in found.lines}
    found.before = [p for p in paragraphs[:first] if id(p) not in taken]
    # a free line among the details prints after them, before the rest of the closing (the sample has no place for
    # it between its fixed lines); the order of the source is kept
    found.after = [p for p in paragraphs[first:] if id(p) not in taken]
    return found
