"""Persian first, checked by machine: every page of every role, in fa and in en.

In fa no page shows a Latin word (outside a short allow-list, codes, e-mails and URLs) or an
ASCII digit; in en no page shows Persian that is not stored content (names, titles typed in
Persian). The world holds what people really type: addresses and notes with digits.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import inspect, select

from marketplace import ledger
from marketplace.extensions import db as _db
from marketplace.ledger import MakerShare
from marketplace.models import (
    FailedJob,
    OutboxMessage,
    ProgrammeFigure,
    Refund,
    Review,
    SearchSynonym,
    User,
)
from tests import factories as f
from tests.browser.conftest import ARTIFACTS, ROOT
from tests.visible_text import (
    english_page_leaks,
    page_language,
    persian_page_leaks,
    persian_words,
)
from tests.walk import ROLES, cart_product, page_rules, pages

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%")
# In Rials on purpose: the statement's CSV (exact accounting figures) and the refusal of a
# Toman amount in a Rial field.
RIAL_MESSAGES = {"Owed to her (Rials)", "Paid to her (Rials)", "Balance (Rials)",
                 "This amount is in Rials; enter it in Rials."}


def _world() -> dict[str, User | None]:
    hood = f.make_neighbourhood(name_fa="نوده", name_en="Nowdeh")
    centre = f.make_centre(neighbourhood=hood, name_fa="مرکز بلوار توس", name_en="Toos Boulevard",
                           address_fa="بلوار توس 12، پلاک 3")
    driver = f.make_user("driver", full_name="علی پیشران", driver=f.make_driver(
        centres=[centre], name_fa="پیشران نوده", name_en="Nowdeh driver"))
    staff = f.make_user("staff", centres=[centre], full_name="زهرا کارشناس")
    buyer = f.make_user("buyer", full_name="سارا خریدار", phone="09121234567")
    f.make_saved_address(user_id=buyer.id)
    f.make_saved_address(user_id=buyer.id, is_default=False, city="نیشابور")
    admin = f.make_user("admin", full_name="مدیر سامانه")
    carpet = f.make_craft(code="carpet", name_fa="قالی‌بافی", name_en="Carpet weaving")
    leather = f.make_craft(name_fa="چرم‌دوزی", name_en="Leather sewing")
    trainee = f.make_trainee(centre=centre, show_given_name=True, show_story=True,
                             family_name="رضایی",
                             story_fa="از سال 1398 قالی می‌بافم.")
    product = f.make_product(driver=driver.driver, centre=centre, status="listed", stock=3,
                             craft=carpet, title_fa="قالیچه ۲ در ۳", title_en="Rug 2 by 3")
    f.make_product_maker(product=product, trainee=trainee, share_pct=100)
    f.make_photo(product=product)
    f.make_photo(product=product, position=1)  # thumbnails, and a carpet's zoom dialog
    # Under the product: a row of more by her and one of more from the centre.
    for title_fa, title_en, by_her in (("گلیم", "Kilim", True), ("تابلوفرش", "Tableau", False)):
        other = f.make_product(driver=driver.driver, centre=centre, status="listed", stock=1,
                               craft=carpet, title_fa=title_fa, title_en=title_en)
        f.make_photo(product=other)
        if by_her:
            f.make_product_maker(product=other, trainee=trainee, share_pct=100)
    course = f.make_course(centre=centre, driver=driver.driver, craft=carpet,
                           title_fa="دوره قالی‌بافی")
    f.make_enrollment(course=course, trainee=trainee)
    f.make_certificate(trainee=trainee, craft=leather)
    f.make_loan(referral=f.make_referral(trainee=trainee, note="نامه شماره 45"))
    f.make_material_issue(trainee=trainee, driver_id=driver.driver.id)
    _db.session.commit()
    ledger.record_purchase(driver.driver, product=product, quantity=1, total_rials=20_000_000,
                           makers=[MakerShare(trainee.id, 100)], purchased_on=date(2026, 1, 1))
    order = f.make_order(buyer=buyer, pickup_centre=centre, subtotal_rials=10_000_000,
                         total_rials=10_000_000)
    line = f.make_order_line(order=order, product=product, status="returned")
    f.make_payment(order=order, state="paid", amount_rials=line.line_total_rials)
    f.make_return_request(line=line, status="accepted", reason="اندازه مناسب نبود",
                          decision_reason="کالا را برگردانید")
    _db.session.add(Refund(order=order, line=line, reason="returned",
                           amount_rials=line.line_total_rials))
    # A review with the seller's answer: the product page, the driver's and the staff's lists.
    _db.session.add(Review(line=line, product=product, buyer_id=buyer.id, author_name="زهرا ا.",
                           stars=4, body="بافت تمیز", answer="سپاس از شما", helpful_count=2))
    product.review_count, product.rating_sum = 1, 4
    _db.session.add(SearchSynonym(word="فرش", alternatives="قالی، قالیچه"))
    # Published totals, one a range, and a centre being built whose place is known.
    _db.session.add_all([
        ProgrammeFigure(metric="trained", value=1500, source="گزارش شهرآرانیوز 1403"),
        ProgrammeFigure(metric="drivers", value=35, value_high=40, jyear=1403,
                        centre=centre, source="گزارش شهرآرانیوز"),
        ProgrammeFigure(metric="centres_under_construction", value=9, source="گزارش شهرآرانیوز"),
    ])
    golshahr = f.make_centre(name_fa="مرکز رویش گلشهر", name_en="Rooyesh Golshahr",
                             status="under_construction", planned_opening_on=date(2027, 3, 21))
    # Applicants: one from an office, screened; one waiting for the centre being built.
    office = f.make_office(neighbourhood=hood, name="دفتر تسهیلگری نوده", contact="0513 800 1234")
    f.make_applicant(centre=centre, source="facilitation_office", office=office,
                     head_of_household=True, craft=carpet, status="not_eligible",
                     reason="ساکن محله دیگری است")
    f.make_applicant(centre=golshahr, head_of_household=True, household_document="حکم 12")
    # The background-jobs page with something on it: a message and a job that failed.
    _db.session.add(OutboxMessage(channel="sms", recipient="09121234567", topic="wage_paid",
                                  body="رویش: مزد شما پرداخت شد", status="failed", attempts=5,
                                  last_error="[Errno 111] Connection refused"))
    _db.session.add(FailedJob(task="send_message", args=[7], attempts=4,
                              error="OperationalError('database is locked')"))
    _db.session.commit()
    return {"anonymous": None, "buyer": buyer, "driver": driver, "staff": staff, "admin": admin}


def _content() -> set[str]:
    """Every Persian word stored in the database: what an en page may show in Persian."""
    stored: set[str] = set()
    for mapper in _db.Model.registry.mappers:
        model = mapper.class_
        columns = [c.key for c in inspect(model).column_attrs]
        for row in _db.session.scalars(select(model)):
            for value in (getattr(row, c) for c in columns):
                if isinstance(value, str):
                    stored |= persian_words(value)
    return stored


def _walk(client, login_as, role: str, user: User | None, locale: str) -> dict[str, str]:
    """endpoint -> HTML of each page the role opens, with the session in `locale`."""
    with client.session_transaction() as session:
        session["lang"] = locale  # before signing out, so the farewell is in the same language
    client.post("/logout")
    if user is not None:
        login_as(user)
    if role in ("anonymous", "buyer"):
        client.post("/cart/add", data={"product_id": cart_product(), "quantity": 1})
    seen = {}
    for endpoint, url in pages(role, user):
        if not url:
            continue
        response = client.get(url)
        assert response.status_code in (200, 302, 404), (role, url, response.status_code)
        if response.status_code == 200 and response.mimetype == "text/html":
            seen[f"{endpoint} {url}"] = response.get_data(as_text=True)
    return seen


def _report(locale: str, leaks: dict[str, list[str]]) -> None:
    """The leaks, one page a block, in test-artifacts/ (easier to read than the assertion)."""
    ARTIFACTS.mkdir(exist_ok=True)
    if not leaks:
        (ARTIFACTS / f"interface-language-{locale}.txt").unlink(missing_ok=True)
        return
    lines = [f"{page}\n" + "".join(f"    {leak}\n" for leak in found)
             for page, found in sorted(leaks.items())]
    (ARTIFACTS / f"interface-language-{locale}.txt").write_text("".join(lines), "utf-8")


@pytest.mark.parametrize("locale", ["fa", "en"])
def test_no_page_of_any_role_leaks_the_other_language(app, db, client, login_as, locale) -> None:
    users = _world()
    content = _content() if locale == "en" else set()
    leaks: dict[str, list[str]] = {}
    opened: set[str] = set()
    for role in ROLES:
        for page, html in _walk(client, login_as, role, users[role], locale).items():
            opened.add(page.split()[0])
            found = (persian_page_leaks(html) if page_language(html) == "fa"
                     else english_page_leaks(html, content))
            if found:
                leaks[f"{role} {page}"] = found
    _report(locale, leaks)
    assert leaks == {}
    # Every HTML route was really rendered by some role, so a new page cannot slip past.
    assert {endpoint for _, endpoint in page_rules()} - opened == set()


def test_the_persian_catalogue_has_no_latin_words_or_digits() -> None:
    """Messages no GET page shows (refusals, validation errors) are checked in the catalogue."""
    catalogue = ROOT / "marketplace/translations/fa/LC_MESSAGES/messages.po"
    problems = []
    with catalogue.open("rb") as po:
        for message in read_po(po):
            if not message.id or message.id in RIAL_MESSAGES:
                continue
            for text in message.string if isinstance(message.string, tuple) else (
                    message.string,):
                if not text or persian_page_leaks(f"<p>{PLACEHOLDER.sub(' ', text)}</p>"):
                    problems.append((message.id, text))
    assert problems == []
