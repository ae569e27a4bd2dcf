"""The relevance test set: a fixed catalogue and what a Persian shopper types into it.

Products are written the way drivers write them, in the three spellings of a compound
(joined, ZWNJ, space) on purpose. A query names what must be found (product keys, or
`@craft` for every product of a craft) and what must not appear in its first ten.
`guard` marks a query that passed once: finding nothing for it fails the suite.
"""

from __future__ import annotations

from dataclasses import dataclass

# craft code: (name_fa, name_en), as in demo/data.py
CRAFTS = {
    "tailoring": ("خیاطی", "Tailoring"),
    "leather": ("چرم‌دوزی", "Leather sewing"),
    "carpet": ("قالی‌بافی", "Carpet weaving"),
    "tableau": ("تابلوفرش", "Tableau rug"),
    "kilim": ("گلیم‌بافی", "Kilim weaving"),
    "fert": ("فرت‌بافی", "Fert weaving"),
    "resin": ("مصنوعات رزینی", "Resin crafts"),
}
CENTRES = {
    "toos": ("مرکز رویش بلوار توس", "Rooyesh Toos Boulevard"),
    "toroq": ("مرکز رویش طرق", "Rooyesh Toroq"),
    "ommat": ("مرکز رویش امت", "Rooyesh Ommat"),
}


@dataclass(frozen=True)
class Item:
    key: str
    craft: str
    centre: str
    title_fa: str
    description_fa: str
    title_en: str = ""
    size: tuple[int, int] | None = None
    code: str | None = None
    stock: int = 1


