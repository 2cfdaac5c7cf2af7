"""Numbers read aloud in Vietnamese, for "Bằng chữ: …" lines (layout reference §8).

We carry our own reader because common libraries get official practice wrong:
num2words 0.5.14 reads 2024 as "hai nghìn lẻ hai mươi bốn" while invoices and
decisions write "hai nghìn không trăm hai mươi tư" (a non-leading group always
reads its hundreds, even zero).

Units above a billion are read recursively on "tỷ" (10**9): 1 500 000 000 000 is
"một nghìn năm trăm tỷ" and 10**15 "một triệu tỷ", which is how the units
nghìn tỷ, triệu tỷ, tỷ tỷ arise.
"""
from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

from service.messages import InvalidValue

__all__ = ["read_number", "read_money", "FILTERS", "MAX_INTEGER", "MAX_FRACTION_DIGITS"]

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")

# Style options users expect (§8): the first choice is the default.
STYLE_CHOICES: dict[str, tuple[str, ...]] = {
    "zero_tens": ("linh", "lẻ"),   # 105 → một trăm linh/lẻ năm
    "thousand": ("nghìn", "ngàn"),  # 1000 → một nghìn/ngàn
    "four": ("tư", "bốn"),          # 24 → hai mươi tư/bốn (only after "mươi")
}

TY = 10**9
# Largest integer part we read: below 10**27 ("một nghìn tỷ tỷ"), well past the
# required 10**18 - 1; bounds the work a hostile input such as "1E+999999999" causes.
MAX_INTEGER = 10**27 - 1
MAX_FRACTION_DIGITS = 18

_INT_PLAIN = re.compile(r"[0-9]+")
_INT_GROUPED = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")
_FRACTION = re.compile(r"[0-9]+")
_MACHINE_DECIMAL = re.compile(r"([0-9]+)\.([0-9]+)")
_SIGNS = {"-": True, "−": True, "+": False}


def _cannot_read(value: Any) -> InvalidValue:
    return InvalidValue(f"Không đọc được số {value!r}", f"cannot read number {value!r}")


def _style(options: dict[str, Any]) -> dict[str, str]:
    """Validate style keywords so a typo in a template fails loudly, naming the option."""
    unknown = sorted(set(options) - set(STYLE_CHOICES))
    if unknown:
        names = ", ".join(unknown)
        raise InvalidValue(
            f"Tùy chọn đọc số không tồn tại: {names} (có: {', '.join(STYLE_CHOICES)})",
              f"unknown number-reading option: {names} (known: {', '.join(STYLE_CHOICES)})"
        )
    style = {}
    for name, choices in STYLE_CHOICES.items():
        value = options.get(name, choices[0])
        if value not in choices:
            allowed = " | ".join(choices)
            raise InvalidValue(
                f"Tùy chọn {name}={value!r} không hợp lệ, chọn {allowed}",
                f"invalid option {name}={value!r}, choose {allowed}"
            )
        style[name] = value
    return style


def _split_text(text: str) -> tuple[bool, int, str]:
    """Parse Vietnamese notation: '.' groups thousands, ',' is the decimal comma.

    "1.250.000,5" and "1 250 000" are Vietnamese; "1250000.5" (one dot, not a
    3-digit group) is accepted as machine notation. "1.250" is 1250, never 1,25.
    """
    body = re.sub(r"\s+", "", text)
    negative = False
    if body[:1] in _SIGNS:
        negative, body = _SIGNS[body[0]], body[1:]
    if body.count(",") == 1:
        whole, fraction = body.split(",")
        if not (_INT_PLAIN.fullmatch(whole) or _INT_GROUPED.fullmatch(whole)) or not _FRACTION.fullmatch(fraction):
            raise _cannot_read(text)
        return negative, int(whole.replace(".", "")), fraction
    if "," in body:
        raise _cannot_read(text)
    if _INT_PLAIN.fullmatch(body) or _INT_GROUPED.fullmatch(body):
        return negative, int(body.replace(".", "")), ""
    machine = _MACHINE_DECIMAL.fullmatch(body)
    if machine:
        return negative, int(machine.group(1)), machine.group(2)
    raise _cannot_read(text)


def _split_decimal(value: Decimal, original: Any) -> tuple[bool, int, str]:
    """Integer part and fraction digits exactly as written (Decimal("3.50") keeps "50")."""
    if not value.is_finite():
        raise _cannot_read(original)
    if value and value.adjusted() > len(str(MAX_INTEGER)):
        raise _too_large(original)
    sign, digits, exponent = value.as_tuple()
    text = "".join(map(str, digits))
    if exponent >= 0:
        return bool(sign), int(text) * 10**exponent, ""
    places = -exponent
    if places > MAX_FRACTION_DIGITS:
        raise _too_many_decimals(original)
    text = text.rjust(places + 1, "0")
    return bool(sign), int(text[:-places]), text[-places:]


def _too_large(value: Any) -> InvalidValue:
    return InvalidValue(
        f"Số {value!r} quá lớn để đọc (tối đa {MAX_INTEGER})",
        f"number {value!r} is too large to read (max {MAX_INTEGER})",
    )


