"""Sheba numbers (the Iranian IBAN): what people type, and the ISO 7064 MOD 97-10 check."""

from __future__ import annotations

import pytest

from marketplace.text.validators import (
    SHEBA_CHECK,
    SHEBA_FORMAT,
    ValidationProblem,
    iban_checksum_ok,
    sheba,
)

REAL = "IR820540102680020817909002"  # a published example with a correct check


@pytest.mark.parametrize("typed", [
    REAL, "ir820540102680020817909002", "IR82 0540 1026 8002 0817 9090 02",
    "IR۸۲۰۵۴۰۱۰۲۶۸۰۰۲۰۸۱۷۹۰۹۰۰۲", "۸۲۰۵۴۰۱۰۲۶۸۰۰۲۰۸۱۷۹۰۹۰۰۲", " IR82-0540-1026-8002-0817-9090-02 ",
])
def test_what_people_type_becomes_ir_and_24_digits(typed: str) -> None:
    assert sheba(typed) == REAL


@pytest.mark.parametrize("typed", [
    "", "IR", "IR82054010268002081790900", "IR8205401026800208179090021",
    "DE89370400440532013000", "IR82054010268002081790900X",
])
def test_not_a_sheba_number(typed: str) -> None:
    with pytest.raises(ValidationProblem) as refused:
        sheba(typed)
    assert refused.value.message is SHEBA_FORMAT


@pytest.mark.parametrize("typed", ["IR820540102680020817909003", "IR830540102680020817909002",
                                   "IR000000000000000000000000"])
def test_a_wrong_check_is_refused(typed: str) -> None:
    with pytest.raises(ValidationProblem) as refused:
        sheba(typed)
    assert refused.value.message is SHEBA_CHECK


def test_the_example_account_has_a_correct_check() -> None:
    from config import Config

    assert iban_checksum_ok(Config.EXAMPLE_SHEBA) and sheba(Config.EXAMPLE_SHEBA)
