"""What the demo shops sell: per craft, the designs a shopkeeper lists, and how one product
of a design is drawn (title, description, size, weight, colours, price).

Titles and descriptions are written the way a Persian shopkeeper writes them: the item
first, then the material or technique, then the design («کیف پول چرمی دست‌دوز»). A
description says only what the item is: material, technique, size and care; nothing
about its maker (what a maker consents to show is hers to decide, elsewhere).

Rugs (carpets, tableau rugs, kilims) have a width × length; their price and weight follow
from their area (Toman and grams per square metre); every other design has a price and
weight per piece. All numbers in Persian text are Persian digits.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from marketplace.catalogue.facets import COLOURS
from marketplace.text.persian import to_persian_digits

COLOUR_NAMES = {code: (fa, en) for code, fa, en in COLOURS}


@dataclass(frozen=True)
class Design:
    fa: str  # the title; "{noun}" is filled from the size for carpets (قالیچه or فرش)
    en: str
    about_fa: str  # what it is and how it is made, one or two sentences
    about_en: str
    toman: tuple[int, int]  # price range: per piece, or per m² for a rug
    grams: tuple[int, int]  # weight range: per piece, or per m² for a rug
    sizes: tuple[tuple[int, int], ...] = ()  # width × length in cm (rugs only)
    materials: tuple[str, str] | None = None  # when not the craft's own
    colours: tuple[str, ...] = ()  # when not the craft's own (a sea design is blue)


@dataclass(frozen=True)
class CraftDesigns:
    materials: tuple[str, str]
    care_fa: str
    care_en: str
    colours: tuple[str, ...]  # facet colour codes this craft comes in
    title_colour: str  # "ground" (زمینه لاکی), "suffix" (… قهوه‌ای) or "" (none)
    designs: tuple[Design, ...]
    knots: tuple[int, ...] = ()  # knots per cm² (knotted pile only)
    frame_g: int = 0  # a tableau's wooden frame
    made_fa: str = ""  # how every piece of the craft is made, when the design does not say
    made_en: str = ""


def _d(fa: str, en: str, about_fa: str, about_en: str, toman: tuple[int, int],
       grams: tuple[int, int], sizes: tuple[tuple[int, int], ...] = (),
       materials: tuple[str, str] | None = None, colours: tuple[str, ...] = ()) -> Design:
    return Design(fa, en, about_fa, about_en, toman, grams, sizes, materials, colours)


RUG = ((100, 150), (120, 180), (150, 225), (200, 300), (250, 350))
SMALL_RUG = ((60, 90), (80, 120), (100, 150))
CARPET_M2 = (9_000_000, 16_000_000)  # Toman per m² of hand-knotted wool pile
CARPET_G = (2600, 3400)  # grams per m²
KILIM_M2 = (2_500_000, 5_000_000)
KILIM_G = (1500, 2200)
TABLEAU_M2 = (28_000_000, 45_000_000)
TABLEAU_G = (1800, 2400)
TABLEAU_SIZES = ((40, 60), (50, 70), (60, 90), (70, 100))

CARPET = CraftDesigns(
    materials=("پشم دست‌ریس و پنبه، رنگ گیاهی", "hand-spun wool and cotton, plant dyes"),
    care_fa=("هر چند ماه یک بار جای آن را عوض کنید تا یکنواخت کهنه شود، و شست‌وشوی آن را "
             "به شوینده‌ای حرفه‌ای بسپارید."),
    care_en="Turn it every few months so it wears evenly; leave washing to a professional.",
    colours=("lacquer", "navy", "cream", "red", "beige", "blue", "green"),
    title_colour="ground", knots=(25, 30, 36, 40),
    designs=(
        _d("{noun} دستباف طرح لچک‌ترنج", "Hand-knotted {noun}, corner-and-medallion design",
           "ترنجی در میانه و چهار لچک در گوشه‌ها دارد و گره‌به‌گره روی دار عمودی بافته شده است.",
           "A central medallion and four corner pieces, knotted by hand on an upright loom.",
           CARPET_M2, CARPET_G, RUG),
        _d("{noun} دستباف طرح شاه‌عباسی", "Hand-knotted {noun}, Shah Abbasi design",
           "گل‌های درشت شاه‌عباسی در سراسر متن تکرار شده‌اند و با گره فارسی بافته شده است.",
           "Large Shah Abbasi palmettes repeat across the field, in Persian knots.",
           CARPET_M2, CARPET_G, RUG),
        _d("{noun} دستباف طرح افشان", "Hand-knotted {noun}, allover design",
           "گل و بوته‌ها بی ترنج در همه متن پخش شده‌اند و حاشیه‌ای پهن دورتادور آن است.",
           "Flowers and sprays spread over the whole field without a medallion, with a wide "
           "border.",
           CARPET_M2, CARPET_G, RUG),
        _d("{noun} دستباف طرح محرابی", "Hand-knotted {noun}, prayer-niche design",
           "نقش محراب با دو ستون باریک در متن آن بافته شده و اندازه‌اش برای نماز یا دیوار مناسب "
           "است.",
           "A prayer niche between two slender columns; a size for prayer or for a wall.",
           CARPET_M2, CARPET_G, SMALL_RUG),
        _d("{noun} دستباف طرح گل‌فرنگ", "Hand-knotted {noun}, rose design",
           "دسته‌های گل سرخ روی زمینه‌ای ساده نشسته‌اند و هر گل با چند سایه پشم بافته شده است.",
           "Bunches of roses on a plain ground, each flower knotted in several shades of wool.",
           CARPET_M2, CARPET_G, RUG),
        _d("{noun} دستباف طرح هراتی", "Hand-knotted {noun}, Herati design",
           "نقش ریز ماهی درهم (هراتی) سراسر متن را پر کرده است؛ طرحی قدیمی و پرکاربرد در خراسان.",
           "The small Herati (fish) pattern fills the field, an old design common in Khorasan.",
           CARPET_M2, CARPET_G, RUG),
        _d("{noun} دستباف طرح بته‌جقه", "Hand-knotted {noun}, paisley design",
           "ردیف‌های بته‌جقه در متن تکرار شده‌اند و حاشیه‌ای با گل‌های ریز دارد.",
           "Rows of paisleys repeat across the field, inside a border of small flowers.",
           CARPET_M2, CARPET_G, RUG),
        _d("{noun} دستباف طرح درختی", "Hand-knotted {noun}, tree design",
           "درخت‌های سرو و گل و پرنده‌های کوچک از پایین تا بالای متن بافته شده‌اند.",
           "Cypress and flowering trees with small birds rise from the bottom to the top.",
           CARPET_M2, CARPET_G, RUG),
        _d("{noun} دستباف طرح خشتی", "Hand-knotted {noun}, panel design",
           "متن به خانه‌های مربعی بخش شده و در هر خانه یک گل یا درخت بافته شده است.",
           "The field is divided into square panels, each with one flower or tree.",
           CARPET_M2, CARPET_G, RUG),
        _d("{noun} دستباف طرح گلدانی", "Hand-knotted {noun}, vase design",
           "گلدانی بزرگ با شاخه‌های گل در میانه متن دارد و از پایین به بالا خوانده می‌شود.",
           "A large vase with flowering branches in the middle, read from the bottom up.",
           CARPET_M2, CARPET_G, SMALL_RUG),
        _d("{noun} دستباف طرح ترکمن", "Hand-knotted {noun}, Turkmen design",
           "گل‌های هشت‌گوش ترکمنی در ردیف‌های منظم روی زمینه‌ای یکرنگ بافته شده‌اند.",
           "Octagonal Turkmen guls in even rows on a single-coloured ground.",
           CARPET_M2, CARPET_G, RUG),
        _d("{noun} دستباف طرح بلوچ", "Hand-knotted {noun}, Baluch design",
           "نقش‌های هندسی بلوچی با رنگ‌های تیره و گرم دارد و پرزش کوتاه است.",
           "Geometric Baluch motifs in dark, warm colours, with a short pile.",
           CARPET_M2, CARPET_G, SMALL_RUG),
        _d("{noun} دستباف کف‌ساده", "Hand-knotted {noun}, plain field",
           "متنی ساده و یکرنگ دارد با حاشیه‌ای باریک و ظریف، برای خانه‌های امروزی.",
           "A plain single-coloured field inside a narrow, fine border, for a modern home.",
           CARPET_M2, CARPET_G, RUG),
        _d("{noun} دستباف طرح شکارگاه", "Hand-knotted {noun}, hunting design",
           "سوارکاران و جانوران میان درخت‌ها در متن آن نقش شده‌اند.",
           "Riders and animals among trees are knotted into the field.",
           CARPET_M2, CARPET_G, RUG),
        _d("کناره دستباف طرح هراتی", "Hand-knotted runner, Herati design",
           "کناره‌ای باریک و بلند برای راهرو یا کنار اتاق، با نقش ماهی درهم در متن.",
           "A long, narrow runner for a hall or the side of a room, with the Herati pattern.",
           CARPET_M2, CARPET_G, ((70, 200), (80, 250), (80, 300))),
        _d("پادری دستباف طرح ترنج", "Hand-knotted doormat, medallion design",
           "قالیچه‌ای کوچک با ترنجی ساده در میانه، برای جلوی در یا کنار تخت.",
           "A small rug with a simple medallion, for a doorway or a bedside.",
           CARPET_M2, CARPET_G, ((50, 80), (60, 90))),
    ),
)

TABLEAU = CraftDesigns(
    materials=("پشم، ابریشم و پنبه", "wool, silk and cotton"),
    care_fa="دور از آفتاب مستقیم بیاویزید و گردوغبارش را با برس نرم بگیرید؛ آن را نشویید.",
    care_en="Hang it out of direct sunlight and dust it with a soft brush; do not wash it.",
    colours=("gold", "brown", "blue", "green", "cream", "red", "turquoise"),
    title_colour="", knots=(49, 56, 64, 72), frame_g=1500,
    designs=tuple(
        _d(f"تابلوفرش دستباف {fa}", f"Hand-knotted tableau rug, {en}",
           f"{about_fa} با گره‌های ریز پشم و ابریشم بافته شده و در قاب چوبی آماده آویختن است.",
           f"{about_en}, knotted finely in wool and silk, framed in wood, ready to hang.",
           TABLEAU_M2, TABLEAU_G, TABLEAU_SIZES)
        for fa, en, about_fa, about_en in (
            ("حرم امام رضا", "the Imam Reza shrine",
             "نمای گنبد و ایوان طلای حرم امام رضا", "The golden dome and porch of the shrine"),
            ("آرامگاه فردوسی", "Ferdowsi's tomb",
             "آرامگاه فردوسی در توس میان باغ", "Ferdowsi's tomb at Toos, in its garden"),
            ("گل و مرغ", "flower and bird", "بلبلی بر شاخه گل به شیوه گل و مرغ",
             "A nightingale on a flowering branch, in the flower-and-bird style"),
            ("گلدان گل", "vase of flowers", "گلدانی پر از گل‌های رنگارنگ",
             "A vase full of many-coloured flowers"),
            ("منظره روستا", "village landscape", "خانه‌های کاهگلی روستا و کوه پشت آن",
             "Mud-brick village houses with a mountain behind"),
            ("جنگل پاییزی", "autumn forest", "راهی میان درختان پاییزی",
             "A path through autumn trees"),
            ("منظره زمستان", "winter landscape", "کلبه‌ای در برف کنار رود",
             "A cabin in the snow by a river"),
            ("آبشار", "waterfall", "آبشاری میان صخره‌ها و درختان",
             "A waterfall among rocks and trees"),
            ("قو و دریاچه", "swans on a lake", "دو قو روی دریاچه‌ای آرام",
             "Two swans on a calm lake"),
            ("گله اسب", "horses", "گله‌ای از اسب‌ها در دشت", "A herd of horses on the plain"),
            ("کاروان شتر", "camel caravan", "کاروان شتر در کویر هنگام غروب",
             "A camel caravan in the desert at sunset"),
            ("طاووس", "peacock", "طاووسی با دم باز میان گل‌ها",
             "A peacock with its tail spread among flowers"),
            ("مینیاتور چوگان", "polo miniature", "سواران چوگان‌باز به شیوه نگارگری ایرانی",
             "Polo riders in the manner of Persian miniature painting"),
            ("گنبد شیخ لطف‌الله", "Sheikh Lotfollah dome", "نقش کاشی‌کاری زیر گنبد مسجد شیخ لطف‌الله",
             "The tilework under the dome of the Sheikh Lotfollah mosque"),
            ("وان‌یکاد", "Va-en-yakad calligraphy", "آیه وان‌یکاد به خط نستعلیق",
             "The Va-en-yakad verse in nastaliq script"),
            ("میوه‌ها", "still life of fruit", "سبدی از انار و انگور و به",
             "A basket of pomegranates, grapes and quinces"),
        )
    ),
)

KILIM = CraftDesigns(
    materials=("پشم دست‌ریس، تار پنبه", "hand-spun wool on a cotton warp"),
    care_fa=("گردوغبارش را با تکاندن یا جاروی ملایم بگیرید؛ با آب سرد و شامپوی ملایم و بی‌چنگ "
             "زدن بشویید و در سایه خشک کنید."),
    care_en="Shake it or vacuum it gently; wash it in cold water with a mild shampoo, without "
            "scrubbing, and dry it in the shade.",
    colours=("red", "lacquer", "navy", "cream", "brown", "black", "beige", "green"),
    title_colour="suffix",
    designs=(
        _d("گلیم دستباف راه‌راه", "Handwoven kilim, striped",
           "نوارهای پهن و باریک رنگی پشت سر هم بافته شده‌اند؛ گلیم دورو است و پرز ندارد.",
           "Wide and narrow coloured bands; a flat weave with no pile, usable on both sides.",
           KILIM_M2, KILIM_G, RUG),
        _d("گلیم دستباف طرح لوزی", "Handwoven kilim, diamond design",
           "لوزی‌های پلکانی در ردیف‌های منظم با پود رنگی روی تار پنبه بافته شده‌اند.",
           "Stepped diamonds in even rows, woven with coloured weft on a cotton warp.",
           KILIM_M2, KILIM_G, RUG),
        _d("گلیم دستباف قوچان", "Handwoven kilim, Quchan design",
           "نقش‌های هندسی گلیم‌های قوچان را دارد و با پشم دست‌ریس بافته شده است.",
           "The geometric motifs of Quchan kilims, woven in hand-spun wool.",
           KILIM_M2, KILIM_G, RUG),
        _d("گلیم دستباف سیستانی", "Handwoven kilim, Sistani design",
           "نقش‌های ریز و پرکار سیستانی در نوارهای پهن بافته شده‌اند.",
           "Small, busy Sistani motifs woven in broad bands.",
           KILIM_M2, KILIM_G, RUG),
        _d("گلیم دستباف ترنج‌دار", "Handwoven kilim with a medallion",
           "ترنجی لوزی‌شکل در میانه دارد و حاشیه‌ای با نقش قلاب دور آن است.",
           "A diamond-shaped medallion in the middle, inside a border of hooks.",
           KILIM_M2, KILIM_G, RUG),
        _d("گلیم شیرکی‌پیچ", "Shirakipich kilim",
           "نقش‌ها با پیچیدن پود دور تار برجسته شده‌اند؛ بافتی سنگین‌تر و بادوام‌تر از گلیم ساده.",
           "The motifs are raised by wrapping the weft round the warp; heavier and harder-wearing.",
           KILIM_M2, (2200, 2800), RUG),
        _d("گلیم دستباف طرح چشم‌بلبلی", "Handwoven kilim, bird's-eye design",
           "نقش ریز چشم‌بلبلی سراسر آن را پر کرده و از دور یکدست دیده می‌شود.",
           "The small bird's-eye pattern fills it and looks even from a distance.",
           KILIM_M2, KILIM_G, SMALL_RUG),
        _d("گلیم دستباف طرح بز کوهی", "Handwoven kilim, ibex design",
           "ردیف‌هایی از نقش بز کوهی میان نوارهای ساده بافته شده‌اند.",
           "Rows of ibex between plain bands.",
           KILIM_M2, KILIM_G, RUG),
        _d("گلیم دستباف طرح ستاره", "Handwoven kilim, star design",
           "ستاره‌های هشت‌پر در خانه‌های مربعی بافته شده‌اند.",
           "Eight-pointed stars woven in square panels.",
           KILIM_M2, KILIM_G, SMALL_RUG),
        _d("کناره گلیم دستباف", "Handwoven kilim runner",
           "گلیمی باریک و بلند برای راهرو، با نقش لوزی در میانه.",
           "A long, narrow kilim for a hall, with diamonds down the middle.",
           KILIM_M2, KILIM_G, ((60, 200), (70, 250), (80, 300))),
        _d("جاجیم دستباف", "Handwoven jajim",
           "از نوارهای باریک بافته و کنار هم دوخته شده است؛ برای زیرانداز یا روی تخت.",
           "Woven in narrow strips sewn side by side; for the floor or a bed cover.",
           KILIM_M2, (1200, 1600), ((120, 180), (150, 200))),
        _d("پادری گلیمی", "Kilim doormat",
           "گلیمی کوچک و محکم برای جلوی در که با نقش لوزی بافته شده است.",
           "A small, sturdy kilim for the doorway, woven with a diamond.",
           KILIM_M2, KILIM_G, ((50, 80), (60, 90))),
        _d("روکش پشتی گلیمی", "Kilim bolster cover",
           "روکشی گلیم‌بافت برای پشتی، با زیپ در پشت آن؛ پشتی همراهش نیست.",
           "A kilim cover for a floor bolster, with a zip at the back; the bolster is not "
           "included.",
           KILIM_M2, KILIM_G, ((50, 70), (60, 90))),
        _d("کوسن گلیمی", "Kilim cushion cover",
           "روی آن گلیم‌بافت و پشتش پارچه کتان است؛ با زیپ، بدون بالش.",
           "Kilim front and linen back, with a zip; the insert is not included.",
           KILIM_M2, (1200, 1600), ((45, 45), (50, 50))),
        _d("خورجین گلیمی", "Kilim saddlebag",
           "دو جیب گلیم‌بافت دارد که با بندی میانی به هم وصل شده‌اند؛ برای تزیین یا حمل وسایل سبک.",
           "Two kilim pockets joined by a middle band; for decoration or light things.",
           KILIM_M2, KILIM_G, ((40, 100), (45, 120))),
    ),
)

FERT = CraftDesigns(
    materials=("نخ پنبه", "cotton thread"),
    care_fa="با آب سرد و شوینده ملایم با دست بشویید و از پشت اتو کنید.",
    care_en="Hand-wash in cold water with a mild detergent; iron on the reverse.",
    colours=("cream", "white", "red", "navy", "turquoise", "green", "beige"),
    title_colour="suffix", made_fa="روی دار دستی بافته شده", made_en="woven on a hand loom",
    designs=(
        _d("رومیزی فرت‌بافی طرح هندسی", "Fert-woven tablecloth, geometric",
           "رومیزی چهارگوش به اندازه ۱۲۰ × ۱۲۰ سانتی‌متر که نقش‌های ریز هندسی‌اش روی دار دستی "
           "بافته شده است.",
           "A 120 × 120 cm square tablecloth with small geometric motifs woven on a hand loom.",
           (1_800_000, 3_500_000), (450, 600)),
        _d("رانر فرت‌بافی", "Fert-woven table runner",
           "رانری باریک به اندازه ۴۰ × ۱۵۰ سانتی‌متر با ریشه‌های گره‌خورده در دو سر.",
           "A narrow 40 × 150 cm runner with knotted fringes at both ends.",
           (900_000, 1_900_000), (150, 250)),
        _d("سفره فرت‌بافی", "Fert-woven sofreh",
           "سفره‌ای به اندازه ۱۰۰ × ۲۰۰ سانتی‌متر با حاشیه‌ای پرنقش، برای پهن کردن روی زمین یا "
           "میز.",
           "A 100 × 200 cm sofreh with a busy border, to spread on the floor or a table.",
           (2_200_000, 4_500_000), (600, 800)),
        _d("رومیزی گرد فرت‌بافی", "Round fert-woven tablecloth",
           "رومیزی گرد به قطر ۹۰ سانتی‌متر که لبه‌اش با دست دوخته شده است.",
           "A round tablecloth 90 cm across, its edge hemmed by hand.",
           (1_200_000, 2_500_000), (250, 350)),
        _d("کوسن فرت‌بافی", "Fert-woven cushion cover",
           "روکش کوسن به اندازه ۴۵ × ۴۵ سانتی‌متر با زیپ در پشت؛ بالش همراهش نیست.",
           "A 45 × 45 cm cushion cover with a zip at the back; the insert is not included.",
           (450_000, 900_000), (120, 180)),
        _d("شال‌گردن فرت‌بافی", "Fert-woven scarf",
           "شال‌گردنی نرم به اندازه ۳۰ × ۱۸۰ سانتی‌متر که با نخ پنبه و پشم بافته شده است.",
           "A soft 30 × 180 cm scarf woven in cotton and wool.",
           (700_000, 1_400_000), (150, 220), materials=("نخ پنبه و پشم", "cotton and wool")),
        _d("کیف دستی فرت‌بافی", "Fert-woven handbag",
           "کیفی سبک با رویه فرت‌بافی، آستر پارچه‌ای و دسته چرمی، به اندازه ۳۰ × ۲۵ سانتی‌متر.",
           "A light bag of fert weave with a cloth lining and leather handles, 30 × 25 cm.",
           (1_100_000, 2_200_000), (250, 350),
           materials=("نخ پنبه، آستر کتان، دسته چرم",
                      "cotton thread, linen lining, leather handles")),
        _d("جانماز فرت‌بافی", "Fert-woven prayer mat",
           "جانمازی به اندازه ۶۰ × ۱۱۰ سانتی‌متر با نقش محراب ساده.",
           "A 60 × 110 cm prayer mat with a simple niche.",
           (800_000, 1_600_000), (250, 350)),
        _d("دستمال سفره فرت‌بافی، شش عددی", "Fert-woven napkins, set of six",
           "شش دستمال سفره به اندازه ۴۰ × ۴۰ سانتی‌متر که لبه‌هایشان ریشه‌دار است.",
           "Six 40 × 40 cm napkins with fringed edges.",
           (900_000, 1_700_000), (250, 330)),
        _d("زیربشقابی فرت‌بافی، چهار عددی", "Fert-woven placemats, set of four",
           "چهار زیربشقابی به اندازه ۳۰ × ۴۵ سانتی‌متر با بافتی فشرده که آسان تمیز می‌شود.",
           "Four 30 × 45 cm placemats in a tight weave that is easy to clean.",
           (800_000, 1_500_000), (260, 340)),
        _d("کیسه نان فرت‌بافی", "Fert-woven bread bag",
           "کیسه‌ای نخی با بند کشی برای نگه داشتن نان، به اندازه ۳۵ × ۴۵ سانتی‌متر.",
           "A cotton drawstring bag to keep bread in, 35 × 45 cm.",
           (350_000, 700_000), (90, 140)),
        _d("روتختی فرت‌بافی", "Fert-woven bedspread",
           "روتختی یک‌نفره به اندازه ۱۶۰ × ۲۴۰ سانتی‌متر که از چند نوار بافته و به هم دوخته شده "
           "است.",
           "A single 160 × 240 cm bedspread woven in strips and sewn together.",
           (6_000_000, 11_000_000), (1400, 1900)),
        _d("آویز دیواری فرت‌بافی", "Fert-woven wall hanging",
           "آویزی به اندازه ۵۰ × ۷۰ سانتی‌متر با چوب آویز و ریشه در پایین.",
           "A 50 × 70 cm hanging on a wooden rod, fringed at the bottom.",
           (900_000, 1_800_000), (250, 400)),
        _d("کیف لوازم آرایش فرت‌بافی", "Fert-woven cosmetics pouch",
           "کیفی کوچک با زیپ و آستر ضدآب، به اندازه ۲۲ × ۱۴ سانتی‌متر.",
           "A small zipped pouch with a waterproof lining, 22 × 14 cm.",
           (300_000, 600_000), (60, 100)),
        _d("رانر فرت‌بافی طرح ترمه", "Fert-woven runner, termeh pattern",
           "رانری به اندازه ۴۰ × ۱۸۰ سانتی‌متر با نقش بته‌جقه به شیوه ترمه.",
           "A 40 × 180 cm runner with paisleys in the manner of termeh.",
           (1_300_000, 2_600_000), (180, 280)),
        _d("کیسه هدیه فرت‌بافی، سه عددی", "Fert-woven gift bags, set of three",
           "سه کیسه کوچک بند‌دار در سه اندازه برای بسته‌بندی هدیه.",
           "Three small drawstring bags in three sizes, for wrapping gifts.",
           (300_000, 650_000), (60, 110)),
    ),
)

LEATHER = CraftDesigns(
    materials=("چرم گاوی طبیعی، نخ موم‌دار", "natural cowhide, waxed thread"),
    care_fa="با دستمال نرم و خشک تمیز کنید، گاهی با واکس بی‌رنگ چرم چربش کنید و از خیس شدن دور "
            "نگه دارید.",
    care_en="Wipe with a soft dry cloth, feed it now and then with colourless leather wax, "
            "and keep it out of the wet.",
    colours=("brown", "black", "beige", "cream", "red", "navy", "green"),
    title_colour="suffix", made_fa="با دست برش خورده و پرداخت شده",
    made_en="cut and finished by hand",
    designs=(
        _d("کیف پول چرمی دست‌دوز", "Hand-sewn leather wallet",
           "هشت جای کارت و یک جیب اسکناس دارد و لبه‌هایش با نخ موم‌دار به شیوه زین‌دوزی دست‌دوز "
           "شده است.",
           "Eight card slots and a note pocket, its edges saddle-stitched by hand in waxed thread.",
           (900_000, 1_800_000), (70, 110)),
        _d("کیف پول زنانه چرم طبیعی", "Women's wallet, natural leather",
           "کیف پولی بلند با جای کارت، جیب زیپ‌دار برای پول خرد و دکمه قفلی.",
           "A long wallet with card slots, a zipped coin pocket and a snap.",
           (1_200_000, 2_300_000), (120, 180)),
        _d("جاکارتی چرمی دست‌دوز", "Hand-sewn leather card holder",
           "جاکارتی باریک با چهار جای کارت که در هر جیبی جا می‌شود.",
           "A slim holder for four cards that fits any pocket.",
           (350_000, 700_000), (20, 40)),
        _d("کمربند چرم طبیعی", "Natural leather belt",
           "کمربندی به پهنای ۳٫۵ سانتی‌متر از یک تکه چرم، با سگک فلزی که باز و بسته می‌شود تا "
           "اندازه شود.",
           "A 3.5 cm belt cut from one piece of leather, with a buckle that opens for fitting.",
           (900_000, 1_900_000), (150, 250)),
        _d("کیف دوشی چرمی دست‌دوز", "Hand-sewn leather shoulder bag",
           "کیفی دوشی با بند قابل تنظیم، جیب زیپ‌دار داخلی و درِ مغناطیسی؛ همه درزها با دست دوخته "
           "شده‌اند.",
           "A shoulder bag with an adjustable strap, an inner zip pocket and a magnetic flap; "
           "every seam sewn by hand.",
           (3_500_000, 6_500_000), (550, 850)),
        _d("کیف دستی زنانه چرم طبیعی", "Women's handbag, natural leather",
           "کیفی دستی با دو دسته کوتاه، آستر پارچه‌ای و دو جیب داخلی.",
           "A handbag with two short handles, a cloth lining and two inner pockets.",
           (4_000_000, 7_500_000), (650, 950)),
        _d("کوله‌پشتی چرمی دست‌دوز", "Hand-sewn leather backpack",
           "کوله‌ای با جای لپ‌تاپ کوچک، بندهای پهن و قابل تنظیم و جیب جلو.",
           "A backpack with room for a small laptop, wide adjustable straps and a front pocket.",
           (5_500_000, 9_500_000), (1000, 1400)),
        _d("جاکلیدی چرمی", "Leather key ring",
           "جاکلیدی کوچک با حلقه فلزی که لبه‌هایش رنگ و صیقل خورده است.",
           "A small key ring with a metal loop, its edges dyed and burnished.",
           (150_000, 350_000), (15, 30)),
        _d("کیف لپ‌تاپ چرمی دست‌دوز", "Hand-sewn leather laptop sleeve",
           "کیف لپ‌تاپی با آستر نمدی برای لپ‌تاپ‌های تا ۱۴ اینچ، با در ساده و بند چرمی.",
           "A felt-lined sleeve for laptops up to 14 inches, with a plain flap and a leather tie.",
           (2_500_000, 4_500_000), (400, 600)),
        _d("کیف پاسپورت چرمی", "Leather passport holder",
           "جلدی برای گذرنامه با دو جای کارت و یک جیب برای بلیت.",
           "A passport cover with two card slots and a pocket for a ticket.",
           (450_000, 900_000), (50, 80)),
        _d("جلد دفتر چرمی دست‌دوز", "Hand-sewn leather notebook cover",
           "جلدی برای دفترهای رقعی با بند بستنی؛ دفترش را می‌توان عوض کرد.",
           "A cover for A5 notebooks with a wrap tie; the notebook inside can be replaced.",
           (800_000, 1_500_000), (150, 250)),
        _d("دستبند چرمی بافته", "Braided leather bracelet",
           "دستبندی از سه رشته چرم بافته‌شده با گیره فلزی.",
           "A bracelet of three braided leather strands with a metal clasp.",
           (200_000, 450_000), (10, 25)),
        _d("بند ساعت چرم طبیعی", "Natural leather watch strap",
           "بند ساعتی به پهنای ۲۰ میلی‌متر با دوخت دستی دور لبه‌ها و سگک فولادی.",
           "A 20 mm watch strap, hand-stitched round its edges, with a steel buckle.",
           (400_000, 800_000), (15, 30)),
        _d("جامدادی چرمی", "Leather pencil case",
           "جامدادی زیپ‌دار که برای خودکار، مداد و خط‌کش کوتاه جا دارد.",
           "A zipped pencil case with room for pens, pencils and a short ruler.",
           (400_000, 800_000), (60, 100)),
        _d("کیف کمری چرمی", "Leather belt bag",
           "کیفی کوچک که به کمربند بسته یا با بندش روی شانه انداخته می‌شود.",
           "A small bag that fastens to a belt or hangs from its strap.",
           (1_500_000, 2_800_000), (250, 400)),
        _d("جاعینکی چرمی دست‌دوز", "Hand-sewn leather glasses case",
           "جای عینکی نرم با آستر جیر که شیشه عینک را خط نمی‌اندازد.",
           "A soft glasses case lined with suede that does not scratch the lenses.",
           (300_000, 600_000), (35, 60),
           materials=("چرم گاوی طبیعی، آستر جیر", "cowhide, suede lining")),
    ),
)

TAILORING = CraftDesigns(
    materials=("پارچه نخی", "cotton cloth"),
    care_fa="با آب سرد یا ولرم و رنگ‌های هم‌خانواده بشویید و با اتوی متوسط از پشت اتو کنید.",
    care_en="Wash cool or lukewarm with like colours; iron on the reverse at a medium setting.",
    colours=("navy", "black", "cream", "beige", "green", "blue", "red", "white", "brown"),
    title_colour="suffix", made_fa="در کارگاه خیاطی برش خورده و دوخته شده",
    made_en="cut and sewn in the tailoring workshop",
    designs=(
        _d("مانتو کتان دست‌دوز", "Hand-sewn linen manteau",
           "مانتویی بلند با یقه ساده و دو جیب، که درزهایش سردوزی و دکمه‌هایش با دست دوخته شده‌اند.",
           "A long manteau with a plain collar and two pockets, seams finished and buttons sewn "
           "on by hand.",
           (2_200_000, 4_500_000), (450, 650), materials=("پارچه کتان", "linen")),
        _d("پیراهن زنانه نخی", "Women's cotton dress",
           "پیراهنی بلند و گشاد با آستین سه‌ربع که از پارچه نخی خنک دوخته شده است.",
           "A long, loose dress with three-quarter sleeves, sewn from cool cotton.",
           (1_500_000, 3_000_000), (300, 450)),
        _d("پیراهن محلی سوزن‌دوزی‌شده", "Folk dress with needlework",
           "پیراهنی به شیوه لباس‌های محلی خراسان که یقه و سرآستین‌هایش با دست سوزن‌دوزی شده است.",
           "A dress in the manner of Khorasan folk dress, its collar and cuffs embroidered by "
           "hand.",
           (3_000_000, 6_000_000), (450, 650)),
        _d("تونیک سوزن‌دوزی‌شده", "Embroidered tunic",
           "تونیکی کوتاه با سوزن‌دوزی ساده روی سینه، برای پوشیدن روی شلوار.",
           "A short tunic with simple needlework on the chest, to wear over trousers.",
           (1_300_000, 2_600_000), (250, 350)),
        _d("چادر نماز گلدار", "Floral prayer chador",
           "چادر نمازی سبک از پارچه نخی گلدار با کش دور صورت.",
           "A light prayer chador of flowered cotton with elastic round the face.",
           (700_000, 1_400_000), (350, 500)),
        _d("پیراهن دخترانه نخی", "Girl's cotton dress",
           "پیراهنی برای دختربچه‌های سه تا شش سال با دامن چین‌دار و دکمه پشت.",
           "A dress for girls of three to six, with a gathered skirt and buttons at the back.",
           (600_000, 1_300_000), (120, 200)),
        _d("سرهمی نوزاد نخی", "Cotton baby romper",
           "سرهمی نرم برای نوزاد شش تا دوازده ماه با دکمه‌های فشاری و درزهای رو به بیرون که پوست "
           "را نمی‌آزارد.",
           "A soft romper for babies of six to twelve months, with press studs and outward seams "
           "that do not rub the skin.",
           (450_000, 900_000), (80, 130)),
        _d("پیش‌بند آشپزی", "Kitchen apron",
           "پیش‌بندی از پارچه کتان ضخیم با جیب جلو و بند بلند که پشت کمر گره می‌خورد.",
           "An apron of heavy linen with a front pocket and long ties that knot at the back.",
           (450_000, 900_000), (150, 250), materials=("پارچه کتان ضخیم", "heavy linen")),
        _d("ساک خرید پارچه‌ای", "Cloth shopping bag",
           "ساکی محکم با دسته‌های دوبل که تا ده کیلوگرم بار را تحمل می‌کند.",
           "A sturdy bag with double-stitched handles that carries up to ten kilograms.",
           (250_000, 550_000), (120, 200), materials=("پارچه کرباس", "cotton canvas")),
        _d("شلوار راحتی نخی", "Cotton lounge trousers",
           "شلواری گشاد با کمر کشی و دو جیب کناری از پارچه نخی نرم.",
           "Loose trousers with an elastic waist and two side pockets, in soft cotton.",
           (700_000, 1_400_000), (250, 350)),
        _d("روسری نخی لبه‌دوزی‌شده", "Cotton headscarf, hand-hemmed",
           "روسری چهارگوش به اندازه ۱۰۰ × ۱۰۰ سانتی‌متر که لبه‌هایش با دست دوخته شده است.",
           "A 100 × 100 cm square headscarf with hand-sewn hems.",
           (400_000, 850_000), (60, 100)),
        _d("دامن بلند چین‌دار", "Long gathered skirt",
           "دامنی بلند با کمر کشی و چین‌های ریز، از پارچه نخی.",
           "A long skirt with an elastic waist and fine gathers, in cotton.",
           (900_000, 1_800_000), (250, 400)),
        _d("روپوش کار", "Work coat",
           "روپوشی بلند با سه جیب و دکمه‌های محکم برای آرایشگاه، آزمایشگاه یا کارگاه.",
           "A long coat with three pockets and strong buttons, for a salon, a laboratory or a "
           "workshop.",
           (900_000, 1_700_000), (400, 550),
           materials=("پارچه مخلوط نخ و پلی‌استر", "cotton-polyester blend")),
        _d("جلیقه زنانه دست‌دوز", "Hand-sewn women's waistcoat",
           "جلیقه‌ای کوتاه با آستر و دکمه‌های چوبی، برای پوشیدن روی لباس.",
           "A short lined waistcoat with wooden buttons, to wear over a dress.",
           (1_000_000, 2_000_000), (200, 300)),
        _d("شومیز زنانه کرپ", "Women's crepe blouse",
           "شومیزی با یقه گرد و آستین بلند از پارچه کرپ که چروک نمی‌شود.",
           "A round-necked, long-sleeved blouse of crease-resistant crepe.",
           (900_000, 1_900_000), (180, 260), materials=("پارچه کرپ", "crepe")),
        _d("کت کوتاه زنانه", "Women's short jacket",
           "کتی کوتاه و آستردار با یقه انگلیسی و دو جیب، از پارچه فاستونی.",
           "A short lined jacket with a notched collar and two pockets, in worsted cloth.",
           (2_500_000, 5_000_000), (500, 700),
           materials=("پارچه فاستونی، آستر ساتن", "worsted, satin lining")),
    ),
)

RESIN = CraftDesigns(
    materials=("رزین اپوکسی، رنگدانه", "epoxy resin, pigments"),
    care_fa="با دستمال نرم و آب ولرم تمیز کنید و از آب داغ، ماشین ظرف‌شویی و آفتاب تند دور نگه "
            "دارید.",
    care_en="Clean with a soft cloth and lukewarm water; keep away from hot water, "
            "the dishwasher and strong sun.",
    colours=("turquoise", "blue", "gold", "white", "green", "navy", "black", "red"),
    title_colour="suffix", made_fa="پس از سخت شدن رزین با دست سنباده و پرداخت شده",
    made_en="sanded and polished by hand once the resin had set",
    designs=(
        _d("زیرلیوانی رزینی طرح دریا، چهار عددی", "Resin coasters, sea design, set of four",
           "چهار زیرلیوانی گرد به قطر ۱۰ سانتی‌متر که لایه‌لایه در قالب سیلیکونی ریخته شده‌اند تا "
           "موج دریا را نشان دهند.",
           "Four 10 cm round coasters, cast layer by layer in a silicone mould to show sea waves.",
           (500_000, 950_000), (250, 350), colours=("turquoise", "blue", "navy", "white")),
        _d("زیرلیوانی رزینی با گل خشک، چهار عددی", "Resin coasters with dried flowers, set of four",
           "چهار زیرلیوانی که گل‌های خشک‌شده در دل رزین شفاف آن‌ها قالب‌گیری شده‌اند.",
           "Four coasters with dried flowers cast inside clear resin.",
           (550_000, 1_000_000), (240, 340),
           materials=("رزین اپوکسی، گل خشک", "epoxy resin, dried flowers")),
        _d("زیرلیوانی رزینی با ورق طلا، شش عددی", "Resin coasters with gold leaf, set of six",
           "شش زیرلیوانی شش‌ضلعی با رگه‌های ورق طلا، ریخته‌شده در قالب و صیقل‌خورده.",
           "Six hexagonal coasters veined with gold leaf, cast in a mould and polished.",
           (800_000, 1_500_000), (380, 520),
           materials=("رزین اپوکسی، ورق طلای بدلی", "epoxy resin, imitation gold leaf"),
           colours=("gold", "white", "black", "navy")),
        _d("سینی رزینی دسته‌دار", "Resin tray with handles",
           "سینی به اندازه ۳۰ × ۴۰ سانتی‌متر با دو دسته فلزی که رزین آن در قالب ریخته و پس از سخت "
           "شدن صیقل داده شده است.",
           "A 30 × 40 cm tray with two metal handles, its resin cast in a mould and polished "
           "once hard.",
           (1_500_000, 3_000_000), (900, 1300)),
        _d("تخته سرو رزین و چوب", "Resin and wood serving board",
           "تخته‌ای از چوب گردو که رزین رنگی در شکاف‌هایش ریخته شده است؛ برای سرو نان و پنیر.",
           "A walnut board with coloured resin poured into its cracks; for bread and cheese.",
           (1_800_000, 3_500_000), (800, 1200),
           materials=("چوب گردو، رزین اپوکسی خوراکی", "walnut, food-safe epoxy resin")),
        _d("ساعت دیواری رزینی", "Resin wall clock",
           "ساعتی گرد به قطر ۳۰ سانتی‌متر با موتور بی‌صدا؛ صفحه‌اش با رزین رنگی ریخته‌گری شده است.",
           "A 30 cm round clock with a silent movement; its face is cast in coloured resin.",
           (1_600_000, 3_200_000), (700, 1000)),
        _d("جاکلیدی رزینی", "Resin key ring",
           "جاکلیدی کوچک که رزین شفافش در قالب ریخته شده و حلقه فلزی دارد.",
           "A small key ring of clear cast resin with a metal ring.",
           (120_000, 280_000), (15, 30)),
        _d("جعبه جواهرات رزینی", "Resin jewellery box",
           "جعبه‌ای کوچک با در که بدنه و درش جداگانه در قالب ریخته شده‌اند.",
           "A small lidded box whose body and lid are cast separately.",
           (700_000, 1_400_000), (250, 400)),
        _d("گردنبند رزینی با گل خشک", "Resin pendant with a dried flower",
           "آویزی کوچک که یک گل خشک در آن قالب‌گیری شده، با زنجیر استیل.",
           "A small pendant with one dried flower cast inside it, on a steel chain.",
           (250_000, 550_000), (8, 20)),
        _d("گوشواره رزینی", "Resin earrings",
           "یک جفت گوشواره سبک که در قالب ریخته و با قلاب استیل وصل شده‌اند.",
           "A pair of light earrings, cast in a mould and hung on steel hooks.",
           (200_000, 450_000), (6, 14)),
        _d("دستبند رزینی", "Resin bangle",
           "النگویی یک‌تکه که در قالب گرد ریخته و با سنباده نرم صیقل داده شده است.",
           "A one-piece bangle cast in a round mould and polished with fine sandpaper.",
           (250_000, 550_000), (25, 45)),
        _d("نشانگر کتاب رزینی", "Resin bookmark",
           "نشانگری باریک که گل یا برگ خشک در آن قالب‌گیری شده و منگوله‌ای نخی دارد.",
           "A slim bookmark with a dried flower or leaf cast inside and a cotton tassel.",
           (100_000, 250_000), (8, 15)),
        _d("جاشمعی رزینی", "Resin candle holder",
           "جاشمعی که رزینش دور لیوانی شیشه‌ای ریخته شده تا نور شمع از آن بگذرد.",
           "A candle holder with resin cast round a glass, so the candlelight shows through.",
           (400_000, 850_000), (250, 400)),
        _d("قاب عکس رزینی", "Resin photo frame",
           "قابی رومیزی برای عکس ۱۰ × ۱۵ سانتی‌متر، ریخته‌شده در قالب با پایه پشت.",
           "A desk frame for a 10 × 15 cm photo, cast in a mould, with a stand at the back.",
           (450_000, 900_000), (250, 380)),
        _d("میز عسلی رزین و چوب", "Resin and wood side table",
           "میزی کوچک که رویه‌اش از چوب و رزین ریخته‌شده و پایه‌هایش فلزی است.",
           "A small table with a top of wood and cast resin, on metal legs.",
           (14_000_000, 28_000_000), (7000, 9500),
           materials=("چوب گردو، رزین اپوکسی، پایه فلزی", "walnut, epoxy resin, metal legs")),
        _d("آویز خودرو رزینی", "Resin car hanging",
           "آویزی سبک برای آینه خودرو که در قالب ریخته شده و بند ابریشمی دارد.",
           "A light hanging for a car mirror, cast in a mould, on a silk cord.",
           (150_000, 350_000), (15, 30)),
    ),
)

CRAFTS: dict[str, CraftDesigns] = {
    "carpet": CARPET, "tableau": TABLEAU, "kilim": KILIM, "fert": FERT,
    "leather": LEATHER, "tailoring": TAILORING, "resin": RESIN,
}


def _fa(n: int | float) -> str:
    return to_persian_digits(str(n).replace(".", "٫"))


def _weight(grams: int) -> tuple[str, str]:
    """'about 1.5 kilograms' or 'about 250 grams', in both languages."""
    if grams >= 1000:
        kg = round(grams / 1000, 1)
        kg_text = str(int(kg)) if kg == int(kg) else str(kg)
        return f"حدود {_fa(kg_text)} کیلوگرم", f"about {kg_text} kg"
    return f"حدود {_fa(grams)} گرم", f"about {grams} g"


def _listing(names: list[str], and_word: str, comma: str) -> str:
    return names[0] if len(names) == 1 else f"{comma.join(names[:-1])} {and_word} {names[-1]}"


def _coloured(title: str, colour: str, before: str, joiner: str) -> str:
    """The colour after the item's name, before a set's count («…، چهار عددی»)."""
    head, sep, tail = title.partition(before)
    return f"{head}{joiner}{colour}{sep}{tail}"


def draw(rng: random.Random, craft_code: str) -> tuple[Design, dict]:
    """One product of `craft_code`: a design and the product's column values (titles,
    descriptions, price in Rials, size, knot density, weight, materials, colours)."""
    craft = CRAFTS[craft_code]
    design = rng.choice(craft.designs)
    palette = design.colours or craft.colours
    colours = rng.sample(palette, k=rng.randint(1, 3))
    names_fa = [COLOUR_NAMES[c][0] for c in colours]
    names_en = [COLOUR_NAMES[c][1] for c in colours]
    knots = rng.choice(craft.knots) if craft.knots else None
    width = length = None
    if design.sizes:
        width, length = rng.choice(design.sizes)
        area = width * length / 10_000
        price_toman = area * rng.randint(*design.toman)
        grams = area * rng.randint(*design.grams) + craft.frame_g
    else:
        price_toman = rng.randint(*design.toman)
        grams = rng.randint(*design.grams)
    price_rials = max(round(price_toman, -4), 10_000) * 10  # whole 10,000 Toman
    grams = int(round(grams, -2)) if grams >= 1000 else max(5 * round(grams / 5), 5)
    big = width is not None and width * length >= 40_000  # 4 m² and more is a «فرش»
    title_fa = design.fa.format(noun="فرش" if big else "قالیچه")
    title_en = design.en.format(noun="carpet" if big else "rug")
    if craft.title_colour == "ground":
        title_fa, title_en = f"{title_fa} زمینه {names_fa[0]}", f"{title_en}, {names_en[0]} ground"
    elif craft.title_colour == "suffix":
        title_fa = _coloured(title_fa, names_fa[0], "، ", " ")
        title_en = _coloured(title_en, names_en[0], ", set of", ", ")
    weight_fa, weight_en = _weight(grams)
    colours_fa = (f"رنگش {names_fa[0]} است" if len(names_fa) == 1
                  else f"رنگ‌هایش {_listing(names_fa, 'و', '، ')} است")
    if width is not None:
        facts_fa = f"اندازه‌اش {_fa(width)} × {_fa(length)} سانتی‌متر است و {weight_fa} وزن دارد"
        facts_en = f"It measures {width} × {length} cm and weighs {weight_en}"
    else:
        facts_fa, facts_en = f"{weight_fa} وزن دارد", f"It weighs {weight_en}"
        if craft.made_fa:
            facts_fa = f"{craft.made_fa} و {facts_fa}"
            facts_en = f"It was {craft.made_en} and weighs {weight_en}"
    if knots:
        facts_fa += f"، با تراکم {_fa(knots)} گره در هر سانتی‌متر مربع"
        facts_en += f", with {knots} knots per cm²"
    materials = design.materials or craft.materials
    description_fa = " ".join((
        design.about_fa,
        f"{facts_fa}؛ {colours_fa}.",
        craft.care_fa,
    ))
    description_en = " ".join((
        design.about_en, f"{facts_en}; colours: {_listing(names_en, 'and', ', ')}.",
        craft.care_en,
    ))
    return design, {
        "title_fa": title_fa, "title_en": title_en,
        "description_fa": description_fa, "description_en": description_en,
        "price_rials": int(price_rials), "width_cm": width, "length_cm": length,
        "knots_per_sq_cm": knots, "weight_g": grams,
        "materials_fa": materials[0], "materials_en": materials[1],
        "colours_fa": "، ".join(names_fa), "colours_en": ", ".join(names_en),
    }
