import datetime

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from enforcement.models import Violation
from enforcement.resources import COLUMNS
from tests.factories import OfficerFactory, SquadronFactory

from .factories import OperationFactory

pytestmark = pytest.mark.django_db

YESTERDAY = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()


def sheet(rows, fmt="xlsx"):
    dataset = tablib.Dataset(headers=list(COLUMNS.values()))
    for row in rows:
        dataset.append([row.get(name, "") for name in COLUMNS])
    content = dataset.export(fmt)
    if isinstance(content, str):
        content = content.encode("utf-8")
    return SimpleUploadedFile(f"cases.{fmt}", content)


def good_rows(brigade):
    squadron = SquadronFactory(brigade=brigade, name="夜间值班中队")
    OfficerFactory(brigade=brigade, name="张伟", squadron=squadron)
    OfficerFactory(brigade=brigade, name="李强", squadron=squadron)
    OperationFactory(brigade=brigade, name="夏季夜查")
    return [
        {"date": YESTERDAY, "time": "22:10", "plate": "鲁P12345", "driver_name": "甲", "breath_alcohol": "0.3",
         "disposition": "行政处罚", "fine_amount": "1500", "points": "12", "licence_action": "暂扣驾驶证", "squadron": "夜间值班中队",
         "officers": "张伟、李强", "operation": "夏季夜查", "vehicle_detained": "是"},
        {"date": YESTERDAY, "time": "23:40", "plate": "鲁P1234挂", "plate_type": "挂车", "vehicle_type": "重型货车",
         "kind": "超载/超限超载", "rated_load": "31", "actual_load": "70", "gross_mass": "102", "panels_cut": "是",
         "tonnes_unloaded": "39", "disposition": "行政处罚", "fine_amount": "2000", "points": "6"},
        {"date": YESTERDAY, "plate": "鲁PD12345", "plate_type": "new_energy_small", "blood_alcohol": "120",
         "points": "12", "licence_action": "吊销驾驶证"},
    ]


def test_dry_run_then_confirm_imports_every_row(client_for, staff_a, brigade_a):
    client = client_for(staff_a)
    url = reverse("enforcement:violation_import")
    response = client.post(url, {"file": sheet(good_rows(brigade_a))})
    assert response.context["report"]["ok"], response.context["report"]
    assert not Violation.objects.exists()  # the dry run saves nothing
    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    cases = {v.plate: v for v in Violation.objects.filter(brigade=brigade_a)}
    assert cases["鲁P12345"].kind.code == "drink_driving" and cases["鲁P12345"].officers.count() == 2
    assert cases["鲁P12345"].created_by == staff_a and cases["鲁P12345"].operation.name == "夏季夜查"
    assert cases["鲁P1234挂"].hundred_tonne and cases["鲁P1234挂"].overload_band == "100_plus"
    assert cases["鲁PD12345"].disposition == "criminal_referral"
    # One case created (its officers' version follows it: m2m history), not one per import pass.
    assert cases["鲁P12345"].history.filter(history_type="+").count() == 1


def test_row_errors_are_listed_and_nothing_is_imported(client_for, staff_a, brigade_a, brigade_b):
    rows = good_rows(brigade_a)
    OfficerFactory(brigade=brigade_b, name="外队民警")
    rows += [
        {"date": YESTERDAY, "plate": "XYZ", "breath_alcohol": "0.3"},
        {"date": YESTERDAY, "plate": "鲁P22222", "breath_alcohol": "0.05"},
        {"date": YESTERDAY, "plate": "鲁P33333", "kind": "超载/超限超载", "rated_load": "0", "actual_load": "10"},
        {"date": YESTERDAY, "plate": "鲁P44444", "breath_alcohol": "0.3", "officers": "外队民警"},
        {"date": "明天", "plate": "鲁P55555", "breath_alcohol": "0.3"},
    ]
    client = client_for(staff_a)
    response = client.post(reverse("enforcement:violation_import"), {"file": sheet(rows, "csv")})
    report = response.context["report"]
    assert not report["ok"]
    by_row = {e["row"]: " ".join(e["messages"]) for e in report["errors"]}
    assert set(by_row) == {5, 6, 7, 8, 9}
    assert "号牌号码" in by_row[5] and "不构成" in by_row[6] and "核定载质量" in by_row[7]
    assert "外队民警" in by_row[8] and "日期" in by_row[9]
    assert "import-errors" in response.content.decode()
    # Nothing waits for confirmation, and nothing was saved.
    client.post(reverse("enforcement:violation_import"), {"confirm": "1"})
    assert not Violation.objects.exists()


def test_an_unreadable_file_is_refused(client_for, staff_a):
    response = client_for(staff_a).post(
        reverse("enforcement:violation_import"), {"file": SimpleUploadedFile("x.xlsx", b"not a spreadsheet")}
    )
    assert "file" in response.context["form"].errors


def test_the_template_downloads(client_for, staff_a):
    response = client_for(staff_a).get(reverse("enforcement:violation_import_template"))
    dataset = tablib.Dataset().load(response.content, format="xlsx")
    assert dataset.headers == list(COLUMNS.values())
