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
# What each driver's shop page says, in her own words (the same order as DRIVERS). Each
# names the centre she works with first (driver i's is centre (i - 1) % 7 + 1) and no
# craft: the demo gives each driver what her centres' trainees happen to make.
DRIVER_ABOUT = (
    "بیست سال در بازار مشهد کار دستی خریده‌ام و فروخته‌ام. حالا در مرکز نوده مواد اولیه "
    "می‌دهم و کار هنرجوها را به قیمت منصفانه می‌خرم.",
    "گالری ما کار بافندگان و هنرمندان مراکز رویش را می‌فروشد؛ طرح‌ها را با سازنده انتخاب "
    "می‌کنیم و دستمزد هر کار را جدا حساب می‌کنیم. برای سفارش تماس بگیرید.",
    "در مرکز خیابان عبادی آموزش می‌دهم؛ مواد از من، هنر از هنرجوها. هر ماه دستمزدها را "
    "کامل می‌پردازم.",
    "از مرکز سیدی کار می‌خریم و هر کالا را با نام مرکز و سهم دستمزد سازنده‌اش می‌فروشیم.",
    "کار زنان محله طرق را می‌خرم و به بازار می‌برم؛ مواد اولیه را رایگان می‌دهم.",
    "از ۱۳۹۸ با زنان سرپرست خانوار بلوار امت کار می‌کنیم؛ هر کالا شناسنامه سازنده دارد.",
    "در قلعه وکیل‌آباد مواد اولیه را من تهیه می‌کنم و هر هفته از هنرجوها می‌خرم.",
    "کارگاه آرتا: آموزش رایگان در مرکز نوده و خرید همه کارهای هنرجوها با دستمزد روشن.",
    "در چهاربرج آموزش می‌دهم و کار هنرجوها را می‌خرم؛ کیفیت هر کار را خودم بررسی می‌کنم.",
    "دوخت و ساخت در مرکز عبادی، با دستمزد منصفانه برای هر قطعه و بسته‌بندی با دقت.",
)
# The one demo seller who gives buyers a number (a Mashhad landline); the others show none.
DRIVER_BUSINESS_PHONE = {2: "05138001234"}
