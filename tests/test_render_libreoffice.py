"""The rendered plan opened by the real LibreOffice: it converts, and the PDF says what the .docx says."""
import io
import re
import shutil
import subprocess

import docx
import pytest

from docx_helpers import normalize

pytestmark = [pytest.mark.libreoffice]


def test_seed_plan_converts_and_pdf_text_matches(plan_docx, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is installed by .ci/run (libreoffice-writer-nogui)"
    src = tmp_path / "kh.docx"
    src.write_bytes(plan_docx)
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "kh.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True,
                          text=True).stdout
    flat = normalize(text)
    for needle in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "KẾ HOẠCH",
                   "I. MỤC ĐÍCH, YÊU CẦU", "III. TỔ CHỨC THỰC HIỆN", "6. Chế độ báo cáo", "- Sở Văn hóa – TT&DL;",
                   "- Lưu: VT, VP.", "KT. GIÁM ĐỐC", "Trương Đức Huấn"):
        assert needle in flat, needle
    # Every body paragraph of the .docx (outside the two layout tables) is in the PDF, word for word.
    raw = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    pages_text = raw.split("\f")
    # Pages 2… start with their number, centred in the header (App.I §1); page 1 has none.
    for n, page in enumerate(pages_text[1:], 2):
        if page.strip():
            first, _, rest = page.lstrip("\n").partition("\n")
            assert first.strip() == str(n)
            pages_text[n - 1] = rest
    assert not pages_text[0].lstrip().startswith("1")
    words_pdf = re.sub(r"\s+", "", "".join(pages_text))
    paragraphs = [p.text for p in docx.Document(io.BytesIO(plan_docx)).paragraphs if p.text.strip()]
    assert len(paragraphs) > 20
    for para in paragraphs:
        assert re.sub(r"\s+", "", para) in words_pdf, para[:60]
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", pages).group(1)) >= 2
    assert "A4" in pages or "595.3" in pages
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "LiberationSerif" in fonts or "TimesNewRoman" in fonts.replace(" ", "")
