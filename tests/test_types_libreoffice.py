"""Every type's example opened by the real LibreOffice (one soffice call converts them all): it converts to A4
pages, the PDF says what the document says, and the per-type layouts hold on paper (landscape appendix pages
numbered on their own, the attached regulation on its own page, two signatures side by side, the copy block on
one page)."""
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from docx_helpers import normalize
from service.render import render_docx
from service.rules.types import TYPES

pytestmark = [pytest.mark.libreoffice]

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TEMPLATE = FIXTURES.parent / "templates" / "van-ban.docx"
EXAMPLES = sorted(p.name for p in FIXTURES.glob("*.json"))
A4 = (595.3, 841.9)


LONG = "long-appendix.json"


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def long_appendix() -> dict:
    """The report with one appendix whose table runs over three pages."""
    doc = load("bao-cao.json")
    table = doc["appendices"][0]["tables"][0]
    table["rows"] = [[n, f"Xã số {n}", 1000 + n, 50, 40, 4.0, 60, 6.0] for n in range(1, 91)]
    doc["appendices"] = doc["appendices"][:1]
    return doc


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is installed by .ci/run (libreoffice-writer-nogui)"
    work = tmp_path_factory.mktemp("types_pdf")
    sources = []
    docs = {name: load(name) for name in EXAMPLES}
    docs[LONG] = long_appendix()
    for name, doc in docs.items():
        src = work / name.replace(".json", ".docx")
        src.write_bytes(render_docx(doc))
        sources.append(str(src))
    template = work / "template.docx"  # the base layout itself, tags and all, must stay openable for restyling
    template.write_bytes(TEMPLATE.read_bytes())
    sources.append(str(template))
    subprocess.run([soffice, f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(work), *sources], check=True, capture_output=True, timeout=600)
    return {**{name: work / name.replace(".json", ".pdf") for name in docs}, "template": work / "template.pdf"}


def pages(pdf: Path, layout: bool = False) -> list[str]:
    args = ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, check=True, text=True).stdout.split("\f")[:-1]


def sizes(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, check=True,
                          text=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_converts_to_a4_and_reads_the_same(pdfs, name):
    pdf = pdfs[name]
    assert pdf.is_file() and pdf.stat().st_size > 1000, name
    for w, h in sizes(pdf):
        assert sorted((round(w, 1), round(h, 1))) == list(A4)
    doc = load(name)
    text = normalize(" ".join(pages(pdf)))
    doc_type = TYPES[doc["type"]]
    assert (doc_type.name.upper() if doc_type.type_line else f"V/v {doc['summary'][:30]}") in text
    signer = doc["signer"]["name"] if "signer" in doc else doc["parties"][1]["representative"]
    assert signer in text
    assert "{{" not in text and "{%" not in text


def test_the_base_template_itself_opens_in_libreoffice(pdfs):
    assert pdfs["template"].is_file()
    assert "{{ d.national_name }}" in " ".join(pages(pdfs["template"]))


def _first_line(page: str) -> str:
    return next((ln.strip() for ln in page.splitlines() if ln.strip()), "")


def test_appendix_pages_are_landscape_and_numbered_on_their_own(pdfs):
    pdf = pdfs["bao-cao.json"]
    text = pages(pdf)
    page_sizes = sizes(pdf)
    appendix = [i for i, page in enumerate(text) if _first_line(page).startswith("Phụ lục")]
    assert [_first_line(text[i]) for i in appendix] == ["Phụ lục I", "Phụ lục II"]
    first = appendix[0]
    assert page_sizes[first][0] > page_sizes[first][1]  # landscape for the wide table
    assert page_sizes[appendix[1]][0] < page_sizes[appendix[1]][1]
    assert all(w < h for w, h in page_sizes[:first])
    assert _first_line(text[1]) == "2"  # the main text's own page numbers
    # Each appendix starts again at 1 and, like page 1, shows no number on its first page.
    assert not re.match(r"^\d+$", _first_line(text[first]))


def test_a_long_appendix_numbers_its_pages_from_one_and_repeats_the_table_header(pdfs):
    text = pages(pdfs[LONG])
    start = next(i for i, page in enumerate(text) if _first_line(page) == "Phụ lục")
    assert start >= 1 and len(text) - start >= 2
    for n, page in enumerate(text[start + 1:], 2):
        assert _first_line(page) == str(n)
        assert "Huyện, thành phố" in page  # the header row repeated on every page (w:tblHeader)


def test_attached_regulation_starts_its_own_page(pdfs):
    text = pages(pdfs["quyet-dinh.json"])
    start = next(i for i, page in enumerate(text) if "QUY CHẾ" in page)
    assert "QUYẾT ĐỊNH:" not in text[start] and "QUYẾT ĐỊNH:" in " ".join(text[:start])
    lines_ = [ln.strip() for ln in text[start].splitlines() if ln.strip()]
    assert lines_[0] == str(start + 1) and lines_[1] == "UBND TỈNH BẮC GIANG"


def test_two_signatures_side_by_side(pdfs):
    for name, left, right in (("bien-ban.json", "THƯ KÝ", "CHỦ TỌA"),
                              ("hop-dong.json", "ĐẠI DIỆN BÊN A", "ĐẠI DIỆN BÊN B")):
        text = "\n".join(pages(pdfs[name], layout=True))
        row = next(ln for ln in text.splitlines() if left in ln)
        assert right in row and row.index(left) < row.index(right), name


def test_copy_block_stays_on_one_page(pdfs):
    text = pages(pdfs["thong-bao-sao-y.json"])
    page = next(p for p in text if "SAO Y" in p)
    assert "Số: 15/SY-UBND" in page and "Lương Văn Quyết" in page
