"""Signing the real seed plan (rendered through LibreOffice): signer then agency, each an incremental update;
pyHanko's validator and poppler's pdfsig both see two valid signatures covering the document, and both see
it broken after one byte changes; the images sit where the decree puts them; the text signature of
attachments and copies is 10 pt at the top right."""
from __future__ import annotations

import datetime as dt
import io
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from sign_support import colour_box, key_specs, pki, seed_pdf, where  # noqa: F401  (fixtures)
from service.sign import locate, roles, settings
from service.sign.keys import open_signer
from service.sign.pades import Options
from service.sign.verify import verify

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]
WHEN = dt.datetime(2026, 3, 2, 2, 15, 30, 123456, tzinfo=dt.timezone.utc)  # 09:15:30 in Vietnam
DPI = 72  # one pixel per point: PNG boxes compare with PDF boxes directly


@pytest.fixture(scope="module")
def signed(pki, seed_pdf, where):
    signer_spec, agency_spec = key_specs(pki)
    with open_signer(signer_spec) as key:
        first = roles.sign_signer(seed_pdf, key, signer_spec, where, signing_time=WHEN, options=Options())
    with open_signer(agency_spec) as key:
        second = roles.sign_agency(first.data, key, agency_spec, where, signing_time=WHEN, options=Options(),
                                   agency_name="Sở Lao động - Thương binh và Xã hội")
    return seed_pdf, first, second


@dataclass
class TextLine:
    text: str
    box: tuple[float, float, float, float]
    size: float
    font: str


