"""Iran's provinces."""

import dataclasses

import pytest
from wtforms import SelectChoice

from marketplace.text.geo import PROVINCES, province_by_code
from marketplace.text.persian import normalize, sort_key
from marketplace.web.choices import province_choices


def test_thirty_one_provinces_with_unique_codes_and_names():
    assert len(PROVINCES) == 31
    assert len({p.code for p in PROVINCES}) == 31
    assert len({p.name_fa for p in PROVINCES}) == 31
    assert len({p.name_en for p in PROVINCES}) == 31


def test_codes_are_slugs_and_names_are_normalised():
    for p in PROVINCES:
        assert p.code.replace("-", "").isascii() and p.code.replace("-", "").isalpha()
        assert p.code == p.code.lower()
        assert normalize(p.name_fa) == p.name_fa  # matches what forms and search produce


def test_provinces_are_in_persian_alphabetical_order():
    assert list(PROVINCES) == sorted(PROVINCES, key=lambda p: sort_key(p.name_fa))


def test_lookup():
    razavi = province_by_code("razavi-khorasan")
    assert razavi is not None
    assert razavi.name_fa == "خراسان رضوی"
    assert razavi.name("fa_IR") == "خراسان رضوی"
    assert razavi.name("en") == "Razavi Khorasan"
    assert province_by_code("atlantis") is None
    assert province_by_code(None) is None
    assert province_by_code("") is None


def test_provinces_are_immutable_and_choices_follow_order():
    with pytest.raises(dataclasses.FrozenInstanceError):
        PROVINCES[0].code = "x"
    choices = province_choices("fa")
    assert choices[0] == SelectChoice("east-azerbaijan", "آذربایجان شرقی")
    assert [c.value for c in choices] == [p.code for p in PROVINCES]
    assert {c.value: c.label for c in province_choices("en")}["tehran"] == "Tehran"
