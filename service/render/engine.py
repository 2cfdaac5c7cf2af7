"""A compiled-template engine for docxtpl templates: prepare once, fill and deflate per render.

docxtpl re-opens and re-parses the whole package on every render (elapouya/python-docx-template#110). Here a
template is prepared once per content hash: docxtpl's own `patch_xml` turns each part with tags into Jinja
source, Jinja compiles it, and every other member keeps its compressed bytes. A render then only runs the
compiled templates, applies docxtpl's post-processing where the output needs it, deflates the changed parts
and copies the rest raw. Contexts holding objects that need the package itself (InlineImage, Subdoc) and
templates with column loops (`{%tc %}`) go through plain docxtpl instead (see `docxtpl_owner`).
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from docxtpl import DocxTemplate, InlineImage
from docxtpl.subdoc import Subdoc
from jinja2 import Environment, Template
from markupsafe import Markup, escape
from lxml import etree

from service.render.zipwriter import Member, deflate, raw_members, write_zip

XML_DECL = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_TAGGED = re.compile(rb"\{\{|\{%|\{#")
_JINJA_PART = re.compile(r"^(word/(document|header\d*|footer\d*|footnotes)\.xml|docProps/core\.xml)$")
_LISTING_CHARS = re.compile(r"[\t\a\f\n]")
_DOCPR_ID = re.compile(r'(<wp:docPr\b[^>]*?\bid=")(\d+)(")')

EnvFactory = Callable[[], Environment]
# Per-part final touches a template cannot carry as valid OOXML (e.g. the last section's page size): part name →
# function of the rendered XML. Applied on both paths, so the template file itself stays valid for Word.
Finish = dict[str, Callable[[str], str]]


def literal(value: Any) -> Markup:
    """A value as it must print: XML-escaped, and with docxtpl's template escapes (`{_{`, `}_}`, `{_%`, `%_}`)
    hidden behind a character reference, so the post-processing that turns them into `{{` … in the template's
    own text never rewrites what a user typed (Jinja's `finalize`: every `{{ … }}` output passes here)."""
    text = value if isinstance(value, Markup) else escape(value)
    if "{_" in text or "_}" in text:
        text = Markup(str(text).replace("{_", "{&#95;").replace("_}", "&#95;}"))
    return text


def default_environment() -> Environment:
    """Jinja with autoescape (a value's `&`, `<`, `"` must print literally) and our Vietnamese filters."""
    from service.render.filters import FILTERS

    env = Environment(autoescape=True, finalize=literal)
    env.filters.update(FILTERS)
    return env


def _post(xml: str) -> str:
    """docxtpl's render_xml_part post-processing, applied only where it changes something."""
    xml = xml.replace("\n<w:p", "<w:p")
    if "{_" in xml or "_}" in xml:
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    if _LISTING_CHARS.search(xml):
        xml = DocxTemplate.resolve_listing(None, xml)
    return xml


@dataclass
class _Part:
    name: str
    template: Template
    declaration: str


class CompiledTemplate:
    """One prepared template; safe to render from many threads (Jinja templates are immutable)."""

    def __init__(self, data: bytes, env: Environment | None = None, source: str = "<bytes>"):
        self.source = source
        self.data = data
        self.sha256 = hashlib.sha256(data).hexdigest()
        self.env = env or default_environment()
        zf = zipfile.ZipFile(io.BytesIO(data))
        members = raw_members(zf, data)
        self.order: list[str] = [i.filename for i in zf.infolist()]
        self.static: dict[str, Member] = {}
        self.parts: dict[str, _Part] = {}
        patcher = DocxTemplate.__new__(DocxTemplate)
        for name in self.order:
            raw = zf.read(name)
            if _JINJA_PART.match(name) and _TAGGED.search(raw):
                root = etree.fromstring(raw)
                xml = etree.tostring(root, encoding="unicode", pretty_print=False)
                if name == "docProps/core.xml":
                    src = xml  # plain text tags in property values
                else:
                    src = patcher.patch_xml(xml)
                    src = re.sub(r"<w:p([ >])", r"\n<w:p\1", src)
                self.parts[name] = _Part(name, self.env.from_string(src), XML_DECL)
            else:
                self.static[name] = members[name]
        doc_src = self.parts.get("word/document.xml")
        self.column_loops = bool(doc_src) and b"{%tc" in zf.read("word/document.xml").replace(b" ", b"")

    def render(self, context: dict[str, Any], finish: Finish | None = None) -> bytes:
        finish = finish or {}
        members = []
        for name in self.order:
            part = self.parts.get(name)
            if part is None:
                if name in finish:
                    xml = finish[name](zipfile.ZipFile(io.BytesIO(self.data)).read(name).decode("utf-8"))
                    members.append(deflate(name, xml.encode("utf-8")))
                else:
                    members.append(self.static[name])
                continue
            xml = part.template.render(context)
            if name != "docProps/core.xml":
                xml = _post(xml)
                if "<wp:docPr" in xml:
                    xml = _renumber_docpr(xml)
            if name in finish:
                xml = finish[name](xml)
            members.append(deflate(name, (part.declaration + xml).encode("utf-8")))
        return write_zip(members)


def _renumber_docpr(xml: str) -> str:
    """docxtpl's fix_docpr_ids: drawings repeated by loops would share ids."""
    counter = iter(range(1001, 1 << 30))
    return _DOCPR_ID.sub(lambda m: f"{m.group(1)}{next(counter)}{m.group(3)}", xml)


def docxtpl_owner(context: Any) -> DocxTemplate | None | bool:
    """The DocxTemplate that images/sub-documents in the context belong to (they must be placed by docxtpl on
    that very object); False when the context holds none and the fast path applies."""
    stack = [context]
    while stack:
        v = stack.pop()
        if isinstance(v, (InlineImage, Subdoc)):
            return v.tpl
        if isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, (list, tuple)):
            stack.extend(v)
    return False


