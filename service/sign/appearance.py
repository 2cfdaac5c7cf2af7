"""How each digital signature looks on the page (ND30 App. I Part II; nd30-layout.md §10).

- signer: the blue handwritten-signature image centred in the room between the position line and the name;
- agency: the red seal at real size over the left third of the signer's image, with the agency's name and the
  signing time (ISO 8601, Vietnam time);
- text: attachments issued as separate files and electronic copies — no image, 10 pt Times New Roman at the top
  right of the first page.
Geometry is computed here (boxes in PDF points, origin bottom left); styles are pyHanko stamp styles."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import StaticStampStyle, TextStampStyle
from pyhanko.stamp.base import BaseStampStyle

from service.rules import esign
from service.sign.errors import SignError
from service.sign.locate import Box, SignatureBlock

SERIF = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
ROOM_PADDING = 2.0          # pt kept free above the name and below the position line
MAX_SIGNATURE_WIDTH = 200.0  # pt: at most the signature column
TEXT_APPEARANCE_WIDTH = 150.0
AGENCY_TEXT_PT = 6
MAX_IMAGE_PIXELS = 4000 * 4000
BLUE = (0.0, 0.2, 0.75)


@dataclass(frozen=True)
class Image:
    """A PNG (signature or seal) with its size in points, when it carries a resolution."""

    path: str
    pixels: tuple[int, int]
    dpi: float | None


def load_image(path: str) -> Image:
    """Open a signature/seal PNG, refusing what is not a reasonable image."""
    from PIL import Image as PILImage

    try:
        with PILImage.open(path) as img:
            img.verify()
        with PILImage.open(path) as img:
            size = img.size
            dpi = img.info.get("dpi")
    except (OSError, SyntaxError, ValueError) as exc:
        raise SignError(f"Không mở được ảnh {path}.", f"Cannot open the image {path}.", field="image_path") from exc
    if size[0] * size[1] > MAX_IMAGE_PIXELS or min(size) < 1:
        raise SignError(f"Ảnh {path} quá lớn.", f"The image {path} is too large.", field="image_path")
    return Image(path, size, float(dpi[0]) if dpi and dpi[0] and dpi[0] > 1 else None)


def signer_box(block: SignatureBlock, image: Image | None) -> Box:
    """The signer's image, as large as the room allows, centred between the position line and the name."""
    top = block.position[1] - ROOM_PADDING
    bottom = block.name[3] + ROOM_PADDING
    height = top - bottom
    if height <= 4:
        raise SignError("Khoảng trống giữa chức vụ và họ tên quá hẹp để đặt chữ ký.",
                        "The room between the position line and the name is too small for the signature.",
                        field="file")
    if image is None:
        width = TEXT_APPEARANCE_WIDTH
    else:
        width = height * image.pixels[0] / image.pixels[1]
        if width > MAX_SIGNATURE_WIDTH:
            height = MAX_SIGNATURE_WIDTH * image.pixels[1] / image.pixels[0]
            width = MAX_SIGNATURE_WIDTH
    cx, cy = block.centre_x, (top + bottom) / 2
    return (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)


def seal_size(image: Image | None, width_mm: float | None) -> tuple[float, float]:
    """The seal at real size: the configured width, else the PNG's resolution, else the usual seal size."""
    if width_mm:
        width = width_mm * esign.MM
    elif image is not None and image.dpi:
        width = image.pixels[0] / image.dpi * 72
    else:
        width = esign.SEAL_DEFAULT_MM * esign.MM
    ratio = image.pixels[1] / image.pixels[0] if image is not None else 1.0
    return width, width * ratio


def seal_box(block: SignatureBlock, signature: Box, size: tuple[float, float]) -> Box:
    """The seal's right edge a third into the signature image (ND30: overlapping ~1/3 of it, on its left),
    centred on it vertically but never down over the name line (it may cover the position line, as on paper)."""
    width, height = size
    x1 = signature[0] + (signature[2] - signature[0]) * esign.SEAL_OVERLAP_FRACTION
    x0 = max(x1 - width, 2.0)
    x1 = x0 + width
    cy = (signature[1] + signature[3]) / 2
    y0 = max(cy - height / 2, block.name[3] + ROOM_PADDING)
    return (x0, y0, x1, y0 + height)


def text_box(page_size: tuple[float, float], lines: list[str]) -> Box:
    """Top right of the page, in the top margin, flush with the right margin."""
    width = max(text_width(line, esign.TEXT_SIGNATURE_PT) for line in lines) + 2
    height = esign.TEXT_SIGNATURE_PT * 1.2 * len(lines) + 2
    x1 = page_size[0] - esign.RIGHT_MARGIN_MM * esign.MM
    y1 = page_size[1] - esign.TEXT_SIGNATURE_TOP_MM * esign.MM
    return (x1 - width, y1 - height, x1, y1)


@lru_cache(maxsize=1)
def _serif_metrics() -> tuple[dict[int, str], dict[str, tuple[int, int]], int]:
    from fontTools.ttLib import TTFont

    font = TTFont(str(SERIF), lazy=True)
    return font.getBestCmap(), font["hmtx"].metrics, font["head"].unitsPerEm


