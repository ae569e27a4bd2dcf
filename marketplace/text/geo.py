"""Iran's 31 provinces, for address forms and for where a centre or buyer is.

Kept as code, not a table: the list changes once in decades, and forms need
it before any database exists.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PROVINCES", "Province", "province_by_code"]


@dataclass(frozen=True, slots=True)
class Province:
    """One province (استان): a stable slug to store, and its names to show."""

    code: str
    name_fa: str
    name_en: str

    def name(self, locale: str) -> str:
        """The name in `locale` ("fa..." gives Persian, anything else English)."""
        return self.name_fa if str(locale).lower().startswith("fa") else self.name_en


# In Persian alphabetical order (tests check it against persian.sort_key).
PROVINCES: tuple[Province, ...] = (
    Province("east-azerbaijan", "آذربایجان شرقی", "East Azerbaijan"),
    Province("west-azerbaijan", "آذربایجان غربی", "West Azerbaijan"),
    Province("ardabil", "اردبیل", "Ardabil"),
    Province("isfahan", "اصفهان", "Isfahan"),
    Province("alborz", "البرز", "Alborz"),
    Province("ilam", "ایلام", "Ilam"),
    Province("bushehr", "بوشهر", "Bushehr"),
    Province("tehran", "تهران", "Tehran"),
    Province("chaharmahal-bakhtiari", "چهارمحال و بختیاری", "Chaharmahal and Bakhtiari"),
    Province("south-khorasan", "خراسان جنوبی", "South Khorasan"),
    Province("razavi-khorasan", "خراسان رضوی", "Razavi Khorasan"),
    Province("north-khorasan", "خراسان شمالی", "North Khorasan"),
    Province("khuzestan", "خوزستان", "Khuzestan"),
    Province("zanjan", "زنجان", "Zanjan"),
    Province("semnan", "سمنان", "Semnan"),
    Province("sistan-baluchestan", "سیستان و بلوچستان", "Sistan and Baluchestan"),
    Province("fars", "فارس", "Fars"),
    Province("qazvin", "قزوین", "Qazvin"),
    Province("qom", "قم", "Qom"),
    Province("kurdistan", "کردستان", "Kurdistan"),
    Province("kerman", "کرمان", "Kerman"),
    Province("kermanshah", "کرمانشاه", "Kermanshah"),
    Province("kohgiluyeh-boyer-ahmad", "کهگیلویه و بویراحمد", "Kohgiluyeh and Boyer-Ahmad"),
    Province("golestan", "گلستان", "Golestan"),
    Province("gilan", "گیلان", "Gilan"),
    Province("lorestan", "لرستان", "Lorestan"),
    Province("mazandaran", "مازندران", "Mazandaran"),
    Province("markazi", "مرکزی", "Markazi"),
    Province("hormozgan", "هرمزگان", "Hormozgan"),
    Province("hamadan", "همدان", "Hamadan"),
    Province("yazd", "یزد", "Yazd"),
)

_BY_CODE = {p.code: p for p in PROVINCES}


def province_by_code(code: str | None) -> Province | None:
    """The province with this slug, or None (unknown codes are not an error here)."""
    return _BY_CODE.get(code) if code else None
