import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hazards import operations
from hazards.choices import ImportStatus
from hazards.models import KeyDriver, KeyItemImport, KeyVehicle

from .factories import KeyVehicleFactory, licence_number, plate

pytestmark = pytest.mark.django_db

VEHICLE_HEADER = ["号牌号码", "号牌种类", "车辆类型", "所有人", "问题类型", "有效期止"]
GOOD = [
    ["鲁P12345", "大型汽车", "重型普通货车", "聊城顺达物流", "逾期未检验", "2025-06-30"],
    ["鲁PD5678", "02", "小型普通客车", "张三", "未报废", "2024/12/01"],
]
BAD = [
    ["鲁PI234", "大型汽车", "重型普通货车", "某公司", "逾期未检验", "2025-06-30"],  # bad plate
    ["鲁P99999", "大型汽车", "飞行汽车", "某公司", "逾期未检验", "2025-06-30"],  # unknown vehicle type
    ["鲁P88888", "大型汽车", "重型普通货车", "某公司", "逾期未检验", ""],  # missing date
]


def csv_bytes(rows, header=VEHICLE_HEADER, encoding="utf-8"):
    text = "\n".join(",".join(row) for row in [header, *rows]) + "\n"
    return text.encode(encoding)


def upload(data, name="本周重点车辆.csv"):
    return SimpleUploadedFile(name, data)


def preview(data, staff, brigade, name="本周重点车辆.csv", kind="vehicles"):
    return operations.key_item_import_preview(upload=upload(data, name), kind=kind, brigade=brigade, by=staff)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_every_common_encoding_is_read(encoding, staff_a, brigade_a):
    batch = preview(csv_bytes(GOOD, encoding=encoding), staff_a, brigade_a)
    assert (batch.new_count, batch.rejected_count) == (2, 0)
    assert not KeyVehicle.objects.exists()  # a dry run writes nothing


def test_xlsx_is_read(staff_a, brigade_a):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(VEHICLE_HEADER)
    for row in GOOD:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    batch = preview(buffer.getvalue(), staff_a, brigade_a, name="list.xlsx")
    assert batch.new_count == 2


def test_rejected_rows_say_why_and_do_not_stop_the_good_ones(staff_a, brigade_a):
    batch = preview(csv_bytes(GOOD + BAD + [GOOD[0]]), staff_a, brigade_a)
    assert (batch.new_count, batch.rejected_count) == (2, 4)
    reasons = {row["number"]: " ".join(row["reasons"]) for row in batch.preview if row["outcome"] == "rejected"}
    assert "号牌号码" in reasons[4]
    assert "飞行汽车" in reasons[5]
    assert "有效期止" in reasons[6]
    assert "2" in reasons[7]  # the duplicate names the row it repeats
    operations.key_item_import_confirm(batch=batch, by=staff_a)
    assert KeyVehicle.objects.count() == 2


def test_importing_twice_updates_and_never_duplicates(staff_a, brigade_a):
    first = preview(csv_bytes(GOOD), staff_a, brigade_a)
    operations.key_item_import_confirm(batch=first, by=staff_a)
    vehicle = KeyVehicle.objects.get(plate_number="鲁P12345")
    assert (vehicle.brigade, vehicle.plate_type, vehicle.vehicle_type) == (brigade_a, "01", "heavy_truck")

    next_week = [GOOD[0][:3] + ["聊城顺达物流有限公司"] + GOOD[0][4:], GOOD[1]]
    second = preview(csv_bytes(next_week), staff_a, brigade_a)
    assert (second.new_count, second.updated_count, second.unchanged_count) == (0, 1, 1)
    operations.key_item_import_confirm(batch=second, by=staff_a)
    assert KeyVehicle.objects.count() == 2
    vehicle.refresh_from_db()
    assert vehicle.owner == "聊城顺达物流有限公司"
    assert vehicle.history.count() == 2  # created, then updated: the audit trail shows the import
    with pytest.raises(ValidationError):
        operations.key_item_import_confirm(batch=second, by=staff_a)


