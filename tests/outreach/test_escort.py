"""School escort: shifts (no double-booking), the duty log, and today's coverage page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from outreach import operations, selectors
from outreach.models import EscortDutyLog, EscortShift

from ..factories import OfficerFactory
from .factories import EscortDutyLogFactory, EscortPostFactory, EscortShiftFactory, SchoolFactory

pytestmark = pytest.mark.django_db

FRIDAY = datetime.date(2026, 11, 20)
EVERY_DAY = "1234567"


def shift_post(post, **overrides):
    data = {"post": post.pk, "period": "evening", "weekdays": ["1", "2", "3", "4", "5"], "starts_at": "20:40",
            "ends_at": "21:20", "active_from": "2026-09-01", "active_until": ""}
    data.update(overrides)
    return data


def test_staff_set_up_a_shift_with_officers(client_for, staff_a, brigade_a):
    post = EscortPostFactory(brigade=brigade_a)
    officers = OfficerFactory.create_batch(2, brigade=brigade_a)
    response = client_for(staff_a).post(reverse("outreach:shift_create"), shift_post(post, officers=[o.pk for o in officers]))
    shift = EscortShift.objects.get()
    assert response.status_code == 302
    assert shift.weekdays == "12345" and shift.brigade == brigade_a and shift.created_by == staff_a
    assert set(shift.officers.all()) == set(officers)


@pytest.mark.parametrize("ends_at", ["20:40", "20:00"])
def test_a_shift_that_ends_before_it_starts_is_refused(client_for, staff_a, brigade_a, ends_at):
    post = EscortPostFactory(brigade=brigade_a)
    response = client_for(staff_a).post(reverse("outreach:shift_create"), shift_post(post, ends_at=ends_at))
    assert response.status_code == 200
    assert response.context["form"].errors["ends_at"] == ["护学班次的结束时间必须晚于开始时间。"]
    assert not EscortShift.objects.exists()


def test_one_officer_at_two_schools_at_the_same_time_is_refused_with_the_other_post_named(client_for, staff_a, brigade_a):
    officer = OfficerFactory(brigade=brigade_a, name="王磊")
    existing = EscortShiftFactory(brigade=brigade_a, officers=[officer], post__school__name="文轩中学")
    other_school = EscortPostFactory(brigade=brigade_a, school__name="华育中学")
    response = client_for(staff_a).post(
        reverse("outreach:shift_create"),
        shift_post(other_school, weekdays=["5", "6"], starts_at="21:00", ends_at="21:40", officers=[officer.pk]),
    )
    assert response.status_code == 200
    [message] = response.context["form"].errors["officers"]
    assert "王磊" in message and "文轩中学" in message and "20:40" in message
    assert list(EscortShift.objects.all()) == [existing]


@pytest.mark.parametrize("overrides", [
    {"weekdays": ["6", "7"]},  # other days
    {"starts_at": "21:20", "ends_at": "22:00"},  # right after
    {"active_from": "2027-01-01"},  # after the other shift ended
])
def test_shifts_that_do_not_clash_are_accepted(client_for, staff_a, brigade_a, overrides):
    officer = OfficerFactory(brigade=brigade_a)
    EscortShiftFactory(brigade=brigade_a, officers=[officer], active_until=datetime.date(2026, 12, 31))
    post = EscortPostFactory(brigade=brigade_a)
    response = client_for(staff_a).post(reverse("outreach:shift_create"), shift_post(post, officers=[officer.pk], **overrides))
    assert response.status_code == 302
    assert EscortShift.objects.count() == 2


def test_editing_a_shift_does_not_clash_with_itself(client_for, staff_a, brigade_a):
    officer = OfficerFactory(brigade=brigade_a)
    shift = EscortShiftFactory(brigade=brigade_a, officers=[officer])
    response = client_for(staff_a).post(
        reverse("outreach:shift_update", args=[shift.pk]), {**shift_post(shift.post, ends_at="21:30", officers=[officer.pk]), "version": shift.version}
    )
    assert response.status_code == 302
    shift.refresh_from_db()
    assert shift.ends_at == datetime.time(21, 30)


def test_the_operation_checks_again_what_the_form_checked(brigade_a):
    """Two clerks submitting at once: the second save meets the first under the lock."""
    officer = OfficerFactory(brigade=brigade_a)
    EscortShiftFactory(brigade=brigade_a, officers=[officer])
    shift = EscortShift(brigade=brigade_a, post=EscortPostFactory(brigade=brigade_a), weekdays="1", starts_at=datetime.time(21, 0),
                        ends_at=datetime.time(21, 30), active_from=datetime.date(2026, 10, 1))
    with pytest.raises(operations.ValidationError) as refused:
        operations.shift_save(shift=shift, officers=[officer])
    assert "officers" in refused.value.message_dict
    assert EscortShift.objects.count() == 1


def test_all_staffed_records_every_unrecorded_shift_of_the_day(client_for, staff_a, brigade_a, brigade_b):
    officer = OfficerFactory(brigade=brigade_a)
    planned = EscortShiftFactory(brigade=brigade_a, officers=[officer])
    exception = EscortShiftFactory(brigade=brigade_a)
    EscortShiftFactory(brigade=brigade_a, weekdays="67")  # not on a Friday
    EscortShiftFactory(brigade=brigade_b)  # another brigade's
    EscortDutyLogFactory(brigade=brigade_a, shift=exception, date=FRIDAY, staffing="unstaffed")
    response = client_for(staff_a).post(reverse("outreach:escort_all_staffed"), {"day": "2026-11-20"})
    assert response.status_code == 302
    log = EscortDutyLog.objects.get(shift=planned)
    assert log.staffing == "staffed" and list(log.officers.all()) == [officer] and log.created_by == staff_a
    assert EscortDutyLog.objects.get(shift=exception).staffing == "unstaffed"
    assert EscortDutyLog.objects.count() == 2
    # A second click changes nothing.
    client_for(staff_a).post(reverse("outreach:escort_all_staffed"), {"day": "2026-11-20"})
    assert EscortDutyLog.objects.count() == 2


def test_all_staffed_is_refused_for_a_future_day_and_for_leaders(client_for, staff_a, leader_a, brigade_a, brigade_b):
    EscortShiftFactory(brigade=brigade_a, weekdays=EVERY_DAY)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    client_for(staff_a).post(reverse("outreach:escort_all_staffed"), {"day": tomorrow.isoformat()})
    assert not EscortDutyLog.objects.exists()
    assert client_for(leader_a).post(reverse("outreach:escort_all_staffed"), {"day": "2026-11-20"}).status_code == 403
    # Another brigade's id in the request is not in scope.
    assert client_for(staff_a).post(reverse("outreach:escort_all_staffed"), {"brigade": brigade_b.pk}).status_code == 404


def test_an_exception_unstaffed_is_recorded_with_nobody_on_duty(client_for, staff_a, brigade_a):
    officer = OfficerFactory(brigade=brigade_a)
    shift = EscortShiftFactory(brigade=brigade_a, officers=[officer])
    response = client_for(staff_a).post(reverse("outreach:dutylog_create"), {
        "shift": shift.pk, "date": "2026-11-20", "staffing": "unstaffed", "officers": [officer.pk], "incident": "on", "note": "抽调执行安保",
    })
    assert response.status_code == 302
    log = EscortDutyLog.objects.get()
    assert log.staffing == "unstaffed" and log.incident and not log.officers.exists()


def test_a_duty_log_for_a_day_the_shift_is_not_planned_is_refused(client_for, staff_a, brigade_a):
    shift = EscortShiftFactory(brigade=brigade_a)
    response = client_for(staff_a).post(reverse("outreach:dutylog_create"), {"shift": shift.pk, "date": "2026-11-21", "staffing": "staffed"})
    assert response.status_code == 200 and response.context["form"].errors["shift"]
    EscortDutyLogFactory(brigade=brigade_a, shift=shift, date=FRIDAY)
    response = client_for(staff_a).post(reverse("outreach:dutylog_create"), {"shift": shift.pk, "date": "2026-11-20", "staffing": "staffed"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert EscortDutyLog.objects.count() == 1


def test_day_coverage_marks_each_shift(brigade_a, brigade_b):
    covered = EscortShiftFactory(brigade=brigade_a, post__school__name="文轩中学")
    unstaffed = EscortShiftFactory(brigade=brigade_a, post__school__name="实验中学")
    not_recorded = EscortShiftFactory(brigade=brigade_a, post__school__name="华育中学")
    EscortPostFactory(brigade=brigade_a, school__name="育才小学")  # a post with no shift
    EscortShiftFactory(brigade=brigade_b)
    EscortDutyLogFactory(brigade=brigade_a, shift=covered, date=FRIDAY)
    EscortDutyLogFactory(brigade=brigade_a, shift=unstaffed, date=FRIDAY, staffing="unstaffed")
    during = timezone.make_aware(datetime.datetime(2026, 11, 20, 20, 50))
    after = timezone.make_aware(datetime.datetime(2026, 11, 20, 21, 30))
    states = {row.post.school.name: [s.state for s in row.shifts] for row in selectors.day_coverage([brigade_a.pk], FRIDAY, now=during)["posts"]}
    assert states == {"文轩中学": ["covered"], "实验中学": ["unstaffed"], "华育中学": ["pending"], "育才小学": []}
    result = selectors.day_coverage([brigade_a.pk], FRIDAY, now=after)
    assert (result["planned"], result["covered"], result["unstaffed"], result["missed"]) == (3, 1, 1, 1)
    assert result["rate"] == pytest.approx(33.3)
    assert not_recorded.pk in [s.shift.pk for row in result["posts"] for s in row.shifts]


def test_the_coverage_page_shows_the_brigades_posts_green_and_red(client_for, staff_a, brigade_a, brigade_b):
    today = timezone.localdate()
    ok = EscortShiftFactory(brigade=brigade_a, weekdays=EVERY_DAY, post__school__name="文轩中学", active_from=today)
    bad = EscortShiftFactory(brigade=brigade_a, weekdays=EVERY_DAY, post__school__name="实验中学", active_from=today)
    EscortShiftFactory(brigade=brigade_b, weekdays=EVERY_DAY, post__school__name="乙校", active_from=today)
    EscortDutyLogFactory(brigade=brigade_a, shift=ok, date=today)
    EscortDutyLogFactory(brigade=brigade_a, shift=bad, date=today, staffing="unstaffed")
    page = client_for(staff_a).get(reverse("outreach:escort_coverage"))
    html = page.content.decode()
    assert 'data-state="green"' in html and 'data-state="red"' in html
    assert "文轩中学" in html and "乙校" not in html
    assert page.context["coverage"]["covered"] == 1 and page.context["coverage"]["planned"] == 2
    assert client_for(staff_a).get(reverse("outreach:escort_coverage"), {"brigade": brigade_b.pk}).status_code == 404


def test_coverage_rate_per_period(brigade_a):
    shift = EscortShiftFactory(brigade=brigade_a, weekdays="12345", active_from=datetime.date(2026, 11, 16))
    for day in (16, 17, 18, 19):
        EscortDutyLogFactory(brigade=brigade_a, shift=shift, date=datetime.date(2026, 11, day))
    EscortDutyLogFactory(brigade=brigade_a, shift=shift, date=FRIDAY, staffing="unstaffed")
    figures = selectors.escort_coverage([brigade_a.pk], datetime.date(2026, 11, 16), datetime.date(2026, 11, 22))
    assert (figures["planned"], figures["staffed"], figures["unstaffed"], figures["unrecorded"]) == (5, 4, 1, 0)
    assert figures["rate"] == 80.0


def test_schools_and_posts_pages(client_for, staff_a, brigade_a):
    client = client_for(staff_a)
    response = client.post(reverse("outreach:school_create"), {"name": "文轩中学", "kind": "middle", "address": "", "pupils": "1800", "is_active": "on"})
    assert response.status_code == 302
    school = brigade_a.outreach_school_set.get()
    response = client.post(reverse("outreach:school_create"), {"name": "文轩中学", "kind": "middle", "pupils": "1", "is_active": "on"})
    assert response.context["form"].errors
    response = client.post(reverse("outreach:post_create"), {"school": school.pk, "name": "南门", "is_active": "on"})
    assert response.status_code == 302
    page = client.get(school.get_absolute_url()).content.decode()
    assert "南门" in page
    other = SchoolFactory()
    assert client.get(reverse("outreach:school_detail", args=[other.pk])).status_code == 404
