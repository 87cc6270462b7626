"""Uploads are bounded before they are parsed: the size of every upload, the unpacked size of an
.xlsx (a zip archive: small outside, huge inside), and the row count while reading; each refusal
says why in Chinese, and nothing is kept."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from brigades.records.spreadsheets import SpreadsheetProblem, read_table
from enforcement.models import Violation
from enforcement.resources import COLUMNS
from hazards.models import HazardPhoto, KeyItemImport
from tests.hazards.factories import HazardFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

VEHICLE_HEADER = ["号牌号码", "号牌种类", "车辆类型", "所有人", "问题类型", "有效期止"]
ROW = ["鲁P12345", "大型汽车", "重型普通货车", "聊城顺达物流", "逾期未检验", "2025-06-30"]


def xlsx_bytes(header, rows):
    book = openpyxl.Workbook()
    for row in [header, *rows]:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def bomb_xlsx(header, unpacked_bytes=80 * 1024 * 1024):
    """A real .xlsx (it opens in Excel) with one more part that is tiny packed and huge unpacked,
    as a sheet of 200 000 repeated rows would be."""
    out = io.BytesIO(xlsx_bytes(header, [ROW]))
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("xl/media/padding.bin", "w", force_zip64=True) as part:
            block = b"\0" * (1024 * 1024)
            for _ in range(unpacked_bytes // len(block)):
                part.write(block)
    return out.getvalue()


def upload(data, name):
    return SimpleUploadedFile(name, data)


def test_a_zip_bomb_xlsx_is_refused_from_its_zip_directory(settings):
    data = bomb_xlsx(VEHICLE_HEADER)
    assert len(data) < 1024 * 1024 < settings.SPREADSHEET_MAX_BYTES  # small enough to pass the size cap
    with pytest.raises(SpreadsheetProblem) as refused:
        read_table(upload(data, "list.xlsx"), max_rows=50_000)
    assert "解压后" in refused.value.messages[0] and "80" in refused.value.messages[0]


def test_the_row_cap_stops_reading_at_the_first_row_too_many():
    rows = [ROW] * 11
    for data, name in ((xlsx_bytes(VEHICLE_HEADER, rows), "list.xlsx"), ("\n".join(",".join(r) for r in [VEHICLE_HEADER, *rows]).encode(), "list.csv")):
        assert len(read_table(upload(data, name), max_rows=11)) == 11
        with pytest.raises(SpreadsheetProblem) as refused:
            read_table(upload(data, name), max_rows=10)
        assert "超过 10 行" in refused.value.messages[0]


def test_a_spreadsheet_over_the_size_cap_is_refused_before_it_is_read(settings):
    settings.SPREADSHEET_MAX_BYTES = 1024
    with pytest.raises(SpreadsheetProblem) as refused:
        read_table(upload(b"x" * 2048, "list.xlsx"), max_rows=10)  # not even a zip: never opened
    assert "上限" in refused.value.messages[0]


def test_the_weekly_list_upload_refuses_a_zip_bomb_and_keeps_nothing(client_for, staff_a):
    response = client_for(staff_a).post(reverse("hazards:keyimport_upload"), {
        "kind": "vehicles", "listed_on": "2026-11-20", "file": upload(bomb_xlsx(VEHICLE_HEADER), "本周重点车辆.xlsx"),
    })
    assert response.status_code == 200
    assert "解压后" in " ".join(response.context["form"].errors["file"])
    assert not KeyItemImport.objects.exists()


def test_the_weekly_list_upload_refuses_a_file_over_the_cap(client_for, staff_a, settings):
    settings.SPREADSHEET_MAX_BYTES = 1024
    data = "\n".join(",".join(r) for r in [VEHICLE_HEADER, *[ROW] * 100]).encode()
    response = client_for(staff_a).post(reverse("hazards:keyimport_upload"), {
        "kind": "vehicles", "listed_on": "2026-11-20", "file": upload(data, "本周重点车辆.csv"),
    })
    assert response.status_code == 200 and "上限" in " ".join(response.context["form"].errors["file"])
    assert not KeyItemImport.objects.exists()


def test_the_case_import_refuses_a_zip_bomb_and_too_many_rows(client_for, staff_a, settings):
    client = client_for(staff_a)
    header = list(COLUMNS.values())
    response = client.post(reverse("enforcement:violation_import"), {"file": upload(bomb_xlsx(header), "cases.xlsx")})
    assert response.status_code == 200 and "解压后" in " ".join(response.context["form"].errors["file"])

    settings.VIOLATION_IMPORT_MAX_ROWS = 3
    rows = [[""] * len(header) for _ in range(4)]
    for row in rows:
        row[0] = "2026-11-20"
    response = client.post(reverse("enforcement:violation_import"), {"file": upload(xlsx_bytes(header, rows), "cases.xlsx")})
    assert response.status_code == 200 and "超过 3 行" in " ".join(response.context["form"].errors["file"])
    assert not client.session.get("enforcement_import") and not Violation.objects.exists()


def test_a_photo_over_the_per_file_cap_is_not_kept_and_the_form_says_why(client_for, staff_a, brigade_a, settings):
    settings.UPLOAD_MAX_FILE_BYTES = 64 * 1024  # the upload handler stops keeping bytes past this
    hazard = HazardFactory(brigade=brigade_a)
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8\xff\xe0" + b"\0" * (200 * 1024), content_type="image/jpeg")
    response = client_for(staff_a).post(reverse("hazards:hazard_photo_add", args=[hazard.pk]), {"stage": "before", "photos": [big]})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["photos"])
    assert "0.2 MB" in errors and "上限" in errors  # its real size, and the cap
    assert not HazardPhoto.objects.exists()


def test_a_request_declaring_a_body_over_the_cap_is_refused_unread(client_for, staff_a, brigade_a, settings):
    settings.UPLOAD_MAX_REQUEST_BYTES = 16 * 1024
    hazard = HazardFactory(brigade=brigade_a)
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8\xff\xe0" + b"\0" * (64 * 1024), content_type="image/jpeg")
    response = client_for(staff_a).post(reverse("hazards:hazard_photo_add", args=[hazard.pk]), {"stage": "before", "photos": [big]})
    assert response.status_code == 400
    assert not HazardPhoto.objects.exists()
