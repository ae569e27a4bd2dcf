"""The demo catalogue reads as a shopkeeper wrote it and gives search something to find:
fifteen designs and more per craft, weights and sizes that fit the item, prices in whole
Toman, each craft made the way it is made, and Persian text without a Latin letter or digit."""

from __future__ import annotations

import random
import re

import pytest

from demo import data, designs, seed
from marketplace.models import COLOURS

LATIN = re.compile(r"[A-Za-z0-9]")
PERSIAN_FIELDS = ("title_fa", "description_fa", "materials_fa", "colours_fa")
# The lightest and heaviest a piece of each craft may plausibly weigh, in grams.
WEIGHT_G = {
    "carpet": (800, 45_000), "tableau": (1_500, 8_000), "kilim": (200, 25_000),
    "fert": (50, 2_500), "leather": (5, 2_000), "tailoring": (50, 1_500),
    "resin": (5, 10_000),
}
RUGS = ("carpet", "tableau", "kilim")


@pytest.fixture(scope="module")
def drawn() -> dict[str, list[tuple[designs.Design, dict]]]:
    rng = random.Random(seed.SEED)
    return {code: [designs.draw(rng, code) for _ in range(800)] for code, *_ in data.CRAFTS}


def test_every_craft_has_fifteen_distinct_designs_and_the_draw_uses_them(drawn) -> None:
    assert set(designs.CRAFTS) == {code for code, *_ in data.CRAFTS}
    for code, draws in drawn.items():
        titles = [d.fa for d in designs.CRAFTS[code].designs]
        assert len(set(titles)) == len(titles) >= 15, code
        assert len({d.fa for d, _ in draws}) >= 15, code
        assert len({row["title_fa"] for _, row in draws}) >= 15, code


def test_weights_fit_the_item(drawn) -> None:
    for code, draws in drawn.items():
        low, high = WEIGHT_G[code]
        for _, row in draws:
            assert low <= row["weight_g"] <= high, (code, row["title_fa"], row["weight_g"])
    for _, row in drawn["carpet"]:
        square_metres = row["width_cm"] * row["length_cm"] / 10_000
        assert 2_000 <= row["weight_g"] / square_metres <= 4_000  # a 2 × 3 m carpet: kilograms
        if square_metres >= 6:
            assert row["weight_g"] >= 12_000
    coasters = [row for _, row in drawn["resin"] if "زیرلیوانی" in row["title_fa"]]
    wallets = [row for _, row in drawn["leather"] if "کیف پول" in row["title_fa"]]
    assert coasters and all(row["weight_g"] < 1_000 for row in coasters)
    assert wallets and all(row["weight_g"] < 300 for row in wallets)


def test_sizes_and_knots_belong_to_rugs_and_knotted_pile(drawn) -> None:
    for code, draws in drawn.items():
        for _, row in draws:
            sized = row["width_cm"] is not None and row["length_cm"] is not None
            assert sized == (code in RUGS), code
            assert (row["knots_per_sq_cm"] is not None) == (code in ("carpet", "tableau")), code
    tableau_knots = {row["knots_per_sq_cm"] for _, row in drawn["tableau"]}
    assert min(tableau_knots) > max(row["knots_per_sq_cm"] for _, row in drawn["carpet"])


def test_each_craft_is_made_the_way_it_is_made(drawn) -> None:
    for _, row in drawn["resin"]:
        assert "باف" not in row["description_fa"]  # resin is cast, never woven
        assert "ریخته" in row["description_fa"] or "قالب" in row["description_fa"]
    for code, word in (("tailoring", "دوخته"), ("fert", "بافته"), ("carpet", "دستباف"),
                       ("kilim", "باف"), ("tableau", "گره")):
        for _, row in drawn[code]:
            assert word in row["title_fa"] + row["description_fa"], (code, row["title_fa"])


def test_prices_are_whole_toman_in_rials_within_each_designs_range(drawn) -> None:
    for code, draws in drawn.items():
        for design, row in draws:
            price = row["price_rials"]
            assert isinstance(price, int) and price > 0 and price % 100_000 == 0
            if code not in RUGS:
                low, high = design.toman
                assert (low - 10_000) * 10 <= price <= (high + 10_000) * 10


def test_persian_text_has_no_latin_letter_or_digit_and_two_or_three_sentences(drawn) -> None:
    for draws in drawn.values():
        for _, row in draws:
            for key in PERSIAN_FIELDS:
                assert not LATIN.search(row[key]), (key, row[key])
            assert 2 <= row["description_fa"].count(".") <= 3, row["description_fa"]


def test_colours_are_the_facets_own_words(drawn) -> None:
    words = {fa for _, fa, _en in COLOURS}
    for draws in drawn.values():
        for _, row in draws:
            assert set(row["colours_fa"].split("، ")) <= words


def test_the_draw_is_reproducible() -> None:
    first = [designs.draw(random.Random(7), "leather")[1] for _ in range(3)]
    assert first == [designs.draw(random.Random(7), "leather")[1] for _ in range(3)]
