"""Every boundary of rules.py (pure: no database)."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from enforcement import rules
from enforcement.choices import KindCode, Measurement, OverloadBand


def error_fields(call):
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


# --- alcohol --------------------------------------------------------------------------------

@pytest.mark.parametrize(("bac", "expected"), [
    ("0", None), ("19.9", None), ("19.99", None), ("20", KindCode.DRINK_DRIVING), ("20.0", KindCode.DRINK_DRIVING),
    ("79.9", KindCode.DRINK_DRIVING), ("79.99", KindCode.DRINK_DRIVING), ("80", KindCode.DRUNK_DRIVING),
    ("80.1", KindCode.DRUNK_DRIVING), ("500", KindCode.DRUNK_DRIVING),
])
def test_classify_bac_at_every_boundary(bac, expected):
    assert rules.classify_bac(D(bac)) == expected


@pytest.mark.parametrize(("breath", "bac", "kind"), [
    ("0.091", D("20.02"), KindCode.DRINK_DRIVING),  # 0.091 × 220 = 20.02
    ("0.0909", D("19.998"), None),
    ("0.363", D("79.86"), KindCode.DRINK_DRIVING),
    ("0.3636", D("79.992"), KindCode.DRINK_DRIVING),
    ("0.364", D("80.08"), KindCode.DRUNK_DRIVING),
])
def test_breath_converts_by_220_and_classifies(breath, bac, kind):
    assert rules.breath_to_bac(D(breath)) == bac
    assert rules.classify_bac(rules.breath_to_bac(D(breath))) == kind


def test_breath_exactly_at_the_thresholds():
    assert rules.breath_to_bac(D(20) / D(220)).quantize(D("0.001")) == D("20.000")
    assert rules.assess_alcohol(breath=D("0.4")).bac == D("88.0")


def test_drink_driving_from_blood_is_not_a_referral():
    result = rules.assess_alcohol(blood=D("20"))
    assert result.kind_code == KindCode.DRINK_DRIVING and not result.criminal_referral and result.from_blood


def test_drunk_driving_from_blood_is_a_criminal_referral():
    result = rules.assess_alcohol(blood=D("80"))
    assert result.kind_code == KindCode.DRUNK_DRIVING and result.criminal_referral


def test_no_reading_no_alcohol_case():
    assert rules.assess_alcohol() is None


@pytest.mark.parametrize(("blood", "breath", "field"), [("19.9", None, "blood_alcohol"), (None, "0.09", "breath_alcohol")])
def test_below_20_is_refused_as_not_an_alcohol_offence(blood, breath, field):
    errors = error_fields(lambda: rules.assess_alcohol(blood=blood and D(blood), breath=breath and D(breath)))
    assert "不构成" in errors[field][0] or "20" in errors[field][0]


@pytest.mark.parametrize(("blood", "breath", "field"), [
    (D("-1"), None, "blood_alcohol"), (None, D("-0.01"), "breath_alcohol"),
    (D("2000"), None, "blood_alcohol"), (D("500.1"), None, "blood_alcohol"), (None, D("2.3"), "breath_alcohol"),
])
def test_negative_and_absurd_readings_are_refused(blood, breath, field):
    assert field in error_fields(lambda: rules.assess_alcohol(blood=blood, breath=breath))


def test_the_plausible_upper_bound_is_accepted():
    assert rules.assess_alcohol(blood=D("500")).kind_code == KindCode.DRUNK_DRIVING
    assert rules.assess_alcohol(breath=D("2.272")).kind_code == KindCode.DRUNK_DRIVING


@pytest.mark.parametrize(("blood", "breath", "agree"), [
    # absolute part (20 mg/100 mL) decides for low readings
    ("46", "0.3", True),      # 66 vs 46: exactly 20 apart
    ("45.9", "0.3", False),   # 20.1 apart, above 25% of 45.9
    ("86", "0.3", True),      # 66 vs 86: 20 apart (and within 25%)
    # relative part (25% of the blood reading) decides for high readings
    ("220", "1.25", True),    # 275 vs 220: 55 apart, exactly 25%
    ("220", "1.2501", False),  # 275.022: 55.022 apart
    ("200", "1.1", True),     # 242 vs 200: 42 apart, within 50
    ("150", "0.2", False),    # 44 vs 150
])
def test_readings_tolerance_boundaries(blood, breath, agree):
    assert rules.readings_agree(D(blood), D(breath)) is agree


def test_disagreeing_readings_are_refused_on_the_breath_field():
    assert "breath_alcohol" in error_fields(lambda: rules.assess_alcohol(blood=D("150"), breath=D("0.2")))


def test_agreeing_readings_use_the_blood_reading():
    result = rules.assess_alcohol(blood=D("78"), breath=D("0.37"))  # breath says 81.4, blood decides
    assert result.kind_code == KindCode.DRINK_DRIVING and result.bac == D("78.0") and result.from_blood


# --- overload -------------------------------------------------------------------------------

@pytest.mark.parametrize(("rated", "actual", "band"), [
    ("49", "49.01", OverloadBand.UNDER_30),
    ("49", "63.69", OverloadBand.UNDER_30),   # 29.98%
    ("49", "63.7", OverloadBand.FROM_30),     # exactly 30%
    ("10", "14.99", OverloadBand.FROM_30),    # 49.9%
    ("10", "15", OverloadBand.FROM_50),       # exactly 50%
    ("10", "19.99", OverloadBand.FROM_50),    # 99.9%
    ("10", "20", OverloadBand.FROM_100),      # exactly 100%
    ("31", "110", OverloadBand.FROM_100),
    ("3", "4", OverloadBand.FROM_30),         # 33.3…%: exact thirds
    ("3", "3.9", OverloadBand.FROM_30),       # 30% exactly in decimals of a third
])
def test_overload_bands_are_closed_below_and_open_above(rated, actual, band):
    assert rules.overload_band(rated=D(rated), actual=D(actual)) == band


def test_overload_percent_formula():
    assert rules.overload_percent(rated=D("49"), actual=D("63.7")) == D("30")
    assert rules.assess_overload(measurement=Measurement.LOAD_MASS, rated=D("3"), actual=D("4")).percent == D("33.3")


@pytest.mark.parametrize(("gross", "hundred"), [(None, False), ("99.99", False), ("100", True), ("130", True)])
def test_hundred_tonne_king_is_gross_mass_100_t_or_more(gross, hundred):
    result = rules.assess_overload(measurement=Measurement.LOAD_MASS, rated=D("31"), actual=D("80"),
                                   gross=gross and D(gross))
    assert result.hundred_tonne is hundred


def test_a_bus_is_never_a_hundred_tonne_king_and_counts_passengers():
    result = rules.assess_overload(measurement=Measurement.PASSENGERS, rated=D("7"), actual=D("14"), gross=D("120"))
    assert result.band == OverloadBand.FROM_100 and result.hundred_tonne is False
    assert rules.assess_overload(measurement=Measurement.PASSENGERS, rated=D("50"), actual=D("65")).band == OverloadBand.FROM_30


@pytest.mark.parametrize(("rated", "actual", "field"), [
    ("0", "10", "rated_load"), ("-1", "10", "rated_load"), (None, "10", "rated_load"),
    ("10", None, "actual_load"), ("10", "-1", "actual_load"), ("10", "10", "actual_load"), ("10", "9", "actual_load"),
])
def test_refused_loads(rated, actual, field):
    assert field in error_fields(lambda: rules.assess_overload(
        measurement=Measurement.LOAD_MASS, rated=rated and D(rated), actual=actual and D(actual)))


def test_passengers_are_whole_numbers():
    assert "actual_load" in error_fields(lambda: rules.assess_overload(
        measurement=Measurement.PASSENGERS, rated=D("7"), actual=D("9.5")))


def test_gross_below_load_is_refused():
    assert "gross_mass" in error_fields(lambda: rules.assess_overload(
        measurement=Measurement.LOAD_MASS, rated=D("30"), actual=D("60"), gross=D("50")))


# --- personal data --------------------------------------------------------------------------

def test_masking_keeps_region_and_last_four():
    assert rules.mask_id_number("11010519491231002X") == "110105********002X"
    assert rules.mask_id_number("") == ""
    assert rules.mask_id_number("12345") == "***45"


@given(st.text(alphabet="0123456789X", min_size=10, max_size=18))
def test_masking_never_shows_the_middle(value):
    masked = rules.mask_id_number(value)
    assert len(masked) == len(value) and masked[6:-4] == "*" * (len(value) - 10)


@pytest.mark.parametrize(("role", "superuser", "context", "full"), [
    ("staff", False, "detail", True), ("admin", False, "detail", True), ("leader", False, "detail", False),
    ("detachment_leader", False, "detail", False), ("leader", True, "detail", True),
    ("staff", False, "list", False), ("admin", True, "list", False),
])
def test_who_sees_full_numbers(role, superuser, context, full):
    assert rules.shows_full_personal_numbers(role=role, is_superuser=superuser, context=context) is full


# --- helmets --------------------------------------------------------------------------------

def test_helmet_rate_is_weighted_by_riders_seen():
    assert rules.helmet_rate(wearing=90 + 10, seen=100 + 100) == D(50)
    assert rules.helmet_rate(wearing=0, seen=0) is None


def test_ranking_top_two_bottom_two_and_insufficient_base():
    rows = [("a", "甲", 200, 190), ("b", "乙", 200, 150), ("c", "丙", 200, 180), ("d", "丁", 200, 170),
            ("e", "戊", 200, 160), ("f", "己", 99, 99), ("g", "庚", 100, 20)]
    units = rules.rank_helmet_units(rows, min_seen=100)
    by_name = {u.name: u for u in units}
    assert [u.name for u in units if u.top] == ["甲", "丙"]
    assert [u.name for u in units if u.bottom] == ["乙", "庚"]
    assert by_name["己"].insufficient and by_name["己"].rank is None and not by_name["己"].top
    assert by_name["庚"].rank == 6 and not by_name["庚"].insufficient  # exactly the minimum is ranked
    assert units[-1].name == "己"


def test_ranking_ties_go_to_the_larger_base_and_few_units_do_not_overlap():
    units = rules.rank_helmet_units([("a", "甲", 100, 90), ("b", "乙", 200, 180), ("c", "丙", 150, 60)], min_seen=1)
    assert [u.name for u in units] == ["乙", "甲", "丙"]
    assert [u.name for u in units if u.top] == ["乙", "甲"] and [u.name for u in units if u.bottom] == ["丙"]