def text_width(text: str, size: float) -> float:
    """Width of a line set in the serif face (Liberation Serif, Times New Roman's metric twin)."""
    cmap, metrics, upm = _serif_metrics()
    units = 0
    for ch in text:
        glyph = cmap.get(ord(ch))
        units += metrics[glyph][0] if glyph in metrics else upm // 2
    return units * size / upm


@lru_cache(maxsize=1)
def serif_font_file() -> str:
    """Liberation Serif rescaled to 1000 units per em: pyHanko writes glyph widths in font units, which PDF reads
    as thousandths of an em (TrueType faces use 2048), so the face is rescaled once per machine and cached."""
    import os
    import tempfile

    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    folder = Path(tempfile.gettempdir()) / f"vanban-fonts-{os.getuid()}"
    target = folder / f"{SERIF.stem}-upem1000-v2-{SERIF.stat().st_size}.ttf"
    if not target.exists():
        folder.mkdir(mode=0o700, exist_ok=True)
        font = TTFont(str(SERIF))
        if "FFTM" in font:  # a FontForge timestamp the subsetter cannot carry
            del font["FFTM"]
        if font["head"].unitsPerEm != 1000:
            scale_upem(font, 1000)
        scratch = folder / f".{target.name}.{os.getpid()}"
        font.save(str(scratch))
        os.replace(scratch, target)
    return str(target)


def _serif(size: float) -> GlyphAccumulatorFactory:
    return GlyphAccumulatorFactory(serif_font_file(), font_size=int(size), create_objstream_if_needed=False)


def _image_content(image: Image) -> PdfImage:
    from PIL import Image as PILImage

    with PILImage.open(image.path) as img:
        img.load()
        mode = "RGBA" if img.mode in ("P", "PA", "LA", "RGBA") else "RGB"
        return PdfImage(img.convert(mode), writer=None)


_FILL = layout.SimpleBoxLayoutRule(x_align=layout.AxisAlignment.ALIGN_MID,
                                   y_align=layout.AxisAlignment.ALIGN_MID, margins=layout.Margins.uniform(0),
                                   inner_content_scaling=layout.InnerScaling.STRETCH_TO_FIT)
_SHRINK = layout.SimpleBoxLayoutRule(x_align=layout.AxisAlignment.ALIGN_MID,
                                     y_align=layout.AxisAlignment.ALIGN_MID, margins=layout.Margins.uniform(1),
                                     inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT)


def signer_style(image: Image | None) -> BaseStampStyle:
    """The blue signature image; without one, the signer's name and the time as blue text."""
    if image is not None:
        return StaticStampStyle(background=_image_content(image), background_layout=_FILL, border_width=0,
                                background_opacity=1.0)
    return TextStampStyle(stamp_text="%(signer_name)s\n%(when)s", border_width=0,
                          text_box_style=TextBoxStyle(font=_serif(9), font_size=9, text_color=BLUE),
                          inner_content_layout=_SHRINK)


def agency_style(image: Image | None) -> BaseStampStyle:
    """The red seal at real size with the agency's name and the signing time over its lower part."""
    text_style = TextBoxStyle(font=_serif(AGENCY_TEXT_PT), font_size=AGENCY_TEXT_PT)
    bottom = layout.SimpleBoxLayoutRule(x_align=layout.AxisAlignment.ALIGN_MID,
                                        y_align=layout.AxisAlignment.ALIGN_MIN, margins=layout.Margins.uniform(1),
                                        inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT)
    return TextStampStyle(stamp_text="%(agency_name)s\n%(when)s", border_width=0, text_box_style=text_style,
                          inner_content_layout=bottom,
                          background=_image_content(image) if image is not None else None,
                          background_layout=_FILL, background_opacity=1.0)


def text_style() -> TextStampStyle:
    """Attachments and electronic copies: plain text, 10 pt serif, black, no border, no image."""
    size = int(esign.TEXT_SIGNATURE_PT)
    return TextStampStyle(stamp_text="%(text)s", border_width=0,
                          text_box_style=TextBoxStyle(
                              font=_serif(size), font_size=size, leading=round(size * 1.2),
                              box_layout_rule=layout.SimpleBoxLayoutRule(
                                  x_align=layout.AxisAlignment.ALIGN_MIN, y_align=layout.AxisAlignment.ALIGN_MAX,
                                  margins=layout.Margins.uniform(0))),
                          inner_content_layout=layout.SimpleBoxLayoutRule(
                              x_align=layout.AxisAlignment.ALIGN_MAX, y_align=layout.AxisAlignment.ALIGN_MAX,
                              margins=layout.Margins.uniform(0),
                              inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT))


def iso_vietnam(moment: dt.datetime) -> str:
    """`2024-02-05T09:15:30+07:00`: to the second, Vietnam time (ND30 App. I Part II)."""
    return moment.astimezone(esign.VIETNAM_TZ).replace(microsecond=0).isoformat()
