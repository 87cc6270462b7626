"""Monthly reports: figures, notes, approval, the month lock (form, API, model guard), unlock audit, Excel."""

from datetime import date, datetime, time
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIRequestFactory

from brigades.figures import operations
from brigades.records.api.scoping import BrigadeRecordSerializer
from brigades.choices import ReportStatus
from brigades.records.forms import BrigadeRecordForm
from brigades.models import MonthlyReport
from brigades.figures.rollups import rollup_refresh
from hazards.models import Enterprise

from .rollup_metrics import make_enterprise

pytestmark = pytest.mark.django_db

OCTOBER = date(2026, 10, 1)


@pytest.fixture
def dated_by_entry(monkeypatch):
    """Enterprises dated by the day they were entered, as if created_at were their record date."""
    monkeypatch.setattr(Enterprise, "date_field", "created_at")


def noon(day):
    return timezone.make_aware(datetime.combine(day, time(12)))


def approve_october(brigade, leader):
    return operations.report_approve(brigade_id=brigade.pk, month=OCTOBER, user=leader)


def test_a_leader_approves_an_ended_month_and_the_detachment_sees_it_final(client_for, leader_a, brigade_a, detachment_leader):
    response = client_for(leader_a).post(reverse("brigades:monthly_report_approve", args=[brigade_a.pk]), {"month": "2026-10"})
    assert response.status_code == 302
    report = MonthlyReport.objects.get(brigade=brigade_a, month=OCTOBER)
    assert report.status == ReportStatus.APPROVED and report.approved_by == leader_a
    overview = client_for(detachment_leader).get(reverse("brigades:report_overview"), {"month": "2026-10"})
    assert "已定稿" in overview.content.decode()


def test_the_current_month_cannot_be_approved(leader_a, brigade_a):
    with pytest.raises(ValidationError):
        operations.report_approve(brigade_id=brigade_a.pk, month=date(2026, 11, 1), user=leader_a, today=date(2026, 11, 22))


def test_staff_and_other_leaders_cannot_approve(staff_a, leader_b, brigade_a):
    for user in (staff_a, leader_b):
        with pytest.raises(PermissionDenied):
            approve_october(brigade_a, user)


def test_approving_twice_is_refused(leader_a, brigade_a):
    approve_october(brigade_a, leader_a)
    with pytest.raises(ValidationError):
        approve_october(brigade_a, leader_a)


def test_a_locked_record_cannot_be_saved_or_deleted(dated_by_entry, leader_a, brigade_a):
    enterprise = Enterprise.objects.get(pk=make_enterprise(brigade_a, date(2026, 10, 5)).pk)
    approve_october(brigade_a, leader_a)
    enterprise.kind = "passenger"  # a value the month's figures may count
    with pytest.raises(ValidationError) as refused:
        enterprise.save()
    assert "已审核锁定" in str(refused.value) and "kind" in refused.value.message_dict
    enterprise.refresh_from_db()
    enterprise.name = "改名"  # free text: no figure counts it, so the approved month does not refuse it
    enterprise.save()
    with pytest.raises(ValidationError), transaction.atomic():  # a savepoint, as a view's atomic block would be
        enterprise.delete()
    with pytest.raises(ValidationError):  # adding a record dated in October
        Enterprise(brigade=brigade_a, name="新", credit_code="91371500MA3C000001", kind="freight", created_at=noon(date(2026, 10, 9))).save()
    # moving it out of the locked month is a change to that month too
    enterprise.created_at = noon(date(2026, 11, 2))
    with pytest.raises(ValidationError):
        enterprise.save()
    # other brigades and other months are not locked
    make_enterprise(brigade_a, date(2026, 11, 3)).save()


def test_the_form_refuses_a_locked_record_with_a_chinese_error(dated_by_entry, leader_a, staff_a, brigade_a):
    class EnterpriseForm(BrigadeRecordForm):
        class Meta:
            model = Enterprise
            fields = ["name", "kind"]

    enterprise = Enterprise.objects.get(pk=make_enterprise(brigade_a, date(2026, 10, 5)).pk)
    approve_october(brigade_a, leader_a)
    form = EnterpriseForm({"name": "改名", "kind": "passenger", "version": enterprise.version}, instance=enterprise, user=staff_a)
    assert not form.is_valid()
    assert len(form.errors["kind"]) == 1  # on the field that matters, once
    assert "2026年10月" in form.errors["kind"][0]
    renamed = EnterpriseForm({"name": "改名", "kind": "freight", "version": enterprise.version}, instance=Enterprise.objects.get(pk=enterprise.pk), user=staff_a)
    assert renamed.is_valid(), renamed.errors