CATALOGUE = (
    Item("c1", "carpet", "toos", "قالیچه دستباف ترنج",
         "قالیچه پشمی با نقشه ترنج و رنگ گیاهی، گره ترکی.", "Handwoven rug, medallion",
         (100, 150)),
    Item("c2", "carpet", "toroq", "قالی لچک‌ترنج",
         "قالی دستباف با پشم دست‌ریس و پنبه، نقشه لچک و ترنج.", "Corner-medallion carpet",
         (150, 200)),
    Item("c3", "carpet", "toos", "قالیچه شاه‌عباسی ابریشمی",
         "گل‌های شاه‌عباسی روی زمینه لاکی، پشم و ابریشم.", "Silk Shah Abbasi rug", (80, 120)),
    Item("c4", "carpet", "ommat", "قالی محرابی",
         "نقش محراب، بافته شده در کارگاه مرکز.", "Prayer-niche carpet", (120, 180)),
    Item("c5", "carpet", "toroq", "قالیچه گل‌فرنگ",
         "گل‌های درشت فرنگی روی زمینه کرم.", "Rose rug", (60, 90)),
    Item("t1", "tableau", "toos", "تابلوفرش حرم رضوی",
         "تابلو با گره ریز و قاب چوبی، مناسب هدیه.", "Tableau rug, the Razavi shrine", (50, 70)),
    Item("t2", "tableau", "ommat", "تابلو‌فرش گل و مرغ",
         "نقش گل و مرغ با رنگ‌های شاد، ابریشم و پشم.", "Tableau rug, flower and bird",
         (40, 60)),
    Item("t3", "tableau", "toroq", "تابلو فرش منظره روستا",
         "منظره روستای کوهستانی با خانه‌های گلی.", "Tableau rug, village landscape", (60, 90)),
    Item("t4", "tableau", "toos", "تابلوفرش گلدان",
         "گلدان گل سرخ با حاشیه طلایی.", "Tableau rug, vase of flowers", (50, 70)),
    Item("k1", "kilim", "toroq", "گلیم دستباف راه‌راه",
         "گلیم پشمی راه‌راه با رنگ‌های طبیعی.", "Striped kilim", (120, 180)),
    Item("k2", "kilim", "toroq", "گلیم قوچانی",
         "گلیم سنتی به سبک قوچان، پشم دست‌ریس.", "Quchan kilim", (100, 150)),
    Item("k3", "kilim", "ommat", "گلیمچه لوزی",
         "گلیمچه کوچک با نقش لوزی، برای کنار تخت.", "Small diamond kilim", (60, 90)),
    Item("k4", "kilim", "toos", "گلیم سیستانی",
         "نقش‌های هندسی سیستان، رنگ‌های تیره.", "Sistani kilim", (150, 200)),
    Item("f1", "fert", "ommat", "رومیزی فرت‌بافی هندسی",
         "رومیزی بافته شده با نخ پنبه، نقش هندسی.", "Fert-woven table runner, geometric"),
    Item("f2", "fert", "toos", "رانر فرت سنتی",
         "رومیزی باریک برای میز ناهارخوری.", "Fert runner, traditional"),
    Item("f3", "fert", "toroq", "سفره فرت‌بافی ترمه‌ای",
         "سفره با طرح ترمه، نخ پنبه.", "Termeh-style fert cloth"),
    Item("l1", "leather", "ommat", "کیف پول چرمی دست‌دوز",
         "کیف پول مردانه، چرم گاوی طبیعی، دوخت با دست.", "Hand-sewn leather wallet",
         code="RY-000110"),
    Item("l2", "leather", "toos", "کمربند چرم طبیعی",
         "کمربند مردانه با سگک فلزی.", "Natural leather belt"),
    Item("l3", "leather", "ommat", "کیف دوشی چرم",
         "کیف دوشی زنانه، چرم طبیعی، بند بلند.", "Leather shoulder bag"),
    Item("l4", "leather", "toroq", "جاکارتی چرمی دستدوز",
         "جای چهار کارت بانکی.", "Hand-sewn card holder"),
    Item("l5", "leather", "toos", "کوله‌پشتی چرمی",
         "کوله پشتی جادار با دو بند.", "Leather backpack"),
    Item("l6", "leather", "ommat", "جاکلیدی چرم",
         "جاکلیدی کوچک با حلقه فلزی.", "Leather key ring"),
    Item("s1", "tailoring", "toroq", "پیراهن محلی سوزن‌دوزی",
         "پیراهن زنانه با سوزن‌دوزی بلوچ روی سینه.", "Embroidered folk dress"),
    Item("s2", "tailoring", "toos", "مانتو نخی",
         "مانتوی تابستانی از پارچه نخی.", "Cotton manteau"),
    Item("s3", "tailoring", "ommat", "دامن محلی دست‌دوز",
         "دامن چین‌دار با نوار دوزی.", "Hand-sewn folk skirt"),
    Item("s4", "tailoring", "toroq", "پیراهن کودک",
         "پیراهن نخی دخترانه برای سه تا پنج سالگی.", "Children's dress"),
    Item("s5", "tailoring", "toos", "چادر نماز گلدار",
         "چادر نماز سبک از پارچه گلدار.", "Floral prayer chador"),
    Item("r1", "resin", "ommat", "زیرلیوانی رزینی اقیانوسی",
         "چهار زیرلیوانی ریخته‌گری شده در قالب سیلیکونی، رنگ آبی موج.",
         "Resin coaster set, ocean"),
    Item("r2", "resin", "toos", "زیر لیوانی رزین گل خشک",
         "گل خشک طبیعی در رزین شفاف.", "Dried-flower resin coasters"),
    Item("r3", "resin", "toroq", "ساعت دیواری رزینی",
         "ساعت دیواری با موتور بی‌صدا و ورق طلا.", "Resin wall clock"),
    Item("r4", "resin", "ommat", "جاکلیدی رزینی فیروزه‌ای",
         "آویز فیروزه‌ای ریخته‌گری شده.", "Turquoise resin key ring"),
    Item("r5", "resin", "toos", "سینی رزینی طلایی",
         "سینی پذیرایی با ورق طلا.", "Gold-leaf resin tray"),
    # Sold out: never a result, whatever the query.
    Item("x1", "carpet", "toos", "قالیچه ترنج فروخته", "قالیچه دستباف.", stock=0),
)


@dataclass(frozen=True)
class Query:
    text: str
    find: tuple[str, ...]
    avoid: tuple[str, ...] = ()
    guard: bool = True


def q(text: str, find: str, avoid: str = "", guard: bool = True) -> Query:
    return Query(text, tuple(find.split()), tuple(avoid.split()), guard)


