"""The three signatures the decree describes, each placed from the document itself:

- `sign_signer`: the competent person's signature in the signature block (blue image or text);
- `sign_agency`: the agency's signature — its red seal over the left third of the signer's signature, with the
  agency's name and the time — applied only after the signer's (ND30 Art. 5);
- `sign_text`: the agency's signature at the top right of the first page, as 10 pt text (attachments issued as
  separate files; electronic copies)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pyhanko.sign import fields, signers

from service.sign import appearance as ap
from service.sign.errors import SignError
from service.sign.keys import KeySpec
from service.sign.locate import Box, SignatureBlock, find_block, signature_boxes
from service.sign.pades import Appearance, Options, PageText, Signed, open_reader, sign

SIGNER_FIELD = "ChuKyNguoiKy"
AGENCY_FIELD = "ChuKyCoQuan"
TEXT_FIELD = "ChuKyCoQuanDinhKem"


@dataclass(frozen=True)
class Where:
    """Where the signature block is: found from the document's data (`position`, `name`), or by the shape of
    the block when they are not given."""

    position: str | None = None
    name: str | None = None

    def find(self, pdf: bytes) -> SignatureBlock:
        return find_block(pdf, position=self.position, name=self.name)


def _image(spec: KeySpec) -> ap.Image | None:
    return ap.load_image(spec.image_path) if spec.image_path else None


def sign_signer(pdf: bytes, signer: signers.Signer, spec: KeySpec, where: Where, *, signing_time: dt.datetime,
                options: Options, signer_name: str | None = None) -> Signed:
    """The competent person's signature, centred between the position line and the name."""
    block = where.find(pdf)
    image = _image(spec)
    box = ap.signer_box(block, image)
    display = signer_name or spec.display_name or where.name or signer.subject_name or ""
    look = Appearance(block.page, box, ap.signer_style(image),
                      {"signer_name": display, "when": ap.iso_vietnam(signing_time)})
    return sign(pdf, signer, field_base=SIGNER_FIELD, signing_time=signing_time, options=options,
                appearance=look, name=display or None, reason="Người có thẩm quyền ký")


def signer_signature_box(pdf: bytes, block: SignatureBlock) -> Box | None:
    """The signer's signature already in the room of the block, if any."""
    rx0, ry0, rx1, ry1 = block.room
    for box in signature_boxes(pdf).get(block.page, []):
        cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        if box[2] - box[0] > 1 and ry0 - 1 <= cy <= ry1 + 1 and rx0 - 60 <= cx <= rx1 + 60:
            return box
    return None


def sign_agency(pdf: bytes, signer: signers.Signer, spec: KeySpec, where: Where, *, signing_time: dt.datetime,
                options: Options, agency_name: str | None = None, require_signer: bool = True) -> Signed:
    """The agency's seal over the left third of the signer's signature, with its name and the signing time."""
    block = where.find(pdf)
    signature = signer_signature_box(pdf, block)
    if signature is None:
        if require_signer:
            raise SignError("Văn bản chưa có chữ ký số của người có thẩm quyền; văn thư chỉ ký số của cơ quan "
                            "sau chữ ký đó (Điều 5 Nghị định 30/2020/NĐ-CP).",
                            "The document does not carry the competent person's signature yet; the agency signs "
                            "only after it (Decree 30/2020, Art. 5).", field="file")
        signature = ap.signer_box(block, None)
    image = _image(spec)
    box = ap.seal_box(block, signature, ap.seal_size(image, spec.image_width_mm))
    name = agency_name or spec.display_name or signer.subject_name or ""
    look = Appearance(block.page, box, ap.agency_style(image),
                      {"agency_name": name, "when": ap.iso_vietnam(signing_time)})
    return sign(pdf, signer, field_base=AGENCY_FIELD, signing_time=signing_time, options=options,
                appearance=look, name=name or None, reason="Cơ quan, tổ chức ký số")


def sign_text(pdf: bytes, signer: signers.Signer, *, first_line: str, signing_time: dt.datetime,
              options: Options) -> Signed:
    """Top right of the first page, no image: `first_line` (the main document's number and symbol, or the
    copying agency) and the signing time, 10 pt serif, black."""
    reader = open_reader(pdf)
    first = reader.find_page_for_modification(0)[0].get_object()
    box_obj = first.get("/CropBox") or first.get("/MediaBox") or reader.root["/Pages"].get("/MediaBox")
    x0, y0, x1, y1 = (float(v) for v in box_obj)
    lines = [first_line, ap.iso_vietnam(signing_time)]
    box = ap.text_box((x1 - x0, y1 - y0), lines)
    box = (box[0] + x0, box[1] + y0, box[2] + x0, box[3] + y0)
    text = {"text": "\n".join(lines)}
    already_signed = any(True for _ in fields.enumerate_sig_fields(reader, filled_status=True))
    if already_signed:  # changing the page would break the earlier signatures: show it in the widget only
        look = Appearance(0, box, ap.text_style(), text)
        return sign(pdf, signer, field_base=TEXT_FIELD, signing_time=signing_time, options=options,
                    appearance=look, name=first_line, reason="Cơ quan, tổ chức ký số")
    return sign(pdf, signer, field_base=TEXT_FIELD, signing_time=signing_time, options=options,
                page_text=PageText(0, box, ap.text_style(), text), name=first_line,
                reason="Cơ quan, tổ chức ký số")
