"""The compiled-template engine produces what plain docxtpl produces, as a valid package, safely and fast-path."""
import io
import json
import shutil
import threading
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Mm
from docxtpl import InlineImage

from docx_helpers import part, paragraph_text, q, texts
from service.render import render_context, template_path
from service.render.engine import CompiledTemplate, TemplateCache, render_with_docxtpl

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted((ROOT / "fixtures").glob("*.json"))


def _all_text(data: bytes) -> list[str]:
    out = texts(data)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in sorted(zf.namelist()):
            if name.startswith(("word/header", "word/footer")):
                out += [name] + [paragraph_text(p) for p in part(data, name).iter(q("w:p"))]
    return out


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_text_equals_plain_docxtpl_for_every_fixture(fixture):
    doc = json.loads(fixture.read_text(encoding="utf-8"))
    ctx = render_context(doc)
    path = template_path()
    ours = TemplateCache().render(path, ctx)
    theirs = render_with_docxtpl(path, ctx)
    assert _all_text(ours) == _all_text(theirs)
    # Same paragraphs with the same styles, in the same order.
    styles = lambda data: [p.style.name for p in docx.Document(io.BytesIO(data)).paragraphs]  # noqa: E731
    assert styles(ours) == styles(theirs)


def test_output_is_a_valid_reproducible_package(plan_doc):
    ctx = render_context(plan_doc)
    compiled = CompiledTemplate(template_path().read_bytes())
    a, b = compiled.render(ctx), compiled.render(ctx)
    assert a == b  # equal input, equal bytes
    with zipfile.ZipFile(io.BytesIO(a)) as zf:
        assert zf.testzip() is None
        src = zipfile.ZipFile(template_path())
        assert zf.namelist() == src.namelist()
        assert zf.read("word/styles.xml") == src.read("word/styles.xml")  # static members copied as they were
    assert docx.Document(io.BytesIO(a)).paragraphs


def test_cache_refreshes_when_the_template_file_changes(tmp_path, plan_doc):
    from templates_builder import build_variant

    path = tmp_path / "t.docx"
    shutil.copy(template_path(), path)
    cache = TemplateCache()
    ctx = render_context(plan_doc)
    first = cache.get(path)
    assert cache.get(path) is first  # prepared once
    build_variant(path, "Nơi nhận:", "NƠI NHẬN (sửa mẫu):")
    second = cache.get(path)
    assert second is not first and second.sha256 != first.sha256
    assert "NƠI NHẬN (sửa mẫu):" in texts(cache.render(path, ctx))


def test_threads_share_one_compiled_template(plan_doc):
    cache = TemplateCache()
    path = template_path()
    variants = []
    for i in range(8):
        d = json.loads(json.dumps(plan_doc))
        d["summary"] = f"Kế hoạch số {i} năm 2024"
        variants.append(render_context(d))
    expected = [CompiledTemplate(path.read_bytes()).render(c) for c in variants]
    results = [None] * 8
    errors = []

    def work(i):
        try:
            for _ in range(25):
                out = cache.render(path, variants[i])
                assert out == expected[i]
            results[i] = out
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and results == expected
    assert len({id(v[1]) for v in cache._by_path.values()}) == 1


def _table_template(path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("{{ title }}")
    t = d.add_table(rows=3, cols=3)
    for c, h in zip(t.rows[0].cells, ("STT", "Đơn vị", "Số lượng")):
        c.text = h
    t.rows[1].cells[0].text = "{%tr for r in rows %}"
    r2 = t.rows[2].cells
    r2[0].text, r2[1].text, r2[2].text = "{{ r.stt }}", "{{ r.unit }}", "{{ r.n }}"
    t.add_row().cells[0].text = "{%tr endfor %}"
    d.add_paragraph("{%p for line in lines %}")
    d.add_paragraph("{{ line }}")
    d.add_paragraph("{%p endfor %}")
    d.add_paragraph("Ghi chú: {{ note }}")
    d.save(path)


def test_row_loops_paragraph_loops_and_line_breaks_match_docxtpl(tmp_path):
    path = tmp_path / "table.docx"
    _table_template(path)
    ctx = {"title": "Thống kê & báo cáo <2024>", "rows": [{"stt": i, "unit": f"Phòng {i}", "n": i * 3}
                                                          for i in range(1, 6)],
           "lines": ["một", "hai"], "note": "dòng 1\ndòng 2"}
    ours = TemplateCache().render(path, ctx)
    theirs = render_with_docxtpl(path, ctx)
    assert _all_text(ours) == _all_text(theirs)
    rows = part(ours, "word/document.xml").findall(".//" + q("w:tr"))
    assert len(rows) == 6 and paragraph_text(rows[-1]) == "5Phòng 515"
    assert "<w:br/>" in zipfile.ZipFile(io.BytesIO(ours)).read("word/document.xml").decode()


def test_images_fall_back_to_docxtpl(tmp_path):
    from docxtpl import DocxTemplate

    path = tmp_path / "img.docx"
    d = docx.Document()
    d.add_paragraph("{{ sig }}")
    d.save(path)
    png = tmp_path / "sig.png"
    png.write_bytes(bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a5d3e1a60000000049454e44ae426082"))
    tpl = DocxTemplate(str(path))  # InlineImage needs a template object; the fallback renders a fresh one
    ctx = {"sig": InlineImage(tpl, str(png), width=Mm(20))}
    out = TemplateCache().render(path, ctx)
    assert any(n.startswith("word/media/") for n in zipfile.ZipFile(io.BytesIO(out)).namelist())
