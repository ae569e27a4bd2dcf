"""Persian text, digits, money and Jalali dates: the shop's one place for them.

Everything a person types goes through `normalize` (forms) or `search_key`
(search index and queries), so the same word typed on an Arabic keyboard, a
Persian one or a phone matches. Display helpers take an explicit locale
string ("fa", "fa_IR", "en", ...) instead of reading the request, so they work
in views, Jinja filters, e-mails and CLI commands alike.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jdatetime
from flask_babel import lazy_gettext as _l

from marketplace.errors import DomainError

__all__ = [
    "DateProblem",
    "MessageNumber",
    "current_jalali_month",
    "format_date",
    "format_date_input",
    "format_money",
    "format_number",
    "format_rials",
    "jalali_month_bounds",
    "jalali_month_name",
    "jalali_year_of",
    "normalize",
    "parse_date",
    "search_key",
    "slugify",
    "sort_key",
    "tehran_day_start",
    "to_persian_digits",
]

ZWNJ = "\u200c"
LRM = "\u200e"
MINUS = "\u2212"

# Character-level folding applied after NFC. `None` deletes the character.
_FOLD: dict[int, str | None] = {
    0x064A: "ی", 0x0649: "ی", 0x06CD: "ی", 0x06D0: "ی",  # Arabic yeh, alef maksura, ...
    0x0643: "ک", 0x06AA: "ک",  # Arabic kaf, swash kaf
    # ۀ is ه + hamza above; one spelling keeps "خانهٔ" equal however it was typed.
    0x06C0: "ه\u0654", 0x06D5: "ه",
    0x0640: None,  # tatweel
    0x0670: None,  # superscript alef
    0x00AD: None, 0x200B: None, 0x2060: None, 0xFEFF: None,  # invisible joiners/BOM
    0x061C: None, 0x200E: None, 0x200F: None,  # bidi marks
    0x2028: "\n", 0x2029: "\n", 0x0085: "\n",
    0x000B: " ", 0x000C: " ",
}
_FOLD.update({cp: None for cp in range(0x202A, 0x202F)})  # bidi embeddings/overrides
_FOLD.update({cp: None for cp in range(0x2066, 0x206A)})  # bidi isolates
# Harakat and other marks. U+0654 (hamza above) is kept: in Persian it is
# spelling (the ezafe in "خانهٔ"), not a vowel sign; search_key drops it.
_FOLD.update({cp: None for cp in range(0x064B, 0x0660) if cp != 0x0654})
_FOLD.update({0x06F0 + i: str(i) for i in range(10)})  # Persian digits
_FOLD.update({0x0660 + i: str(i) for i in range(10)})  # Arabic-Indic digits
_FOLD.update({cp: None for cp in range(0x20) if cp not in (0x09, 0x0A, 0x0B, 0x0C, 0x0D)})
_FOLD.update({cp: None for cp in (*range(0x7F, 0x85), *range(0x86, 0xA0))})  # DEL, C1
_FOLD.update({cp: " " for cp in (0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)})

# Only for search: spellings that people use interchangeably.
_SEARCH_FOLD: dict[int, str | None] = {
    0x200C: None, 0x200D: None, 0x0654: None,
    0x0622: "ا", 0x0623: "ا", 0x0625: "ا", 0x0671: "ا",
    0x0624: "و", 0x0626: "ی", 0x0629: "ه",
}

_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")
_HSPACE_RUN = re.compile(r"[ \t]+")
_ZWNJ_RUN = re.compile(ZWNJ + "{2,}")
_ZWNJ_AT_SPACE = re.compile(rf"{ZWNJ}(?=[ \t\n])|(?<=[ \t\n]){ZWNJ}")
_SPACE_AROUND_NEWLINE = re.compile(r" ?\n ?")
_BLANK_LINES = re.compile(r"\n{3,}")


def normalize(text: str | None, *, multiline: bool = True) -> str:
    """Return the one canonical spelling of user text, for storage and comparison.

    Folds Arabic letters and digits to Persian/ASCII, strips invisible and
    bidi-control characters and diacritics, tidies ZWNJ and whitespace.
    Arabic presentation forms (U+FB50-U+FDFF, U+FE70-U+FEFE) are folded with
    NFKC, but the rest of the text only gets NFC: full NFKC would also rewrite
    things like "m²" or "½" in product descriptions.
    With ``multiline=False`` newlines become spaces (single-line fields).
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text)).replace("\r\n", "\n").replace("\r", "\n")
    text = _PRESENTATION_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = text.translate(_FOLD)
    if not multiline:
        text = text.replace("\n", " ")
    text = _ZWNJ_RUN.sub(ZWNJ, text)
    text = _ZWNJ_AT_SPACE.sub("", text)
    text = _HSPACE_RUN.sub(" ", text)
    text = _SPACE_AROUND_NEWLINE.sub("\n", text)
    text = _BLANK_LINES.sub("\n\n", text)
    # NFC again: removing a mark can leave a composable pair (ا + ٔ → أ).
    return unicodedata.normalize("NFC", text).strip(" \n" + ZWNJ)


