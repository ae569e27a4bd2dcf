"""Search: Persian normalisation on both sides, ranking, highlighting and absurd queries."""

from __future__ import annotations

from datetime import datetime

import pytest

from marketplace.catalogue import search
from marketplace.extensions import db
from marketplace.models import Product, ProductStatus
from tests.factories import make_centre, make_craft, make_driver
from tests.shop.conftest import listed_product

ABSURD = [
    "",
    "   ",
    "x" * 10_000,
    "قالی " * 3000,
    "!!!???...,,,;;;",
    '"',
    '""',
    "*",
    "NEAR(",
    "NEAR(قالی گلیم, 2)",
    "' OR 1=1 --",
    "AND OR NOT",
    "title_fa:قالی",
    "^قالی",
    "قالی*)(",
    "\\'",
    "a & b | !c <-> d:*",
    "\u064b\u0301",  # only combining marks
    "\x00\x01",
    "%_%",
]


def _rug(**kw: object) -> Product:
    return listed_product(**kw)


@pytest.fixture
def catalogue(db: object) -> dict[str, Product]:
    carpet = make_craft(code="carpet", name_fa="قالی‌بافی", name_en="Carpet weaving")
    leather = make_craft(code="leather", name_fa="چرم‌دوزی", name_en="Leatherwork")
    centre = make_centre(slug="golshahr", name_fa="مرکز گلشهر", name_en="Golshahr Centre")
    driver = make_driver(centres=[centre])
    items = {
        "carpet": _rug(n=1, driver=driver, craft=carpet, title_fa="قالیچه کرکی ۱۲ رنگ",
                       title_en="Wool rug", description_fa="بافته شده با پشم طبیعی"),
        "wallet": _rug(n=2, driver=driver, craft=leather, title_fa="کیف پول چرمی",
                       title_en="Leather wallet", description_fa="دوخت دست"),
        "sold": _rug(n=3, driver=driver, craft=carpet, title_fa="قالی فروخته", stock=0),
        "draft": _rug(n=4, driver=driver, craft=carpet, title_fa="قالی پیش‌نویس",
                      status=ProductStatus.DRAFT, listed_at=None),
    }
    db.session.commit()
    return items


def _ids(query: str) -> set[int]:
    return {p.id for p in search.search(query).items}


@pytest.mark.parametrize(
    "query",
    [
        "قالیچه",
        "قاليچه",  # Arabic yeh
        "قالی",  # prefix of the last token
        "كركي",  # Arabic kaf and yeh
        "۱۲ رنگ",  # Persian digits
        "١٢ رنگ",  # Arabic-Indic digits
        "12 رنگ",
        "WOOL",
        "پشم",
        "قالی‌بافی",  # the craft name with ZWNJ
        "قالیبافی",  # ... and without
        "گلشهر قالیچه",  # the centre name
        "  قالیچه!!  ",
    ],
)
def test_normalised_queries_find_the_same_product(app, catalogue, query: str) -> None:
    assert catalogue["carpet"].id in _ids(query)
    assert catalogue["wallet"].id not in _ids(query)


def test_only_listed_in_stock_products_are_found(app, catalogue) -> None:
    found = _ids("قالی")
    assert catalogue["sold"].id not in found
    assert catalogue["draft"].id not in found


def test_index_follows_edits_and_deletes(app, catalogue) -> None:
    wallet = db.session.get(Product, catalogue["wallet"].id)
    wallet.title_fa = "کیف دستی سنتی"
    search.refresh(wallet)
    db.session.commit()
    assert wallet.id in _ids("سنتی")
    assert wallet.id not in _ids("پول")
    for photo in wallet.photos:
        db.session.delete(photo)
    db.session.delete(wallet)
    db.session.commit()
    assert _ids("سنتی") == set()


def test_bulk_insert_is_indexed(app, db) -> None:
    """Rows written without the ORM (the seed's bulk insert) are found too."""
    centre = make_centre()
    driver = make_driver(centres=[centre])
    craft = make_craft()
    db.session.execute(
        Product.__table__.insert(),
        [{"code": f"B-{i}", "slug": f"b-{i}", "driver_id": driver.id, "centre_id": centre.id,
          "craft_id": craft.id, "title_fa": "زیرانداز", "status": "listed", "stock": 1,
          "price_rials": 1000, "search_text": f"زیرانداز شماره{i}", "unit_wage_rials": 0,
          "unit_materials_rials": 0, "featured": False,
          "created_at": datetime(2026, 1, 1), "updated_at": datetime(2026, 1, 1)}
         for i in range(3)],
    )
    db.session.commit()
    assert len(_ids("زیرانداز")) == 3


