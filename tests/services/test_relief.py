"""Relief fund advances followed through (道路交通事故社会救助基金垫付): linked to the accident,
requested → approved → paid → recovered (追偿) with amount, day and who at each step; partial
recoveries never past what was paid; overdue recoveries in 待办 and the digest; the completion rate."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from brigades.figures import selectors as fig
from brigades.figures.registry import registry
from brigades.figures.rollups import rollup_refresh
from notifications.choices import TodoCategory
from notifications.operations import digest_lines
from notifications.selectors import todo_items
from services import operations, rules, selectors
from services.choices import ReliefStatus
from services.models import ReliefAdvance, ReliefRecovery, ReliefTarget

from ..hazards.factories import AccidentFactory
from .factories import ReliefAdvanceFactory, ReliefTargetFactory

pytestmark = pytest.mark.django_db


def requested(brigade, by, *, amount="50000", days_ago=60, **fields):
    accident = AccidentFactory(brigade=brigade, severity="injury", injuries=1,
                               occurred_at=timezone.now() - timedelta(days=days_ago + 2))
    return operations.relief_request(advance=ReliefAdvance(
        brigade=brigade, accident=accident, case_reference="聊公交认字[2026]0001号", beneficiary="市人民医院",
        liable_party="肇事驾驶人王某", insurer="人保财险", amount_requested=Decimal(amount),
        requested_on=timezone.localdate() - timedelta(days=days_ago), **fields,
    ), by=by)


def paid(brigade, staff, leader, *, amount="40000", paid_days_ago=50, requested_days_ago=60):
    today = timezone.localdate()
    advance = requested(brigade, staff, amount="50000", days_ago=requested_days_ago)
    advance = operations.relief_approve(advance=advance, by=leader, amount=Decimal(amount),
                                        day=today - timedelta(days=paid_days_ago + 2))
    return operations.relief_pay(advance=advance, by=staff, amount=Decimal(amount), day=today - timedelta(days=paid_days_ago))


def test_an_advance_goes_from_request_to_full_recovery_with_each_step_recorded(brigade_a, staff_a, leader_a):
    today = timezone.localdate()
    advance = requested(brigade_a, staff_a)
    assert advance.status == ReliefStatus.REQUESTED and advance.accident.brigade_id == brigade_a.pk
    advance = operations.relief_approve(advance=advance, by=leader_a, amount=Decimal("45000"), day=today - timedelta(days=55))
    advance = operations.relief_pay(advance=advance, by=staff_a, amount=Decimal("45000"), day=today - timedelta(days=50))
    advance = operations.relief_recover(advance=advance, by=staff_a, amount=Decimal("20000"), source="insurer",
                                        day=today - timedelta(days=20), payer="人保财险")
    assert (advance.status, advance.amount_recovered, advance.amount_outstanding) == ("paid", 20000, 25000)
    advance = operations.relief_recover(advance=advance, by=staff_a, amount=Decimal("25000"), source="liable_party",
                                        day=today - timedelta(days=2))
    advance.refresh_from_db()
    assert (advance.status, advance.amount_recovered, advance.recovered_on) == ("recovered", 45000, today - timedelta(days=2))
    assert (advance.approved_by, advance.paid_by, advance.amount_approved) == (leader_a, staff_a, 45000)
    steps = list(advance.transitions.values_list("to_status", "amount", "day", "by"))
    assert steps == [
        ("requested", 50000, today - timedelta(days=60), staff_a.pk),
        ("approved", 45000, today - timedelta(days=55), leader_a.pk),
        ("paid", 45000, today - timedelta(days=50), staff_a.pk),
        ("paid", 20000, today - timedelta(days=20), staff_a.pk),
        ("recovered", 25000, today - timedelta(days=2), staff_a.pk),
    ]
    assert list(ReliefRecovery.objects.filter(advance=advance).values_list("amount", flat=True)) == [20000, 25000]
    assert advance.history.count() >= 5  # audited: every step is a version


def test_amounts_never_exceed_the_step_before(brigade_a, staff_a, leader_a):
    today = timezone.localdate()
    advance = requested(brigade_a, staff_a, amount="30000")
    with pytest.raises(ValidationError) as refused:
        operations.relief_approve(advance=advance, by=leader_a, amount=Decimal("30000.01"))
    assert "amount" in refused.value.message_dict
    advance = operations.relief_approve(advance=advance, by=leader_a, amount=Decimal("20000"))
    with pytest.raises(ValidationError):
        operations.relief_pay(advance=advance, by=staff_a, amount=Decimal("20000.01"))
    with pytest.raises(ValidationError):
        operations.relief_pay(advance=advance, by=staff_a, amount=Decimal("100"), day=today + timedelta(days=1))
    with pytest.raises(ValidationError):  # not paid yet: nothing to recover
        operations.relief_recover(advance=advance, by=staff_a, amount=Decimal("1"), source="insurer")
    advance = operations.relief_pay(advance=advance, by=staff_a, amount=Decimal("20000"))
    operations.relief_recover(advance=advance, by=staff_a, amount=Decimal("15000"), source="insurer")
    with pytest.raises(ValidationError) as refused:
        operations.relief_recover(advance=advance, by=staff_a, amount=Decimal("5000.01"), source="insurer")
    assert "5,000.00" in refused.value.message_dict["amount"][0]
    with pytest.raises(ValidationError):
        operations.relief_recover(advance=advance, by=staff_a, amount=Decimal("0"), source="insurer")
    advance.refresh_from_db()
    assert advance.amount_recovered == 15000 and advance.status == "paid"


def test_only_a_leader_approves_and_only_staff_pay(brigade_a, staff_a, leader_a, leader_b):
    advance = requested(brigade_a, staff_a)
    with pytest.raises(PermissionDenied):
        operations.relief_approve(advance=advance, by=staff_a, amount=Decimal("100"))
    with pytest.raises(PermissionDenied):
        operations.relief_approve(advance=advance, by=leader_b, amount=Decimal("100"))
    advance = operations.relief_approve(advance=advance, by=leader_a, amount=Decimal("100"))
    with pytest.raises(PermissionDenied):
        operations.relief_pay(advance=advance, by=leader_a, amount=Decimal("100"))


def test_a_request_must_name_its_accident_of_the_same_brigade(brigade_a, brigade_b, staff_a, client_for):
    data = {"case_reference": "聊公交认字[2026]001号", "beneficiary": "市人民医院", "amount_requested": "30000",
            "requested_on": timezone.localdate().isoformat(), "note": ""}
    response = client_for(staff_a).post(reverse("services:reliefadvance_create"), data)
    assert "accident" in response.context["form"].errors
    other = AccidentFactory(brigade=brigade_b)
    response = client_for(staff_a).post(reverse("services:reliefadvance_create"), {**data, "accident": other.pk})
    assert "accident" in response.context["form"].errors
    mine = AccidentFactory(brigade=brigade_a)
    response = client_for(staff_a).post(reverse("services:reliefadvance_create"), {**data, "accident": mine.pk})
    advance = ReliefAdvance.objects.get()
    assert response.status_code == 302 and advance.accident == mine and advance.status == "requested"
    assert advance.transitions.get().by == staff_a


def test_the_web_steps_approve_pay_and_recover(brigade_a, staff_a, leader_a, client_for):
    today = timezone.localdate().isoformat()
    advance = requested(brigade_a, staff_a, days_ago=3)
    staff, leader = client_for(staff_a), Client()
    leader.force_login(leader_a)
    assert staff.post(reverse("services:reliefadvance_approve", args=[advance.pk]),
                      {"amount": "100", "day": today}).status_code == 403
    page = leader.get(advance.get_absolute_url())
    assert b'data-testid="relief-approve-form"' in page.content
    response = leader.post(reverse("services:reliefadvance_approve", args=[advance.pk]), {"amount": "48000", "day": today})
    assert response.status_code == 302
    refused = staff.post(reverse("services:reliefadvance_pay", args=[advance.pk]), {"amount": "48000.5", "day": today})
    assert refused.status_code == 200 and "amount" in refused.context["pay_form"].errors
    staff.post(reverse("services:reliefadvance_pay", args=[advance.pk]), {"amount": "48000", "day": today})
    staff.post(reverse("services:reliefadvance_recover", args=[advance.pk]),
               {"amount": "8000", "day": today, "source": "insurer", "payer": "人保财险"})
    advance.refresh_from_db()
    assert (advance.status, advance.amount_advanced, advance.amount_recovered) == ("paid", 48000, 8000)
    page = staff.get(advance.get_absolute_url())
    assert "人保财险" in page.content.decode() and b'data-testid="relief-recover-form"' in page.content


def test_the_api_steps_call_the_same_operations(brigade_a, staff_a, leader_a, api_client_for):
    accident = AccidentFactory(brigade=brigade_a)
    staff, leader = api_client_for(staff_a), api_client_for(leader_a)
    created = staff.post("/api/relief-advances/", {
        "accident": accident.pk, "case_reference": "聊公交认字[2026]9号", "amount_requested": "30000",
        "requested_on": timezone.localdate().isoformat(), "status": "recovered", "amount_advanced": "99",
    }, format="json")
    assert created.status_code == 201 and created.data["status"] == "requested" and created.data["amount_advanced"] is None
    url = f"/api/relief-advances/{created.data['id']}/"
    assert staff.post(url + "approve/", {"amount": "30000"}, format="json").status_code == 403
    assert leader.post(url + "approve/", {"amount": "30001"}, format="json").status_code == 400
    assert leader.post(url + "approve/", {"amount": "30000"}, format="json").data["status"] == "approved"
    assert staff.post(url + "pay/", {"amount": "30000"}, format="json").data["amount_advanced"] == "30000.00"
    too_much = staff.post(url + "recover/", {"amount": "30000.01", "source": "insurer"}, format="json")
    assert too_much.status_code == 400 and "amount" in too_much.data
    done = staff.post(url + "recover/", {"amount": "30000", "source": "liable_party"}, format="json")
    assert done.data["status"] == "recovered" and len(done.data["recoveries"]) == 1


def test_overdue_recoveries_are_in_todo_and_the_digest(brigade_a, brigade_b, staff_a, leader_a, staff_b, settings):
    settings.RELIEF_RECOVERY_DUE_DAYS = 30
    today = timezone.localdate()
    overdue = paid(brigade_a, staff_a, leader_a, paid_days_ago=40)
    operations.relief_recover(advance=overdue, by=staff_a, amount=Decimal("1000"), source="insurer")
    recent = paid(brigade_a, staff_a, leader_a, paid_days_ago=10)
    done = paid(brigade_a, staff_a, leader_a, paid_days_ago=45)
    operations.relief_recover(advance=done, by=staff_a, amount=done.amount_advanced, source="liable_party")
    lines = [item for item in todo_items(staff_a, today) if item.category == TodoCategory.RELIEF_RECOVERY]
    assert [item.key for item in lines] == [f"relief:{overdue.pk}"]
    assert lines[0].overdue_days == 10 and "39,000.00" in lines[0].detail
    assert lines[0].action_url == reverse("services:reliefadvance_recover", args=[overdue.pk])
    assert f"relief:{recent.pk}" not in {item.key for item in todo_items(staff_a, today)}
    assert not [item for item in todo_items(staff_b, today) if item.category == TodoCategory.RELIEF_RECOVERY]
    assert any(line["key"] == f"relief:{overdue.pk}" for line in digest_lines(staff_a, today))
    settings.RELIEF_RECOVERY_DUE_DAYS = 60  # the setting decides when a recovery is overdue
    assert not [item for item in todo_items(staff_a, today) if item.category == TodoCategory.RELIEF_RECOVERY]


def test_the_list_shows_the_overdue_recoveries(brigade_a, staff_a, leader_a, client_for, settings):
    settings.RELIEF_RECOVERY_DUE_DAYS = 30
    overdue = paid(brigade_a, staff_a, leader_a, paid_days_ago=40)
    recent = paid(brigade_a, staff_a, leader_a, paid_days_ago=5)
    response = client_for(staff_a).get(reverse("services:reliefadvance_list"), {"state": "recovery_overdue"})
    shown = {row.record.pk for row in response.context["table"].rows}
    assert overdue.pk in shown and recent.pk not in shown


def test_the_completion_rate_divides_advances_paid_by_the_target(brigade_a, brigade_b, staff_a, leader_a):
    """救助基金垫付完成率 as the seeds report it (直属二: 142 %): paid ÷ target, so it may pass 100 %.
    Requested, approved-unpaid and refused advances are not paid; another brigade's do not count."""
    today = timezone.localdate()
    month = today.replace(day=1)
    for _ in range(3):
        ReliefAdvanceFactory(brigade=brigade_a, advanced_on=month)
    ReliefAdvanceFactory(brigade=brigade_b, advanced_on=month)
    waiting = requested(brigade_a, staff_a, days_ago=0)
    operations.relief_refuse(advance=requested(brigade_a, staff_a, days_ago=0), by=leader_a, reason="不符合条件")
    operations.relief_approve(advance=waiting, by=leader_a, amount=Decimal("100"))
    ReliefTargetFactory(brigade=brigade_a, month=month, advances_target=2)
    ReliefTargetFactory(brigade=brigade_b, month=month, advances_target=4)
    assert rules.relief_completion_rate(paid=3, target=2) == 150
    assert rules.relief_completion_rate(paid=3, target=0) is None
    assert selectors.relief_figures([brigade_a.pk], month, today)["completion_rate"] == 150
    rollup_refresh([brigade_a.pk, brigade_b.pk], month, today)
    metric = registry["services.relief_completion_rate"]
    figure = fig.figures([metric, registry[metric.numerator], registry[metric.denominator]], [brigade_a.pk], month, today)
    assert figure[metric.key].value == 150
    together = fig.figures([metric, registry[metric.numerator], registry[metric.denominator]],
                           [brigade_a.pk, brigade_b.pk], month, today)
    assert together[metric.key].value == Decimal(4 * 100) / 6
    assert "÷" in str(metric.description) and "垫付任务数" in str(metric.description)


