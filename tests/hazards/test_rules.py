from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hazards import rules

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("deadline", "state"),
    [
        (date(2026, 11, 21), "overdue"),
        (date(2026, 11, 22), "due_soon"),  # the deadline day itself is still in time
        (date(2026, 11, 25), "due_soon"),  # three days ahead
        (date(2026, 11, 26), ""),
        (None, ""),
    ],
)
def test_deadline_state_boundaries(deadline, state):
    assert rules.deadline_state(deadline, TODAY, open_for_rectification=True) == state


def test_a_rectified_hazard_is_never_overdue():
    assert rules.deadline_state(date(2026, 1, 1), TODAY, open_for_rectification=False) == ""


def test_days_to_rectify():
    assert rules.days_to_rectify(date(2026, 11, 1), date(2026, 11, 1)) == 0
    assert rules.days_to_rectify(date(2026, 11, 1), date(2026, 11, 15)) == 14


def test_haversine_known_distances():
    assert rules.haversine_m(36.456, 115.985, 36.456, 115.985) == 0
    # one degree of latitude is about 111.2 km
    assert rules.haversine_m(36.0, 116.0, 37.0, 116.0) == pytest.approx(111_195, rel=1e-3)
    # 0.001° of longitude at 36.456° N is about 89.5 m
    assert rules.haversine_m(36.456, 115.985, 36.456, 115.986) == pytest.approx(89.5, abs=0.5)


@given(
    st.floats(-89, 89), st.floats(-179, 179), st.floats(-89, 89), st.floats(-179, 179),
)
def test_haversine_is_symmetric_and_non_negative(lat1, lon1, lat2, lon2):
    d = rules.haversine_m(lat1, lon1, lat2, lon2)
    assert d >= 0
    assert d == pytest.approx(rules.haversine_m(lat2, lon2, lat1, lon1), abs=1e-6)


def offset(metres_north):
    return 36.456 + metres_north / 111_195


def test_black_spot_needs_the_threshold_within_the_radius():
    near = [(1, offset(0), 115.985, False), (2, offset(100), 115.985, False), (3, offset(199), 115.985, False)]
    assert rules.find_black_spots(near, radius_m=200, min_weight=3) == [(1, [1, 2, 3], 3)]
    # 2 within 200 m is below a threshold of 3
    assert rules.find_black_spots(near[:2], radius_m=200, min_weight=3) == []
    # the third one 201 m from every other is outside
    spread = [(1, offset(0), 115.985, False), (2, offset(201), 115.985, False), (3, offset(402), 115.985, False)]
    assert rules.find_black_spots(spread, radius_m=200, min_weight=3) == []


def test_a_fatal_accident_weighs_more():
    pair = [(1, offset(0), 115.985, True), (2, offset(50), 115.985, False)]
    assert rules.find_black_spots(pair, radius_m=200, min_weight=3, fatal_weight=1) == []
    assert rules.find_black_spots(pair, radius_m=200, min_weight=3, fatal_weight=2) == [(1, [1, 2], 3)]


def test_one_accident_feeds_one_suggestion():
    points = [(i, offset(i * 50), 115.985, False) for i in range(1, 7)]  # a 250 m line of six
    clusters = rules.find_black_spots(points, radius_m=100, min_weight=3)
    members = [m for _c, ids, _w in clusters for m in ids]
    assert len(members) == len(set(members))
    assert clusters[0][2] == 3


def test_notice_number_format():
    assert rules.notice_number("高新区", 2026, 12) == "高新区〔2026〕第012号"
    assert rules.notice_number("东阿", 2026, 1234) == "东阿〔2026〕第1234号"
