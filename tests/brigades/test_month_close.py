"""The monthly close (issue 13): an approved month locks its facts, not the work on its records.

The clock is frozen on 20 November 2026 (Asia/Shanghai): October is over and can be approved;
transitions dated "today" are dated in the open month of November.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from brigades.figures import selectors as fig
from brigades.figures import operations
from brigades.choices import ReportStatus
from brigades.figures.registry import registry
from brigades.models import ApprovedFigure, MonthApproval, MonthlyReport
from brigades.records.month_lock import MonthLocked
from brigades.figures.periods import add_months
from brigades.figures.rollups import rollup_refresh
from hazards import importing
from hazards import operations as hazard_ops
from hazards.choices import HazardStatus, ImportKind, PhotoStage
from hazards.models import Hazard, HazardMeasure, HazardPhoto, KeyVehicle
from outreach.models import EventMaterial, EventPhoto

from ..factories import JPEG_BYTES
from ..hazards.factories import HazardFactory, KeyVehicleFactory, measure_kind, party
from ..outreach.factories import EventFactory, EventMaterialFactory, EventPhotoFactory

pytestmark = pytest.mark.django_db

OCTOBER = date(2026, 10, 1)
NOVEMBER = date(2026, 11, 1)
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def twentieth_of_november(time_machine):
    time_machine.move_to(datetime(2026, 11, 20, 10, 0, tzinfo=SHANGHAI), tick=False)


def jpeg(name="after.jpg"):
    return SimpleUploadedFile(name, JPEG_BYTES, content_type="image/jpeg")


def approve(brigade, leader, month=OCTOBER):
    return operations.report_approve(brigade_id=brigade.pk, month=month, user=leader)


def month_figure(key, brigade, month=OCTOBER, *, live=False):
    """The month's figure as read by the pages, after refreshing its rollups (the dirty marking
    runs on commit, which a test inside one transaction never reaches)."""
    end = add_months(month, 1) - timedelta(days=1)
    rollup_refresh([brigade.pk], month, end)
    return fig.figures([registry[key]], [brigade.pk], month, end, live=live)[key].value


def test_work_goes_on_on_the_hazards_of_an_approved_month(brigade_a, staff_a, leader_a):
    hazard = HazardFactory(brigade=brigade_a, found_on=date(2026, 10, 5))
    approve(brigade_a, leader_a)
    # assign, start, rectify (with its evidence photo), sign off: all dated today, in November
    hazard_ops.hazard_assign(hazard=hazard, by=staff_a, responsible_party=party(), deadline=date(2026, 11, 30))
    hazard_ops.hazard_start(hazard=hazard, by=staff_a)
    hazard_ops.hazard_rectify(hazard=hazard, by=staff_a, note="树木已修剪", photos=[jpeg()])
    hazard_ops.hazard_sign_off(hazard=hazard, by=leader_a)
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.SIGNED_OFF
    # October's cohort rate moved live (its hazard is rectified now), the approved value did not
    assert month_figure("hazards.found_rectified", brigade_a, live=True) == 1
    assert month_figure("hazards.found_rectified", brigade_a) == 0
    assert month_figure("hazards.found", brigade_a) == 1


def test_a_return_and_a_relapse_may_clear_a_date_of_an_approved_month(brigade_a, staff_a, leader_a):
    hazard = HazardFactory(brigade=brigade_a, found_on=date(2026, 10, 5))
    hazard_ops.hazard_assign(hazard=hazard, by=staff_a, responsible_party=party(), deadline=date(2026, 10, 30), issued_on=date(2026, 10, 6))
    hazard_ops.hazard_start(hazard=hazard, by=staff_a)
    hazard_ops.hazard_rectify(hazard=hazard, by=staff_a, note="已整改", photos=[jpeg()], rectified_on=date(2026, 10, 20))
    approve(brigade_a, leader_a)
    hazard_ops.hazard_return(hazard=hazard, by=leader_a, note="照片不清楚")  # clears the October rectified date
    assert Hazard.objects.get(pk=hazard.pk).rectified_on is None
    assert month_figure("hazards.rectified", brigade_a) == 1  # approved
    assert month_figure("hazards.rectified", brigade_a, live=True) == 0


def test_a_transition_dated_in_the_approved_month_is_refused_on_its_date(brigade_a, staff_a, leader_a):
    vehicle = KeyVehicleFactory(brigade=brigade_a, listed_on=date(2026, 9, 10))
    approve(brigade_a, leader_a)
    assert month_figure("hazards.key_vehicles_cleared", brigade_a) == 0
    with pytest.raises(ValidationError) as refused:
        hazard_ops.key_item_clear(item=vehicle, by=staff_a, clearance="inspected", cleared_on=date(2026, 10, 20))
    assert "cleared_on" in refused.value.message_dict
    assert "2026年10月已审核锁定" in refused.value.message_dict["cleared_on"][0]
    hazard_ops.key_item_clear(item=vehicle, by=staff_a, clearance="inspected")  # today: allowed
    assert KeyVehicle.objects.get(pk=vehicle.pk).cleared_on == date(2026, 11, 20)
    assert month_figure("hazards.key_vehicles_cleared", brigade_a) == 0
    assert month_figure("hazards.key_vehicles_cleared", brigade_a, NOVEMBER) == 1


def test_the_facts_of_an_approved_month_are_locked(brigade_a, brigade_b, staff_a, leader_a):
    hazard = HazardFactory(brigade=brigade_a, found_on=date(2026, 10, 5))
    approve(brigade_a, leader_a)
    with pytest.raises(MonthLocked):  # a new record dated in October
        HazardFactory(brigade=brigade_a, found_on=date(2026, 10, 9))
    hazard.found_on = date(2026, 11, 2)  # moving it out of October
    with pytest.raises(MonthLocked):
        hazard.save()
    hazard.refresh_from_db()
    hazard.level = "major"  # a value its figures may count
    with pytest.raises(MonthLocked):
        hazard.save()
    hazard.refresh_from_db()
    hazard.description = "补充描述：东北角有广告牌"  # free text: no figure counts it
    hazard.save()
    with pytest.raises(MonthLocked):
        hazard.delete()
    # another brigade's October and this brigade's November are open
    HazardFactory(brigade=brigade_b, found_on=date(2026, 10, 9))
    HazardFactory(brigade=brigade_a, found_on=date(2026, 11, 9))


def test_child_rows_of_an_approved_month_are_locked(brigade_a, leader_a):
    hazard = HazardFactory(brigade=brigade_a, found_on=date(2026, 10, 5))
    before = HazardPhoto.objects.create(hazard=hazard, stage=PhotoStage.BEFORE, file=jpeg("before.jpg"))
    done = HazardMeasure.objects.create(hazard=hazard, kind=measure_kind(), planned_quantity=2, done_quantity=2, done_on=date(2026, 10, 8))
    event = EventFactory(brigade=brigade_a, date=date(2026, 10, 12))
    photo = EventPhotoFactory(event=event)
    material = EventMaterialFactory(event=event)
    approve(brigade_a, leader_a)
    for write in (
        lambda: HazardPhoto.objects.create(hazard=hazard, stage=PhotoStage.BEFORE, file=jpeg("more.jpg")),
        before.delete,
        done.delete,
        lambda: HazardMeasure.objects.create(hazard=hazard, kind=measure_kind(), done_quantity=1, done_on=date(2026, 10, 9)),
        lambda: EventPhotoFactory(event=event),
        photo.delete,
        material.delete,
        lambda: EventMaterialFactory(event=event, material__code="sticker"),
    ):
        with pytest.raises(MonthLocked), transaction.atomic():  # a savepoint, as a view's atomic block would be
            write()
    material.quantity = 900
    with pytest.raises(MonthLocked), transaction.atomic():
        material.save()
    # not facts of October: the evidence of a rectification done today, a plan, a caption
    HazardPhoto.objects.create(hazard=hazard, stage=PhotoStage.AFTER, file=jpeg())
    HazardMeasure.objects.create(hazard=hazard, kind=measure_kind("凸面镜", "面"), planned_quantity=1)
    photo = EventPhoto.objects.get(pk=photo.pk)
    photo.caption = "学生合影"
    photo.save()
    assert EventMaterial.objects.get(pk=material.pk).quantity == 500


def test_the_web_form_shows_the_lock_on_the_field(client_for, brigade_a, staff_a, leader_a):
    approve(brigade_a, leader_a)
    hazard = HazardFactory(brigade=brigade_a, found_on=date(2026, 11, 5))
    response = client_for(staff_a).post(reverse("hazards:hazard_update", args=[hazard.pk]), {
        "town": hazard.town_id, "road": hazard.road, "place": hazard.place, "category": hazard.category_id,
        "level": hazard.level, "source": hazard.source, "found_on": "2026-10-28", "description": hazard.description,
    })
    assert response.status_code == 200
    assert "2026年10月已审核锁定" in " ".join(response.context["form"].errors["found_on"])
    assert Hazard.objects.get(pk=hazard.pk).found_on == date(2026, 11, 5)


def test_the_api_answers_400_on_the_field(api_client_for, brigade_a, staff_a, leader_a):
    hazard = HazardFactory(brigade=brigade_a, found_on=date(2026, 10, 5))
    event = EventFactory(brigade=brigade_a, date=date(2026, 10, 12))
    approve(brigade_a, leader_a)
    api = api_client_for(staff_a)
    response = api.patch(f"/api/hazards/{hazard.pk}/", {"found_on": "2026-11-02"}, format="json")
    assert response.status_code == 400 and "已审核锁定" in response.json()["found_on"][0]
    response = api.patch(f"/api/outreach/events/{event.pk}/", {"audience": 999}, format="json")
    assert response.status_code == 400 and "已审核锁定" in response.json()["audience"][0]
    event.refresh_from_db()
    response = api.patch(f"/api/outreach/events/{event.pk}/", {"summary": "补充活动小结", "version": event.version}, format="json")
    assert response.status_code == 200


def test_the_admin_says_why_it_cannot_delete_not_500(client_for, admin_user, brigade_a, leader_a):
    hazards = [HazardFactory(brigade=brigade_a, found_on=date(2026, 10, day)) for day in (5, 6)]
    approve(brigade_a, leader_a)
    client = client_for(admin_user)
    url = reverse("admin:hazards_hazard_delete", args=[hazards[0].pk])
    response = client.post(url, {"post": "yes"}, HTTP_REFERER=url, follow=True)
    assert response.status_code == 200
    assert any("已审核锁定" in str(m) for m in response.context["messages"])
    changelist = reverse("admin:hazards_hazard_changelist")
    response = client.post(
        changelist, {"action": "delete_selected", "post": "yes", ACTION_CHECKBOX_NAME: [h.pk for h in hazards]},
        HTTP_REFERER=changelist, follow=True,
    )
    assert response.status_code == 200
    assert any("已审核锁定" in str(m) for m in response.context["messages"])
    assert Hazard.objects.filter(pk__in=[h.pk for h in hazards]).count() == 2


def test_an_import_row_of_an_approved_month_is_a_row_error(brigade_a, staff_a, leader_a):
    import tablib

    approve(brigade_a, leader_a)
    dataset = tablib.Dataset(headers=["号牌号码", "号牌种类", "车辆类型", "所有人", "问题类型", "有效期止"])
    dataset.append(["鲁P12345", "大型汽车", "重型普通货车", "聊城顺达物流", "逾期未检验", "2025-06-30"])
    counts, rows = importing.run(ImportKind.VEHICLES, dataset, brigade=brigade_a, listed_on=date(2026, 10, 15), by=staff_a)
    assert counts["rejected"] == 1
    assert "2026年10月已审核锁定" in " ".join(rows[0]["reasons"])
    counts, _rows = importing.run(ImportKind.VEHICLES, dataset, brigade=brigade_a, listed_on=date(2026, 11, 15), by=staff_a)
    assert counts["new"] == 1


def test_approval_keeps_the_figures_and_reapproval_keeps_the_history(brigade_a, staff_a, leader_a, admin_user):
    EventFactory(brigade=brigade_a, date=date(2026, 10, 12), audience=120)
    approve(brigade_a, leader_a)
    first = MonthApproval.objects.get(report__brigade=brigade_a, report__month=OCTOBER)
    assert first.approved_by == leader_a and first.is_current
    stored = dict(ApprovedFigure.objects.filter(approval=first).values_list("metric", "value"))
    assert stored["outreach.events"] == 1 and stored["outreach.audience"] == 120
    operations.report_unlock(brigade_id=brigade_a.pk, month=OCTOBER, user=admin_user, reason="补录漏报的活动")
    assert month_figure("outreach.events", brigade_a) == 1  # unlocked: the live figure
    EventFactory(brigade=brigade_a, date=date(2026, 10, 20), audience=80)
    assert month_figure("outreach.events", brigade_a) == 2
    operations.report_approve(brigade_id=brigade_a.pk, month=OCTOBER, user=leader_a)
    approvals = list(MonthApproval.objects.filter(report__brigade=brigade_a, report__month=OCTOBER).order_by("pk"))
    assert [a.is_current for a in approvals] == [False, True]
    assert approvals[0].unlock_reason == "补录漏报的活动" and approvals[0].unlocked_by == admin_user
    assert ApprovedFigure.objects.get(approval=approvals[0], metric="outreach.events").value == 1
    assert ApprovedFigure.objects.get(approval=approvals[1], metric="outreach.events").value == 2
    assert MonthlyReport.objects.get(brigade=brigade_a, month=OCTOBER).status == ReportStatus.APPROVED


def test_the_report_excel_and_ranking_read_the_approved_figures(client_for, brigade_a, staff_a, leader_a):
    from io import BytesIO

    from openpyxl import load_workbook

    hazard = HazardFactory(brigade=brigade_a, found_on=date(2026, 10, 5))
    approve(brigade_a, leader_a)
    hazard_ops.hazard_assign(hazard=hazard, by=staff_a, responsible_party=party(), deadline=date(2026, 11, 30))
    hazard_ops.hazard_start(hazard=hazard, by=staff_a)
    hazard_ops.hazard_rectify(hazard=hazard, by=staff_a, note="树木已修剪", photos=[jpeg()])
    rollup_refresh([brigade_a.pk], OCTOBER, date(2026, 10, 31))
    client = client_for(leader_a)
    page = client.get(reverse("brigades:monthly_report", args=[brigade_a.pk]), {"month": "2026-10"})
    moved = {row["metric"].key: row for row in page.context["moved"]}
    assert moved["hazards.found_rectified"]["figure"].value == 0
    assert moved["hazards.found_rectified"]["live"].value == 1
    html = page.content.decode()
    assert "审核值与实时值不一致" in html and str(hazard) in html
    book = load_workbook(BytesIO(client.get(reverse("brigades:monthly_report_xlsx", args=[brigade_a.pk]), {"month": "2026-10"}).content))
    rows = {row[1]: row for row in book.active.iter_rows(values_only=True) if row and len(row) > 3}
    label = f"{registry['hazards.found_rectified'].label} ({registry['hazards.found_rectified'].unit})"
    assert rows[str(label)][2] in (0, None) and rows[str(label)][3] == 1
