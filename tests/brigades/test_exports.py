"""Every record list's export (discovered like the scoping walk): plain values, no markup, formulas
neutralised, personal numbers masked, Chinese headers, dates as dates; large exports as a job."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.db import models
from django.urls import resolve, reverse

from brigades.records import exports
from brigades.records.export_views import RecordExportMixin
from brigades.models import ExportJob

from ..url_walk import endpoints
from .test_scoping import record_of



def _exports(endpoint):
    view_class = getattr(resolve(reverse(endpoint.name)).func, "view_class", None)
    return view_class is not None and issubclass(view_class, RecordExportMixin)


# A "dropped from this week's list" view shows only items the latest list no longer names: a new
# record is not one of them, so those lists are left out here (their export is the same path).
HTML_LISTS = [e for e in endpoints() if not e.kwargs and e.is_list and e.model is not None and not e.is_api and _exports(e)
              and not e.name.endswith("_dropped")]
PAYLOAD = '=HYPERLINK("http://evil.example/","click")'
FULL_ID = "11010519491231002X"
MASKED_ID = "110105********002X"
MARKUP = re.compile(r"<\s*/?\s*(span|a|strong|div|i|br|b)\b", re.I)
CJK = re.compile(r"[\u4e00-\u9fff]")


def plant_payloads(obj):
    """Free-text fields get a formula; personal-number fields a full ID number."""
    model = type(obj)
    values = {}
    for field in model._meta.concrete_fields:
        if field.name in exports.HIDDEN_FIELDS or field.choices:
            continue
        if field.name in getattr(model, "personal_number_fields", ()):
            values[field.name] = FULL_ID
        elif isinstance(field, (models.CharField, models.TextField)) and not isinstance(field, models.URLField):
            if field.unique or any(field.name in c.fields for c in model._meta.constraints if hasattr(c, "fields")):
                continue
            values[field.name] = PAYLOAD[: field.max_length] if field.max_length else PAYLOAD
    if values:
        model.objects.filter(pk=obj.pk).update(**values)
    return values


def xlsx_rows(content):
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    return sheet, [[cell for cell in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize("endpoint", HTML_LISTS, ids=str)
def test_every_list_exports_plain_safe_masked_values(endpoint, brigade_a, staff_a, client_for):
    obj = record_of(endpoint.model, brigade_a)
    planted = plant_payloads(obj)
    client = client_for(staff_a)
    url = reverse(endpoint.name)

    response = client.get(url, {"_export": "xlsx"})
    assert response.status_code == 200, response.status_code
    sheet, rows = xlsx_rows(response.content)
    assert len(rows) == 2, f"{endpoint}: the record is not in its list's export"
    assert sheet.title != "Tablib Dataset"
    headers = [cell.value for cell in rows[0]]
    assert all(CJK.search(str(h)) for h in headers), f"headers not in Chinese: {headers}"
    values = [cell.value for row in rows for cell in row]
    for row in rows:
        for cell in row:
            assert cell.data_type != "f", f"{endpoint}: a live formula {cell.value!r}"
            if isinstance(cell.value, str):
                assert not MARKUP.search(cell.value), f"{endpoint}: markup in {cell.value!r}"
                assert not cell.value.startswith(exports.FORMULA_STARTS), f"{endpoint}: {cell.value!r}"
    text = "\n".join(str(v) for v in values)
    assert FULL_ID not in text
    if any(value == FULL_ID for value in planted.values()) and len(rows) > 1:
        assert MASKED_ID in text
    if len(rows) > 1 and any(v == PAYLOAD[:10] or (v or "").startswith("=") for v in planted.values()):
        assert "'=" in text, f"{endpoint}: the planted text is missing from the export"

    response = client.get(url, {"_export": "csv"})
    content = response.content.decode("utf-8-sig")
    assert FULL_ID not in content and not MARKUP.search(content)
    for row in csv.reader(io.StringIO(content)):
        for cell in row:
            assert not cell.startswith(exports.FORMULA_STARTS), f"{endpoint}: csv cell {cell!r}"


def test_a_list_with_records_has_them_in_its_export(brigade_a, staff_a, client_for):
    from tests.hazards.factories import HazardFactory

    hazard = HazardFactory(brigade=brigade_a)
    sheet, rows = xlsx_rows(client_for(staff_a).get(reverse("hazards:hazard_list"), {"_export": "xlsx"}).content)
    assert len(rows) == 2
    headers = [cell.value for cell in rows[0]]
    row = dict(zip(headers, [cell.value for cell in rows[1]]))
    assert row["地点"] == hazard.place
    # Dates as dates, and the status as its label, not a badge.
    assert isinstance(row["发现日期"], datetime.datetime)
    assert row["状态"] == hazard.get_status_display()


def test_the_hazard_export_has_every_field_of_the_hazard_page(brigade_a, staff_a, client_for):
    from tests.hazards.factories import HazardFactory

    HazardFactory(brigade=brigade_a)
    sheet, rows = xlsx_rows(client_for(staff_a).get(reverse("hazards:hazard_list"), {"_export": "xlsx"}).content)
    headers = {cell.value for cell in rows[0]}
    from hazards.models import Hazard

    for name in ("description", "responsible_party_detail", "rectified_on", "signed_off_on", "closure_reason"):
        label = str(Hazard._meta.get_field(name).verbose_name)
        assert any(label in str(h) for h in headers), f"{label} missing from {headers}"


def test_numbers_stay_numbers(brigade_a, staff_a, client_for):
    from tests.enforcement.factories import ViolationFactory

    ViolationFactory(brigade=brigade_a, fine_amount=1500, points=12)
    sheet, rows = xlsx_rows(client_for(staff_a).get(reverse("enforcement:violation_list"), {"_export": "xlsx"}).content)
    row = dict(zip([c.value for c in rows[0]], [c.value for c in rows[1]]))
    assert row["记分"] == 12 and row["罚款（元）"] == 1500


def test_neutralise_covers_every_formula_start():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert exports.neutralise(f"{start}1+1") == f"'{start}1+1"
    assert exports.neutralise("鲁P12345") == "鲁P12345"
    assert exports.neutralise(-5) == -5


def test_a_large_export_runs_as_a_job_for_its_user_only(settings, brigade_a, staff_a, leader_a, client_for):
    from tests.enforcement.factories import ViolationFactory

    settings.EXPORT_ASYNC_ROWS = 2
    ViolationFactory.create_batch(3, brigade=brigade_a, driver_id_number=FULL_ID)
    client = client_for(staff_a)
    response = client.get(reverse("enforcement:violation_list"), {"_export": "xlsx", "kind": ""})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    page = client.get(job.get_absolute_url())
    assert 'hx-trigger="every 1s"' in page.content.decode()
    assert job.total == 3 and job.status == ExportJob.Status.QUEUED

    from brigades.records.export_jobs import export_job_run

    export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.done == 3
    partial = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert "every 1s" not in partial and reverse("brigades:export_job_download", args=[job.pk]) in partial
    download = client.get(reverse("brigades:export_job_download", args=[job.pk]))
    content = b"".join(download.streaming_content)
    sheet, rows = xlsx_rows(content)
    assert len(rows) == 4
    assert FULL_ID not in str([c.value for r in rows for c in r])
    # Another user, even the brigade's leader, cannot see or download it.
    other = client_for(leader_a)
    assert other.get(job.get_absolute_url()).status_code == 404
    assert other.get(reverse("brigades:export_job_download", args=[job.pk])).status_code == 404


def test_the_monthly_reports_notes_cannot_run_as_formulas(brigade_a, leader_a, client_for):
    from django.utils import timezone

    from brigades.models import MonthlyReport

    month = timezone.localdate().replace(day=1)
    MonthlyReport.objects.create(brigade=brigade_a, month=month, notes=f"{PAYLOAD}\n+1+1\n本月查处酒驾增多。")
    response = client_for(leader_a).get(reverse("brigades:monthly_report_xlsx", args=[brigade_a.pk]),
                                        {"month": f"{month:%Y-%m}"})
    sheet, rows = xlsx_rows(response.content)
    cells = [cell for row in rows for cell in row]
    assert not [c.value for c in cells if c.data_type == "f"]
    values = [c.value for c in cells if isinstance(c.value, str)]
    assert "'" + PAYLOAD in values and "'+1+1" in values and "本月查处酒驾增多。" in values
