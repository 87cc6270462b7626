"""The weekly key list closes the loop: listed again reopens a cleared item (both clearances kept in
its history) and refreshes its received date; a view of what the latest list dropped; a feedback
sheet for the detachment."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from hazards import operations
from hazards.choices import KeyItemStatus
from hazards.models import KeyVehicle

from .test_import import GOOD, csv_bytes, upload

pytestmark = pytest.mark.django_db


def import_list(rows, staff, brigade, listed_on):
    batch = operations.key_item_import_preview(upload=upload(csv_bytes(rows)), kind="vehicles", brigade=brigade, by=staff, listed_on=listed_on)
    return operations.key_item_import_confirm(batch=batch, by=staff)


def test_a_key_item_cleared_and_listed_again_reopens(staff_a, brigade_a):
    today = timezone.localdate()
    import_list(GOOD, staff_a, brigade_a, today - timedelta(days=14))
    vehicle = KeyVehicle.objects.get(plate_number="鲁P12345")
    operations.key_item_clear(item=vehicle, by=staff_a, clearance="inspected", cleared_on=today - timedelta(days=12))

    batch = import_list(GOOD[:1], staff_a, brigade_a, today - timedelta(days=7))
    vehicle.refresh_from_db()
    assert batch.updated_count == 1
    assert vehicle.status == KeyItemStatus.RECEIVED and vehicle.cleared_on is None
    assert vehicle.listed_on == today - timedelta(days=7)

    operations.key_item_clear(item=vehicle, by=staff_a, clearance="scrapped", cleared_on=today - timedelta(days=2))
    cleared_versions = [v for v in vehicle.history.order_by("history_date") if v.status == KeyItemStatus.CLEARED]
    assert [v.clearance for v in cleared_versions] == ["inspected", "scrapped"]
    assert any("reopened" in (v.history_change_reason or "") or "重新" in (v.history_change_reason or "")
               for v in vehicle.history.all())


def test_the_dropped_view_and_the_feedback_sheet(staff_a, brigade_a, staff_b, client_for):
    today = timezone.localdate()
    import_list(GOOD, staff_a, brigade_a, today - timedelta(days=14))
    import_list(GOOD[:1], staff_a, brigade_a, today - timedelta(days=7))
    dropped = KeyVehicle.objects.get(plate_number=GOOD[1][0])
    kept = KeyVehicle.objects.get(plate_number="鲁P12345")
    client = client_for(staff_a)
    page = client.get(reverse("hazards:keyvehicle_dropped")).content.decode()
    assert dropped.get_absolute_url() in page and kept.get_absolute_url() not in page
    assert dropped.get_absolute_url() not in client_for(staff_b).get(reverse("hazards:keyvehicle_dropped")).content.decode()

    response = client_for(staff_a).get(reverse("hazards:keyitem_feedback"), {"kind": "vehicles"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {kept.plate_number, dropped.plate_number}
    assert rows[dropped.plate_number][-1] != rows[kept.plate_number][-1]
    other = client_for(staff_b).get(reverse("hazards:keyitem_feedback"), {"kind": "vehicles"})
    assert len(list(openpyxl.load_workbook(io.BytesIO(other.content)).active.iter_rows(min_row=2))) == 0