def first_page_lines(pdf: bytes) -> tuple[list[TextLine], float, float]:
    """The first page's text lines with font size and name, read by pdfminer.six (independent of poppler)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTTextLine

    page = next(extract_pages(io.BytesIO(pdf), page_numbers=[0], laparams=LAParams(all_texts=True)))
    out: list[TextLine] = []

    def walk(obj) -> None:
        if isinstance(obj, LTTextLine):
            chars = [c for c in obj if isinstance(c, LTChar)]
            if chars and obj.get_text().strip():
                out.append(TextLine(obj.get_text().strip(), (obj.x0, obj.y0, obj.x1, obj.y1),
                                    max(c.size for c in chars), chars[0].fontname))
            return
        if hasattr(obj, "__iter__"):
            for child in obj:
                walk(child)

    walk(page)
    return out, page.width, page.height


def pdfsig(tmp_path: Path, data: bytes, name: str = "f.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=60).stdout


def flip(data: bytes) -> bytes:
    """Change one byte inside the page content covered by both signatures."""
    at = data.index(b"stream", 2000) + 40
    out = bytearray(data)
    out[at] ^= 0x01
    return bytes(out)


def test_two_incremental_signatures_both_valid_for_pyhanko_and_pdfsig(signed, pki, tmp_path):
    original, first, second = signed
    assert first.data.startswith(original) and second.data.startswith(first.data)  # incremental updates
    assert (first.level, second.level) == ("B-B", "B-B")

    report = verify(second.data, settings.load_trust_roots(pki.trust_dir))
    assert report.ok, report.as_dict()
    assert [s.field for s in report.signatures] == ["ChuKyNguoiKy", "ChuKyCoQuan"]
    sig_signer, sig_agency = report.signatures
    assert "Trương Đức Huấn" in sig_signer.signer and "Bắc Giang" in sig_agency.signer
    assert sig_signer.coverage == "entire_revision" and sig_signer.modification == "signatures_and_forms"
    assert sig_agency.coverage == "entire_file" and sig_agency.modification == "none"
    assert sig_signer.signing_time == "2026-03-02T09:15:30+07:00"
    assert all(s.intact and s.valid and s.trusted for s in report.signatures)

    out = pdfsig(tmp_path, second.data)
    assert out.count("Signature Validation: Signature is Valid.") == 2, out
    assert "Total document signed" in out and out.count("Signature #") == 2

    untrusted = verify(second.data, ())
    assert not untrusted.ok and all(s.intact and not s.trusted for s in untrusted.signatures)


def test_one_flipped_byte_breaks_both(signed, pki, tmp_path):
    damaged = flip(signed[2].data)
    report = verify(damaged, settings.load_trust_roots(pki.trust_dir))
    assert not report.ok
    assert report.signatures and not any(s.intact for s in report.signatures)
    assert any("changed after signing" in m for m in report.signatures[0].messages_en)
    out = pdfsig(tmp_path, damaged)
    assert "Signature is Valid" not in out
    assert out.count("Signature Validation:") == 2 or "Signature #" not in out, out


def test_positions_seal_over_left_third_of_signature_and_clear_of_the_name(signed, where, tmp_path):
    data = signed[2].data
    block = where.find(signed[0])
    pdf = tmp_path / "signed.pdf"
    pdf.write_bytes(data)
    page = block.page + 1
    subprocess.run(["pdftoppm", "-r", str(DPI), "-f", str(page), "-l", str(page), "-png", str(pdf),
                    str(tmp_path / "p")], check=True, timeout=60)
    png = next(tmp_path.glob("p-*.png"))
    blue = colour_box(png, "blue")
    red = colour_box(png, "red")
    assert blue and red, (blue, red)
    height = block.page_size[1]
    # name line in image coordinates (origin top left)
    name = (block.name[0], height - block.name[3], block.name[2], height - block.name[1])
    position = (block.position[0], height - block.position[3], block.position[2], height - block.position[1])
    bx0, by0, bx1, by1 = blue
    rx0, ry0, rx1, ry1 = red
    third = bx0 + (bx1 - bx0) / 3
    assert rx0 < bx0 < rx1, "the seal starts left of the signature and reaches into it"
    assert abs(rx1 - third) <= 0.12 * (bx1 - bx0), (red, blue)  # about one third of the signature
    assert ry0 < by1 and ry1 > by0, "seal and signature overlap vertically"
    assert by0 >= position[3] - 1 and by1 <= name[1] + 1, "signature between the position line and the name"
    centre = (bx0 + bx1) / 2
    assert abs(centre - (name[0] + name[2]) / 2) < 12, "signature centred on the name"
    for box in (blue, red):
        assert box[3] < name[1] + 1, f"{box} covers the name line {name}"


def test_seal_is_real_size(signed, where, tmp_path):
    """36 mm at 300 dpi in the PNG → 102 pt wide on the page."""
    data = signed[2].data
    block = where.find(signed[0])
    pdf = tmp_path / "s.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", str(DPI), "-f", str(block.page + 1), "-l", str(block.page + 1), "-png",
                    str(pdf), str(tmp_path / "q")], check=True, timeout=60)
    red = colour_box(next(tmp_path.glob("q-*.png")), "red")
    assert red is not None
    width_pt = red[2] - red[0]
    assert abs(width_pt - 425 / 300 * 72) < 4, width_pt


def test_agency_refuses_a_document_the_signer_has_not_signed(pki, seed_pdf, where):
    from service.sign.errors import SignError

    _, agency_spec = key_specs(pki)
    with open_signer(agency_spec) as key, pytest.raises(SignError) as err:
        roles.sign_agency(seed_pdf, key, agency_spec, where, signing_time=WHEN, options=Options())
    assert "Art. 5" in err.value.message_en


def test_block_found_without_the_document_data(seed_pdf, where):
    assert locate.find_block(seed_pdf) == where.find(seed_pdf)


def test_attachment_text_signature_top_right_10pt(pki, seed_pdf, tmp_path):
    _, agency_spec = key_specs(pki)
    with open_signer(agency_spec) as key:
        signed = roles.sign_text(seed_pdf, key, first_line="15/KH-LĐTBXH", signing_time=WHEN, options=Options())
    report = verify(signed.data, settings.load_trust_roots(pki.trust_dir))
    assert report.ok and len(report.signatures) == 1
    lines, width, height = first_page_lines(signed.data)
    mine = [ln for ln in lines if ln.text in ("15/KH-LĐTBXH", "2026-03-02T09:15:30+07:00")]
    assert len(mine) == 2, [ln.text for ln in lines][:8]
    for ln in mine:
        assert abs(ln.size - 10) < 0.2, ln
        assert ln.box[2] > width * 0.75 and ln.box[2] <= width - 20 * 72 / 25.4 + 1, ln  # right, in the margin
        assert ln.box[1] > height - 20 * 72 / 25.4, ln  # in the top margin, above the header
        assert "Bold" not in ln.font and "Italic" not in ln.font and "LiberationSerif" in ln.font, ln
    header = [ln for ln in lines if "CỘNG HÒA" in ln.text][0]
    assert all(ln.box[1] > header.box[3] for ln in mine)
    fonts = subprocess.run(["pdffonts", "-"], input=signed.data, capture_output=True, timeout=60).stdout.decode()
    assert "LiberationSerif" in fonts
    out = pdfsig(tmp_path, signed.data)
    assert "Signature is Valid." in out and "Total document signed" in out


def test_text_appearances_without_images(pki, seed_pdf, where):
    """No images configured: the signer's name and time as blue text in the room; the agency still finds the block
    (the text of the first signature's appearance is not taken for the page's) and signs over its left third."""
    from dataclasses import replace

    signer_spec, agency_spec = key_specs(pki)
    signer_spec, agency_spec = replace(signer_spec, image_path=None), replace(agency_spec, image_path=None)
    with open_signer(signer_spec) as key:
        first = roles.sign_signer(seed_pdf, key, signer_spec, roles.Where(), signing_time=WHEN, options=Options())
    assert locate.find_block(first.data) == where.find(seed_pdf)
    with open_signer(agency_spec) as key:
        second = roles.sign_agency(first.data, key, agency_spec, roles.Where(), signing_time=WHEN, options=Options())
    report = verify(second.data, settings.load_trust_roots(pki.trust_dir))
    assert report.ok and len(report.signatures) == 2
    block = where.find(seed_pdf)
    boxes = locate.signature_boxes(second.data)[block.page]
    signer_box, seal_box = boxes
    assert seal_box[0] < signer_box[0] < seal_box[2] <= signer_box[0] + (signer_box[2] - signer_box[0]) / 3 + 1
