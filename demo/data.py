"""Fixed demo facts: the real centres and crafts (SEED.md) and name lists for fictional people."""

from __future__ import annotations

# (slug, centre fa, centre en, neighbourhood slug, neighbourhood fa, neighbourhood en, address fa)
ACTIVE_CENTRES = (
    ("toos", "مرکز رویش بلوار توس", "Rooyesh Toos Boulevard", "nowdeh", "نوده", "Nowdeh",
     "بلوار توس، محله نوده"),
    ("shahnameh", "مرکز رویش شاهنامه", "Rooyesh Shahnameh", "chaharborj", "چهاربرج", "Chaharborj",
     "شاهنامه، چهاربرج"),
    ("ebadi", "مرکز رویش عبادی", "Rooyesh Ebadi", "ebadi", "عبادی", "Ebadi",
     "اول خیابان عبادی"),
    ("seyyedi", "مرکز رویش سیدی", "Rooyesh Seyyedi", "seyyedi", "سیدی", "Seyyedi",
     "پارک ثامن‌الائمه، محله سیدی"),
    ("toroq", "مرکز رویش طرق", "Rooyesh Toroq", "toroq", "طرق", "Toroq", "محله طرق"),
    ("ommat", "مرکز رویش امت", "Rooyesh Ommat", "ommat", "امت", "Ommat", "بلوار امت"),
    ("vakilabad", "مرکز رویش قلعه وکیل‌آباد", "Rooyesh Qaleh Vakilabad", "qaleh-vakilabad",
     "قلعه وکیل‌آباد", "Qaleh Vakilabad", "قلعه وکیل‌آباد"),
)
# The programme's published totals (SEED.md, "Figures reported"), loaded as its baseline:
# (metric, value, upper end of a range or None). The nine centres under construction are
# this number only: the report names none. The demo has one more, BUILDING_CENTRE, only so
# that its waiting list of applicants can be tried; it is not one of the nine.
PUBLISHED_FIGURES = (
    ("trained", 1500, None),
    ("employed", 400, None),
    ("relief_loans", 15, None),
    ("drivers", 35, 40),
    ("centres_active", 7, None),
    ("centres_under_construction", 9, None),
)
# (slug, centre fa, centre en, neighbourhood slug, fa, en): a demo centre being built.
BUILDING_CENTRE = ("golshahr", "مرکز رویش گلشهر", "Rooyesh Golshahr", "golshahr", "گلشهر",
                   "Golshahr")
# Facilitation offices and social councils (fictional names): (kind, name, centre slug).
OFFICES = (
    ("facilitation_office", "دفتر تسهیلگری نوده", "toos"),
    ("social_council", "شورای اجتماعی محله طرق", "toroq"),
    ("facilitation_office", "دفتر تسهیلگری گلشهر", "golshahr"),
)
PUBLISHED_SOURCE = "گزارش شهرآرانیوز درباره مراکز رویش شهرداری مشهد"

# (code, fa, en) — SEED.md's seven crafts; codes match demo.patterns.
CRAFTS = (
    ("tailoring", "خیاطی", "Tailoring"),
    ("leather", "چرم‌دوزی", "Leather sewing"),
    ("carpet", "قالی‌بافی", "Carpet weaving"),
    ("tableau", "تابلوفرش", "Tableau rug"),
    ("kilim", "گلیم‌بافی", "Kilim weaving"),
    ("fert", "فرت‌بافی", "Fert weaving"),
    ("resin", "مصنوعات رزینی", "Resin crafts"),
)

GIVEN_NAMES = (
    "زهرا", "فاطمه", "مریم", "معصومه", "سمیه", "لیلا", "زینب", "طاهره", "رقیه", "سکینه",
    "اعظم", "راضیه", "نرگس", "مهدیه", "سارا", "الهام", "شهناز", "پروین", "ملیحه", "صدیقه",
    "کبری", "عفت", "خدیجه", "نسرین", "منصوره", "ربابه", "حمیده", "فرشته", "اکرم", "سمانه",
)
FAMILY_NAMES = (
    "حسینی", "محمدی", "رضایی", "احمدی", "موسوی", "جعفری", "کریمی", "قاسمی", "نوروزی", "رحیمی",
    "صادقی", "عباسی", "اکبری", "یزدانی", "خراسانی", "توسی", "نیشابوری", "سبزواری", "قوچانی",
    "طاهری", "فرهادی", "شریفی", "باقری", "ابراهیمی", "زارعی",
)
DRIVERS = (
    ("person", "حمید توکلی", "Hamid Tavakoli"),
    ("firm", "گالری فرش ثامن", "Samen Carpet Gallery"),
    ("person", "مهین اسدی", "Mahin Asadi"),
    ("firm", "چرم مشهد نو", "Mashhad Now Leather"),
    ("person", "علی فرهمند", "Ali Farahmand"),
    ("firm", "گلیم‌سرای توس", "Toos Kilim House"),
    ("person", "نسرین یوسفی", "Nasrin Yousefi"),
    ("firm", "کارگاه رزین آرتا", "Arta Resin Workshop"),
    ("person", "رضا کاظمی", "Reza Kazemi"),
    ("firm", "پوشاک دست‌دوز رضوی", "Razavi Handsewn Clothing"),
)
# What each driver's shop page says, in her own words (the same order as DRIVERS).
DRIVER_ABOUT = (
    "بیست سال فرش دستباف خریده‌ام و فروخته‌ام. حالا در محله نوده نقشه و پشم می‌دهم و "
    "قالی‌های کوچک بافته‌شده را به قیمت منصفانه می‌خرم.",
    "گالری ما فرش و تابلوفرش بافندگان مراکز رویش را می‌فروشد؛ نقشه‌ها را با بافنده انتخاب "
    "می‌کنیم و دستمزد هر گره را جدا حساب می‌کنیم. برای سفارش اندازه دلخواه تماس بگیرید.",
    "خیاط هستم و در کارگاه چهاربرج خیاطی یاد می‌دهم؛ پارچه و نخ از من، دوخت از هنرجوها.",
    "کیف و کمربند چرم طبیعی گاوی، دوخت دست با نخ موم‌دار؛ چرم را خودمان از دباغی مشهد "
    "می‌خریم و به هنرجوها می‌دهیم.",
    "گلیم و جاجیم محله طرق را می‌خرم و به بازار می‌برم؛ رنگ‌ها گیاهی است.",
    "گلیم‌سرای توس از ۱۳۹۸ با زنان سرپرست خانوار گلیم و فرت می‌بافد؛ هر گلیم شناسنامه "
    "بافنده دارد.",
    "مصنوعات رزینی و زیورآلات دست‌ساز؛ مواد اولیه را من تهیه می‌کنم و هر هفته از "
    "هنرجوهای بلوار امت می‌خرم.",
    "کارگاه رزین آرتا: جاکلیدی، سینی و ساعت رزینی با گل خشک، ساخت هنرجوهای قلعه وکیل‌آباد.",
    "تابلوفرش با نقشه‌های مشهد و حرم؛ ابریشم و پشم مرغوب، قاب آماده نصب.",
    "لباس محلی و روسری دست‌دوز؛ دوخت در مرکز عبادی، با دستمزد منصفانه برای هر قطعه.",
)
# The one demo seller who gives buyers a number (a Mashhad landline); the others show none.
DRIVER_BUSINESS_PHONE = {2: "05138001234"}
