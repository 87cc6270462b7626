"""Notices that go out and come back: numbered per brigade and year, printed on A4 with the place
for the seal, and followed until the signed receipt (送达回执) is recorded."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from hazards import operations
from hazards.choices import DeliveryMethod, NoticeKind
from hazards.models import Notice
from notifications.selectors import todo_items

from .conftest import JPEG
from .factories import EnterpriseFactory, HazardFactory, NoticeFactory, SupervisionActionFactory, party

pytestmark = pytest.mark.django_db


def issue_hazard_notice(brigade, by, issued_days_ago=5):
    today = timezone.localdate()
    hazard = HazardFactory(brigade=brigade, found_on=today - timedelta(days=issued_days_ago + 1))
    operations.hazard_assign(
        hazard=hazard, by=by, responsible_party=party(), responsible_party_detail="某小学", deadline=today + timedelta(days=20),
        issued_on=today - timedelta(days=issued_days_ago),
    )
    return hazard.notices.get()


def test_a_notice_goes_out_its_receipt_comes_back_and_it_leaves_the_todo(brigade_a, staff_a, client_for):
    notice = issue_hazard_notice(brigade_a, staff_a)
    assert notice.kind == NoticeKind.HAZARD_RECTIFICATION and notice.addressee.endswith("（某小学）")
    assert f"notice:{notice.pk}" in {item.key for item in todo_items(staff_a)}

    client = client_for(staff_a)
    received_at = timezone.localtime() - timedelta(days=3)
    response = client.post(reverse("hazards:notice_receipt", args=[notice.pk]), {
        "received_by": "王校长", "received_at": received_at.strftime("%Y-%m-%dT%H:%M"),
        "delivery_method": DeliveryMethod.IN_PERSON, "receipt_scan": SimpleUploadedFile("receipt.jpg", JPEG, content_type="image/jpeg"),
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    notice.refresh_from_db()
    assert notice.received_by == "王校长" and notice.receipt_scan and notice.receipt_recorded_by == staff_a
    assert f"notice:{notice.pk}" not in {item.key for item in todo_items(staff_a)}
    detail = client.get(notice.get_absolute_url()).content.decode()
    assert "王校长" in detail and 'data-testid="record-receipt"' not in detail
    assert notice.history.count() == 2  # issued, then the receipt


def test_a_receipt_needs_who_when_how_and_the_signed_scan(brigade_a, staff_a):
    notice = NoticeFactory(brigade=brigade_a)
    with pytest.raises(ValidationError) as refused:
        operations.notice_record_receipt(
            notice=notice, by=staff_a, received_by=" ", received_at=timezone.now() + timedelta(hours=2),
            delivery_method=DeliveryMethod.POST,
        )
    assert set(refused.value.message_dict) == {"received_by", "received_at", "receipt_scan"}
    notice.refresh_from_db()
    assert notice.received_at is None
    # Served electronically: no paper to scan.
    operations.notice_record_receipt(
        notice=notice, by=staff_a, received_by="企业安全员", received_at=timezone.now(), delivery_method=DeliveryMethod.ELECTRONIC,
    )
    with pytest.raises(ValidationError):
        operations.notice_record_receipt(
            notice=notice, by=staff_a, received_by="又一人", received_at=timezone.now(), delivery_method=DeliveryMethod.ELECTRONIC,
        )


def test_numbers_are_unique_per_brigade_and_year_across_kinds(brigade_a, brigade_b, staff_a, staff_b):
    today = timezone.localdate()
    first = issue_hazard_notice(brigade_a, staff_a, issued_days_ago=0)  # all in this year
    action = SupervisionActionFactory(brigade=brigade_a, kind="notice", acted_on=today, deadline=today + timedelta(days=15))
    operations.supervision_action_record(action=action, by=staff_a)
    interview = SupervisionActionFactory(brigade=brigade_a, kind="interview", acted_on=today)
    operations.supervision_action_record(action=interview, by=staff_a)
    inspection = SupervisionActionFactory(brigade=brigade_a, kind="inspection", acted_on=today)
    operations.supervision_action_record(action=inspection, by=staff_a)
    other = issue_hazard_notice(brigade_b, staff_b, issued_days_ago=0)

    numbers = list(Notice.objects.filter(brigade=brigade_a).order_by("serial").values_list("number", flat=True))
    year = today.year
    assert numbers[0] == first.number
    assert numbers[1:] == [f"甲交企〔{year}〕第{first.serial + 1:03d}号", f"甲交谈〔{year}〕第{first.serial + 2:03d}号"]
    assert other.serial == 1 and other.number.startswith("乙〔")
    assert not Notice.objects.filter(supervision_action=inspection).exists()
    assert action.notice.addressee == action.enterprise.name


def test_the_print_page_has_the_seal_and_the_receipt_stub(brigade_a, staff_a, client_for):
    action = SupervisionActionFactory(
        brigade=brigade_a, enterprise=EnterpriseFactory(brigade=brigade_a, name="东阿顺达物流有限公司"), kind="notice",
        acted_on=timezone.localdate(), deadline=timezone.localdate() + timedelta(days=10), outcome="车辆未按期检验3台",
    )
    operations.supervision_action_record(action=action, by=staff_a)
    page = client_for(staff_a).get(reverse("hazards:notice_print", args=[action.notice.pk])).content.decode()
    assert action.notice.number in page and "东阿顺达物流有限公司" in page and "车辆未按期检验3台" in page
    assert 'class="notice-seal"' in page and 'class="notice-receipt"' in page


def test_the_notice_pdf_is_drawn_where_the_server_can(brigade_a, staff_a, client_for):
    from brigades.figures.report_pdf import pdf_available

    notice = issue_hazard_notice(brigade_a, staff_a)
    response = client_for(staff_a).get(reverse("hazards:notice_pdf", args=[notice.pk]))
    if pdf_available():
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    else:
        assert response.status_code == 302


def test_the_api_records_the_receipt(brigade_a, staff_a, staff_b, api_client_for):
    notice = NoticeFactory(brigade=brigade_a)
    url = reverse("api:hazardnotice-receipt", args=[notice.pk])
    payload = {"received_by": "李经理", "received_at": timezone.now().isoformat(), "delivery_method": "electronic"}
    assert api_client_for(staff_b).post(url, payload, format="json").status_code == 404
    response = api_client_for(staff_a).post(url, payload, format="json")
    assert response.status_code == 200 and response.data["received_by"] == "李经理"
    listed = api_client_for(staff_a).get(reverse("api:hazardnotice-list"), {"receipt": "received"}).data
    assert [row["id"] for row in listed["results"]] == [notice.pk]
