"""Persian normalisation, digits, money formatting and Jalali dates."""

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.text import persian
from marketplace.text.persian import (
    current_jalali_month,
    format_date,
    format_money,
    format_number,
    format_rials,
    jalali_month_bounds,
    jalali_month_name,
    jalali_year_of,
    normalize,
    search_key,
    sort_key,
    to_persian_digits,
)

ZWNJ = "\u200c"

# Characters that normalisation must handle: Arabic/Persian letters, digits,
# marks, invisible and bidi controls, spaces of all kinds, presentation forms.
TRICKY = (
    "ابپتکگیهۀەيىكڪآأإؤئة" "۰۱۲۹٠١٩0189" "\u064b\u064e\u0650\u0651\u0652\u0654\u0670\u0640"
    "\u200c\u200d\u200b\u200e\u200f\u202a\u202e\u2066\u2069\ufeff\u061c\u00ad"
    " \t\n\r\x00\x01\x0b\x0c\x7f\x85\u00a0\u2009\u202f\u3000\u2028"
    "ﻙﯼﻻﺁ﷼ﷲ" "aBc.,!؟،؛-_()"
)
tricky_text = st.text(alphabet=TRICKY, max_size=40)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ""),
        ("", ""),
        ("علي", "علی"),
        ("مصطفى", "مصطفی"),
        ("كتاب", "کتاب"),
        ("ڪتاب", "کتاب"),
        ("ﻙﺘﺎﺏ", "کتاب"),  # presentation forms
        ("ﯾﮏ", "یک"),
        ("۱۲۳۴۵۶۷۸۹۰", "1234567890"),
        ("٠١٢٣٤٥٦٧٨٩", "0123456789"),
        ("كِتــــاب", "کتاب"),  # kasra and tatweel
        ("مُحَمَّد", "محمد"),
        ("موسیٰ", "موسی"),  # superscript alef
        ("خانۀ ما", "خانه\u0654 ما"),  # heh with yeh above = heh + hamza above
        ("خانهٔ ما", "خانه\u0654 ما"),
        (f"می{ZWNJ}{ZWNJ}{ZWNJ}خواهم", f"می{ZWNJ}خواهم"),
        (f"کیف{ZWNJ} پول", "کیف پول"),
        (f"کیف {ZWNJ}پول", "کیف پول"),
        (f"{ZWNJ}سلام{ZWNJ}", "سلام"),
        (f"نان{ZWNJ}\nآب", "نان\nآب"),
        ("a\u200bb\u200ec\u200fd\u202ae\u202cf\u2067g\u2069h\ufeffi", "abcdefghi"),
        ("a\x00b\x07c\x7fd\x9fe", "abcde"),
        ("  دو   فاصله\t\tو\u00a0\u2009تب  ", "دو فاصله و تب"),
        ("خط یک  \r\nخط دو\r\rخط سه", "خط یک\nخط دو\n\nخط سه"),
        ("بند یک\n\n\n\n\nبند دو", "بند یک\n\nبند دو"),
        ("a\u2028b", "a\nb"),
        ("m² ½ ™", "m² ½ ™"),  # no full NFKC outside Arabic presentation forms
        ("e\u0301", "é"),  # NFC
        ("👩\u200d🍳", "👩\u200d🍳"),  # ZWJ kept for emoji sequences
    ],
)
def test_normalize(raw, expected):
    assert normalize(raw) == expected


def test_normalize_single_line_turns_newlines_into_spaces():
    assert normalize("یک\r\n\nدو \n سه", multiline=False) == "یک دو سه"


@given(tricky_text)
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once
    assert normalize(once, multiline=False) == normalize(text, multiline=False)


@given(tricky_text)
def test_normalize_output_is_clean(text):
    out = normalize(text)
    forbidden = set("يىكۀ۰۱۲۹٠١٩\u064b\u064e\u0650\u0670\u0640\u200b\u200e\u200f\u202a")
    forbidden |= set("\u202e\u2066\u2069\ufeff\u061c\x00\x01\x7f\x85\r\t\u00a0\u2028ﻙﯼ")
    assert not forbidden & set(out)
    assert out == out.strip() and ZWNJ * 2 not in out and "  " not in out
    assert not out.startswith(ZWNJ) and not out.endswith(ZWNJ)
    assert f"{ZWNJ} " not in out and f" {ZWNJ}" not in out and "\n\n\n" not in out


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (f"می{ZWNJ}خواهم", "میخواهم"),
        ("علي كريمي", "علی کریمی"),
        ("۱۴۰۵", "1405"),
        ("آش رشته", "اش رشته"),
        ("مسئول", "مسیول"),
        ("خانۀ", "خانه"),
        ("Hand-Made CARPET!", "hand made carpet"),
        ("فرش، دستباف؟", "فرش دستباف"),
        ("  گلیم\n\nبافت  ", "گلیم بافت"),
    ],
)
def test_search_key_matches_variant_spellings(a, b):
    assert search_key(a) == search_key(b)


def test_search_key_shapes():
    assert search_key(None) == ""
    assert search_key(f"کیف{ZWNJ} پول") == "کیف پول"
    assert search_key("سبد (حصیری) - ۲۰۰ تومان") == "سبد حصیری 200 تومان"


@given(tricky_text)
def test_search_key_is_idempotent_and_tidy(text):
    key = search_key(text)
    assert search_key(key) == key
    assert ZWNJ not in key and "\n" not in key and "  " not in key and key == key.strip()


