"""The synonym screen: admins only (another role gets 404), Persian, audited, validated."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import AuditLog, SearchSynonym


def test_other_roles_get_404_and_visitors_sign_in(client, world, login_as) -> None:
    assert client.get("/admin/synonyms").status_code == 302
    login_as(world.staff1)
    assert client.get("/admin/synonyms").status_code == 404
    assert client.post("/admin/synonyms", data={"word": "x", "alternatives": "y"}
                       ).status_code == 404


def test_admin_adds_edits_and_deletes_a_synonym(client, world, login_as) -> None:
    login_as(world.admin)
    page = client.get("/admin/synonyms").get_data(as_text=True)
    assert "مترادف" in page
    client.post("/admin/synonyms/defaults")
    assert db.session.scalar(select(SearchSynonym).where(SearchSynonym.word == "فرش"))
    response = client.post("/admin/synonyms", data={"word": "ساك", "alternatives": "کیف، کوله"})
    assert response.status_code == 302
    row = db.session.scalar(select(SearchSynonym).where(SearchSynonym.word == "ساک"))
    assert row.alternatives == "کیف، کوله"
    client.post(f"/admin/synonyms/{row.id}", data={"word": "ساک", "alternatives": "چمدان"})
    db.session.expire_all()
    assert db.session.get(SearchSynonym, row.id).alternatives == "چمدان"
    duplicate = client.post("/admin/synonyms", data={"word": "ساک", "alternatives": "کیف"})
    assert duplicate.status_code == 200 and "ردیف دارد" in duplicate.get_data(as_text=True)
    empty = client.post("/admin/synonyms", data={"word": "ساک", "alternatives": "ساک"})
    assert "واژه دیگر" in empty.get_data(as_text=True)
    row_id = row.id
    client.post(f"/admin/synonyms/{row_id}/delete")
    db.session.expire_all()
    assert db.session.get(SearchSynonym, row_id) is None
    actions = set(db.session.scalars(select(AuditLog.action)))
    assert {"synonym.save", "synonym.delete"} <= actions
    assert client.get("/admin/synonyms/999").status_code == 404
