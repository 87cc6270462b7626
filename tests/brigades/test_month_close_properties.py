"""Property tests of the monthly close (issue 13), with hypothesis.

- An approved month's stored figures, and what the pages read for it, never change under any
  sequence of later writes, transitions, refreshes and rebuilds.
- The lock refuses exactly the writes that would change a day of the locked month, and no other.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brigades.figures import selectors as fig
from brigades.figures import operations, rollups
from brigades.choices import Role
from brigades.figures.registry import registry
from brigades.models import ApprovedFigure
from brigades.records.month_lock import MonthLocked
from hazards import operations as hazard_ops
from outreach.models import Event

from ..factories import JPEG_BYTES, BrigadeFactory, UserFactory
from ..hazards.factories import HazardFactory, party
from ..outreach.factories import EventFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
OCTOBER, OCTOBER_END = date(2026, 10, 1), date(2026, 10, 31)
# Days around the locked month: September and November are open.
DAYS = [date(2026, 9, 28) + timedelta(days=n) for n in range(0, 52, 3)]  # to 18 November
KEYS = ["outreach.events", "outreach.audience", "hazards.found", "hazards.found_rectified", "hazards.rectified"]

WRITE = st.one_of(
    st.tuples(st.just("create"), st.sampled_from(DAYS), st.integers(0, 500)),
    st.tuples(st.just("audience"), st.integers(0, 20), st.integers(0, 500)),
    st.tuples(st.just("summary"), st.integers(0, 20), st.just(0)),
    st.tuples(st.just("move"), st.integers(0, 20), st.sampled_from(DAYS)),
    st.tuples(st.just("delete"), st.integers(0, 20), st.just(0)),
    st.tuples(st.just("rectify"), st.integers(0, 20), st.just(0)),
    st.tuples(st.just("rebuild"), st.sampled_from(DAYS), st.integers(0, 40)),
)


@pytest.fixture(autouse=True)
def twentieth_of_november(time_machine):
    time_machine.move_to(datetime(2026, 11, 20, 10, 0, tzinfo=SHANGHAI), tick=False)


def in_october(day):
    return OCTOBER <= day <= OCTOBER_END


def read_october(brigade):
    rollups.rollup_refresh([brigade.pk], date(2026, 9, 1), date(2026, 12, 31))
    metrics = [registry[key] for key in KEYS]
    return {key: f.value for key, f in fig.figures(metrics, [brigade.pk], OCTOBER, OCTOBER_END).items()}


def attempt(write):
    """(refused?, the write's outcome): the write runs in a savepoint, as a request's would."""
    try:
        with transaction.atomic():
            write()
    except MonthLocked:
        return True
    return False


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(before=st.lists(st.sampled_from(DAYS), min_size=1, max_size=5), writes=st.lists(WRITE, max_size=12))
def test_property_approved_figures_never_move_and_the_lock_refuses_exactly_the_locked_writes(before, writes):
    brigade = BrigadeFactory()
    leader = UserFactory(brigade=brigade, role=Role.LEADER)
    staff = UserFactory(brigade=brigade, role=Role.STAFF)
    for day in before:
        EventFactory(brigade=brigade, date=day, audience=10)
        HazardFactory(brigade=brigade, found_on=day)
    operations.report_approve(brigade_id=brigade.pk, month=OCTOBER, user=leader)
    stored = sorted(ApprovedFigure.objects.filter(brigade=brigade).values_list("metric", "value"))
    approved = read_october(brigade)

    for kind, a, b in writes:
        events = list(Event.objects.filter(brigade=brigade).order_by("pk"))
        if kind == "create":
            refused = attempt(lambda: EventFactory(brigade=brigade, date=a, audience=b))
            assert refused == in_october(a)
        elif kind == "rebuild":
            start = a
            rollups.rollup_rebuild_all(start=start, end=start + timedelta(days=b))
        elif kind == "rectify":
            hazards = [h for h in brigade.hazards_hazard_set.order_by("pk") if h.status == "reported"]
            if not hazards:
                continue
            hazard = hazards[a % len(hazards)]
            # the work of an approved month's hazard goes on, dated today (November): never refused
            hazard_ops.hazard_assign(hazard=hazard, by=staff, responsible_party=party(), deadline=date(2026, 12, 1))
            hazard_ops.hazard_start(hazard=hazard, by=staff)
            photo = SimpleUploadedFile("after.jpg", JPEG_BYTES, content_type="image/jpeg")
            hazard_ops.hazard_rectify(hazard=hazard, by=staff, note="已整改", photos=[photo])
        elif events:
            event = events[a % len(events)]
            if kind == "audience":
                event.audience = b
                changes = b != Event.objects.get(pk=event.pk).audience
                assert attempt(event.save) == (changes and in_october(event.date))
            elif kind == "summary":
                event.summary = f"小结{b}"
                assert attempt(event.save) is False  # free text: no figure counts it
            elif kind == "move":
                old = event.date
                event.date = b
                assert attempt(event.save) == (old != b and (in_october(old) or in_october(b)))
            elif kind == "delete":
                assert attempt(event.delete) == in_october(event.date)

    assert sorted(ApprovedFigure.objects.filter(brigade=brigade).values_list("metric", "value")) == stored
    assert read_october(brigade) == approved