QUERIES = (
    # colloquial words and synonyms
    q("فرش", "@carpet @tableau", "@resin @leather @tailoring"),
    q("فرش دستباف", "c1 c2", "@resin @leather"),
    q("قالی", "@carpet", "r1 @leather"),
    q("قالیچه", "c1 c3 c5", "@resin"),
    q("کیف", "l1 l3 l5", "@carpet @resin"),
    q("کوله", "l5", "@carpet"),
    q("لباس", "s1 s2 s3 s4", "@carpet @resin"),
    q("رومیزی", "f1 f2 f3", "@leather"),
    q("سفره", "f3 f1", "@leather"),
    q("بچه", "s4", "@carpet"),
    q("زیر لیوان", "r1 r2", "@carpet"),
    # letters typed on an Arabic keyboard, and word forms
    q("كيف چرمي", "l1 l3", "@tableau @resin"),
    q("کیف چرمی", "l1 l3", "@tableau @resin"),
    q("چرمی", "@leather", "@carpet @resin"),
    q("چرم", "@leather", "@carpet @resin"),
    q("رزینی", "@resin", "@leather"),
    q("رزین", "@resin", "@leather"),
    q("کیف‌ها", "l1 l3", "@carpet"),
    q("کیفهای چرمی", "l1 l3", "@carpet"),
    q("قالی‌ها", "@carpet", "@resin"),
    q("زیرلیوانی‌ها", "r1 r2", "@carpet"),
    q("ابریشمی", "c3", "@leather"),
    q("قاليچه", "c1 c3 c5", "@resin"),
    q("قوچان", "k2", "@leather"),
    # compounds written joined, with ZWNJ, with a space
    q("تابلوفرش", "@tableau", "@leather @resin"),
    q("تابلو‌فرش", "@tableau", "@leather @resin"),
    q("تابلو فرش", "@tableau", "@leather @resin"),
    q("دست دوز", "l1 l4 s3", "@carpet @resin"),
    q("دستدوز", "l1 l4 s3", "@carpet @resin"),
    q("دست‌دوز", "l1 l4 s3", "@carpet @resin"),
    q("زیرلیوانی", "r1 r2", "@carpet"),
    q("زیر لیوانی", "r1 r2", "@carpet"),
    q("شاه عباسی", "c3", "@leather"),
    q("شاهعباسی", "c3", "@leather"),
    q("لچک ترنج", "c2", "@leather"),
    q("جا کلیدی", "l6 r4", "@carpet"),
    q("جاکلیدی", "l6 r4", "@carpet"),
    q("فیروزه ای", "r4", "@carpet"),
    q("سوزن دوزی", "s1", "@carpet"),
    q("کوله پشتی", "l5", "@carpet"),
    # typos: one wrong, missing or extra letter
    q("دستبف", "c1 k1", "@leather"),
    q("قالیجه", "c1 c3 c5", "@leather"),
    q("کمربن", "l2", "@carpet"),
    q("کمربندد", "l2", "@carpet"),
    q("گلیمچح", "k3", "@leather"),
    q("سیستانى", "k4", "@leather"),
    q("ساعط", "r3", "@carpet"),
    # codes and sizes
    q("RY-000110", "l1"),
    q("ry000110", "l1"),
    q("RY-۰۰۰۱۱۰", "l1"),
    q("۱۲۰×۱۸۰", "c4 k1", "@resin @leather"),
    q("120x180", "c4 k1", "@resin @leather"),
    q("گلیم ۱۰۰×۱۵۰", "k2", "c1"),
    # plain words, designs, places and English
    q("گلیم", "@kilim", "@leather @resin"),
    q("گلیم دستباف", "k1", "@leather"),
    q("ترنج", "c1 c2", "@leather"),
    q("گل و مرغ", "t2", "@leather"),
    q("منظره", "t3", "@leather"),
    q("گلدان", "t4", "@leather"),
    q("ساعت دیواری", "r3", "@carpet"),
    q("جاکارتی", "l4", "@carpet"),
    q("سینی", "r5", "@carpet"),
    q("فیروزه‌ای", "r4", "@carpet"),
    q("محلی", "s1 s3", "@carpet"),
    q("چادر", "s5", "@carpet"),
    q("مانتو", "s2", "@carpet"),
    q("پیراهن", "s1 s4", "@carpet"),
    q("گلیمچه", "k3", "@leather"),
    q("رانر", "f2", "@leather"),
    q("فرت", "@fert", "@leather"),
    q("سیستانی", "k4", "@leather"),
    q("چرم طبیعی", "l2 l3 l1", "@carpet"),
    q("گلیم طرق", "k1 k2", "k3 k4"),
    q("wallet", "l1", "@carpet"),
    q("kilim", "@kilim", "@leather"),
    q("leather belt", "l2", "@carpet"),
)