def test_the_same_plate_number_with_another_plate_type_is_another_vehicle(staff_a, brigade_a):
    rows = [GOOD[0], ["鲁P12345", "挂车号牌", "挂车", "聊城顺达物流", "逾期未检验", "2025-06-30"]]
    rows[1][0] = "鲁P1234挂"
    batch = preview(csv_bytes([GOOD[0]]), staff_a, brigade_a)
    operations.key_item_import_confirm(batch=batch, by=staff_a)
    other_type = preview(csv_bytes([["鲁P12345", "小型汽车", "小型普通客车", "李四", "逾期未检验", "2025-06-30"]]), staff_a, brigade_a)
    assert other_type.new_count == 1


def test_another_brigades_vehicle_is_rejected(staff_a, brigade_a, brigade_b):
    KeyVehicleFactory(brigade=brigade_b, plate_number="鲁P12345", plate_type="01")
    batch = preview(csv_bytes([GOOD[0]]), staff_a, brigade_a)
    assert batch.rejected_count == 1
    assert "乙大队" in " ".join(batch.preview[0]["reasons"])


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (csv_bytes(GOOD, header=["车牌", "类型", "所有人"]), "list.csv", "号牌号码"),
        (b"", "list.csv", ""),
        (b"not a zip file", "list.xlsx", "xlsx"),
        (csv_bytes([], encoding="utf-8"), "list.csv", ""),
    ],
)
def test_unreadable_files_get_a_clear_answer(data, name, message, staff_a, brigade_a):
    with pytest.raises(ValidationError) as error:
        preview(data, staff_a, brigade_a, name=name)
    assert "file" in error.value.message_dict
    assert message in " ".join(error.value.message_dict["file"])
    assert not KeyItemImport.objects.exists()


def test_drivers_are_identified_by_licence_number(staff_a, brigade_a):
    header = ["驾驶证号", "姓名", "准驾车型", "问题类型", "有效期止"]
    rows = [[licence_number(1), "王强", "A2", "到期未审验", "2025-01-01"], ["371523198001011230", "李明", "B2", "满分", "2025-01-01"]]
    batch = preview(csv_bytes(rows, header=header), staff_a, brigade_a, kind="drivers")
    outcomes = [row["outcome"] for row in batch.preview]
    assert outcomes[0] == "new"
    if rows[1][0] != licence_number(0):  # the second number has a wrong check digit unless by chance
        assert outcomes[1] == "rejected"
    operations.key_item_import_confirm(batch=batch, by=staff_a)
    again = preview(csv_bytes(rows[:1], header=header), staff_a, brigade_a, kind="drivers")
    assert again.unchanged_count == 1
    assert KeyDriver.objects.count() == 1


def test_a_ten_thousand_row_file_is_previewed(staff_a, brigade_a):
    rows = [[plate(n), "大型汽车", "重型普通货车", f"车主{n}", "逾期未检验", "2025-06-30"] for n in range(10_000)]
    rows[17][0] = "坏号牌"
    batch = preview(csv_bytes(rows, encoding="gbk"), staff_a, brigade_a)
    assert (batch.new_count, batch.rejected_count) == (9_999, 1)


def test_the_upload_page_previews_then_confirms(client_for, staff_a, brigade_a):
    client = client_for(staff_a)
    response = client.post(reverse("hazards:keyimport_upload"), {
        "kind": "vehicles", "listed_on": "2026-11-20", "file": upload(csv_bytes(GOOD + BAD[:1])),
    })
    batch = KeyItemImport.objects.get()
    assert response.status_code == 302 and response.url == batch.get_absolute_url()
    page = client.get(batch.get_absolute_url())
    assert "号牌号码" in page.content.decode()  # the rejected row's reason, shown first
    client.post(reverse("hazards:keyimport_confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportStatus.CONFIRMED
    assert KeyVehicle.objects.filter(brigade=brigade_a, listed_on="2026-11-20").count() == 2


def test_wrong_columns_are_shown_next_to_the_file_field(client_for, staff_a):
    response = client_for(staff_a).post(reverse("hazards:keyimport_upload"), {
        "kind": "drivers", "listed_on": "2026-11-20", "file": upload(csv_bytes(GOOD)),
    })
    assert response.status_code == 200
    assert "驾驶证号" in " ".join(response.context["form"].errors["file"])
