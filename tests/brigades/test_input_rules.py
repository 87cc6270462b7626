"""The input rules of every record's dates (brigades.records.input_rules): the pure rules over every date
(hypothesis), then each form, API and transition that accepted an impossible date before."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from brigades.records import input_rules
from brigades.records.input_rules import DEADLINE, EARLIEST_DAY, EVENT, PLAN, PLAN_HORIZON
from outreach.forms import MediaArticleForm
from services.forms import CommandCentreDayForm, FastAccidentForm, PermitForm, ReliefAdvanceForm, WorkOrderForm
from services.models import FastAccident, WorkOrder

from ..outreach.factories import MediaArticleFactory
from ..services.factories import (
    CommandCentreDayFactory,
    FastAccidentFactory,
    PermitFactory,
    ReliefAdvanceFactory,
    WorkOrderFactory,
)

TODAY = date(2026, 11, 22)
days = st.dates(min_value=date(1, 1, 1), max_value=date(2100, 12, 31))


# --- the pure rules ------------------------------------------------------------------------------


@given(days)
def test_an_event_is_accepted_exactly_between_the_earliest_day_and_today(day):
    problem = input_rules.date_problem(day, kind=EVENT, today=TODAY)
    assert (problem is None) == (EARLIEST_DAY <= day <= TODAY)


@given(days, st.sampled_from([DEADLINE, PLAN]))
def test_a_deadline_or_plan_may_lie_ahead_within_the_horizon(day, kind):
    problem = input_rules.date_problem(day, kind=kind, today=TODAY)
    assert (problem is None) == (EARLIEST_DAY <= day <= TODAY + PLAN_HORIZON)


@given(days, days)
def test_an_order_refuses_exactly_a_later_date_before_the_earlier_one(earlier, later):
    problem = input_rules.order_problem(earlier, later, earlier_label="received")
    assert (problem is None) == (later >= earlier)


@given(st.dictionaries(st.sampled_from(["received_at", "replied_at", "closed_at"]),
                       st.datetimes(min_value=datetime(2000, 1, 2), max_value=datetime(2026, 11, 20),
                                    timezones=st.just(timezone.get_current_timezone()))))
def test_the_order_of_a_work_orders_times(values):
    errors = input_rules.record_errors(WorkOrder, values, now=timezone.make_aware(datetime(2026, 11, 22, 12)),
                                       today=TODAY)
    present = [values[name] for name in ("received_at", "replied_at", "closed_at") if name in values]
    assert (not errors) == (present == sorted(present))


def test_an_unchanged_stored_date_is_not_checked_again():
    stored = {"reported_at": timezone.make_aware(datetime(1999, 5, 1, 8))}
    assert input_rules.record_errors(FastAccident, dict(stored), original=stored) == {}
    assert "reported_at" in input_rules.record_errors(FastAccident, dict(stored), original=None)


def test_a_time_a_minute_ahead_is_now_but_an_hour_ahead_is_the_future():
    now = timezone.now()
    assert input_rules.date_problem(now + timedelta(minutes=1), now=now) is None
    assert input_rules.date_problem(now + timedelta(hours=1), now=now) is not None


def test_a_shift_is_staffed_once_it_has_started():
    zone = timezone.get_current_timezone()
    afternoon = timezone.make_aware(datetime(2026, 11, 23, 14), zone)
    assert input_rules.not_started_problem(date(2026, 11, 23), time(17), now=afternoon) is not None
    assert input_rules.not_started_problem(date(2026, 11, 23), time(13, 30), now=afternoon) is None
    assert input_rules.not_started_problem(date(2026, 11, 22), time(17), now=afternoon) is None


# --- each form that accepted a future event ------------------------------------------------------


def form_errors(form_class, record, user, **changes):
    data = {k: v for k, v in model_to_dict(record, fields=form_class._meta.fields).items() if v is not None}
    data["version"] = record.version
    data.update(changes)
    form = form_class(data=data, instance=record, user=user)
    form.is_valid()
    return form.errors


FUTURE = timedelta(days=40)


@pytest.mark.parametrize(("form_class", "factory_class", "field", "value"), [
    (WorkOrderForm, WorkOrderFactory, "received_at", lambda: timezone.now() + FUTURE),
    (FastAccidentForm, FastAccidentFactory, "reported_at", lambda: timezone.now() + FUTURE),
    (CommandCentreDayForm, CommandCentreDayFactory, "date", lambda: timezone.localdate() + FUTURE),
    (ReliefAdvanceForm, ReliefAdvanceFactory, "requested_on", lambda: timezone.localdate() + FUTURE),
    (MediaArticleForm, MediaArticleFactory, "published_on", lambda: timezone.localdate() + FUTURE),
], ids=["work order", "fast accident", "command-centre day", "relief advance", "article"])
def test_a_future_event_is_refused_beside_its_field(form_class, factory_class, field, value, staff_a, brigade_a):
    record = factory_class(brigade=brigade_a)
    assert field not in form_errors(form_class, record, staff_a)
    assert field in form_errors(form_class, record, staff_a, **{field: value()})


def test_a_date_in_year_one_is_refused(staff_a, brigade_a):
    record = ReliefAdvanceFactory(brigade=brigade_a)
    errors = form_errors(ReliefAdvanceForm, record, staff_a, requested_on=date(1, 1, 1))
    assert "2000-01-01" in " ".join(errors["requested_on"])


def test_a_fast_accidents_notice_before_its_report_is_refused(staff_a, brigade_a):
    record = FastAccidentFactory(brigade=brigade_a)
    errors = form_errors(FastAccidentForm, record, staff_a, liability_noticed_at=record.reported_at - timedelta(hours=2))
    assert "liability_noticed_at" in errors


def test_a_permits_plate_must_be_a_plate(staff_a, brigade_a):
    record = PermitFactory(brigade=brigade_a)
    assert "plate_number" in form_errors(PermitForm, record, staff_a, plate_number="XYZ")
    assert "plate_number" not in form_errors(PermitForm, record, staff_a, plate_number="鲁P·D12345")


def test_the_api_refuses_a_violation_dated_in_year_one(api_client_for, staff_a):
    from ..enforcement.test_api import payload

    response = api_client_for(staff_a).post(reverse("api:violation-list"), payload(kind="no_helmet", date="0001-01-01",
                                                                                   fine_amount="50", points=0),
                                            format="json")
    assert response.status_code == 400 and "date" in response.data


def test_the_api_refuses_a_work_order_received_in_the_future(api_client_for, staff_a, brigade_a):
    order = WorkOrderFactory(brigade=brigade_a)
    response = api_client_for(staff_a).patch(
        reverse("api:workorder-detail", args=[order.pk]),
        {"received_at": (timezone.now() + FUTURE).isoformat()}, format="json",
    )
    assert response.status_code == 400 and "received_at" in response.data


def test_the_admin_refuses_a_future_relief_advance(admin_user, brigade_a):
    from django.contrib.admin.sites import site
    from django.test import RequestFactory

    from services.models import ReliefAdvance

    record = ReliefAdvanceFactory(brigade=brigade_a)
    request = RequestFactory().get("/")
    request.user = admin_user
    form_class = site._registry[ReliefAdvance].get_form(request, record)
    data = {k: v for k, v in model_to_dict(record).items() if v is not None}
    data["requested_on"] = timezone.localdate() + FUTURE
    form = form_class(data=data, instance=record)
    assert not form.is_valid() and "requested_on" in form.errors


def test_a_model_error_on_a_date_the_form_does_not_show_names_the_date(brigade_a):
    order = WorkOrderFactory(brigade=brigade_a)
    order.received_at = timezone.now() + FUTURE
    with pytest.raises(ValidationError) as refused:
        order.full_clean(exclude=["received_at"])
    assert any("received" in m or "受理" in m for m in refused.value.message_dict["__all__"])
    with pytest.raises(ValidationError):
        input_rules.validate_instance(order)