def search_key(text: str | None) -> str:
    """Return the key used for both indexed text and queries.

    ZWNJ is removed, not turned into a space: it joins the parts of one word,
    so "می‌خواهم" and the common "میخواهم" become the same token. Someone who
    types a space instead ("می خواهم") gets two tokens, which the search code
    matches as terms of the query. Alef and hamza variants are folded, Latin
    is casefolded, and punctuation and symbols become spaces.
    """
    text = normalize(text, multiline=False).translate(_SEARCH_FOLD).casefold()
    text = "".join(ch if unicodedata.category(ch)[0] in "LNM" else " " for ch in text)
    return " ".join(text.split())


def slugify(text: str | None, max_length: int = 80) -> str:
    """The part of a URL that names something: Latin letters and digits lowercased, Persian
    letters kept as they are (a browser shows «/drivers/نقش-مهر», not its %-escapes), every
    other run of characters one hyphen. ZWNJ joins the parts of one word and is dropped, as
    in `search_key`; Persian and Arabic digits become ASCII. "" when nothing is left."""
    text = normalize(text, multiline=False).replace(ZWNJ, "").lower()
    kept = "".join(ch if _slug_char(ch) else " " for ch in text)
    return "-".join(kept.split())[:max_length].strip("-")


def _slug_char(ch: str) -> bool:
    if ch.isascii():
        return ch.isalnum()
    return "\u0600" <= ch <= "\u06ff" and unicodedata.category(ch).startswith("L")


def unique_slug(base: str, taken: set[str], max_length: int = 80) -> str:
    """`base`, or `base-2`, `base-3`, … : the first not in `taken` (the slugs in use)."""
    slug, n = base[:max_length], 1
    while slug in taken:
        n += 1
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)] + suffix
    return slug


_PERSIAN_ALPHABET = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
_SORT_ORDER = {ch: i + 1 for i, ch in enumerate(_PERSIAN_ALPHABET)}


def sort_key(text: str | None) -> tuple[tuple[int, str], ...]:
    """Key for sorting Persian text in alphabet order (Python's code points put پ چ ژ ک گ last)."""
    key = search_key(text)
    return tuple((_SORT_ORDER.get(ch, 0 if ch == " " else 100), ch) for ch in key)


# --- digits and money ---------------------------------------------------------

_TO_PERSIAN = str.maketrans("0123456789٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹" * 2)


def _is_fa(locale: object) -> bool:
    return str(locale).lower().startswith("fa")


def to_persian_digits(s: str) -> str:
    """Replace ASCII and Arabic-Indic digits with Persian ones (display only)."""
    return str(s).translate(_TO_PERSIAN)


def _check_int(value: object) -> int:
    # bool is an int subclass, but True Rials is always a bug.
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"money must be an int number of Rials, not {type(value).__name__}")
    return value


def _grouped(n: int, fa: bool, fraction: str = "") -> str:
    """Digits with thousands separators; negatives get a sign that survives RTL.

    In a right-to-left paragraph a bare minus before Persian digits is shown on
    their right; a left-to-right mark in front keeps it on the left ("−۱۲").
    """
    body = f"{abs(n):,}"
    if not fa:
        return ("-" if n < 0 else "") + body + (f".{fraction}" if fraction else "")
    body = to_persian_digits(body.replace(",", "٬"))
    if fraction:
        body += "٫" + to_persian_digits(fraction)
    return (LRM + MINUS if n < 0 else "") + body


def format_tenths(value: float, locale: str) -> str:
    """A number to one decimal place («۴٫۵», "4.5"), e.g. an average of stars."""
    whole, tenth = divmod(round(value * 10), 10)
    return _grouped(whole, _is_fa(locale), str(tenth))


def format_number(n: int, locale: str) -> str:
    """Format an integer with grouping, in Persian digits for fa."""
    return _grouped(_check_int(n), _is_fa(locale))


