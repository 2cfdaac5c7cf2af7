"""PDF through real LibreOffice workers: what the PDF contains, and how the workers are supervised.

Every check reads the real output with poppler (pdffonts, pdftotext, pdfinfo, pdftoppm) or the real process
table (psutil).
"""
from __future__ import annotations

import io
import re
import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import docx
import psutil
import pytest
from docx.shared import Mm, Pt
from PIL import Image

from docx_helpers import normalize, part, q, texts
from service import convert
from service.convert import (ConversionError, ConversionTimeout, Converter, ConverterUnavailable, PdfSettings,
                             load_settings)
from service.convert.worker import group_members

pytestmark = [pytest.mark.libreoffice]

PARAGRAPHS = [
    f"Đoạn {i}: Sở Lao động - Thương binh và Xã hội xây dựng kế hoạch triển khai thực hiện Phong trào "
    f"“Toàn dân đoàn kết xây dựng đời sống văn hóa” năm 2024, bảo đảm thiết thực, hiệu quả, tránh hình thức."
    for i in range(1, 61)
]


def build_docx(paragraphs: list[str] = PARAGRAPHS) -> bytes:
    """A multi-page A4 document in Times New Roman 13 pt, as our templates name it."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def run(*cmd: str, data: bytes | None = None) -> str:
    return subprocess.run(cmd, input=data, capture_output=True, check=True).stdout.decode("utf-8")


def pdf_tool(tmp_path, pdf: bytes, *cmd: str) -> str:
    path = tmp_path / f"out-{time.monotonic_ns()}.pdf"
    path.write_bytes(pdf)
    return run(*cmd, str(path), *(["-"] if cmd[0] == "pdftotext" else []))


def pdfinfo(tmp_path, pdf: bytes) -> dict[str, str]:
    lines = pdf_tool(tmp_path, pdf, "pdfinfo").splitlines()
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in lines)}


def words_on_page(tmp_path, pdf: bytes, page: int) -> list[tuple[float, float, float, float, str]]:
    """(xMin, yMin, xMax, yMax, word) in points from the top-left, via pdftotext -bbox."""
    from lxml import etree

    html = pdf_tool(tmp_path, pdf, "pdftotext", "-f", str(page), "-l", str(page), "-bbox")
    root = etree.fromstring(html.encode("utf-8"), etree.XMLParser(recover=True))
    return [
        (float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")), w.text or "")
        for w in root.iter("{http://www.w3.org/1999/xhtml}word")
    ]


@pytest.fixture(scope="module")
def converter(tmp_path_factory):
    conv = Converter(PdfSettings(workers=2, timeout=60, runtime_dir=str(tmp_path_factory.mktemp("pdf-rt"))))
    yield conv
    conv.shutdown()


@pytest.fixture(scope="module")
def sample_docx() -> bytes:
    return build_docx()


@pytest.fixture(scope="module")
def sample_pdf(converter, sample_docx) -> bytes:
    return converter.to_pdf(sample_docx)


# ---- what the PDF contains ----------------------------------------------------------------------------------
def test_every_font_is_embedded(tmp_path, sample_pdf):
    rows = pdf_tool(tmp_path, sample_pdf, "pdffonts").splitlines()[2:]
    assert rows, "pdffonts lists no fonts"
    for row in rows:
        assert row.split()[-5] == "yes", row  # the emb column
    assert any("LiberationSerif" in row for row in rows)  # Times New Roman's metric twin on Linux (§1)


def test_pdf_text_is_the_docx_text_and_spans_pages(tmp_path, sample_docx, sample_pdf):
    pdf_text = pdf_tool(tmp_path, sample_pdf, "pdftotext", "-enc", "UTF-8")
    assert normalize(pdf_text) == normalize(" ".join(texts(sample_docx)))
    assert int(pdfinfo(tmp_path, sample_pdf)["Pages"]) >= 3
    assert sample_pdf.startswith(b"%PDF-1.")
    assert float(pdfinfo(tmp_path, sample_pdf)["PDF version"]) >= 1.4  # the decree: PDF ≥ 1.4


def test_metadata_goes_into_the_pdf_info(tmp_path, converter, sample_docx):
    meta = {"title": "Triển khai thực hiện Phong trào năm 2024", "author": "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
            "subject": "15/KH-LĐTBXH"}
    info = pdfinfo(tmp_path, converter.to_pdf(sample_docx, metadata=meta))
    assert (info["Title"], info["Author"], info["Subject"]) == (meta["title"], meta["author"], meta["subject"])


def test_pdfa_2b_is_flagged_in_xmp_and_plain_pdf_is_not(tmp_path, converter, sample_docx, sample_pdf):
    pdfa = converter.to_pdf(sample_docx, pdfa=True, metadata={"title": "Kế hoạch"})
    xmp = pdf_tool(tmp_path, pdfa, "pdfinfo", "-meta")
    assert "<pdfaid:part>2</pdfaid:part>" in xmp
    assert "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    assert "Kế hoạch" in xmp
    assert "pdfaid:part" not in pdf_tool(tmp_path, sample_pdf, "pdfinfo", "-meta")
    assert all(row.split()[-5] == "yes" for row in pdf_tool(tmp_path, pdfa, "pdffonts").splitlines()[2:])


def test_not_a_docx_is_a_conversion_error_naming_the_field(converter):
    for bad in (b"", b"plain text, not a zip", build_zip_without_document()):
        with pytest.raises(ConversionError) as err:
            converter.to_pdf(bad)
        assert err.value.vi.startswith("docx:") and "not a valid .docx" in err.value.en
    with pytest.raises(ConversionError, match="metadata.keywords"):
        converter.to_pdf(build_docx(["x"]), metadata={"keywords": "a"})


def build_zip_without_document() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("hello.txt", "xin chào")
    return out.getvalue()


def test_bad_settings_name_the_variable_in_both_languages():
    with pytest.raises(ConverterUnavailable) as err:
        load_settings({"VANBAN_PDF_WORKERS": "hai"})
    assert "VANBAN_PDF_WORKERS" in err.value.vi and "must be a int" in err.value.en
    with pytest.raises(ConverterUnavailable, match="VANBAN_PDF_TIMEOUT"):
        load_settings({"VANBAN_PDF_TIMEOUT": "0"})
    assert load_settings({}) == PdfSettings(workers=1, timeout=60.0)
    assert load_settings({"VANBAN_PDF_WORKERS": "3", "VANBAN_PDF_TIMEOUT": "7.5"}).workers == 3


# ---- the seed plan through our renderer ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def plan_pdf(converter, plan_docx) -> bytes:
    return converter.to_pdf(plan_docx)


def test_plan_pdf_metadata_text_and_fonts(tmp_path, plan_doc, plan_docx, plan_pdf):
    info = pdfinfo(tmp_path, plan_pdf)
    assert info["Title"] == plan_doc["summary"]
    assert info["Author"] == plan_doc["issuer"]["name"]
    assert info["Subject"].endswith("/KH-LĐTBXH")  # the renderer's core properties: a draft has no number yet
    pages = pdf_tool(tmp_path, plan_pdf, "pdftotext", "-enc", "UTF-8").split("\f")
    # From page 2 on, each page opens with its number in the header; a paragraph may run across it.
    pdf_text = normalize(" ".join([pages[0]] + [re.sub(r"^\d+\n", "", page) for page in pages[1:]]))
    for paragraph in texts(plan_docx):
        if len(paragraph) > 60:  # body paragraphs flow as written; short table cells may interleave
            assert normalize(paragraph) in pdf_text, paragraph[:60]
    assert all(row.split()[-5] == "yes" for row in pdf_tool(tmp_path, plan_pdf, "pdffonts").splitlines()[2:])


def test_page_number_absent_on_page_1_and_centred_at_top_of_page_2(tmp_path, plan_docx, plan_pdf):
    """Decree App.I §1: Arabic page numbers centred in the top margin, not shown on page 1."""
    info = pdfinfo(tmp_path, plan_pdf)
    assert int(info["Pages"]) >= 2, "the seed plan must run past one page for this check"
    width_pt = float(info["Page size"].split()[0])
    mar = part(plan_docx, "word/document.xml").find(".//" + q("w:pgMar"))
    top_pt = int(mar.get(q("w:top"))) / 20
    left_pt, right_pt = int(mar.get(q("w:left"))) / 20, int(mar.get(q("w:right"))) / 20
    centre_pt = (left_pt + width_pt - right_pt) / 2

    # Text layer: the only word above the top margin is the page number.
    assert [w for w in words_on_page(tmp_path, plan_pdf, 1) if w[3] <= top_pt] == []
    header_words = [w for w in words_on_page(tmp_path, plan_pdf, 2) if w[3] <= top_pt]
    assert [w[4] for w in header_words] == ["2"]
    x_min, _, x_max, _, _ = header_words[0]
    assert abs((x_min + x_max) / 2 - centre_pt) < 6

    # Pixels: page 1's top margin is blank; page 2's has ink, centred on the text column.
    png = tmp_path / "page"
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(plan_pdf)
    subprocess.run(["pdftoppm", "-png", "-gray", "-r", "72", "-f", "1", "-l", "2", str(pdf), str(png)], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    band = (0, 0, round(width_pt), round(top_pt) - 2)
    page1, page2 = (Image.open(p).convert("L").crop(band).point(lambda v: 255 if v > 128 else 0) for p in pages)
    assert page1.getextrema() == (255, 255), "page 1 shows something in its top margin"
    ink = Image.eval(page2, lambda v: 255 - v).getbbox()
    assert ink is not None, "page 2 has no page number"
    assert abs((ink[0] + ink[2]) / 2 - centre_pt) < 6
    assert ink[2] - ink[0] < 15  # one digit, not a line of text


# ---- supervision --------------------------------------------------------------------------------------------
def office_of(worker) -> psutil.Process:
    return next(p for p in group_members(worker.proc.pid) if p.name() == "soffice.bin")


def test_killed_hung_or_crashing_worker_is_replaced_and_requests_succeed(tmp_path):
    conv = Converter(PdfSettings(workers=1, timeout=4, runtime_dir=str(tmp_path / "rt")))
    small = build_docx(["Xin chào"])
    try:
        assert b"%PDF" in conv.to_pdf(small)
        (worker,) = conv.workers
        killed = office_of(worker)
        killed.send_signal(signal.SIGKILL)
        assert "Xin chào" in pdf_tool(tmp_path, conv.to_pdf(small), "pdftotext")
        assert office_of(worker).pid != killed.pid
        assert not psutil.pid_exists(killed.pid) or psutil.Process(killed.pid).status() != psutil.STATUS_ZOMBIE

        hung = office_of(worker)
        hung.send_signal(signal.SIGSTOP)  # hangs the conversion: the timeout must fire and the worker restart
        with pytest.raises(ConversionTimeout) as err:
            conv.to_pdf(small)
        assert "4 s" in err.value.en
        assert "Xin chào" in pdf_tool(tmp_path, conv.to_pdf(small), "pdftotext")
        assert not psutil.pid_exists(hung.pid)

        # Killed in the middle of a conversion: the request is retried on the restarted worker and succeeds.
        doomed = office_of(worker)
        def kill_when_job_arrives():
            deadline = time.monotonic() + 30
            while not list(worker.scratch.glob("*.docx")) and time.monotonic() < deadline:
                time.sleep(0.005)
            doomed.send_signal(signal.SIGKILL)
        with ThreadPoolExecutor(1) as pool:
            killer = pool.submit(kill_when_job_arrives)
            pdf = conv.to_pdf(build_docx(PARAGRAPHS * 4))
            killer.result()
        assert "Đoạn 60:" in pdf_tool(tmp_path, pdf, "pdftotext", "-enc", "UTF-8")
        assert office_of(worker).pid != doomed.pid
        status = conv.status()
        assert status["state"] == "ready" and status["restarts"] >= 3 and status["failures"] >= 2
        assert status["conversions"] == 4
    finally:
        conv.shutdown()


def test_eight_threads_at_once_all_get_their_own_pdf(tmp_path, converter):
    docs = [build_docx([f"Văn bản số {n:02d} của luồng {n}."] + PARAGRAPHS[:8]) for n in range(8)]
    with ThreadPoolExecutor(8) as pool:
        pdfs = list(pool.map(converter.to_pdf, docs))
    for n, pdf in enumerate(pdfs):
        assert f"Văn bản số {n:02d} của luồng {n}." in pdf_tool(tmp_path, pdf, "pdftotext", "-enc", "UTF-8")
    assert converter.status()["workers_alive"] == 2


def test_shutdown_leaves_no_libreoffice_or_unoserver_of_ours(monkeypatch, tmp_path):
    monkeypatch.setenv("VANBAN_PDF_WORKERS", "2")
    monkeypatch.setenv("VANBAN_PDF_RUNTIME_DIR", str(tmp_path / "rt"))
    convert.shutdown()  # start from a fresh default converter with these settings
    assert convert.status()["state"] == "cold"
    assert b"%PDF" in convert.to_pdf(build_docx(["Kết thúc"]))
    conv = convert.get_converter()
    deadline = time.monotonic() + 60
    while conv.status()["workers_alive"] < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    pids = conv.worker_pids()
    procs = [psutil.Process(pid).as_dict(["name", "cmdline"], ad_value=None) for pid in pids]
    assert [p["name"] for p in procs].count("soffice.bin") == 2
    assert sum("uno_main.py" in " ".join(p["cmdline"] or []) for p in procs) == 2  # unoserver's server
    convert.shutdown()
    left = [pid for pid in pids if psutil.pid_exists(pid)]
    assert left == [], [(p, psutil.Process(p).name(), psutil.Process(p).status()) for p in left]
    ours = [p for p in psutil.process_iter(["cmdline"]) if str(tmp_path) in " ".join(p.info["cmdline"] or [])]
    assert ours == []
    assert conv.status()["state"] == "closed"
    with pytest.raises(ConverterUnavailable):
        conv.to_pdf(build_docx(["x"]))
    assert convert.status()["state"] == "cold"  # the next to_pdf would start a new one


def test_missing_soffice_or_uno_python_is_unavailable_quickly(tmp_path):
    started = time.monotonic()
    conv = Converter(PdfSettings(soffice=str(tmp_path / "no-soffice")))
    with pytest.raises(ConverterUnavailable) as err:
        conv.to_pdf(build_docx(["x"]))
    assert "VANBAN_SOFFICE" in err.value.vi and "not found" in err.value.en
    assert conv.status()["state"] == "cold"

    broken = Converter(PdfSettings(uno_python="/bin/false", runtime_dir=str(tmp_path / "rt")))
    with pytest.raises(ConverterUnavailable, match="failed to start"):
        broken.to_pdf(build_docx(["x"]))
    assert broken.status()["state"] == "unavailable"
    broken.shutdown()
    assert time.monotonic() - started < 10