def test_ranking_puts_better_matches_first(app, db) -> None:
    centre = make_centre()
    driver = make_driver(centres=[centre])
    weak = _rug(driver=driver, title_fa="کوسن", description_fa="با نقش گلیم در یک گوشه")
    strong = _rug(driver=driver, title_fa="گلیم گلیم", description_fa="گلیم دستباف گلیم")
    db.session.commit()
    items = search.search("گلیم").items
    assert [p.id for p in items] == [strong.id, weak.id]


def test_search_pages_without_duplicates(app, db) -> None:
    centre = make_centre()
    driver = make_driver(centres=[centre])
    made = {_rug(n=i, driver=driver, title_fa=f"جاکلیدی {i}").id for i in range(7)}
    db.session.commit()
    seen: list[int] = []
    page, more = 1, True
    while more:
        result = search.search("جاکلیدی", page=page, per_page=3)
        seen += [p.id for p in result.items]
        more, page = result.has_next, page + 1
    assert sorted(seen) == sorted(made)


@pytest.mark.parametrize("query", ABSURD)
def test_absurd_queries_never_fail(app, catalogue, query: str) -> None:
    search.search(query)


@pytest.mark.parametrize("query", ABSURD)
def test_absurd_queries_give_a_friendly_page(client, catalogue, query: str) -> None:
    response = client.get("/search", query_string={"q": query})
    # A NUL is refused before any view (marketplace/web/input_guard.py).
    assert response.status_code == (400 if "\x00" in query else 200)
    assert "<h1" in response.get_data(as_text=True)


def test_search_page_highlights_safely(client, db) -> None:
    centre = make_centre()
    _rug(driver=make_driver(centres=[centre]), title_fa="قاب <b>آینه</b> رزینی",
         title_en="Resin mirror")
    db.session.commit()
    html = client.get("/search", query_string={"q": "آینه"}).get_data(as_text=True)
    assert "<mark>آینه</mark>" in html
    assert "<b>" not in html.split("<main", 1)[1]
    assert "&lt;b&gt;" in html


def test_search_page_paging_links_and_bad_page(client, catalogue) -> None:
    assert client.get("/search?q=قالی&page=abc").status_code == 200
    assert client.get("/search?q=قالی&page=99999999999").status_code == 200
    assert client.get("/search?q=قالی&page=-1").status_code == 200


def test_highlight_escapes_then_marks() -> None:
    out = search.highlight('<script>قالي</script> & "قالیچه"', ["قالی"])
    assert "<script>" not in out
    assert "<mark>قالي</mark>" in out and "<mark>قالیچه</mark>" in out
    assert "&amp;" in out


def test_query_terms_are_bounded() -> None:
    assert len(search.query_terms("a b c d e f g h i j k l")) == search.MAX_TERMS
    assert all(len(t) <= search.MAX_TERM_CHARS for t in search.query_terms("x" * 10_000))
    assert search.query_terms("' OR 1=1 --") == ["or", "1"]


def test_fts5_phrases_are_quoted() -> None:
    from marketplace.catalogue.search import query

    assert query._fts_phrase('say "near"') == '"say ""near"""'
    assert query._fts_phrase("گل") is None  # too short for the trigram index: LIKE instead


def test_a_typo_finds_below_and_suggests_the_real_word(client, catalogue) -> None:
    result = search.search("Leatherwrk")
    assert [p.id for p in result.items] == [catalogue["wallet"].id]
    assert result.suggestion == "leatherwork"
    html = client.get("/search", query_string={"q": "Leatherwrk"}).get_data(as_text=True)
    assert "/search?q=leatherwork" in html
    assert search.search("zzzzqqq").suggestion is None
    assert search.search("leatherwork").suggestion is None


def test_results_beyond_a_window_of_sold_out_matches_are_still_found(db) -> None:
    """SQLite ranks a window of the best matches first; when every one of those is sold
    out, the full ranking must still find the in-stock item further down."""
    from marketplace.catalogue import search as search_module
    from tests import factories as f

    driver = f.make_driver()
    for _ in range(220):
        f.make_product(driver=driver, status="listed", stock=0, search_text="ویژه ویژه ویژه")
    wanted = f.make_product(driver=driver, status="listed", stock=1,
                            search_text="ویژه " + "کلمه " * 40)
    db.session.commit()
    result = search_module.search("ویژه")
    assert [p.id for p in result.items] == [wanted.id]


def test_every_match_is_ranked_not_a_window_of_the_newest(db, monkeypatch) -> None:
    """An old strong match beats any number of newer weak ones, on both backends."""
    centre = make_centre()
    driver = make_driver(centres=[centre])
    old_strong = _rug(n=0, driver=driver, title_fa="گلیم دستباف", description_fa="گلیم")
    for i in range(1, 60):
        _rug(n=i, driver=driver, title_fa=f"کوسن {i}", description_fa="با نقش گلیم")
    db.session.commit()
    monkeypatch.setattr(search, "MAX_PAGE", 1)
    assert search.search("گلیم", per_page=1).items == [old_strong]
