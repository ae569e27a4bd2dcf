"""Reviews: the buyer of a delivered line reviews its product once (1-5 stars, text, up to
three photos); the line's driver answers once, in public; staff or an admin hide a review
with a reason (audited). Nothing is deleted.

- `can_review(line, user) -> bool` and `reviewable_lines(order, user)` (the order page)
- `write_review(line, buyer, stars, body, photos=()) -> Review`
- `answer_review(review, actor, text)`, `hide_review(review, actor, reason)`
- `mark_helpful(review, user_id=None, session_key=None) -> bool` (counted once a voter)
- `visible_reviews(product_id, order)`: what the product page lists
- `seller_reviews(driver_id)`: the newest on the driver's shop page

The product keeps `review_count` and `rating_sum` of its visible reviews, changed by a
conditional UPDATE in the review's own transaction, so cards show an average for free.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import BinaryIO

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from marketplace.catalogue import version
from marketplace.extensions import db
from marketplace.media import photos as media_photos
from marketplace.media.pipeline import ImageRejected, ProcessedImage
from marketplace.models import (
    LineStatus,
    Order,
    OrderLine,
    Product,
    ProductStatus,
    Review,
    ReviewPhoto,
    ReviewVote,
    User,
)
from marketplace.models.base import utcnow
from marketplace.orders import OrderError
from marketplace.people import audit
from marketplace.text.persian import MessageNumber

MAX_PHOTOS = 3
MAX_BODY = 2000
ORDERS = ("newest", "helpful")


class ReviewError(OrderError):
    """A review, answer, hiding or vote refused."""


def author_name(full_name: str | None) -> str:
    """Given name and the family name's initial ("مریم ک."); empty when there is no name
    (the page then says "a buyer"). The family name itself is never kept."""
    words = (full_name or "").split()
    if not words:
        return ""
    if len(words) == 1:
        return words[0][:50]
    return f"{words[0][:50]} {words[-1][0]}."


def can_review(line: OrderLine, user: User | None) -> bool:
    """Whether `user` is the buyer of this delivered line (one review per line is
    checked when writing)."""
    return (user is not None and getattr(user, "is_authenticated", False)
            and line.order.buyer_id == user.id and line.status == LineStatus.DELIVERED)


def reviewed_line_ids(order: Order) -> set[int]:
    return set(db.session.scalars(
        select(Review.line_id).where(Review.line_id.in_([ln.id for ln in order.lines]))
    ))


def _change_totals(product_id: int, count: int, stars: int) -> None:
    # One statement on the row, in the caller's transaction: two reviews written at once
    # each add their own, never overwrite each other's.
    db.session.execute(
        update(Product).where(Product.id == product_id)
        .values(review_count=Product.review_count + count, rating_sum=Product.rating_sum + stars)
        .execution_options(synchronize_session=False)
    )


def write_review(line: OrderLine, buyer: User, stars: int, body: str,
                 photos: Sequence[BinaryIO] = (), now: datetime | None = None) -> Review:
    """The buyer's review of a delivered line, in one transaction; a refused photo
    refuses the review and leaves no file behind."""
    now = now or utcnow()
    body = (body or "").strip()
    if line.order.buyer_id != buyer.id:
        raise ReviewError(_l("Only the buyer of this item can review it."))
    if line.status != LineStatus.DELIVERED:
        raise ReviewError(_l("You can review an item once it has been delivered to you."))
    if stars not in range(1, 6):
        raise ReviewError(_l("Choose from one to five stars."), field="stars")
    if not body:
        raise ReviewError(_l("Write a few words about the item."), field="body")
    if len(body) > MAX_BODY:
        raise ReviewError(_l("Write at most %(n)s characters.", n=MessageNumber(MAX_BODY)),
                          field="body")
    if len(photos) > MAX_PHOTOS:
        raise ReviewError(_l("Send at most %(n)s photos.", n=MessageNumber(MAX_PHOTOS)),
                          field="photos")
    if db.session.scalar(select(Review.id).where(Review.line_id == line.id)):
        raise ReviewError(_l("You have already reviewed this item."))
    processed: list[ProcessedImage] = []
    try:
        for stream in photos:
            processed.append(media_photos.process(stream))
        review = Review(
            line_id=line.id, product_id=line.product_id, buyer_id=buyer.id, stars=stars,
            body=body, author_name=author_name(buyer.full_name), created_at=now,
            photos=[ReviewPhoto(
                digest=p.digest, width=p.width, height=p.height, has_alpha=p.has_alpha,
                created_at=now,
                sizes=",".join(str(s) for s in sorted({v.size for v in p.variants})),
            ) for p in processed],
        )
        db.session.add(review)
        db.session.flush()  # the unique line_id stops a second review here
        _change_totals(line.product_id, 1, stars)
        db.session.commit()
    except ImageRejected as rejected:
        db.session.rollback()
        media_photos.discard(processed)
        raise ReviewError(rejected.message, field="photos") from rejected
    except IntegrityError:
        db.session.rollback()
        media_photos.discard(processed)
        raise ReviewError(_l("You have already reviewed this item.")) from None
    except BaseException:
        db.session.rollback()
        media_photos.discard(processed)
        raise
    return review


def answer_review(review: Review, actor: User, text: str, now: datetime | None = None) -> None:
    """The seller's one public answer (the view checks that the line is the driver's)."""
    text = (text or "").strip()
    if not text:
        raise ReviewError(_l("Write your answer."), field="answer")
    if len(text) > MAX_BODY:
        raise ReviewError(_l("Write at most %(n)s characters.", n=MessageNumber(MAX_BODY)),
                          field="answer")
    claimed = db.session.execute(
        update(Review).where(Review.id == review.id, Review.answer.is_(None))
        .values(answer=text, answered_at=now or utcnow(), answered_by_id=actor.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        raise ReviewError(_l("This review has been answered already."))
    audit.record(actor, "review.answer", review, {"answer": text[:300]})
    db.session.commit()
    db.session.refresh(review)


def hide_review(review: Review, actor: User, reason: str, now: datetime | None = None) -> None:
    """Hide a review from the shop, with the reason; it stays in the database and in the
    audit log. Its stars leave the product's average in the same transaction."""
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError(_l("Say why the review is hidden."), field="reason")
    claimed = db.session.execute(
        update(Review).where(Review.id == review.id, Review.hidden_at.is_(None))
        .values(hidden_at=now or utcnow(), hidden_reason=reason[:300], hidden_by_id=actor.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        raise ReviewError(_l("This review is hidden already."))
    _change_totals(review.product_id, -1, -review.stars)
    audit.record(actor, "review.hide", review, {"reason": reason[:300]})
    db.session.commit()
    db.session.refresh(review)


def has_voted(review_ids: Sequence[int], user_id: int | None,
              session_key: str | None) -> set[int]:
    """Which of these reviews this voter has found helpful already."""
    if not review_ids or (user_id is None and session_key is None):
        return set()
    voter = (ReviewVote.user_id == user_id) if user_id is not None \
        else (ReviewVote.session_key == session_key)
    return set(db.session.scalars(
        select(ReviewVote.review_id).where(ReviewVote.review_id.in_(review_ids), voter)
    ))


def mark_helpful(review: Review, user_id: int | None = None,
                 session_key: str | None = None) -> bool:
    """Count one "helpful" from this voter (a signed-in user, else a session); False when
    they had voted already. The vote row's unique index makes a double click count once."""
    if user_id is None and session_key is None:
        raise ReviewError(_l("Your vote could not be counted."))
    if review.hidden_at is not None:
        raise ReviewError(_l("This review is not shown."))
    try:
        db.session.add(ReviewVote(review_id=review.id, user_id=user_id,
                                  session_key=None if user_id is not None else session_key))
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return False
    db.session.execute(
        update(Review).where(Review.id == review.id)
        .values(helpful_count=Review.helpful_count + 1)
        .execution_options(synchronize_session=False, **version.STOCK_UPDATE)
    )
    # Cards show no helpful counts: only product pages need re-rendering.
    version.product_pages_changed(db.session, review.product_id)
    db.session.commit()
    return True


def visible_reviews(product_id: int, order: str = "newest", limit: int = 30) -> list[Review]:
    """The product's shown reviews, newest or most helpful first, with their photos."""
    sort = ((Review.helpful_count.desc(), Review.created_at.desc(), Review.id.desc())
            if order == "helpful" else (Review.created_at.desc(), Review.id.desc()))
    return list(db.session.scalars(
        _shown().where(Review.product_id == product_id).order_by(*sort).limit(limit)
    ))


def seller_reviews(driver_id: int, limit: int = 5) -> list[Review]:
    """The newest shown reviews of the driver's listed items (her shop page), each with
    its product for the link."""
    return list(db.session.scalars(
        _shown().join(Product, Product.id == Review.product_id)
        .where(Product.driver_id == driver_id, Product.status == ProductStatus.LISTED)
        .options(joinedload(Review.product))
        .order_by(Review.created_at.desc(), Review.id.desc()).limit(limit)
    ))


def _shown() -> Select:
    return select(Review).where(Review.hidden_at.is_(None)).options(selectinload(Review.photos))
