"""Stock taking, the audit log and SVG charts."""

from __future__ import annotations

import pytest

from marketplace.catalogue import inventory
from marketplace.models import AuditLog, Product
from marketplace.people import audit
from marketplace.web.charts import bar_chart
from tests import factories as f


def test_take_stock_is_all_or_nothing(db) -> None:
    a = f.make_product(stock=2, status="listed")
    b = f.make_product(stock=1, status="listed")
    db.session.commit()
    with pytest.raises(inventory.InsufficientStock) as refused:
        inventory.take_stock({a.id: 1, b.id: 2})
    assert refused.value.product_ids == [b.id]
    db.session.rollback()
    assert db.session.get(Product, a.id).stock == 2
    inventory.take_stock({a.id: 2, b.id: 1})
    db.session.commit()
    db.session.expire_all()
    assert (db.session.get(Product, a.id).stock, db.session.get(Product, b.id).stock) == (0, 0)


def test_take_stock_refuses_unlisted_products(db) -> None:
    draft = f.make_product(stock=5, status="draft")
    db.session.commit()
    with pytest.raises(inventory.InsufficientStock):
        inventory.take_stock({draft.id: 1})


def test_return_stock(db) -> None:
    p = f.make_product(stock=0)
    db.session.commit()
    inventory.return_stock(p.id, 3)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Product, p.id).stock == 3


def test_audit_record(db) -> None:
    admin = f.make_user("admin")
    centre = f.make_centre()
    audit.record(admin, "centre.status", centre, {"status": ["planned", "active"]})
    db.session.commit()
    row = db.session.query(AuditLog).one()
    assert (row.entity_type, row.entity_id, row.changes) == (
        "centres", centre.id, {"status": ["planned", "active"]})


def test_bar_chart_escapes_and_scales() -> None:
    svg = str(bar_chart([("<b>", 10), ("x", 5)], title="t & u"))
    assert "&lt;b&gt;" in svg and "t &amp; u" in svg
    assert 'width="260"' in svg and 'width="130"' in svg