class MessageNumber(int):
    """An integer for a (lazy) message: shown in the language of the request it is read in.

    Domain code builds its refusals before anyone reads them, without a request's language,
    so `_l("at most %(mb)s MB", mb=MessageNumber(50))` formats the number when the message
    becomes text: «۵۰» on a Persian page, «50» on an English one.
    """

    def __str__(self) -> str:
        return format_number(int(self), _message_locale())

    def __format__(self, spec: str) -> str:
        return str(self) if not spec else format(int(self), spec)


def _message_locale() -> str:
    from flask_babel import get_locale

    # Outside an application a lazy message is read untranslated (English): digits to match.
    return str(get_locale() or "en")


def format_money(rials: int, locale: str) -> str:
    """Format a Rial amount as Toman, the unit the shop shows to people.

    Toman = Rials / 10. Prices, purchases and their shares are whole Toman; a sum of old
    entries in odd Rials is not, and is shown rounded to the nearest Toman (half away from
    zero) with «≈» in front, so the page never shows a fraction of a Toman and never
    pretends a rounded amount is exact.
    """
    toman, tenth = divmod(abs(_check_int(rials)), 10)
    toman += tenth >= 5
    sign = -1 if rials < 0 else 1
    fa = _is_fa(locale)
    body = _grouped(sign * toman, fa)
    if tenth:
        body = "≈ " + body
    return body + (" تومان" if fa else " Toman")


def format_rials(rials: int, locale: str) -> str:
    """Format a Rial amount in Rials, for ledgers where every Rial is counted."""
    fa = _is_fa(locale)
    return _grouped(_check_int(rials), fa) + (" ریال" if fa else " Rials")


# --- Jalali dates ------------------------------------------------------------

JALALI_MONTHS_FA = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)
# Fixed here: strftime("%b") would follow the process's C locale.
_MONTHS_ABBR_EN = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)
JALALI_MONTHS_EN = (
    "Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
    "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand",
)


def _tehran() -> tzinfo:
    """Asia/Tehran from the system tz database, else fixed +03:30.

    Iran dropped daylight saving in 2022, so the fallback is exact for current
    dates and off by an hour only for summer datetimes before 2023.
    """
    try:
        return ZoneInfo("Asia/Tehran")
    except (ZoneInfoNotFoundError, ValueError):
        return timezone(timedelta(hours=3, minutes=30), "IRST")


TEHRAN = _tehran()


def to_tehran(dt: datetime) -> datetime:
    """Convert a datetime to Tehran time; naive values are taken as UTC (how the DB stores them)."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(TEHRAN)


def tehran_today() -> date:
    """Today in Tehran (Mashhad keeps the same time): what a date typed at a centre means."""
    return datetime.now(TEHRAN).date()


def tehran_day_start(day: date) -> datetime:
    """The first moment of a Tehran day, as the naive UTC the database keeps: a range of
    days typed at a centre covers the moments from one day's start to the next's."""
    return datetime.combine(day, datetime.min.time(), TEHRAN).astimezone(UTC).replace(
        tzinfo=None)


def moment_of(day: date, now: datetime) -> datetime:
    """A day someone typed, as the naive UTC moment the database keeps: `now` (naive UTC)
    if the day is today in Tehran, else that day's noon in Tehran."""
    if day == to_tehran(now).date():
        return now
    noon = datetime(day.year, day.month, day.day, 12, tzinfo=TEHRAN)
    return noon.astimezone(UTC).replace(tzinfo=None)


def jalali_month_name(m: int, locale: str) -> str:
    """Name of Jalali month 1..12 in Persian or (transliterated) English."""
    if not 1 <= m <= 12:
        raise ValueError(f"Jalali month must be 1..12, not {m}")
    return (JALALI_MONTHS_FA if _is_fa(locale) else JALALI_MONTHS_EN)[m - 1]


def format_date(d: date | datetime | None, locale: str, style: str = "medium") -> str:
    """Format a date for people: Jalali with Persian digits for fa, Gregorian for en.

    Styles: "medium" (۶ آذر ۱۴۰۵ / 27 Nov 2026), "short" (۱۴۰۵/۰۹/۰۶ /
    2026-11-27) and "datetime" (medium plus HH:MM). Datetimes are first
    converted to Tehran time in every style, so the day shown is Tehran's day.
    """
    if d is None:
        return ""
    if style not in ("medium", "short", "datetime"):
        raise ValueError(f"unknown date style {style!r}")
    clock = ""
    if isinstance(d, datetime):
        d = to_tehran(d)
        clock = f"{d.hour:02d}:{d.minute:02d}"
        d = d.date()
    elif style == "datetime":
        style = "medium"  # a plain date has no time to show
    if not _is_fa(locale):
        if style == "short":
            return d.isoformat()
        text = f"{d.day} {_MONTHS_ABBR_EN[d.month - 1]} {d.year}"
        return f"{text}, {clock}" if style == "datetime" else text
    j = jdatetime.date.fromgregorian(date=d)
    if style == "short":
        return to_persian_digits(f"{j.year:04d}/{j.month:02d}/{j.day:02d}")
    text = to_persian_digits(f"{j.day} {JALALI_MONTHS_FA[j.month - 1]} {j.year}")
    return f"{text}، {to_persian_digits(clock)}" if style == "datetime" else text