def _too_many_decimals(value: Any) -> InvalidValue:
    return InvalidValue(
        f"Số {value!r} có quá {MAX_FRACTION_DIGITS} chữ số thập phân",
        f"number {value!r} has more than {MAX_FRACTION_DIGITS} decimal digits"
    )


def _split(value: Any) -> tuple[bool, int, str]:
    """(negative, integer part, fraction digits) of any accepted input, or a bilingual ValueError."""
    if isinstance(value, bool):
        raise _cannot_read(value)
    if isinstance(value, int):
        negative, whole, fraction = value < 0, abs(value), ""
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise _cannot_read(value)
        negative, whole, fraction = _split_decimal(Decimal(repr(value)), value)
    elif isinstance(value, Decimal):
        negative, whole, fraction = _split_decimal(value, value)
    elif isinstance(value, str):
        negative, whole, fraction = _split_text(value)
    else:
        raise _cannot_read(value)
    if whole > MAX_INTEGER:
        raise _too_large(value)
    if len(fraction) > MAX_FRACTION_DIGITS:
        raise _too_many_decimals(value)
    if whole == 0 and not fraction.strip("0"):
        negative = False  # "-0" is read "không", not "âm không"
    return negative, whole, fraction


def _read_group(n: int, *, full: bool, style: dict[str, str]) -> list[str]:
    """One group of three digits (1..999). `full`: not the leading group, so hundreds are read even when zero."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append(style["zero_tens"])  # 105 → một trăm linh năm
            words.append(DIGITS[units])
    elif tens == 1:
        words.append("mười")  # 11 mười một, 14 mười bốn, 15 mười lăm
        if units:
            words.append("lăm" if units == 5 else DIGITS[units])
    else:
        words += [DIGITS[tens], "mươi"]  # 21 hai mươi mốt, 24 hai mươi tư, 25 hai mươi lăm
        if units:
            words.append({1: "mốt", 4: style["four"], 5: "lăm"}.get(units, DIGITS[units]))
    return words


def _read_below_ty(n: int, *, leading: bool, style: dict[str, str]) -> list[str]:
    """1..999 999 999 as triệu / nghìn / units groups; all-zero groups are skipped."""
    words: list[str] = []
    for value, unit in ((n // 10**6, "triệu"), (n // 1000 % 1000, style["thousand"]), (n % 1000, "")):
        if value == 0:
            continue
        words += _read_group(value, full=not leading, style=style)
        if unit:
            words.append(unit)
        leading = False
    return words


def _read_positive(n: int, *, leading: bool, style: dict[str, str]) -> list[str]:
    """n ≥ 1: the part above 10**9 is itself a number followed by "tỷ" (1000·10**9 → một nghìn tỷ)."""
    high, low = divmod(n, TY)
    words: list[str] = []
    if high:
        words += _read_positive(high, leading=leading, style=style) + ["tỷ"]
        leading = False
    if low:
        words += _read_below_ty(low, leading=leading, style=style)
    return words


def _read_fraction(digits: str, style: dict[str, str]) -> list[str]:
    """After "phẩy": leading zeros digit by digit, the rest as a number (3,05 → không năm; 3,25 → hai mươi lăm)."""
    rest = digits.lstrip("0")
    words = [DIGITS[0]] * (len(digits) - len(rest))
    if rest:
        words += _read_positive(int(rest), leading=True, style=style)
    return words


def _compose(negative: bool, whole: int, fraction: str, style: dict[str, str]) -> str:
    words = ["âm"] if negative else []
    words += _read_positive(whole, leading=True, style=style) if whole else [DIGITS[0]]
    if fraction:
        words += ["phẩy"] + _read_fraction(fraction, style)
    return " ".join(words)


def read_number(
    n: int | Decimal | str, *, zero_tens: str = "linh", thousand: str = "nghìn", four: str = "tư"
) -> str:
    """Read `n` in Vietnamese words (2024 → "hai nghìn không trăm hai mươi tư").

    Accepts int, Decimal, float and numeric strings in Vietnamese notation
    ("1.250.000", "3,5", "1 250 000"); raises ValueError (Vietnamese / English)
    naming the value otherwise.
    """
    style = _style({"zero_tens": zero_tens, "thousand": thousand, "four": four})
    return _compose(*_split(n), style)


def read_money(amount: int | Decimal | str, *, currency: str = "đồng", **style: str) -> str:
    """The "Bằng chữ" line of an amount: capitalised, currency appended.

    1250000 → "Một triệu hai trăm năm mươi nghìn đồng". An all-zero fraction
    ("1.250.000,00") is dropped; other fractions are read after "phẩy".
    """
    options = _style(style)
    if not isinstance(currency, str):
        raise InvalidValue(f"Đơn vị tiền tệ không hợp lệ: {currency!r}", f"invalid currency: {currency!r}")
    negative, whole, fraction = _split(amount)
    if not fraction.strip("0"):
        fraction = ""
    text = _compose(negative, whole, fraction, options)
    text = text[0].upper() + text[1:]
    return f"{text} {currency}" if currency.strip() else text


# Registered by the renderer: {{ so_tien|doc_tien }}, {{ so_luong|doc_so(zero_tens="lẻ") }}.
FILTERS = {"doc_so": read_number, "doc_tien": read_money}
