"""Search beyond the relevance set: ranking tiers, codes, sizes, synonyms at query time,
suggestions, facets, best-selling order and the indexes each backend uses."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from marketplace.catalogue import search
from marketplace.catalogue.search import analysis, synonyms
from marketplace.extensions import db
from marketplace.models import Product, SearchSynonym
from marketplace.orders.checkout import CheckoutDetails, place_order
from tests.factories import make_centre, make_craft, make_driver, make_user
from tests.shop.conftest import listed_product


@pytest.fixture
def shop(db: object) -> dict[str, Product]:
    centre = make_centre(slug="toos", name_fa="مرکز رویش توس", name_en="Toos")
    driver = make_driver(centres=[centre])
    rug = make_craft(code="carpet", name_fa="قالی‌بافی", name_en="Carpet weaving")
    leather = make_craft(code="leather", name_fa="چرم‌دوزی", name_en="Leather sewing")
    made = {}
    for n, (key, craft, title, description) in enumerate((
        ("typo", leather, "کیفی دوشی", "ساده"),
        ("description", leather, "جاکارتی", "از کیف قدیمی دوخته شده"),
        ("part", leather, "کیفچه", "ساده"),
        ("stem", leather, "کیفها", "ساده"),
        ("synonym", leather, "کوله", "ساده"),
        ("exact", leather, "کیف", "ساده"),
        ("rug", rug, "قالیچه ترنج", "پشم"),
    )):
        made[key] = listed_product(n=n, driver=driver, craft=craft, title_fa=title,
                                   description_fa=description, width_cm=120, length_cm=180,
                                   colours_fa="لاکی، سرمه‌ای", knots_per_sq_cm=36)
    db.session.add(SearchSynonym(word="کیف", alternatives="کوله"))
    db.session.commit()
    return made


def _keys(shop: dict[str, Product], query: str, **kw: object) -> list[str]:
    by_id = {p.id: k for k, p in shop.items()}
    return [by_id[p.id] for p in search.search(query, **kw).items]


def test_ranking_exact_then_synonym_stem_part_typo_then_description(app, shop) -> None:
    # کیفی is a typo-free stem match too (کیفی → کیف), so it ranks with the stems.
    assert _keys(shop, "کیف") == ["exact", "synonym", "stem", "typo", "part", "description"]


def test_ties_put_in_stock_first_then_newest(app, shop) -> None:
    from marketplace.catalogue import browse

    shop["exact"].stock = 0
    db.session.commit()
    everything = browse.Listing(sort="relevance", in_stock=False)
    assert _keys(shop, "ساده", listing=everything)[-1] == "exact"
    assert _keys(shop, "ساده")[:3] == ["synonym", "stem", "part"]


def test_stemmer_rules() -> None:
    assert [analysis.stem(w) for w in ("چرمی", "رزینی", "کیفها", "کیفهای", "قالیها",
                                       "بزرگترین", "قالی", "گلدان")] == [
        "چرم", "رزین", "کیف", "کیف", "قالی", "بزرگ", "قالی", "گلدان"]


def test_a_typo_needs_four_letters_and_one_edit() -> None:
    assert analysis.typo_spellings("کیف") == set()
    spellings = analysis.typo_spellings("ساعط")
    assert {"ساعت", "ساع", "ساعطه"} <= spellings and "ساتت" not in spellings


def test_a_synonym_added_by_the_admin_works_at_once(app, shop) -> None:
    assert _keys(shop, "ساک") == []
    synonyms.save("ساک", "جاکارتی", actor=make_user("admin"))
    assert _keys(shop, "ساک") == ["description"]


def test_item_codes_go_straight_to_the_item(client, shop) -> None:
    rug = shop["rug"]
    rug.code = "RY-000110"
    db.session.commit()
    for typed in ("RY-000110", "ry000110", "RY-۰۰۰۱۱۰", " ry 110 "):
        response = client.get("/search", query_string={"q": typed})
        assert response.status_code == 302, typed
        assert response.headers["Location"].endswith(f"/products/{rug.id}-{rug.slug}")
    assert client.get("/search", query_string={"q": "RY-999999"}).status_code == 200


def test_sizes_in_a_query_match_width_and_length(app, shop) -> None:
    assert "rug" in _keys(shop, "قالیچه ۱۸۰×۱۲۰")
    assert _keys(shop, "قالیچه 100x150") == []


def test_suggest_answers_titles_crafts_and_centres(client, shop) -> None:
    data = client.get("/search/suggest", query_string={"q": "قالی"}).get_json()
    assert [t["fa"] for t in data["titles"]] == ["قالیچه ترنج"]
    assert [c["id"] for c in data["crafts"]] == ["carpet"]
    assert client.get("/search/suggest", query_string={"q": "توس"}).get_json()["centres"]
    assert client.get("/search/suggest?q=").get_json() == {"titles": [], "crafts": [],
                                                           "centres": []}


def test_results_page_shows_facets_with_counts_and_filters(client, shop) -> None:
    html = client.get("/search", query_string={"q": "ساده"}).get_data(as_text=True)
    assert 'name="colour"' in html and 'name="knots"' in html and 'name="width"' in html
    assert "(۵)" in html  # five leather items, in Persian digits
    rug_only = client.get("/search", query_string={"q": "ترنج", "craft": "leather"})
    assert "قالیچه ترنج" not in rug_only.get_data(as_text=True).split("product-grid")[-1]
    lists = client.get("/products", query_string={"colour": "navy", "width": "w-81-120"})
    assert lists.status_code == 200 and "قالیچه ترنج" in lists.get_data(as_text=True)
    assert client.get("/products?colour=nope&width=x&knots=abc").status_code == 200


def test_checkout_raises_the_best_selling_counter_and_sort(client, shop) -> None:
    part = shop["part"]
    part.stock = 3
    db.session.commit()
    place_order(CheckoutDetails(contact_name="زهرا", contact_phone="09121234567",
                                delivery_method="pickup", payment_provider="cod"),
                {part.id: 2}, buyer=None)
    assert db.session.scalar(select(Product.sold_count).where(Product.id == part.id)) == 2
    html = client.get("/products?sort=popular").get_data(as_text=True)
    first, other = (f'/products/{p.id}-{p.slug}"' for p in (part, shop["exact"]))
    assert html.index(first) < html.index(other)
    from marketplace.catalogue import browse

    popular = browse.Listing(sort="popular")
    assert _keys(shop, "ساده", listing=popular)[0] == "part"


def test_backend_uses_its_trigram_index(app, shop) -> None:
    if db.engine.dialect.name == "postgresql":
        assert db.session.scalar(text(
            "SELECT count(*) FROM pg_indexes WHERE indexname = 'product_search_trgm'")) == 1
        db.session.execute(text("SET enable_seqscan = off"))
        plan = "\n".join(db.session.scalars(text(
            "EXPLAIN SELECT id FROM products WHERE search_text LIKE '%کیف%'")))
        assert "product_search_trgm" in plan
    else:
        rows = db.session.scalars(text(
            "SELECT rowid FROM product_search_trigram WHERE product_search_trigram MATCH "
            "'\"یفچ\"'")).all()
        assert rows == [shop["part"].id]


@pytest.mark.parametrize("query", ["کیف", "ساده", "قدیمی", "کیفها", "قالی", "کیف ساده"])
def test_ranking_from_the_narrow_index_scores_as_the_wide_rows_do(app, shop, query) -> None:
    """SQLite ranks from `RANK_INDEX` and decides the description tier through the trigram
    index (each tier's phrases bound apart); it must give every product the score LIKE over
    the wide search text gives."""
    from marketplace.catalogue.search import query as search_query

    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL ranks from its rows: its matches come from the heap anyway")
    p = search_query.plan(query)
    scores = {}
    for by_index in (False, True):
        relevance = search_query.score(p, by_index).label("relevance")
        scores[by_index] = db.session.execute(
            select(Product.id, relevance).order_by(Product.id)).all()
    assert scores[True] == scores[False]
    assert search_query.narrow(p)
    plan = " ".join(str(row[-1]) for row in db.session.execute(text(
        f"EXPLAIN QUERY PLAN SELECT id FROM products INDEXED BY {search.RANK_INDEX} "
        "WHERE id IN (1, 2) AND status = 'listed'")))
    assert f"COVERING INDEX {search.RANK_INDEX}" in plan


def test_colour_mask_follows_the_drivers_words_in_either_language(app, shop) -> None:
    from marketplace.models import COLOUR_BITS

    rug = shop["rug"]
    assert rug.colour_mask == COLOUR_BITS["lacquer"] | COLOUR_BITS["navy"]
    rug.colours_fa, rug.colours_en = None, "Turquoise and cream"
    db.session.commit()
    assert rug.colour_mask == COLOUR_BITS["turquoise"] | COLOUR_BITS["cream"]
    assert db.session.scalar(
        select(Product.id).where(Product.colour_mask.op("&")(COLOUR_BITS["cream"]) != 0)
    ) == rug.id


def test_facet_counts_are_reused_for_their_ttl_and_results_stay_fresh(app, client, shop) -> None:
    from marketplace.catalogue import browse, facets

    def counts() -> dict:
        listing = browse.Listing()
        return facets.count(listing, [], browse.conditions).counts["colour"]

    facets._recent = None  # nothing left from another test's database
    app.config["FACET_COUNTS_SECONDS"] = 60
    try:
        assert counts()["navy"] == 7
        shop["rug"].status = "draft"
        db.session.commit()
        assert counts()["navy"] == 7  # the count beside the filter lags for its TTL …
        # … the results do not.
        assert "قالیچه ترنج" not in client.get("/products").get_data(as_text=True)
        app.config["FACET_COUNTS_SECONDS"] = 0
        assert counts()["navy"] == 6
    finally:
        app.config["FACET_COUNTS_SECONDS"] = 0
