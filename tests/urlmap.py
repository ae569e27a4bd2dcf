"""The application's routes, for tests that walk every one of them."""

from __future__ import annotations

import re

from marketplace import create_app

# Built once at import so that parametrize can list the routes at collection time.
ROUTES_APP = create_app("testing")


def rules(method: str) -> list[tuple[str, str]]:
    """(rule, endpoint) pairs that accept `method`, static files excluded."""
    return sorted(
        (rule.rule, rule.endpoint)
        for rule in ROUTES_APP.url_map.iter_rules()
        if method in rule.methods and rule.endpoint != "static"
    )


def concrete_url(rule: str, ids: dict[str, object] | None = None) -> str:
    """A URL for `rule`, filling each argument from `ids` by name, else with 1."""
    ids = ids or {}

    def fill(match: re.Match[str]) -> str:
        converter, name = match.group(1) or "", match.group(2)
        if name in ids:
            return str(ids[name])
        if converter.startswith("any("):  # the first allowed word
            return converter[4:].split(",")[0].strip(" )'\"")
        return "1"

    return re.sub(r"<(?:([^:>]+(?:\([^)]*\))?):)?([^>]+)>", fill, rule)
