"""The signature block is found in the PDF of every document type (LibreOffice output of every fixture): from the
document's data and, identically, from the shape of the block alone; wrapped positions, two signatures side by
side (minutes, contracts) and blocks on any page included."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.sign import locate

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]
FIXTURES = sorted((Path(__file__).resolve().parents[1] / "fixtures").glob("*.json"))


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_block_of_every_fixture(path):
    from service.convert import to_pdf
    from service.render import render_docx

    doc = json.loads(path.read_text(encoding="utf-8"))
    pdf = to_pdf(render_docx(doc))
    position, name = locate.expected_lines(doc)
    block = locate.find_block(pdf, position=position, name=name)
    lines, sizes = locate.read_lines(pdf)
    on_page = [ln for ln in lines if ln.page == block.page]
    name_line = [ln for ln in on_page if ln.box == block.name][0]
    assert locate.normalise(name_line.text) == locate.normalise(name)
    upper = [ln for ln in on_page if ln.box == block.position][0]
    assert locate.normalise(position).endswith(locate.normalise(upper.text))
    width = sizes[block.page][0]
    assert block.centre_x > width / 2, "ô 7 is the right column"
    room = block.room
    assert room[3] - room[1] > 40, "the room for the signature: four empty lines"
    assert not [ln for ln in on_page if ln.box[1] < room[3] - 1 and ln.box[3] > room[1] + 1
                and ln.box[0] < room[2] and ln.box[2] > room[0]], "nothing printed in the room"
    assert locate.find_block(pdf) == block, "the shape alone finds the same block"
