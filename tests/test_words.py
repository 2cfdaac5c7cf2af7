"""Vietnamese number reader (layout reference §8): hand-written reference table, styles, money, errors, properties."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.compose.words import FILTERS, MAX_INTEGER, read_money, read_number

CASES = json.loads((Path(__file__).parent / "data" / "numbers_vi.json").read_text(encoding="utf-8"))["cases"]
INTEGER_CASES = [c for c in CASES if "," not in c["number"]]
DECIMAL_CASES = [c for c in CASES if "," in c["number"]]

# --- an independent parser: words → int, written from the grammar, not from the reader -----------------------------

UNIT_WORDS = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
              "sáu": 6, "bảy": 7, "tám": 8, "chín": 9}
PLAIN_DIGITS = {"không": 0, "một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9}


def _parse_group(tokens: list[str]) -> int:
    """Up to three digits: [d trăm] [mười | d mươi | linh/lẻ] [unit]. Strict: leftovers are an error."""
    value, rest = 0, list(tokens)
    if len(rest) >= 2 and rest[1] == "trăm":
        value, rest = PLAIN_DIGITS[rest[0]] * 100, rest[2:]
    if rest and rest[0] in ("linh", "lẻ"):
        if len(rest) != 2 or PLAIN_DIGITS.get(rest[1], 0) == 0:
            raise ValueError(f"bad linh/lẻ phrase: {tokens}")
        return value + PLAIN_DIGITS[rest[1]]
    if rest and rest[0] == "mười":
        value, rest = value + 10, rest[1:]
    elif len(rest) >= 2 and rest[1] == "mươi":
        if PLAIN_DIGITS[rest[0]] < 2:
            raise ValueError(f"bad tens: {tokens}")
        value, rest = value + PLAIN_DIGITS[rest[0]] * 10, rest[2:]
    if rest:
        if len(rest) != 1:
            raise ValueError(f"leftover words: {tokens}")
        value += UNIT_WORDS[rest[0]]
    return value


def _parse(tokens: list[str]) -> int:
    if "tỷ" in tokens:
        last = len(tokens) - 1 - tokens[::-1].index("tỷ")
        return _parse(tokens[:last]) * 10**9 + _parse(tokens[last + 1:])
    value = 0
    for word, scale in (("triệu", 10**6), ("nghìn", 1000), ("ngàn", 1000)):
        if word in tokens:
            at = tokens.index(word)
            value += _parse_group(tokens[:at]) * scale
            tokens = tokens[at + 1:]
    return value + _parse_group(tokens)


def words_to_int(text: str) -> int:
    tokens = text.split()
    return 0 if tokens == ["không"] else _parse(tokens)


def words_to_decimal(text: str) -> Decimal:
    whole, _, fraction = text.partition(" phẩy ")
    digits = fraction.split()
    zeros = 0
    while zeros < len(digits) and digits[zeros] == "không":
        zeros += 1
    rest = digits[zeros:]
    fraction_digits = "0" * zeros + (str(words_to_int(" ".join(rest))) if rest else "")
    return Decimal(f"{words_to_int(whole)}.{fraction_digits}")


def test_parser_reads_the_reference_table():
    """The property tests lean on this parser, so it must agree with the hand-written table first."""
    for case in INTEGER_CASES:
        reading = case["reading"].removeprefix("âm ")
        assert words_to_int(reading) == abs(int(case["number"])), case


# --- reference table ---------------------------------------------------------------------------------------------------

def test_reference_table_covers_the_required_numbers():
    required = {0, 1, 4, 5, 10, 11, 14, 15, 20, 21, 24, 25, 55, 100, 101, 105, 110, 111, 115, 121, 124, 205, 1000,
                1001, 1005, 1010, 1015, 1100, 2024, 2025, 10000, 10500, 15000, 100000, 100005, 1000000, 1000005,
                1002000, 1250000, 5000000, 21000000, 1000000000, 1000000001, 2024000000, 1000000000000}
    assert required <= {int(c["number"]) for c in INTEGER_CASES}
    assert "3,5" in {c["number"] for c in DECIMAL_CASES}
    assert len(CASES) >= 53


@pytest.mark.parametrize("case", INTEGER_CASES, ids=lambda c: c["number"])
def test_integer_reading(case):
    assert read_number(int(case["number"])) == case["reading"]
    assert read_number(Decimal(case["number"])) == case["reading"]
    assert read_number(case["number"]) == case["reading"]


@pytest.mark.parametrize("case", DECIMAL_CASES, ids=lambda c: c["number"])
def test_decimal_reading(case):
    assert read_number(case["number"]) == case["reading"]
    assert read_number(Decimal(case["number"].replace(",", "."))) == case["reading"]


def test_decimal_digits_read_as_written():
    assert read_number(Decimal("3.50")) == "ba phẩy năm mươi"
    assert read_number("3,0005") == "ba phẩy không không không năm"
    assert read_number(3.5) == "ba phẩy năm"
    assert read_number(Decimal("1E+3")) == "một nghìn"
    assert read_number("-0") == "không"


# --- style options -----------------------------------------------------------------------------------------------------

def test_zero_tens_style():
    assert read_number(105, zero_tens="lẻ") == "một trăm lẻ năm"
    assert read_number(2005, zero_tens="lẻ") == "hai nghìn không trăm lẻ năm"
    assert read_number(105, zero_tens="linh") == "một trăm linh năm"


def test_thousand_style():
    assert read_number(2024, thousand="ngàn") == "hai ngàn không trăm hai mươi tư"
    assert read_number(10**12, thousand="ngàn") == "một ngàn tỷ"


def test_four_style():
    assert read_number(24, four="bốn") == "hai mươi bốn"
    assert read_number(2024, four="bốn") == "hai nghìn không trăm hai mươi bốn"
    for four in ("tư", "bốn"):
        assert read_number(14, four=four) == "mười bốn"
        assert read_number(4, four=four) == "bốn"
        assert read_number(104, four=four) == "một trăm linh bốn"


@pytest.mark.parametrize("option", [{"zero_tens": "le"}, {"thousand": "ngan"}, {"four": "4"}])
def test_bad_style_is_named(option):
    (name, value), = option.items()
    with pytest.raises(ValueError) as error:
        read_number(5, **option)
    assert f"{name}={value!r}" in str(error.value) and "không hợp lệ" in str(error.value)
    assert "invalid option" in str(error.value)


# --- money -------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("amount", [1250000, Decimal("1250000"), "1250000", "1.250.000", "1 250 000",
                                    "1\u00a0250\u00a0000", " 1.250.000 ", "1.250.000,00"])
def test_money_reading(amount):
    assert read_money(amount) == "Một triệu hai trăm năm mươi nghìn đồng"


def test_money_options():
    assert read_money(2024000) == "Hai triệu không trăm hai mươi tư nghìn đồng"
    assert read_money(2024000, thousand="ngàn", four="bốn") == "Hai triệu không trăm hai mươi bốn ngàn đồng"
    assert read_money(105, zero_tens="lẻ") == "Một trăm lẻ năm đồng"
    assert read_money(0) == "Không đồng"
    assert read_money(-5000) == "Âm năm nghìn đồng"
    assert read_money("1.500,5") == "Một nghìn năm trăm phẩy năm đồng"
    assert read_money(100, currency="đô la Mỹ") == "Một trăm đô la Mỹ"
    assert read_money(100, currency="") == "Một trăm"
    with pytest.raises(ValueError, match="unknown number-reading option: fours"):
        read_money(100, fours="bốn")


def test_machine_decimal_point_is_accepted_but_thousands_groups_win():
    assert read_number("1250000.5") == "một triệu hai trăm năm mươi nghìn phẩy năm"
    assert read_number("1.250") == "một nghìn hai trăm năm mươi"


# --- errors ------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("garbage", ["abc", "", "  ", "1,2,3", "1.25.000", "1.2.3", ",5", "3,", "1e5", "12a",
                                     "--5", "١٢", None, True, [], float("nan"), float("inf"), Decimal("NaN")])
def test_garbage_is_rejected_in_both_languages(garbage):
    for reader in (read_number, read_money):
        with pytest.raises(ValueError) as error:
            reader(garbage)
        message = str(error.value)
        assert f"Không đọc được số {garbage!r}" in message
        assert f"cannot read number {garbage!r}" in message


def test_limits():
    nines = "chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín"
    assert read_number(MAX_INTEGER) == f"{nines} tỷ {nines} tỷ {nines}"
    assert read_number(10**26) == "một trăm triệu tỷ tỷ"
    for too_large in (MAX_INTEGER + 1, Decimal("1E+40"), Decimal("1E+999999999"), "9" * 40):
        with pytest.raises(ValueError, match="quá lớn.*too large"):
            read_number(too_large)
    with pytest.raises(ValueError, match="chữ số thập phân.*decimal digits"):
        read_number(Decimal("1E-30"))


# --- Jinja filters -----------------------------------------------------------------------------------------------------

def test_filters_work_in_a_jinja_template():
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    env.filters.update(FILTERS)
    template = env.from_string("Bằng chữ: {{ tien|doc_tien }}. Năm {{ nam|doc_so(four='bốn', zero_tens='lẻ') }}.")
    assert template.render(tien="1.250.000", nam=2024) == (
        "Bằng chữ: Một triệu hai trăm năm mươi nghìn đồng. Năm hai nghìn không trăm hai mươi bốn."
    )


# --- why we carry our own reader ---------------------------------------------------------------------------------------

def test_num2words_disagrees_on_2024():
    """num2words 0.5.14 drops the "không trăm" of a non-leading group ("hai nghìn lẻ hai mươi bốn")."""
    from num2words import num2words

    theirs = num2words(2024, lang="vi")
    assert "không trăm" not in theirs
    assert theirs != read_number(2024) == "hai nghìn không trăm hai mươi tư"


# --- properties --------------------------------------------------------------------------------------------------------

SCALES = {"nghìn", "triệu", "tỷ"}


@given(st.integers(min_value=0, max_value=10**15))
def test_round_trip_up_to_10_15(n):
    assert words_to_int(read_number(n)) == n


@given(st.integers(min_value=0, max_value=MAX_INTEGER))
def test_round_trip_whole_range(n):
    assert words_to_int(read_number(n)) == n


@given(st.integers(min_value=1, max_value=10**18))
def test_structural_invariants(n):
    words = read_number(n).split()
    pairs = list(zip(["^"] + words, words))
    # every group after the leading one reads its hundreds, even zero
    segments, current = [], []
    for word in words:
        if word in SCALES:
            segments.append(current)
            current = []
        else:
            current.append(word)
    segments.append(current)
    assert all("trăm" in segment for segment in segments[1:] if segment), words
    for at, (before, word) in enumerate(pairs):
        after = (words + ["$"])[at + 1]
        if word == "mốt" or word == "tư":
            assert before == "mươi", words
        if word == "mươi":
            assert before in {"hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"}, words
        if word == "lăm":
            assert before in {"mười", "mươi"}, words
        if word == "linh":
            assert before == "trăm", words
        if before == "linh":
            assert word not in {"không", "lăm", "mốt", "tư"}, words
        if word == "không":
            assert after == "trăm", words
    assert words[0] != "không"


@given(st.integers(min_value=0, max_value=10**18))
def test_styles_only_swap_their_words(n):
    default = read_number(n).split()
    styled = read_number(n, zero_tens="lẻ", thousand="ngàn", four="bốn").split()
    swap = {"linh": "lẻ", "nghìn": "ngàn", "tư": "bốn"}
    assert styled == [swap.get(word, word) for word in default]


@given(st.integers(min_value=1, max_value=10**18))
def test_negative_prefixes_am(n):
    assert read_number(-n) == "âm " + read_number(n)


@settings(max_examples=200)
@given(st.integers(min_value=0, max_value=10**12), st.text(alphabet="0123456789", min_size=1, max_size=12))
def test_decimal_round_trip(whole, fraction):
    reading = read_number(f"{whole},{fraction}")
    assert words_to_decimal(reading) == Decimal(f"{whole}.{fraction}")
    assert reading.split(" phẩy ")[1].split()[:1] != ["lăm"]


@given(st.integers(min_value=0, max_value=10**15), st.sampled_from([".", " ", "\u00a0"]))
def test_money_accepts_grouped_text(n, separator):
    grouped = f"{n:,}".replace(",", separator)
    assert read_money(grouped) == read_money(n)
    spoken = read_number(n)
    assert read_money(n) == spoken[0].upper() + spoken[1:] + " đồng"