def render_with_docxtpl(path: str | os.PathLike, context: dict, env: Environment | None = None,
                        tpl: DocxTemplate | None = None, finish: Finish | None = None) -> bytes:
    """docxtpl as its documentation shows it: load, render, save. The reference and the fallback."""
    tpl = tpl or DocxTemplate(str(path))
    tpl.render(context, env or default_environment(), autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return apply_finish(out.getvalue(), finish) if finish else out.getvalue()


def apply_finish(data: bytes, finish: Finish) -> bytes:
    """The package with the finishing functions applied to their parts, other members copied raw."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    raw = raw_members(zf, data)
    members = []
    for info in zf.infolist():
        if info.filename in finish:
            xml = finish[info.filename](zf.read(info.filename).decode("utf-8"))
            members.append(deflate(info.filename, xml.encode("utf-8")))
        else:
            members.append(raw[info.filename])
    return write_zip(members)


class TemplateCache:
    """Compiled templates keyed by path, refreshed when the file's content changes; thread-safe."""

    def __init__(self, env_factory: EnvFactory = default_environment):
        self._lock = threading.Lock()
        self._by_path: dict[str, tuple[tuple[int, int], CompiledTemplate]] = {}
        self._by_hash: dict[str, CompiledTemplate] = {}
        self._env_factory = env_factory

    def get(self, path: str | os.PathLike) -> CompiledTemplate:
        key = os.fspath(path)
        st = os.stat(key)
        stamp = (st.st_mtime_ns, st.st_size)
        hit = self._by_path.get(key)
        if hit and hit[0] == stamp:
            return hit[1]
        with self._lock:
            hit = self._by_path.get(key)
            if hit and hit[0] == stamp:
                return hit[1]
            data = Path(key).read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            compiled = self._by_hash.get(digest)
            if compiled is None:
                compiled = CompiledTemplate(data, self._env_factory(), source=key)
            self._by_path[key] = (stamp, compiled)
            # Keep only the versions some path still uses: a replaced template is dropped.
            self._by_hash = {c.sha256: c for _, c in self._by_path.values()}
            return compiled

    def render(self, path: str | os.PathLike, context: dict, finish: Finish | None = None) -> bytes:
        compiled = self.get(path)
        owner = docxtpl_owner(context)
        if owner is not False or compiled.column_loops:
            return render_with_docxtpl(path, context, compiled.env, owner or None, finish)
        return compiled.render(context, finish)


CACHE = TemplateCache()
