"""The committed template is exactly what templates/build.py makes: a clerk's restyle is reproducible."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_committed_template_equals_a_fresh_build(tmp_path):
    out = tmp_path / "van-ban.docx"
    subprocess.run([sys.executable, str(ROOT / "templates" / "build.py"), str(out)], check=True, cwd=ROOT,
                   capture_output=True)
    assert out.read_bytes() == (ROOT / "templates" / "van-ban.docx").read_bytes(), \
        "templates/van-ban.docx is stale: run `make templates` and commit it"


def test_no_template_tag_sits_inside_an_xml_attribute():
    """Word refuses a package whose attribute values are not of their type (a page size of `{{ w }}`), so a clerk
    could not open the template to restyle it: tags live in text only; what text cannot carry is finished in code."""
    import re
    import zipfile

    with zipfile.ZipFile(ROOT / "templates" / "van-ban.docx") as zf:
        for name in zf.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                xml = zf.read(name).decode("utf-8")
                assert not re.findall(r'="[^"]*(\{\{|\{%)[^"]*"', xml), name


def test_landscape_last_appendix_is_finished_in_code(plan):
    import io
    import zipfile

    from service.render import render_docx

    plan["issuer"]["name_text"] = "Sở Lao động - Thương binh và Xã hội"
    plan["appendices"] = [{"title": "Bảng tổng hợp", "landscape": True, "paragraphs": ["Số liệu kèm theo."]}]
    xml = zipfile.ZipFile(io.BytesIO(render_docx(plan))).read("word/document.xml").decode()
    last = xml[xml.rfind("<w:sectPr"):]
    assert '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>' in last
    plan["appendices"][0]["landscape"] = False
    xml = zipfile.ZipFile(io.BytesIO(render_docx(plan))).read("word/document.xml").decode()
    assert 'w:orient="landscape"' not in xml[xml.rfind("<w:sectPr"):]
