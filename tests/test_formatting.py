"""Vietnamese formatting rules, one module each, against the reference (App.I §2–§3, Art.15)."""
import datetime as dt

import pytest
from hypothesis import given, strategies as st

from service.compose import dates, numbering, numbers, symbols
from service.document import symbols as composed
from service.rules import nd30


@pytest.mark.parametrize("iso, line", [
    ("2020-01-05", "Hà Nội, ngày 05 tháng 01 năm 2020"),
    ("2019-06-29", "Hà Nội, ngày 29 tháng 6 năm 2019"),
    ("2024-02-10", "Hà Nội, ngày 10 tháng 02 năm 2024"),
    ("2024-12-01", "Hà Nội, ngày 01 tháng 12 năm 2024"),
    ("2024-03-09", "Hà Nội, ngày 09 tháng 3 năm 2024"),
])
def test_reference_dates(iso, line):
    assert dates.place_date_line("Hà Nội", dates.parse_issue_date(iso)) == line


def test_draft_dates_leave_blanks():
    blank = nd30.DRAFT_BLANK
    assert dates.place_date_line("Bắc Giang", dates.parse_issue_date("2024-02")) == \
        f"Bắc Giang, ngày{blank}tháng 02 năm 2024"
    assert dates.date_phrase(dates.parse_issue_date("2024")) == f"ngày{blank}tháng{blank}năm 2024"
    assert dates.parse_issue_date(None) is None


@pytest.mark.parametrize("bad", ["2024-02-30", "2023-02-29", "2024-13-01", "2024-04-31", "24-1-1", "2024/01/01",
                                 "0999-01-01", "2024-00"])
def test_impossible_dates_are_rejected_in_both_languages(bad):
    with pytest.raises(ValueError) as exc:
        dates.parse_issue_date(bad)
    assert " / " in str(exc.value)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2999, 12, 31)))
def test_date_line_properties(d):
    phrase = dates.date_phrase(dates.parse_issue_date(d.isoformat()))
    day, month, year = phrase.replace("ngày ", "").replace(" tháng ", "|").replace(" năm ", "|").split("|")
    assert int(day) == d.day and int(month) == d.month and int(year) == d.year
    assert len(day) == 2  # days always two digits
    assert (len(month) == 2) == (d.month <= 2 or d.month >= 10)  # 01, 02 padded; 3–9 bare; 10–12 two digits
    assert not (d.month >= 3 and month.startswith("0"))


@given(st.integers(1, 2999), st.integers(1, 12), st.integers(1, 31))
def test_parse_accepts_exactly_the_calendar(y, m, d):
    try:
        dt.date(y, m, d)
        real = 1900 <= y
    except ValueError:
        real = False
    iso = f"{y:04d}-{m:02d}-{d:02d}"
    if real:
        assert dates.parse_issue_date(iso).as_date() == dt.date(y, m, d)
    else:
        with pytest.raises(ValueError):
            dates.parse_issue_date(iso)


def test_number_leading_zero_and_draft():
    assert numbers.format_number(5) == "05"
    assert numbers.format_number(15) == "15"
    assert numbers.format_number(1234) == "1234"
    assert numbers.number_line(15, "KH-LĐTBXH") == "Số: 15/KH-LĐTBXH"
    assert numbers.number_line(None, "KH-LĐTBXH") == f"Số: {nd30.DRAFT_BLANK}/KH-LĐTBXH"
    with pytest.raises(ValueError):
        numbers.format_number(0)


def test_symbol_composition_and_form():
    assert composed.compose_symbol("KH", "LĐTBXH") == "KH-LĐTBXH"
    assert composed.compose_symbol("QĐ", "BNV") == "QĐ-BNV"
    assert composed.compose_symbol(None, "UBND", "VX") == "UBND-VX"
    assert composed.symbol_for({"type": "ke_hoach", "issuer": {"abbr": "UBND"}}) == "KH-UBND"
    assert symbols.symbol_problem("KH-LĐTBXH") is None
    assert symbols.symbol_problem("QyĐ-UBND") is None
    # [import-real]: forms agencies issue are warnings; the seed's KH-LĐTĐ&XH is an error only against the
    # issuer's own abbreviation, and the message names the part that is wrong.
    assert "LĐTĐ&XH" in symbols.symbol_problem("KH-LĐTĐ&XH", "ke_hoach", "LĐTBXH")
    assert symbols.symbol_problem("KH-LĐTĐ&XH") is None and symbols.symbol_warnings("KH-LĐTĐ&XH")
    assert symbols.symbol_problem("QĐ- UBND") is None and symbols.symbol_warnings("QĐ- UBND")
    assert "nhóm thứ 2" in symbols.symbol_problem("KH--UBND")
    assert "CT" in symbols.symbol_problem("CT-UBND", "quyet_dinh")


@pytest.mark.parametrize("n, r", [(1, "I"), (2, "II"), (3, "III"), (4, "IV"), (9, "IX"), (14, "XIV"),
                                  (40, "XL"), (1994, "MCMXCIV"), (3999, "MMMCMXCIX")])
def test_roman(n, r):
    assert numbering.roman(n) == r


def test_point_letters_follow_the_vietnamese_alphabet():
    got = [numbering.point_letter(i) for i in range(1, 24)]
    assert got == "a b c d đ e g h i k l m n o p q r s t u v x y".split()
    assert not {"f", "j", "w", "z"} & set(got)
    assert numbering.point_letter(24) == "aa"


def test_labels():
    assert [numbering.label(s, 2) for s in ("roman", "arabic", "letter", "dash", "article", "chapter")] == \
        ["II.", "2.", "b)", "-", "Điều 2.", "Chương II"]
