"""Scanned pages (images, or a PDF without a text layer rendered to images) read by Tesseract with its Vietnamese
model (Debian tesseract-ocr, tesseract-ocr-vie), as lines with positions and the words' confidence.

Tesseract runs as its own process on a PNG, with its TSV output (the words, their boxes and confidence) and one
OpenMP thread: on a busy server its default thread pool makes a page several times slower.
"""
from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

from service.config import child_environment
from service.importer.layout import VisualLine
from service.importer.errors import UnreadableInput
from service.reading import key
from service.rules import nd30

OCR_DPI = 300
OCR_LANG = "vie"
OCR_TIMEOUT_S = 120  # one page
OCR_MAX_PAGES = 10  # pages of a scan read in one import (a few seconds each)
NOISE_CONF = 75  # a word of punctuation only, read with less confidence than this, is a speck
LONE_LETTER_CONF = 90  # likewise a lone letter (Vietnamese has almost no one-letter words)
GARBAGE_CONF = 20  # below this Tesseract's reading is noise
PUNCTUATION = set("-–—:/,.;()&%\"'“”")
COLUMN_GAP = 1.5  # a gap wider than this many line heights separates two columns


def _tesseract_tsv(image) -> dict[str, list]:
    """Run Tesseract on one page image; its TSV as columns (text, conf, left, top, width, height, line ids)."""
    with tempfile.TemporaryDirectory(prefix="vanban-ocr-") as tmp:
        png = Path(tmp) / "page.png"
        image.save(png)
        env = child_environment(OMP_THREAD_LIMIT="1")
        try:
            proc = subprocess.run(["tesseract", str(png), "stdout", "-l", OCR_LANG, "--psm", "3", "tsv"],
                                  capture_output=True, timeout=OCR_TIMEOUT_S, env=env, check=True)
        except FileNotFoundError:
            raise UnreadableInput("Chưa cài Tesseract để đọc ảnh chụp (gói tesseract-ocr, tesseract-ocr-vie)",
                                  "Tesseract is not installed (packages tesseract-ocr, tesseract-ocr-vie)") from None
        except subprocess.TimeoutExpired:
            raise UnreadableInput(f"Nhận dạng chữ một trang quá {OCR_TIMEOUT_S} s",
                                  f"OCR of one page took longer than {OCR_TIMEOUT_S} s") from None
        except subprocess.CalledProcessError as exc:
            raise UnreadableInput(f"Tesseract không đọc được ảnh: {exc.stderr.decode(errors='replace')[-200:]}",
                                  "Tesseract could not read the image") from None
    rows = proc.stdout.decode("utf-8", errors="replace").splitlines()
    header = rows[0].split("\t") if rows else []
    data: dict[str, list] = {name: [] for name in header}
    for row in rows[1:]:
        cells = row.split("\t")
        if len(cells) != len(header):
            continue
        for name, cell in zip(header, cells):
            data[name].append(cell if name == "text" else float(cell) if name == "conf" else int(cell))
    return data


def image_lines(image, page: int = 0) -> list[VisualLine]:
    """Lines of one page image (PIL.Image), each with the mean confidence of its words."""
    data = _tesseract_tsv(image)
    groups: dict[tuple, list[int]] = {}
    for i, word in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if not word.strip() or conf < 0:
            continue
        if not any(ch.isalnum() for ch in word) and (conf < NOISE_CONF or not set(word) <= PUNCTUATION):
            continue  # specks read as punctuation or accents
        if conf < GARBAGE_CONF or (len(word) == 1 and not word.isdigit() and conf < LONE_LETTER_CONF):
            continue  # a speck read as a lone letter, or marks Tesseract itself does not believe
        groups.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), []).append(i)
    out = []
    for idx in groups.values():
        for part in _columns(sorted(idx, key=lambda i: data["left"][i]), data):
            out.extend(_line(sub, data, page) for sub in _national_name_apart(part, data))
    return out


_NATIONAL_OPENS = nd30.NATIONAL_NAME.split()[:2]  # CỘNG HÒA (also typed HOÀ)


def _national_name_apart(idx: list[int], data: dict) -> list[list[int]]:
    """A narrow gap still parts the columns when the right one starts the national name (`VĂN PHÒNG CHÍNH PHỦ
    CỘNG HOÀ XÃ HỘI …` read as one line): the words from `CỘNG HÒA` on are the right column's."""
    words = [data["text"][i].upper() for i in idx]
    for k in range(1, len(words) - 1):
        if words[k] == _NATIONAL_OPENS[0] and key(words[k + 1].rstrip(",.")) == _NATIONAL_OPENS[1]:
            return [idx[:k], idx[k:]]
    return [idx]


def _columns(idx: list[int], data: dict) -> list[list[int]]:
    """Tesseract may read the two header columns as one line: split it where the gap between two words is wider
    than COLUMN_GAP line heights."""
    height = max(1, max(data["height"][i] for i in idx))
    parts, current = [], [idx[0]]
    for prev, i in zip(idx, idx[1:]):
        gap = data["left"][i] - (data["left"][prev] + data["width"][prev])
        if gap > COLUMN_GAP * height:
            parts.append(current)
            current = []
        current.append(i)
    parts.append(current)
    return parts


def _line(idx: list[int], data: dict, page: int) -> VisualLine:
    words = [data["text"][i] for i in idx]
    x0 = min(data["left"][i] for i in idx)
    x1 = max(data["left"][i] + data["width"][i] for i in idx)
    top = min(data["top"][i] for i in idx)
    bottom = max(data["top"][i] + data["height"][i] for i in idx)
    conf = sum(float(data["conf"][i]) for i in idx) / len(idx)
    return VisualLine(" ".join(words), x0, x1, top, bottom, page, confidence=round(conf, 1))


def image_file_lines(data: bytes) -> list[VisualLine]:
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError):
        raise UnreadableInput("Tệp ảnh không đọc được (PNG, JPEG, TIFF)",
                              "the image cannot be read (PNG, JPEG, TIFF)") from None
    return image_lines(image.convert("L"))


def scanned_pdf_lines(data: bytes) -> list[VisualLine]:
    """Render each page with pdftoppm (poppler-utils) at OCR_DPI, then OCR it; a scan longer than OCR_MAX_PAGES is
    refused (each page takes seconds) rather than read in part."""
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="vanban-ocr-") as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(data)
        try:
            subprocess.run(["pdftoppm", "-r", str(OCR_DPI), "-gray", "-png", "-l", str(OCR_MAX_PAGES + 1), str(src),
                            str(Path(tmp) / "p")], check=True, capture_output=True, timeout=120)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, FileNotFoundError):
            raise UnreadableInput("Không đọc được tệp PDF", "the PDF cannot be read") from None
        pages = sorted(Path(tmp).glob("p-*.png"))
        if len(pages) > OCR_MAX_PAGES:
            raise UnreadableInput(f"Bản chụp quá {OCR_MAX_PAGES} trang; hãy tách tệp hoặc dùng bản PDF có chữ",
                                  f"a scan of more than {OCR_MAX_PAGES} pages; split it or use a PDF with a text layer")
        out: list[VisualLine] = []
        for page, png in enumerate(pages):
            with Image.open(png) as image:
                out.extend(image_lines(image, page))
        return out
