"""An SMS provider for tests with workers in other processes: each send is one line
appended to the file SMS_RECORD_FILE names (appends of a line are atomic), so the test
can count the sends of every worker together."""

from __future__ import annotations

import os
import time


class FileSms:
    def send(self, phone: str, body: str) -> None:
        time.sleep(0.002)  # as a provider's round trip would: widens any race
        with open(os.environ["SMS_RECORD_FILE"], "a", encoding="utf-8") as record:
            record.write(f"{os.getpid()}\t{body}\n")
