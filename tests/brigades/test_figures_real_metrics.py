"""The rollups over REAL registered metrics equal what the app's own selector computes from the
records, for any period and group of brigades (property-based): a sum (enforcement.alcohol_cases,
cases made through the legal rules from random readings) and a rate with a minimum base
(enforcement.helmet_rate, weighted by riders seen, insufficient below the policy's 100 riders)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brigades.figures import selectors as figures
from brigades.models import DailyFigure
from brigades.figures.rollups import rollup_refresh
from enforcement import selectors
from enforcement.models import DEFAULT_MIN_RIDERS_SEEN, HelmetObservation, Violation
from tests.factories import BrigadeFactory, TownFactory

from ..enforcement.factories import HelmetObservationFactory, ViolationFactory, kind

pytestmark = pytest.mark.django_db

ALCOHOL, HELMET_RATE = "enforcement.alcohol_cases", "enforcement.helmet_rate"
SPAN = 60
FIRST = timezone.localdate() - timedelta(days=SPAN + 5)  # cases cannot be dated in the future

# A case: brigade, day, and either a blood-alcohol reading (drink driving from 20, drunk from 80,
# decided by enforcement.rules) or None for a case of another kind.
cases = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, SPAN - 1),
              st.one_of(st.none(), st.decimals(min_value=20, max_value=250, places=1))),
    max_size=12,
)
# A helmet count: brigade, day, riders seen, share wearing (a few large counts pass the min base).
counts = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, SPAN - 1), st.integers(0, 90), st.floats(0, 1)),
    max_size=8,
)
periods = st.tuples(st.integers(0, SPAN - 1), st.integers(0, SPAN - 1)).map(sorted)
groups = st.sets(st.integers(0, 2), min_size=1)


@pytest.fixture
def three_brigades(db):
    brigades = [BrigadeFactory() for _ in range(3)]
    return [(brigade, TownFactory(brigade=brigade)) for brigade in brigades]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cases=cases, counts=counts, period=periods, group=groups)
def test_real_metrics_from_the_rollups_equal_the_selectors(three_brigades, cases, counts, period, group):
    Violation.objects.all().delete()
    HelmetObservation.objects.all().delete()
    DailyFigure.objects.all().delete()
    other = kind("red_light")
    for b, d, blood in cases:
        brigade, _town = three_brigades[b]
        day = FIRST + timedelta(days=d)
        if blood is None:
            ViolationFactory(brigade=brigade, date=day, kind=other)
        else:
            ViolationFactory(brigade=brigade, date=day, kind=None, blood_alcohol=blood)
    for b, d, seen, share in counts:
        brigade, town = three_brigades[b]
        HelmetObservationFactory(brigade=brigade, town=town, date=FIRST + timedelta(days=d),
                                 riders_seen=seen, riders_wearing=int(seen * share))

    rollup_refresh(None, FIRST, FIRST + timedelta(days=SPAN))
    start, end = (FIRST + timedelta(days=d) for d in period)
    ids = [three_brigades[i][0].pk for i in group]
    got = figures.figures(figures.visible_metrics([ALCOHOL, HELMET_RATE]), ids, start, end)

    direct = selectors.enforcement_figures(brigade_ids=ids, start=start, end=end)
    assert got[ALCOHOL].value == direct["alcohol_cases"]
    helmet = selectors.helmet_figures(brigade_ids=ids, start=start, end=end)
    rate = got[HELMET_RATE]
    assert (rate.numerator, rate.denominator) == (helmet["riders_wearing"], helmet["riders_seen"])
    if helmet["riders_seen"] < DEFAULT_MIN_RIDERS_SEEN:
        assert rate.insufficient and rate.value is None
    else:
        assert rate.value == helmet["helmet_rate"]

    # Each brigade alone, as the rankings read it.
    by_brigade = figures.figures_by_brigade(figures.visible_metrics([ALCOHOL, HELMET_RATE]), ids, start, end)
    for brigade_id in ids:
        alone = selectors.helmet_figures(brigade_ids=[brigade_id], start=start, end=end)
        assert by_brigade[brigade_id][ALCOHOL].value == selectors.enforcement_figures(
            brigade_ids=[brigade_id], start=start, end=end)["alcohol_cases"]
        own_rate = by_brigade[brigade_id][HELMET_RATE]
        assert (own_rate.numerator, own_rate.denominator) == (alone["riders_wearing"], alone["riders_seen"])
        assert own_rate.value == (alone["helmet_rate"] if alone["riders_seen"] >= DEFAULT_MIN_RIDERS_SEEN else None)
