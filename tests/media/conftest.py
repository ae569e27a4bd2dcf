"""The photo store of each kind (an empty local folder, a fresh bucket on the S3 server)."""

from __future__ import annotations

import pytest

from marketplace.media import storage


@pytest.fixture(params=["local", "s3"])
def store(request, app, db, tmp_path, monkeypatch):
    """An empty store of each kind, and an empty job queue."""
    app.extensions["jobs"].huey.flush()
    if request.param == "s3":
        return request.getfixturevalue("s3_photos")
    local = storage.from_config({**app.config, "UPLOAD_FOLDER": tmp_path})
    monkeypatch.setitem(app.extensions, "photo_storage", local)
    return local
