"""Imports that forgive the real world: every encoding Excel saves in, the same file twice flagged
before confirming, each rejection naming its row, column and reason, templates with Chinese sheets."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from brigades.records import spreadsheets
from enforcement.models import Violation
from enforcement.resources import COLUMNS
from hazards import operations as hazard_operations
from tests.enforcement.test_import import YESTERDAY

pytestmark = pytest.mark.django_db

ENCODINGS = [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gbk", b""), ("gb18030", b"")]


def violation_csv(rows, encoding="utf-8", bom=b""):
    lines = [",".join(COLUMNS.values())]
    for row in rows:
        lines.append(",".join(row.get(name, "") for name in COLUMNS))
    return bom + ("\r\n".join(lines) + "\r\n").encode(encoding)


def violation_xlsx(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS.values()))
    for row in rows:
        sheet.append([row.get(name, "") for name in COLUMNS])
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


ROWS = [{"date": YESTERDAY, "time": "22:10", "plate": "鲁P12345", "driver_name": "张三", "breath_alcohol": "0.3",
         "disposition": "行政处罚", "fine_amount": "1500", "points": "12", "licence_action": "暂扣驾驶证", "road": "东昌路"}]


@pytest.mark.parametrize(("encoding", "bom"), ENCODINGS, ids=["utf-8", "utf-8-bom", "gbk", "gb18030"])
def test_the_violation_import_reads_every_csv_encoding(encoding, bom, client_for, staff_a):
    upload = SimpleUploadedFile("cases.csv", violation_csv(ROWS, encoding, bom))
    response = client_for(staff_a).post(reverse("enforcement:violation_import"), {"file": upload})
    report = response.context["report"]
    assert report["ok"], report["errors"]


def test_the_violation_import_reads_xlsx(client_for, staff_a):
    upload = SimpleUploadedFile("cases.xlsx", violation_xlsx(ROWS))
    report = client_for(staff_a).post(reverse("enforcement:violation_import"), {"file": upload}).context["report"]
    assert report["ok"], report["errors"]


@pytest.mark.parametrize(("encoding", "bom"), ENCODINGS, ids=["utf-8", "utf-8-bom", "gbk", "gb18030"])
def test_the_key_list_import_reads_every_csv_encoding(encoding, bom, staff_a, brigade_a):
    text = "号牌号码,号牌种类,车辆类型,所有人,问题类型,有效期止\r\n鲁P12345,大型汽车,重型普通货车,聊城顺达物流,逾期未检验,2025-06-30\r\n"
    batch = hazard_operations.key_item_import_preview(
        upload=SimpleUploadedFile("list.csv", bom + text.encode(encoding)), kind="vehicles", brigade=brigade_a, by=staff_a)
    assert batch.new_count == 1 and batch.rejected_count == 0, batch.preview


def test_a_violation_file_imported_before_is_flagged_before_confirming(client_for, staff_a):
    client = client_for(staff_a)
    url = reverse("enforcement:violation_import")
    data = violation_csv(ROWS)
    first = client.post(url, {"file": SimpleUploadedFile("cases.csv", data)})
    assert first.context["report"]["ok"] and not first.context["report"]["imported_before"]
    assert "import-duplicate" not in first.content.decode()
    client.post(url, {"confirm": "1"})
    assert Violation.objects.count() == 1
    again = client.post(url, {"file": SimpleUploadedFile("renamed.csv", data)})
    assert [f.original_name for f in again.context["report"]["imported_before"]] == ["cases.csv"]
    assert 'data-testid="import-duplicate"' in again.content.decode()


def test_a_key_list_imported_before_is_flagged_before_confirming(client_for, staff_a, brigade_a):
    text = "号牌号码,号牌种类,车辆类型,所有人,问题类型,有效期止\r\n鲁P12345,大型汽车,重型普通货车,聊城顺达物流,逾期未检验,2025-06-30\r\n"
    first = hazard_operations.key_item_import_preview(
        upload=SimpleUploadedFile("list.csv", text.encode()), kind="vehicles", brigade=brigade_a, by=staff_a)
    client = client_for(staff_a)
    page = client.get(reverse("hazards:keyimport_preview", args=[first.pk]))
    assert 'data-testid="import-duplicate"' not in page.content.decode()
    hazard_operations.key_item_import_confirm(batch=first, by=staff_a)
    second = hazard_operations.key_item_import_preview(
        upload=SimpleUploadedFile("list-again.csv", text.encode()), kind="vehicles", brigade=brigade_a, by=staff_a)
    page = client.get(reverse("hazards:keyimport_preview", args=[second.pk])).content.decode()
    assert 'data-testid="import-duplicate"' in page and "list.csv" in page


def test_a_refused_reading_is_one_error_naming_its_row_and_column(client_for, staff_a):
    rows = ROWS + [{"date": YESTERDAY, "plate": "鲁P22222", "breath_alcohol": "abc"}]
    report = client_for(staff_a).post(
        reverse("enforcement:violation_import"), {"file": SimpleUploadedFile("cases.csv", violation_csv(rows))}
    ).context["report"]
    assert not report["ok"]
    (error,) = report["errors"]
    assert error["row"] == 3
    text = " ".join(error["messages"])
    assert COLUMNS["breath_alcohol"] in text and "abc" in text
    # No second, spurious error on the kind the reading would have given.
    assert COLUMNS["kind"] not in text, text


def test_a_key_list_rejection_names_row_column_and_reason(staff_a, brigade_a):
    text = "号牌号码,号牌种类,车辆类型,所有人,问题类型,有效期止\r\n鲁P12345,大型汽车,飞行汽车,某公司,逾期未检验,2025-06-30\r\n"
    batch = hazard_operations.key_item_import_preview(
        upload=SimpleUploadedFile("list.csv", text.encode()), kind="vehicles", brigade=brigade_a, by=staff_a)
    (row,) = batch.preview
    assert row["number"] == 2 and row["outcome"] == "rejected"
    assert any(reason.startswith("车辆类型：") and "飞行汽车" in reason for reason in row["reasons"]), row["reasons"]


def test_the_import_template_has_a_chinese_sheet(client_for, staff_a):
    response = client_for(staff_a).get(reverse("enforcement:violation_import_template"))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["违法记录"]
    assert [c.value for c in workbook.worksheets[0][1]] == list(COLUMNS.values())


def test_a_hash_is_of_the_content_not_the_name():
    assert spreadsheets.content_hash(b"a,b\n1,2\n") == spreadsheets.content_hash(b"a,b\n1,2\n")
    assert spreadsheets.content_hash(b"a,b\n1,2\n") != spreadsheets.content_hash(b"a,b\n1,3\n")
