"""An escort shift is marked staffed once it has started, not in the afternoon before (issue 15)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from outreach import operations
from outreach.models import EscortDutyLog

from .factories import EscortShiftFactory

pytestmark = pytest.mark.django_db

FRIDAY = datetime.date(2026, 11, 20)


def test_a_shift_cannot_be_marked_staffed_hours_before_it_starts(clock, brigade_a, staff_a):
    shift = EscortShiftFactory(brigade=brigade_a)  # 20:40–21:20
    clock(FRIDAY, 14)
    with pytest.raises(ValidationError) as refused:
        operations.duty_log_record(shift=shift, date=FRIDAY, staffing="staffed", user=staff_a)
    assert "staffing" in refused.value.message_dict and "20:40" in refused.value.message_dict["staffing"][0]
    # An exception (unstaffed: the officers were called away) may be entered ahead.
    operations.duty_log_record(shift=shift, date=FRIDAY, staffing="unstaffed", user=staff_a)
    clock(FRIDAY, 20, 45)
    log = operations.duty_log_record(shift=shift, date=FRIDAY, staffing="staffed", user=staff_a)
    assert log.staffing == "staffed"


def test_all_staffed_leaves_out_the_shifts_that_have_not_started(clock, brigade_a, staff_a):
    morning = EscortShiftFactory(brigade=brigade_a, starts_at=datetime.time(7, 20), ends_at=datetime.time(8, 0))
    EscortShiftFactory(brigade=brigade_a)  # this evening's
    clock(FRIDAY, 14)
    created = operations.duty_log_all_staffed(brigade=brigade_a, date=FRIDAY, user=staff_a)
    assert [log.shift for log in created] == [morning]
    clock(FRIDAY, 21)
    operations.duty_log_all_staffed(brigade=brigade_a, date=FRIDAY, user=staff_a)
    assert EscortDutyLog.objects.filter(date=FRIDAY, staffing="staffed").count() == 2