def test_sort_key_follows_the_persian_alphabet():
    words = ["یزد", "گیلان", "کرمان", "چای", "پارس", "بابل", "ابر", "آب", "ژاله", "زرد"]
    assert sorted(words, key=sort_key) == [
        "آب", "ابر", "بابل", "پارس", "چای", "زرد", "ژاله", "کرمان", "گیلان", "یزد",
    ]


def test_to_persian_digits():
    assert to_persian_digits("1405/09/06 ٤") == "۱۴۰۵/۰۹/۰۶ ۴"


@pytest.mark.parametrize(
    ("rials", "fa", "en"),
    [
        (12_500_000, "۱٬۲۵۰٬۰۰۰ تومان", "1,250,000 Toman"),
        (0, "۰ تومان", "0 Toman"),
        (10, "۱ تومان", "1 Toman"),
        (10_000, "۱٬۰۰۰ تومان", "1,000 Toman"),
        (125, "≈ ۱۳ تومان", "≈ 13 Toman"),  # never a fraction, never a silent rounding
        (124, "≈ ۱۲ تومان", "≈ 12 Toman"),
        (-15_000, "\u200e−۱٬۵۰۰ تومان", "-1,500 Toman"),
        (-5, "≈ \u200e−۱ تومان", "≈ -1 Toman"),
    ],
)
def test_format_money(rials, fa, en):
    assert format_money(rials, "fa") == fa
    assert format_money(rials, "fa_IR") == fa
    assert format_money(rials, "en") == en


def test_format_rials_and_number():
    assert format_rials(12_500_000, "fa") == "۱۲٬۵۰۰٬۰۰۰ ریال"
    assert format_rials(-7, "en") == "-7 Rials"
    assert format_number(1234567, "fa") == "۱٬۲۳۴٬۵۶۷"
    assert format_number(999, "en") == "999"
    assert format_number(-1000, "fa") == "\u200e−۱٬۰۰۰"


@pytest.mark.parametrize("bad", [12.5, 10.0, True, "100", None])
def test_money_formatting_refuses_non_int(bad):
    for fmt in (format_money, format_rials, format_number):
        with pytest.raises(TypeError):
            fmt(bad, "fa")


def test_format_date_styles():
    d = date(2026, 11, 27)
    assert format_date(d, "fa") == "۶ آذر ۱۴۰۵"
    assert format_date(d, "fa", "short") == "۱۴۰۵/۰۹/۰۶"
    assert format_date(d, "en") == "27 Nov 2026"
    assert format_date(d, "en", "short") == "2026-11-27"
    assert format_date(d, "fa", "datetime") == "۶ آذر ۱۴۰۵"  # a date has no time
    assert format_date(None, "fa") == ""
    with pytest.raises(ValueError):
        format_date(d, "fa", "full")


def test_format_datetime_is_shown_in_tehran_time():
    utc = datetime(2026, 11, 27, 18, 0)  # naive = UTC, as stored
    assert format_date(utc, "fa", "datetime") == "۶ آذر ۱۴۰۵، ۲۱:۳۰"
    assert format_date(utc, "en", "datetime") == "27 Nov 2026, 21:30"
    late = datetime(2026, 11, 27, 21, 0)  # 00:30 next day in Tehran
    assert format_date(late, "fa", "datetime") == "۷ آذر ۱۴۰۵، ۰۰:۳۰"
    assert format_date(late, "fa") == "۷ آذر ۱۴۰۵"
    assert format_date(late, "en", "short") == "2026-11-28"
    aware = datetime(2026, 11, 27, 23, 0, tzinfo=timezone(timedelta(hours=2)))
    assert format_date(aware, "en", "datetime") == "28 Nov 2026, 00:30"
    assert format_date(datetime(2026, 3, 20, 20, 30, tzinfo=UTC), "fa") == "۱ فروردین ۱۴۰۵"


@pytest.mark.skipif(not isinstance(persian.TEHRAN, ZoneInfo), reason="no system tz database")
def test_old_datetimes_use_the_daylight_saving_of_their_time():
    assert format_date(datetime(2021, 6, 1, 12, 0), "en", "datetime") == "1 Jun 2021, 16:30"


def test_jalali_helpers():
    assert jalali_month_bounds(1405, 9) == (date(2026, 11, 22), date(2026, 12, 22))
    assert jalali_month_bounds(1403, 12) == (date(2025, 2, 19), date(2025, 3, 21))  # leap Esfand
    assert jalali_month_bounds(1404, 12) == (date(2026, 2, 20), date(2026, 3, 21))
    assert jalali_year_of(date(2026, 3, 20)) == 1404
    assert jalali_year_of(date(2026, 3, 21)) == 1405
    assert current_jalali_month(date(2026, 11, 27)) == (1405, 9)
    assert jalali_month_name(9, "fa") == "آذر"
    assert jalali_month_name(1, "en") == "Farvardin"
    assert jalali_month_name(12, "fa") == "اسفند"
    for bad in (0, 13):
        with pytest.raises(ValueError):
            jalali_month_name(bad, "fa")
        with pytest.raises(ValueError):
            jalali_month_bounds(1405, bad)


@given(st.integers(1300, 1500), st.integers(1, 12))
def test_jalali_month_bounds_tile_the_calendar(jyear, jmonth):
    start, end = jalali_month_bounds(jyear, jmonth)
    assert 29 <= (end - start).days <= 31
    assert current_jalali_month(start) == (jyear, jmonth)
    assert current_jalali_month(end - timedelta(days=1)) == (jyear, jmonth)
    nxt = (jyear + 1, 1) if jmonth == 12 else (jyear, jmonth + 1)
    assert jalali_month_bounds(*nxt)[0] == end
