"""Fast-processed accidents, the command-centre log and relief fund advances: bad input refused
next to the field, nothing saved; figures per brigade and period."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from services import selectors
from services.models import CommandCentreDay, FastAccident, ReliefAdvance, WorkOrder

from ..hazards.factories import AccidentFactory
from .factories import (
    CommandCentreDayFactory,
    FastAccidentFactory,
    ReliefAdvanceFactory,
    ServicePointFactory,
    WorkOrderFactory,
)

pytestmark = pytest.mark.django_db


def local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def accident_form(**overrides):
    reported = timezone.now() - timedelta(hours=2)
    data = {"reported_at": local(reported), "channel": "video_12123", "place": "振兴路", "town": "",
            "vehicles_involved": "2", "liability_outcome": "determined_online",
            "liability_noticed_at": local(reported + timedelta(minutes=25)), "closed_at": "", "note": ""}
    data.update(overrides)
    return data


def test_an_accident_keeps_its_minutes_to_the_liability_notice(client_for, staff_a):
    response = client_for(staff_a).post(reverse("services:fastaccident_create"), accident_form())
    assert response.status_code == 302
    assert FastAccident.objects.get().minutes_to_liability == 25


@pytest.mark.parametrize(("field", "shift"), [("liability_noticed_at", -5), ("closed_at", -60)])
def test_a_notice_or_closure_before_the_report_is_refused(field, shift, client_for, staff_a):
    data = accident_form()
    reported = timezone.now() - timedelta(hours=2)
    data.update(reported_at=local(reported), **{field: local(reported + timedelta(minutes=shift))})
    response = client_for(staff_a).post(reverse("services:fastaccident_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not response.context["form"].non_field_errors()
    assert not FastAccident.objects.exists()


def test_fast_accident_figures_with_the_median(brigade_a, brigade_b):
    now = timezone.now() - timedelta(days=1)
    for minutes, channel in ((10, "video_12123"), (20, "video_12123"), (90, "on_site"), (30, "online_self")):
        FastAccidentFactory(brigade=brigade_a, reported_at=now, channel=channel,
                            liability_noticed_at=now + timedelta(minutes=minutes))
    FastAccidentFactory(brigade=brigade_a, reported_at=now, channel="on_site", liability_noticed_at=None,
                        liability_outcome="disputed")
    FastAccidentFactory(brigade=brigade_b, reported_at=now)
    today = timezone.localdate()
    figures = selectors.fast_accident_figures([brigade_a.pk], today - timedelta(days=7), today)
    assert figures["cases"] == 5 and figures["online"] == 3 and figures["online_share"] == 60.0
    assert figures["median_minutes"] == 25  # of 10, 20, 30, 90
    assert figures["liability_minutes"] == 150 and figures["noticed"] == 4 and figures["average_minutes"] == 37.5


def command_form(**overrides):
    data = {"date": timezone.localdate().isoformat(), "consultation_calls": "14", "help_calls": "1",
            "complaint_calls": "0", "congestion_reports": "3", "accident_reports": "2", "other_calls": "20",
            "patient_escorts": "0", "people_helped": "1", "bad_weather_responses": "0", "video_patrols": "3",
            "bulletins_issued": "0", "note": ""}
    data.update(overrides)
    return data


def test_a_second_log_for_the_same_day_is_refused_next_to_the_date(client_for, staff_a):
    client = client_for(staff_a)
    assert client.post(reverse("services:commandcentreday_create"), command_form()).status_code == 302
    again = client.post(reverse("services:commandcentreday_create"), command_form())
    assert again.status_code == 200
    assert "已录入" in again.context["form"].errors["date"][0]
    assert CommandCentreDay.objects.count() == 1


def test_negative_calls_are_refused(client_for, staff_a):
    response = client_for(staff_a).post(reverse("services:commandcentreday_create"), command_form(help_calls="-1"))
    assert "不能为负数" in response.context["form"].errors["help_calls"][0]
    assert not CommandCentreDay.objects.exists()


def test_command_centre_figures(brigade_a, brigade_b):
    today = timezone.localdate()
    CommandCentreDayFactory(brigade=brigade_a, date=today, consultation_calls=10, help_calls=2, other_calls=5,
                            patient_escorts=1, video_patrols=3, bulletins_issued=1, bad_weather_responses=1)
    CommandCentreDayFactory(brigade=brigade_a, date=today - timedelta(days=1), consultation_calls=4, help_calls=0,
                            other_calls=1)
    CommandCentreDayFactory(brigade=brigade_b, date=today, consultation_calls=99)
    figures = selectors.command_centre_figures([brigade_a.pk], today - timedelta(days=1), today)
    assert (figures["total_calls"], figures["consultation_calls"], figures["help_calls"]) == (22, 14, 2)
    assert (figures["patient_escorts"], figures["video_patrols"], figures["bulletins_issued"]) == (1, 3, 1)
    assert figures["days"] == 2


def test_a_negative_request_is_refused(client_for, staff_a, brigade_a, api_client_for):
    accident = AccidentFactory(brigade=brigade_a)
    data = {"accident": accident.pk, "case_reference": "聊公交认字[2026]001号", "beneficiary": "市人民医院",
            "amount_requested": "-1", "requested_on": timezone.localdate().isoformat(), "note": ""}
    response = client_for(staff_a).post(reverse("services:reliefadvance_create"), data)
    assert "不能为负数" in response.context["form"].errors["amount_requested"][0]
    api = api_client_for(staff_a).post("/api/relief-advances/", data, format="json")
    assert api.status_code == 400 and "amount_requested" in api.data
    assert not ReliefAdvance.objects.exists()


def test_relief_figures(brigade_a, brigade_b):
    today = timezone.localdate()
    ReliefAdvanceFactory(brigade=brigade_a, advanced_on=today, amount_requested=50000, amount_advanced=45000)
    ReliefAdvanceFactory(brigade=brigade_a, advanced_on=today, amount_requested=8000, amount_advanced=8000)
    ReliefAdvanceFactory(brigade=brigade_a, advanced_on=today - timedelta(days=40))
    ReliefAdvanceFactory(brigade=brigade_b, advanced_on=today)
    figures = selectors.relief_figures([brigade_a.pk], today - timedelta(days=7), today)
    assert figures == {"advances": 2, "requested": Decimal("58000"), "advanced": Decimal("53000"), "requests": 2,
                       "recovered": 0, "target": 0, "completion_rate": None, "recovery_rate": 0}


def test_hotline_figures_are_counted_on_the_day_received(staff_a, brigade_a, brigade_b):
    from services import operations

    now = timezone.now() - timedelta(days=1)
    for satisfaction in ("satisfied", "basically_satisfied", "dissatisfied", "not_reached"):
        order = WorkOrderFactory(brigade=brigade_a, received_at=now, due_at=now + timedelta(hours=24))
        operations.workorder_take(order=order, by=staff_a)
        operations.workorder_reply(order=order, by=staff_a, reply="答复", replied_at=now + timedelta(hours=2))
        operations.workorder_close(order=order, by=staff_a, satisfaction=satisfaction, follow_up="复核")
    late = WorkOrderFactory(brigade=brigade_a, received_at=now - timedelta(hours=30), due_at=now - timedelta(hours=28))
    operations.workorder_take(order=late, by=staff_a)
    operations.workorder_reply(order=late, by=staff_a, reply="答复", replied_at=now)
    WorkOrderFactory(brigade=brigade_a, received_at=now)
    WorkOrderFactory(brigade=brigade_b, received_at=now)
    today = timezone.localdate()
    figures = selectors.workorder_figures([brigade_a.pk], today - timedelta(days=7), today)
    assert (figures["received"], figures["replied"], figures["on_time"]) == (6, 5, 4)
    assert (figures["surveyed"], figures["satisfied"]) == (3, 2)
    assert figures["reply_rate"] == round(5 / 6 * 100, 1)
    assert figures["on_time_rate"] == 80.0
    assert figures["satisfaction_rate"] == round(2 / 3 * 100, 1)
    assert figures["reply_minutes"] == 4 * 120 + 30 * 60
    assert WorkOrder.objects.filter(brigade=brigade_a).count() == 6


def test_the_home_panel_counts_the_users_brigade_only(client_for, staff_a, brigade_a, brigade_b):
    now = timezone.now()
    WorkOrderFactory(brigade=brigade_a, received_at=now - timedelta(days=5), due_at=now - timedelta(hours=1))
    WorkOrderFactory(brigade=brigade_b, received_at=now - timedelta(days=5), due_at=now - timedelta(hours=1))
    WorkOrderFactory(brigade=brigade_b, received_at=now - timedelta(days=5), due_at=now - timedelta(hours=1))
    ServicePointFactory(brigade=brigade_a)
    page = client_for(staff_a).get(reverse("home")).content.decode()
    assert 'data-testid="services-panel"' in page
    assert 'data-testid="panel-overdue">1<' in page
