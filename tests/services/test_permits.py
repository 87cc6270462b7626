"""Permits: decisions through operations, expiry computed from the dates, the lists of today."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from services import operations, rules, selectors
from services.choices import PERMIT_TRANSITIONS, PermitState, PermitStatus
from services.models import Permit

from .factories import PermitApplicantFactory, PermitFactory

pytestmark = pytest.mark.django_db

P = PermitStatus
TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(("status", "valid_from", "valid_to", "state"), [
    (P.APPROVED, TODAY, TODAY, PermitState.EXPIRING),
    (P.APPROVED, TODAY - timedelta(days=9), TODAY - timedelta(days=1), PermitState.EXPIRED),
    (P.APPROVED, TODAY + timedelta(days=1), TODAY + timedelta(days=30), PermitState.NOT_YET_VALID),
    (P.APPROVED, TODAY, TODAY + timedelta(days=7), PermitState.EXPIRING),
    (P.APPROVED, TODAY, TODAY + timedelta(days=8), PermitState.VALID_TODAY),
    (P.APPLIED, TODAY, TODAY + timedelta(days=30), PermitState.APPLIED),
    (P.REVOKED, TODAY, TODAY + timedelta(days=30), PermitState.REVOKED),
    (P.REFUSED, TODAY, TODAY + timedelta(days=30), PermitState.REFUSED),
])
def test_the_state_is_computed_from_status_dates_and_today(status, valid_from, valid_to, state):
    assert rules.permit_state(status, valid_from, valid_to, TODAY) == state


DECISIONS = {
    P.APPROVED: lambda permit, by: operations.permit_approve(permit=permit, by=by),
    P.REFUSED: lambda permit, by: operations.permit_refuse(permit=permit, by=by, reason="路线经过学校周边"),
    P.REVOKED: lambda permit, by: operations.permit_revoke(permit=permit, by=by, reason="沿途撒漏"),
}


@pytest.mark.parametrize("current", list(P), ids=str)
@pytest.mark.parametrize("target", [P.APPROVED, P.REFUSED, P.REVOKED], ids=str)
def test_every_decision_is_allowed_or_refused_by_the_table(current, target, staff_a, brigade_a):
    permit = PermitFactory(brigade=brigade_a, status=current)
    if target in PERMIT_TRANSITIONS[current]:
        decided = DECISIONS[target](permit, staff_a)
        assert decided.status == target
        step = decided.transitions.get()
        assert (step.from_status, step.to_status, step.by) == (current, target, staff_a)
    else:
        with pytest.raises(ValidationError):
            DECISIONS[target](permit, staff_a)
        permit.refresh_from_db()
        assert permit.status == current and not permit.transitions.exists()


def test_approval_issues_sequential_numbers(staff_a, brigade_a):
    first = operations.permit_approve(permit=PermitFactory(brigade=brigade_a), by=staff_a)
    second = operations.permit_approve(permit=PermitFactory(brigade=brigade_a), by=staff_a)
    year = timezone.localdate().year
    assert first.number == f"TXZ-A-{year}-0001" and second.number == f"TXZ-A-{year}-0002"
    assert first.approved_at is not None


@pytest.mark.parametrize("decide", [operations.permit_refuse, operations.permit_revoke])
def test_refusing_or_revoking_needs_a_reason(decide, staff_a, brigade_a):
    permit = PermitFactory(brigade=brigade_a, status=P.APPROVED if decide is operations.permit_revoke else P.APPLIED)
    with pytest.raises(ValidationError) as refused:
        decide(permit=permit, by=staff_a, reason="  ")
    assert "reason" in refused.value.message_dict


def test_a_period_already_over_is_not_approved(staff_a, brigade_a):
    today = timezone.localdate()
    permit = PermitFactory(brigade=brigade_a, valid_from=today - timedelta(days=10), valid_to=today - timedelta(days=1))
    with pytest.raises(ValidationError):
        operations.permit_approve(permit=permit, by=staff_a)


def test_lists_of_permits_valid_today_and_expiring(brigade_a):
    today = timezone.localdate()
    valid = PermitFactory(brigade=brigade_a, status=P.APPROVED, valid_from=today - timedelta(days=5),
                          valid_to=today + timedelta(days=60))
    expiring = PermitFactory(brigade=brigade_a, status=P.APPROVED, valid_from=today - timedelta(days=5),
                             valid_to=today + timedelta(days=3))
    expired = PermitFactory(brigade=brigade_a, status=P.APPROVED, valid_from=today - timedelta(days=30),
                            valid_to=today - timedelta(days=1))
    PermitFactory(brigade=brigade_a, status=P.APPLIED)
    PermitFactory(brigade=brigade_a, status=P.REVOKED)
    permits = Permit.objects.all()
    assert set(selectors.permits_in_state(permits, "valid_today")) == {valid, expiring}
    assert set(selectors.permits_in_state(permits, "expiring")) == {expiring}
    assert set(selectors.permits_in_state(permits, "expired")) == {expired}
    assert expired.state() == PermitState.EXPIRED and expired.status == P.APPROVED  # never stored


def test_the_list_of_valid_permits_is_one_click_away(client_for, staff_a, brigade_a):
    today = timezone.localdate()
    PermitFactory(brigade=brigade_a, status=P.APPROVED, plate_number="鲁P12345", valid_from=today,
                  valid_to=today + timedelta(days=30))
    PermitFactory(brigade=brigade_a, status=P.APPLIED, plate_number="鲁P99999")
    home = client_for(staff_a).get(reverse("home")).content.decode()
    link = reverse("services:permit_list") + "?state=valid_today"
    assert link in home
    page = client_for(staff_a).get(link)
    assert [row.record.plate_number for row in page.context["table"].page.object_list] == ["鲁P12345"]


def permit_form(**overrides):
    today = timezone.localdate()
    data = {"applied_on": today.isoformat(), "enterprise": "", "applicant": "城建渣土公司", "plate_number": "鲁p88888",
            "vehicle_type": "muck_truck", "routes": "湖南路—东昌路", "daily_from": "22:00", "daily_until": "06:00",
            "valid_from": today.isoformat(), "valid_to": (today + timedelta(days=90)).isoformat()}
    data.update(overrides)
    return data


def test_a_permit_that_ends_before_it_starts_is_refused_next_to_the_end(client_for, staff_a):
    today = timezone.localdate()
    response = client_for(staff_a).post(reverse("services:permit_create"),
                                        permit_form(valid_to=(today - timedelta(days=1)).isoformat()))
    assert response.status_code == 200
    assert "不能早于有效期起" in response.context["form"].errors["valid_to"][0]
    assert not response.context["form"].non_field_errors()
    assert not Permit.objects.exists()


def test_an_application_from_a_registered_enterprise_takes_its_name(client_for, staff_a, brigade_a, brigade_b):
    enterprise = PermitApplicantFactory(brigade=brigade_a, name="东阿县通达运输有限公司")
    other = PermitApplicantFactory(brigade=brigade_b)
    client = client_for(staff_a)
    refused = client.post(reverse("services:permit_create"), permit_form(enterprise=other.pk, applicant=""))
    assert "enterprise" in refused.context["form"].errors
    response = client.post(reverse("services:permit_create"), permit_form(enterprise=enterprise.pk, applicant=""))
    permit = Permit.objects.get()
    assert response.status_code == 302
    assert (permit.applicant, permit.plate_number, permit.status) == ("东阿县通达运输有限公司", "鲁P88888", P.APPLIED)
    assert permit.transitions.get().to_status == P.APPLIED


def test_refusing_without_a_reason_on_the_page_shows_the_message(client_for, staff_a, brigade_a):
    permit = PermitFactory(brigade=brigade_a)
    client = client_for(staff_a)
    response = client.post(reverse("services:permit_refuse", args=[permit.pk]), {"reason": ""})
    assert response.status_code == 200
    assert "不予批准的理由" in response.context["decision_form"].errors["reason"][0]
    client.post(reverse("services:permit_approve", args=[permit.pk]), {"reason": ""})
    permit.refresh_from_db()
    assert permit.status == P.APPROVED
    # A decided permit is no longer edited.
    assert client.get(reverse("services:permit_update", args=[permit.pk])).status_code == 404


def test_the_api_refuses_bad_dates_and_decides_through_actions(api_client_for, staff_a):
    api = api_client_for(staff_a)
    today = timezone.localdate()
    body = {"applicant": "个人", "plate_number": "鲁P10001", "vehicle_type": "truck", "routes": "东外环",
            "valid_from": today.isoformat(), "valid_to": (today - timedelta(days=2)).isoformat()}
    bad = api.post("/api/permits/", body, format="json")
    assert bad.status_code == 400 and "valid_to" in bad.data
    body["valid_to"] = (today + timedelta(days=5)).isoformat()
    created = api.post("/api/permits/", {**body, "status": "approved"}, format="json")
    assert created.status_code == 201 and created.data["status"] == "applied"
    approved = api.post(f"/api/permits/{created.data['id']}/approve/", {}, format="json")
    assert approved.data["status"] == "approved" and approved.data["state"] == "expiring"
    again = api.post(f"/api/permits/{created.data['id']}/approve/", {}, format="json")
    assert again.status_code == 400