def jalali_month_bounds(jyear: int, jmonth: int) -> tuple[date, date]:
    """Gregorian [first day, first day of next month) of a Jalali month, for range queries."""
    if not 1 <= jmonth <= 12:
        raise ValueError(f"Jalali month must be 1..12, not {jmonth}")
    start = jdatetime.date(jyear, jmonth, 1).togregorian()
    ny, nm = (jyear + 1, 1) if jmonth == 12 else (jyear, jmonth + 1)
    return start, jdatetime.date(ny, nm, 1).togregorian()


def jalali_year_of(d: date) -> int:
    """Jalali year of a calendar date (convert datetimes with `to_tehran` first)."""
    return jdatetime.date.fromgregorian(date=_as_date(d)).year


def current_jalali_month(today: date) -> tuple[int, int]:
    """(Jalali year, month) containing `today`; the caller passes today for testability."""
    j = jdatetime.date.fromgregorian(date=_as_date(today))
    return j.year, j.month


def _as_date(d: date) -> date:
    return d.date() if isinstance(d, datetime) else d


# --- dates people type ---------------------------------------------------------

# Year, month and day in that order, separated by / - or . (a picker, a phone keyboard or
# habit); digits are already ASCII after `normalize`.
_TYPED_DATE = re.compile(r"(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})", re.ASCII)
# The years this shop's records can have. They do not overlap, so a year typed in the
# other calendar is recognised and refused instead of being stored 621 years off.
_JALALI_YEARS = range(1300, 1500)
_GREGORIAN_YEARS = range(1900, 2200)


class DateProblem(DomainError):
    """A typed date cannot be used; `.message` says why, for the form."""


def parse_date(text: str | None, locale: str) -> date:
    """The calendar day a person typed: Jalali in fa (1405/9/9, ۱۴۰۵-۰۹-۰۹), ISO Gregorian
    in en (2026-11-30); Persian, Arabic or ASCII digits. Raises DateProblem."""
    fa = _is_fa(locale)
    match = _TYPED_DATE.fullmatch(normalize(text, multiline=False))
    if match is None:
        raise DateProblem(_l("Enter the date as year/month/day, e.g. %(example)s.",
                             example=_date_example(fa)))
    year, month, day = (int(part) for part in match.groups())
    if fa and year in _GREGORIAN_YEARS:
        raise DateProblem(_l("%(year)s is a Gregorian year: enter the date in the Persian "
                             "(solar) calendar, e.g. %(example)s.",
                             year=MessageYear(year), example=_date_example(fa)))
    if not fa and year in _JALALI_YEARS:
        raise DateProblem(_l("%(year)s is a Persian (solar) year: enter the date in the "
                             "Gregorian calendar, e.g. %(example)s.",
                             year=MessageYear(year), example=_date_example(fa)))
    if year not in (_JALALI_YEARS if fa else _GREGORIAN_YEARS):
        raise DateProblem(_l("Check the year of this date."))
    try:
        return jdatetime.date(year, month, day).togregorian() if fa else date(year, month, day)
    except ValueError as err:
        raise DateProblem(_l("There is no such day in the calendar; check the month and "
                             "the day.")) from err


def format_date_input(d: date | None, locale: str) -> str:
    """A stored day as a date field shows it: ۱۴۰۵/۰۹/۰۹ in fa, 2026-11-30 in en."""
    return "" if d is None else format_date(d, locale, "short")


def _date_example(fa: bool) -> str:
    """A sample date in the form's own calendar, in the digits of the message's language."""
    return _Digits("1405/09/09" if fa else "2026-11-30")


class _Digits(str):
    """A string with digits for a lazy message: Persian digits when read on a Persian page."""

    def __str__(self) -> str:
        text = str.__str__(self)
        return to_persian_digits(text) if _is_fa(_message_locale()) else text


class MessageYear(MessageNumber):
    """A year in a message: digits of the request's language, never grouped (۱۴۰۵, not ۱٬۴۰۵)."""

    def __str__(self) -> str:
        return str(_Digits(str(int(self))))
