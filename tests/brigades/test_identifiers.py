"""Plates, resident ID (licence) numbers and unified social credit codes: brigades.records.identifiers,
the one module every app checks them with."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from brigades.records import identifiers

# --- plates ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("plate", "fmt"), [
    ("鲁P12345", "ordinary"), ("鲁PA123B", "ordinary"), ("鲁p·12345", "ordinary"), ("鲁P 1234 5", "ordinary"),
    ("京A00000", "ordinary"), ("鲁P1234挂", "suffixed"), ("鲁P1234学", "suffixed"), ("鲁P1234警", "suffixed"),
    ("鲁PD12345", "new_energy_small"), ("鲁PFA1234", "new_energy_small"), ("鲁P12345D", "new_energy_large"),
    ("鲁P12345F", "new_energy_large"),
    ("使014578", "embassy"), ("沪A1234领", "suffixed"), ("粤Z1234港", "suffixed"),
])
def test_accepted_plates(plate, fmt):
    assert identifiers.plate_format(plate) == fmt
    identifiers.validate_plate(plate)


@pytest.mark.parametrize("plate", [
    "", "P12345", "鲁12345", "鲁P1234", "鲁P123456", "鲁PI2345", "鲁PO2345", "AB12345", "港P12345",
    "鲁P123挂", "鲁P12345挂", "鲁PD123456", "鲁P1234DD", "鲁P12345X", "鲁PX12345", "WJ12345",
    "使12345", "领A12345", "XYZ",
])
def test_refused_plates(plate):
    assert identifiers.plate_format(plate) is None
    with pytest.raises(ValidationError):
        identifiers.validate_plate(plate)


# --- ID numbers -----------------------------------------------------------------------------

def make_id(first17):
    return first17 + identifiers.id_check_character(first17)


def test_known_valid_id_number():
    # The GB 11643 worked example: 11010519491231002X.
    assert identifiers.id_number_problem("11010519491231002X") is None
    assert identifiers.id_number_problem("11010519491231002x") is None


@pytest.mark.parametrize("number", [
    "110105194912310021",  # wrong check character
    "11010519491231002",   # 17 characters
    "1101051949123100211",  # 19
    "01010519491231002X",  # leading 0
    "11010519491331002X",  # month 13
    "11010519490230002X",  # 30 February
    "A1010519491231002X",
])
def test_refused_id_numbers(number):
    assert identifiers.id_number_problem(number) is not None


def test_a_birth_date_in_the_future_is_refused():
    number = make_id("37150220990101001")
    assert identifiers.id_number_problem(number, today=date(2026, 11, 22)) is not None


@given(st.from_regex(r"\A37150219[5-9]\d(0[1-9]|1[0-2])(0[1-9]|1\d|2[0-8])\d{3}\Z"))
def test_every_number_with_its_computed_check_character_is_valid(first17):
    number = make_id(first17)
    assert identifiers.id_number_problem(number, today=date(2026, 11, 22)) is None
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    assert identifiers.id_number_problem(wrong, today=date(2026, 11, 22)) is not None



@pytest.mark.parametrize(
    ("plate", "valid"),
    [("鲁P12345", True), ("鲁p·12345", True), ("鲁PD12345", True), ("鲁P1234挂", True), ("鲁P1234学", True),
     ("鲁PI2345", False), ("P12345", False), ("鲁P1234", False), ("鲁P1234567", False), ("", False), ("XX12345", False)],
)
def test_plate_numbers(plate, valid):
    assert identifiers.is_valid_plate(plate) is valid


def test_licence_numbers_check_digit():
    first17 = "37152319800101123"
    good = first17 + identifiers.id_check_character(first17)
    assert identifiers.is_valid_licence_number(good)
    wrong = first17 + ("0" if good[-1] != "0" else "1")
    assert not identifiers.is_valid_licence_number(wrong)
    assert not identifiers.is_valid_licence_number(good[:-1])
    assert not identifiers.is_valid_licence_number("")


def test_credit_code_checksum():
    first17 = "91371500MA3C12345"
    code = first17 + identifiers.credit_code_check_character(first17)
    assert identifiers.is_valid_credit_code(code)
    assert identifiers.is_valid_credit_code(code.lower())
    assert not identifiers.is_valid_credit_code(code[:-1] + ("0" if code[-1] != "0" else "1"))
    assert not identifiers.is_valid_credit_code(code[:17])
    assert not identifiers.is_valid_credit_code("91371500MA3C1234I" + "0")  # I is not in the alphabet


