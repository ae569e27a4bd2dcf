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
UNDER_CONSTRUCTION = 9  # the report does not name them

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

# Titles per craft: (fa, en) motifs and a unit; sizes and prices in Toman ranges.
PRODUCT_KINDS = {
    "carpet": (
        ("قالیچه دستباف", "Handwoven rug"),
        ("ترنج", "medallion"), ("لچک‌ترنج", "corner-medallion"), ("افشان", "allover"),
        ("شاه‌عباسی", "Shah Abbasi"), ("گل‌فرنگ", "rose"), ("محرابی", "prayer niche"),
    ),
    "tableau": (
        ("تابلوفرش", "Tableau rug"),
        ("حرم رضوی", "the Razavi shrine"), ("گل و مرغ", "flower and bird"),
        ("منظره روستا", "village landscape"), ("گلدان", "vase of flowers"),
    ),
    "kilim": (
        ("گلیم دستباف", "Handwoven kilim"),
        ("راه‌راه", "striped"), ("لوزی", "diamond"), ("قوچانی", "Quchan"), ("سیستانی", "Sistani"),
    ),
    "fert": (
        ("رومیزی فرت‌بافی", "Fert-woven table runner"),
        ("هندسی", "geometric"), ("سنتی", "traditional"), ("ترمه‌ای", "termeh-style"),
    ),
    "leather": (
        ("کیف چرم دست‌دوز", "Hand-sewn leather bag"),
        ("دوشی", "shoulder"), ("پول", "wallet"), ("کارت", "card holder"), ("کمربند", "belt"),
    ),
    "tailoring": (
        ("پیراهن دست‌دوز", "Hand-sewn dress"),
        ("سوزن‌دوزی", "embroidered"), ("محلی", "folk"), ("نخی", "cotton"), ("کودک", "children's"),
    ),
    "resin": (
        ("زیرلیوانی رزینی", "Resin coaster set"),
        ("اقیانوسی", "ocean"), ("گل خشک", "dried flower"), ("طلایی", "gold leaf"),
        ("فیروزه‌ای", "turquoise"),
    ),
}
PRICE_TOMAN = {
    "carpet": (18_000_000, 95_000_000),
    "tableau": (6_000_000, 38_000_000),
    "kilim": (3_500_000, 22_000_000),
    "fert": (900_000, 5_500_000),
    "leather": (750_000, 5_800_000),
    "tailoring": (600_000, 3_900_000),
    "resin": (350_000, 2_800_000),
}
MATERIALS = {
    "carpet": ("پشم و پنبه، رنگ گیاهی", "wool and cotton, plant dyes"),
    "tableau": ("پشم، ابریشم و پنبه", "wool, silk and cotton"),
    "kilim": ("پشم دست‌ریس", "hand-spun wool"),
    "fert": ("نخ پنبه", "cotton thread"),
    "leather": ("چرم گاوی طبیعی", "natural cowhide"),
    "tailoring": ("پارچه نخی، نخ ابریشم", "cotton cloth, silk thread"),
    "resin": ("رزین اپوکسی، رنگدانه", "epoxy resin, pigments"),
}
