"""The Kavenegar adapter against a local server that speaks Kavenegar's HTTP."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from config import production_problems
from marketplace.models import OutboxMessage, OutboxStatus
from marketplace.notifications import outbox
from marketplace.notifications.kavenegar import KavenegarSms, SmsError
from tests.production import SafeProduction

API_KEY = "7A3B-test-key"


class FakeKavenegar:
    """Records each request; answers with `status` (200: sent) the way Kavenegar does."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.status = 200
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                fake.requests.append({
                    "path": self.path, "content_type": self.headers["Content-Type"],
                    "form": urllib.parse.parse_qs(self.rfile.read(length).decode())})
                ok = fake.status == 200
                answer = {"return": {"status": fake.status,
                                     "message": "تایید شد" if ok else "کلید معتبر نیست"},
                          "entries": [{"messageid": 8792343, "status": 1}] if ok else None}
                body = json.dumps(answer).encode()
                self.send_response(200 if ok else fake.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)  # a free port
        self.url = f"http://127.0.0.1:{self.server.server_port}/v1"


@pytest.fixture
def kavenegar(app) -> Iterator[FakeKavenegar]:
    fake = FakeKavenegar()
    thread = threading.Thread(target=fake.server.serve_forever, daemon=True)
    thread.start()
    # The app is the session's: what this fixture sets is put back for the tests after it.
    names = ("KAVENEGAR_API_URL", "KAVENEGAR_API_KEY", "KAVENEGAR_SENDER", "SMS_PROVIDER")
    before = {name: app.config.get(name) for name in names}
    app.config.update(KAVENEGAR_API_URL=fake.url, KAVENEGAR_API_KEY=API_KEY,
                      KAVENEGAR_SENDER="10004346",
                      SMS_PROVIDER="marketplace.notifications.kavenegar:KavenegarSms")
    try:
        yield fake
    finally:
        app.config.update(before)
        fake.server.shutdown()
        fake.server.server_close()


def test_a_message_is_posted_in_kavenegars_shape(app, kavenegar) -> None:
    KavenegarSms().send("09121234567", "کد ورود رویش: 123456")
    [request] = kavenegar.requests
    assert request["path"] == f"/v1/{API_KEY}/sms/send.json"
    assert request["content_type"].startswith("application/x-www-form-urlencoded")
    assert request["form"] == {"receptor": ["09121234567"], "sender": ["10004346"],
                               "message": ["کد ورود رویش: 123456"]}


def test_a_refusal_is_an_error_without_the_key(app, kavenegar) -> None:
    kavenegar.status = 403
    with pytest.raises(SmsError) as refused:
        KavenegarSms().send("09121234567", "x")
    assert "403" in str(refused.value) and API_KEY not in str(refused.value)


def test_an_unreachable_service_is_an_error(app, kavenegar) -> None:
    app.config["KAVENEGAR_API_URL"] = "http://127.0.0.1:9/v1"  # nothing listens there
    with pytest.raises(SmsError):
        KavenegarSms().send("09121234567", "x")


def test_only_web_addresses_are_used(app) -> None:
    app.config["KAVENEGAR_API_URL"] = "file:///etc/passwd"
    with pytest.raises(ValueError):
        KavenegarSms()


def test_through_the_outbox_a_refusal_is_a_failed_attempt(app, db, kavenegar) -> None:
    message = outbox.queue_sms("09121234567", "کد ورود رویش: 123456", "sign_in_code")
    db.session.commit()
    kavenegar.status = 418
    assert outbox.deliver(message.id) is not None  # to be retried later
    row = db.session.scalar(select(OutboxMessage))
    assert row.status == OutboxStatus.PENDING and "418" in row.last_error
    kavenegar.status = 200
    outbox.deliver(message.id, now=row.available_at)
    db.session.refresh(row)
    assert row.status == OutboxStatus.SENT and len(kavenegar.requests) == 2


def test_production_refuses_the_logging_sender() -> None:
    settings = {k: getattr(SafeProduction, k) for k in dir(SafeProduction) if k.isupper()}
    assert production_problems(settings) == []
    logging_only = {**settings, "SMS_PROVIDER": "marketplace.notifications.outbox:"
                                                "LoggingSmsProvider"}
    assert any("SMS_PROVIDER" in p for p in production_problems(logging_only))
    no_key = {**settings, "KAVENEGAR_API_KEY": ""}
    assert any("KAVENEGAR_API_KEY" in p for p in production_problems(no_key))