def test_the_api_refuses_a_locked_record_with_a_400_on_the_field(dated_by_entry, leader_a, staff_a, brigade_a):
    class EnterpriseSerializer(BrigadeRecordSerializer):
        class Meta:
            model = Enterprise
            fields = ["id", "brigade", "name", "kind", "credit_code"]

    enterprise = Enterprise.objects.get(pk=make_enterprise(brigade_a, date(2026, 10, 5)).pk)
    approve_october(brigade_a, leader_a)
    request = APIRequestFactory().patch("/")
    request.user = staff_a
    serializer = EnterpriseSerializer(enterprise, data={"kind": "passenger", "version": enterprise.version}, partial=True, context={"request": request})
    assert not serializer.is_valid()
    assert "已审核锁定" in str(serializer.errors["kind"][0])
    assert enterprise.kind == "freight"  # the check did not touch the record
    renamed = EnterpriseSerializer(enterprise, data={"name": "改名", "version": enterprise.version}, partial=True, context={"request": request})
    assert renamed.is_valid(), renamed.errors


def test_an_admin_unlocks_with_a_reason_and_the_history_keeps_it(dated_by_entry, leader_a, admin_user, brigade_a, client_for):
    enterprise = Enterprise.objects.get(pk=make_enterprise(brigade_a, date(2026, 10, 5)).pk)
    approve_october(brigade_a, leader_a)
    with pytest.raises(PermissionDenied):
        operations.report_unlock(brigade_id=brigade_a.pk, month=OCTOBER, user=leader_a, reason="x")
    with pytest.raises(ValidationError):
        operations.report_unlock(brigade_id=brigade_a.pk, month=OCTOBER, user=admin_user, reason=" ")
    client_for(admin_user).post(reverse("brigades:monthly_report_unlock", args=[brigade_a.pk]), {"month": "2026-10", "reason": "补录漏报的隐患"})
    report = MonthlyReport.objects.get(brigade=brigade_a, month=OCTOBER)
    assert report.status == ReportStatus.UNLOCKED
    latest = report.history.first()
    assert latest.history_user == admin_user and latest.history_change_reason == "补录漏报的隐患"
    enterprise.name = "改名"
    enterprise.save()  # unlocked: allowed again
    page = client_for(admin_user).get(reverse("brigades:monthly_report", args=[brigade_a.pk]), {"month": "2026-10"})
    assert "补录漏报的隐患" in page.content.decode()


def test_notes_are_saved_until_the_month_is_locked(client_for, staff_a, leader_a, brigade_a):
    url = reverse("brigades:monthly_report_notes", args=[brigade_a.pk])
    client_for(staff_a).post(url, {"month": "2026-10", "notes": "本月查处酒驾增多。"})
    assert MonthlyReport.objects.get(brigade=brigade_a, month=OCTOBER).notes == "本月查处酒驾增多。"
    approve_october(brigade_a, leader_a)
    response = client_for(staff_a).post(url, {"month": "2026-10", "notes": "改"}, follow=True)
    assert "锁定" in response.content.decode()
    assert MonthlyReport.objects.get(brigade=brigade_a, month=OCTOBER).notes == "本月查处酒驾增多。"


def test_the_report_page_excel_and_print(enterprise_metrics, client_for, leader_a, brigade_a):
    make_enterprise(brigade_a, date(2026, 10, 5), risk="high")
    make_enterprise(brigade_a, date(2025, 10, 7))
    rollup_refresh(None, date(2025, 1, 1), date(2026, 11, 22))
    client = client_for(leader_a)
    page = client.get(reverse("brigades:monthly_report", args=[brigade_a.pk]), {"month": "2026-10"})
    assert page.status_code == 200 and page.context["can_approve"]
    row = next(r for _n, rows in page.context["groups"] for r in rows if r["metric"].key == "test.enterprises")
    assert (row["figure"].value, row["last_year"].value) == (1, 1)
    xlsx = client.get(reverse("brigades:monthly_report_xlsx", args=[brigade_a.pk]), {"month": "2026-10"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    cells = [c for row in load_workbook(BytesIO(xlsx.content)).active.iter_rows(values_only=True) for c in row]
    assert "Enterprises" in cells and 1 in cells
    printable = client.get(reverse("brigades:monthly_report_print", args=[brigade_a.pk]), {"month": "2026-10"})
    assert printable.status_code == 200 and "data-print" in printable.content.decode()


def test_auto_lock_locks_last_month_after_n_days(brigade_a, brigade_b):
    assert operations.reports_auto_lock(after_days=10, today=date(2026, 11, 9)) == 0
    assert operations.reports_auto_lock(after_days=10, today=date(2026, 11, 10)) == 2
    assert operations.reports_auto_lock(after_days=10, today=date(2026, 11, 11)) == 0
    assert MonthlyReport.objects.filter(month=OCTOBER, status=ReportStatus.APPROVED).count() == 2
    assert operations.reports_auto_lock(after_days=0) == 0
