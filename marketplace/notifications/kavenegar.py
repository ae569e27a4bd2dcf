"""Kavenegar's SMS web service behind the outbox's SmsProvider interface.

POST {KAVENEGAR_API_URL}/{API-KEY}/sms/send.json with the form fields receptor, message
and sender; the answer is JSON whose `return.status` is 200 when the message was taken.
Anything else (an HTTP error, another status, an unreadable answer, a timeout) raises
SmsError, which the outbox records as a failed attempt and retries later.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

from flask import current_app

TIMEOUT_SECONDS = 10


class SmsError(Exception):
    """The SMS service did not take the message."""


class KavenegarSms:
    def __init__(self) -> None:
        config = current_app.config
        self.api_key = str(config["KAVENEGAR_API_KEY"])
        self.sender = str(config["KAVENEGAR_SENDER"])
        self.base_url = str(config["KAVENEGAR_API_URL"]).rstrip("/")
        if not self.base_url.startswith(("https://", "http://")):
            # urlopen would also read file: URLs; only a web service is acceptable here.
            raise ValueError("KAVENEGAR_API_URL must be an http(s) URL")

    def _url(self) -> str:
        return f"{self.base_url}/{urllib.parse.quote(self.api_key, safe='')}/sms/send.json"

    def send(self, phone: str, body: str) -> None:
        data = urllib.parse.urlencode(
            {"receptor": phone, "message": body, "sender": self.sender}).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                   "Accept": "application/json"}
        request = urllib.request.Request(  # noqa: S310 (the URL is configuration)
            self._url(), data=data, method="POST", headers=headers)
        try:
            # Safe: the scheme was checked to be http(s) in __init__.
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310  # nosec B310
                answer = response.read()
        except urllib.error.HTTPError as error:  # Kavenegar explains its refusals in JSON
            answer = error.read()
        except OSError as error:  # URLError, a timeout, a refused connection
            raise SmsError(f"Kavenegar unreachable: {error}") from error
        try:
            result = json.loads(answer)["return"]
            status, message = int(result["status"]), str(result.get("message", ""))
        except (ValueError, KeyError, TypeError) as error:
            raise SmsError("Kavenegar answered something unreadable") from error
        if status != 200:
            # The key is in the URL: never put the URL in the error that is stored.
            raise SmsError(f"Kavenegar refused the message: {status} {message}")
