"""Iranian national code, mobile and postal code checks."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from marketplace.text.validators import ValidationProblem, mobile, national_code, postal_code


def with_check_digit(nine: str) -> str:
    """The national-code algorithm, written out independently of the module."""
    r = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True)) % 11
    return nine + str(r if r < 2 else 11 - r)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("0499370899", "0499370899"),  # the commonly cited example
        ("0013542419", "0013542419"),
        ("1234567891", "1234567891"),
        ("5923184710", "5923184710"),
        ("۰۴۹۹۳۷۰۸۹۹", "0499370899"),
        ("٠٤٩٩٣٧٠٨٩٩", "0499370899"),
        (" 049-937089-9 ", "0499370899"),
        ("049 937 0899", "0499370899"),
        ("13542419", "0013542419"),  # leading zeros left off: padded
        ("499370899", "0499370899"),
    ],
)
def test_national_code_accepts(raw, code):
    assert national_code(raw) == code


@pytest.mark.parametrize(
    "raw",
    [
        None, "", "0499370898", "0499370890", "1234567890",
        "1111111111", "0000000000", "9999999999",  # pass the checksum, never issued
        "3542419", "04993708991", "049937089a", "abcdefghij", "0499370899x",
    ],
)
def test_national_code_refuses(raw):
    with pytest.raises(ValidationProblem) as info:
        national_code(raw)
    assert str(info.value.message)


def test_national_code_messages_distinguish_length_from_checksum():
    with pytest.raises(ValidationProblem) as short:
        national_code("123")
    with pytest.raises(ValidationProblem) as wrong:
        national_code("0499370898")
    assert str(short.value.message) != str(wrong.value.message)


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_national_code_check_digit_property(nine):
    assume(len(set(nine)) > 1)
    code = with_check_digit(nine)
    assert national_code(code) == code
    for other in "0123456789":
        if other != code[-1]:
            with pytest.raises(ValidationProblem):
                national_code(code[:-1] + other)


@pytest.mark.parametrize(
    "raw",
    [
        "09121234567", "۰۹۱۲۱۲۳۴۵۶۷", "0912 123 4567", "0912-123-4567", "(0912) 123 4567",
        "+989121234567", "+98 912 123 4567", "+98 (0)912 123 4567", "00989121234567",
        "989121234567", "9121234567", "\u200e+98 912 123 4567",
    ],
)
def test_mobile_accepts_common_spellings(raw):
    assert mobile(raw) == "09121234567"


def test_mobile_keeps_other_operators():
    assert mobile("0990 123 4567") == "09901234567"
    assert mobile("+98 935 000 1122") == "09350001122"


@pytest.mark.parametrize(
    "raw",
    [
        None, "", "0512345678", "05121234567", "091212345", "091212345678", "+1 912 123 4567",
        "+44 7911 123456", "0912abc4567", "8121234567", "0098912123456", "phone",
    ],
)
def test_mobile_refuses(raw):
    with pytest.raises(ValidationProblem):
        mobile(raw)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("9177948974", "9177948974"),
        ("91779-48974", "9177948974"),
        ("۹۱۷۷۹ ۴۸۹۷۴", "9177948974"),
        ("1458889694", "1458889694"),
        ("1591634311", "1591634311"),
        ("9137900000", "9137900000"),  # zeros are fine in the last five digits
        ("9137922222", "9137922222"),  # and so are twos
    ],
)
def test_postal_code_accepts(raw, code):
    assert postal_code(raw) == code


@pytest.mark.parametrize(
    "raw",
    [
        None, "", "917794897", "91779489740", "0177948974", "9107948974", "9127948974",
        "9177248974", "1111111111", "3333333333", "91779a8974",
    ],
)
def test_postal_code_refuses(raw):
    with pytest.raises(ValidationProblem):
        postal_code(raw)