def test_the_completion_rate_is_on_the_brigade_dashboard(brigade_a, staff_a, leader_a, client_for):
    month = timezone.localdate().replace(day=1)
    for _ in range(7):
        ReliefAdvanceFactory(brigade=brigade_a, advanced_on=month)
    ReliefTargetFactory(brigade=brigade_a, month=month, advances_target=5)
    rollup_refresh([brigade_a.pk], month, timezone.localdate())
    page = client_for(leader_a).get(reverse("brigades:brigade_dashboard", args=[brigade_a.pk]), {"figures": "all"})
    html = page.content.decode()
    assert 'data-metric="services.relief_completion_rate"' in html
    card = html.split('data-metric="services.relief_completion_rate"', 1)[1][:1200]
    assert "140" in card


def test_a_target_keeps_the_first_day_of_its_month_and_one_per_month(brigade_a, staff_a, client_for):
    day = timezone.localdate().replace(day=1) + timedelta(days=9)
    client = client_for(staff_a)
    response = client.post(reverse("services:relieftarget_create"), {"month": day.isoformat(), "advances_target": "3"})
    assert response.status_code == 302
    again = client.post(reverse("services:relieftarget_create"), {"month": day.isoformat(), "advances_target": "4"})
    assert again.status_code == 200 and "month" in again.context["form"].errors
    assert list(ReliefTarget.objects.values_list("month", "advances_target")) == [(day.replace(day=1), 3)]
