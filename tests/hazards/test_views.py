from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hazards.choices import HazardStatus
from hazards.models import Hazard, HazardPhoto, Reinspection

from ..factories import TownFactory
from .factories import HazardFactory, HazardPhotoFactory, category, party

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def hazard_form(town, **overrides):
    data = {
        "town": town.pk, "road": "S258线", "place": "韩集路口", "category": category().pk, "level": "general",
        "source": "patrol", "found_on": TODAY().isoformat(), "description": "路口视线被遮挡",
    }
    data.update(overrides)
    return data


def test_staff_takes_a_hazard_from_report_to_sign_off_in_the_browser(client_for, staff_a, leader_a, brigade_a, jpeg):
    town = TownFactory(brigade=brigade_a)
    client = client_for(staff_a)
    response = client.post(reverse("hazards:hazard_create"), hazard_form(town, photos=[jpeg("before.jpg")]))
    hazard = Hazard.objects.get()
    assert response.status_code == 302 and response.url == hazard.get_absolute_url()
    assert hazard.brigade == brigade_a and hazard.status == HazardStatus.REPORTED
    assert hazard.photos.get().stage == "before"

    deadline = TODAY() + timedelta(days=10)
    client.post(reverse("hazards:hazard_assign", args=[hazard.pk]), {
        "responsible_party": party().pk, "deadline": deadline.isoformat(), "issued_on": TODAY().isoformat(),
        "requirements": "修剪树木", "note": "",
    })
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.ASSIGNED and hazard.notice_number.startswith("甲〔")
    notice = client.get(reverse("hazards:hazard_notice", args=[hazard.pk]))
    assert hazard.notice_number in notice.content.decode() and "修剪树木" in notice.content.decode()

    client.post(reverse("hazards:hazard_rectify", args=[hazard.pk]), {
        "rectified_on": TODAY().isoformat(), "note": "已修剪", "photos": [jpeg("after1.jpg"), jpeg("after2.jpg")],
    })
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFIED and hazard.photos.filter(stage="after").count() == 2

    # staff may not sign off in this brigade; the leader may
    assert client.post(reverse("hazards:hazard_sign_off", args=[hazard.pk]), {"signed_off_on": TODAY().isoformat()}).status_code == 403
    leader = client_for(leader_a)
    response = leader.post(reverse("hazards:hazard_sign_off", args=[hazard.pk]), {"signed_off_on": TODAY().isoformat(), "note": "核实"})
    assert response.status_code == 302
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.SIGNED_OFF

    client = client_for(staff_a)
    reinspection = Reinspection.objects.get(hazard=hazard)
    client.post(reverse("hazards:reinspection_record", args=[reinspection.pk]), {
        "result": "relapsed", "done_on": TODAY().isoformat(), "note": "又被遮挡", "new_deadline": (TODAY() + timedelta(days=7)).isoformat(),
    })
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFYING and hazard.reopen_count == 1
    page = client.get(hazard.get_absolute_url()).content.decode()
    assert "又被遮挡" in page  # the timeline shows the note
    assert page.count("data-testid=\"action-") >= 1


def test_an_illegal_transition_is_shown_on_the_form_and_nothing_changes(client_for, staff_a, brigade_a):
    hazard = HazardFactory(brigade=brigade_a, status=HazardStatus.SIGNED_OFF)
    response = client_for(staff_a).post(reverse("hazards:hazard_start", args=[hazard.pk]), {"note": ""})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.SIGNED_OFF


def test_a_deadline_before_the_found_date_is_refused_next_to_the_field(client_for, staff_a, brigade_a):
    hazard = HazardFactory(brigade=brigade_a, found_on=TODAY() - timedelta(days=2))
    response = client_for(staff_a).post(reverse("hazards:hazard_assign", args=[hazard.pk]), {
        "responsible_party": party().pk, "deadline": (TODAY() - timedelta(days=5)).isoformat(),
        "issued_on": (TODAY() - timedelta(days=2)).isoformat(),
    })
    assert response.status_code == 200
    assert response.context["form"].errors["deadline"]
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.REPORTED


def test_bad_coordinates_and_future_dates_are_refused(client_for, staff_a, brigade_a):
    town = TownFactory(brigade=brigade_a)
    response = client_for(staff_a).post(reverse("hazards:hazard_create"), hazard_form(
        town, latitude="136.5", longitude="115.9", found_on=(TODAY() + timedelta(days=1)).isoformat()))
    errors = response.context["form"].errors
    assert "latitude" in errors and "found_on" in errors
    assert not Hazard.objects.exists()


def test_a_non_image_photo_is_refused(client_for, staff_a, brigade_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    town = TownFactory(brigade=brigade_a)
    fake = SimpleUploadedFile("photo.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = client_for(staff_a).post(reverse("hazards:hazard_create"), hazard_form(town, photos=[fake]))
    assert response.context["form"].errors["photos"]
    assert not Hazard.objects.exists() and not HazardPhoto.objects.exists()


def test_the_list_filters_overdue_and_flags_rows(client_for, staff_a, brigade_a):
    overdue = HazardFactory(brigade=brigade_a, status=HazardStatus.RECTIFYING, rectification_deadline=TODAY() - timedelta(days=1))
    soon = HazardFactory(brigade=brigade_a, status=HazardStatus.ASSIGNED, rectification_deadline=TODAY() + timedelta(days=2))
    HazardFactory(brigade=brigade_a)
    client = client_for(staff_a)
    page = client.get(reverse("hazards:hazard_list"), {"deadline_state": "overdue"})
    assert list(page.context["object_list"]) == [overdue]
    page = client.get(reverse("hazards:hazard_list"))
    html = page.content.decode()
    assert "row-overdue" in html and "row-due-soon" in html
    page = client.get(reverse("hazards:hazard_list"), {"q": soon.place})
    assert list(page.context["object_list"]) == [soon]


def test_the_list_exports_to_excel(client_for, staff_a, brigade_a):
    HazardFactory(brigade=brigade_a)
    response = client_for(staff_a).get(reverse("hazards:hazard_list"), {"_export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_hazard_list_keeps_a_constant_number_of_queries(client_for, staff_a, brigade_a):
    client = client_for(staff_a)
    HazardFactory.create_batch(5, brigade=brigade_a, responsible_party=party())
    with CaptureQueriesContext(connection) as five:
        client.get(reverse("hazards:hazard_list"))
    HazardFactory.create_batch(45, brigade=brigade_a, responsible_party=party())
    with CaptureQueriesContext(connection) as fifty:
        client.get(reverse("hazards:hazard_list"))
    assert len(fifty) == len(five)


def test_the_home_panel_shows_the_users_overdue_and_due_soon_hazards(client_for, staff_a, brigade_a, brigade_b):
    HazardFactory(brigade=brigade_a, status=HazardStatus.RECTIFYING, rectification_deadline=TODAY() - timedelta(days=2), place="老overdue口")
    HazardFactory(brigade=brigade_a, status=HazardStatus.ASSIGNED, rectification_deadline=TODAY() + timedelta(days=1))
    HazardFactory(brigade=brigade_b, status=HazardStatus.RECTIFYING, rectification_deadline=TODAY() - timedelta(days=2), place="别的大队")
    page = client_for(staff_a).get(reverse("home")).content.decode()
    assert 'data-testid="overdue-count">1<' in page
    assert 'data-testid="due-soon-count">1<' in page
    assert "老overdue口" in page and "别的大队" not in page


def test_the_map_works_without_tiles(client_for, staff_a, brigade_a, settings):
    settings.MAP_TILE_URL = ""
    HazardFactory(brigade=brigade_a, latitude="36.450000", longitude="115.980000")
    HazardFactory(brigade=brigade_a)
    page = client_for(staff_a).get(reverse("hazards:hazard_map"))
    assert page.context["map_config"]["tileUrl"] == ""
    data = client_for(staff_a).get(page.context["map_config"]["dataUrl"]).json()
    assert len(data["features"]) == 1
    assert data["without_coordinates"] == 1


def test_a_leader_reads_but_cannot_report(client_for, leader_a):
    client = client_for(leader_a)
    assert client.get(reverse("hazards:hazard_list")).status_code == 200
    assert client.get(reverse("hazards:hazard_create")).status_code == 403


def test_every_hazards_page_renders(client_for, staff_a, brigade_a):
    hazard = HazardFactory(brigade=brigade_a)
    client = client_for(staff_a)
    for name in ("hazard_list", "hazard_map", "hazard_create", "reinspection_list", "accident_list", "accident_create",
                 "blackspot_list", "enterprise_list", "enterprise_create", "riskchange_list", "supervision_list",
                 "supervision_create", "keyvehicle_list", "keyvehicle_create", "keydriver_list", "keydriver_create",
                 "keyimport_list", "keyimport_upload"):
        assert client.get(reverse(f"hazards:{name}")).status_code == 200, name
    for name in ("hazard_detail", "hazard_update", "hazard_assign", "hazard_close", "hazard_photo_add", "hazard_measure_add"):
        assert client.get(reverse(f"hazards:{name}", args=[hazard.pk])).status_code == 200, name


# ---------------------------------------------------------------- removing a photo uploaded by mistake


def test_staff_remove_a_wrong_photo_with_a_reason_kept_in_the_history(client_for, staff_a, brigade_a):
    photo = HazardPhotoFactory(brigade=brigade_a)
    client = client_for(staff_a)
    detail = client.get(photo.hazard.get_absolute_url())
    remove_url = reverse("hazards:hazardphoto_remove", args=[photo.pk])
    assert remove_url in detail.content.decode()

    confirm = client.get(remove_url).content.decode()
    assert "要删除的照片" in confirm and photo.file.url in confirm

    refused = client.post(remove_url, {"note": ""})
    assert refused.status_code == 200 and refused.context["form"].errors["note"]
    assert HazardPhoto.objects.filter(pk=photo.pk).exists()

    response = client.post(remove_url, {"note": "拍错了路口"})
    assert response.status_code == 302 and response.url == photo.hazard.get_absolute_url()
    assert not HazardPhoto.objects.filter(pk=photo.pk).exists()
    removed = HazardPhoto.history.filter(id=photo.pk, history_type="-").get()
    assert (removed.history_user, removed.history_change_reason) == (staff_a, "拍错了路口")


@pytest.mark.parametrize("status, stage", [
    (HazardStatus.SIGNED_OFF, "after"), (HazardStatus.SIGNED_OFF, "before"),
    (HazardStatus.CLOSED, "before"), (HazardStatus.RECTIFIED, "after"),
])
def test_evidence_photos_cannot_be_removed(status, stage, client_for, staff_a, brigade_a):
    photo = HazardPhotoFactory(brigade=brigade_a, stage=stage)
    Hazard.objects.filter(pk=photo.hazard_id).update(status=status, closed_on=TODAY() if status == HazardStatus.CLOSED else None)
    client = client_for(staff_a)
    remove_url = reverse("hazards:hazardphoto_remove", args=[photo.pk])
    assert remove_url not in client.get(photo.hazard.get_absolute_url()).content.decode()
    response = client.post(remove_url, {"note": "想换一张"})
    assert response.status_code == 200
    expected = "请先退回整改" if status == HazardStatus.RECTIFIED else "照片作为存档依据，不能删除"
    assert expected in response.content.decode()
    assert HazardPhoto.objects.filter(pk=photo.pk).exists()


def test_a_before_photo_of_a_hazard_awaiting_sign_off_can_still_go(client_for, staff_a, brigade_a):
    photo = HazardPhotoFactory(brigade=brigade_a, stage="before")
    Hazard.objects.filter(pk=photo.hazard_id).update(status=HazardStatus.RECTIFIED)
    response = client_for(staff_a).post(reverse("hazards:hazardphoto_remove", args=[photo.pk]), {"note": "重复上传"})
    assert response.status_code == 302
    assert not HazardPhoto.objects.filter(pk=photo.pk).exists()


def test_a_leader_who_only_reads_cannot_remove_photos(client_for, leader_a, brigade_a):
    photo = HazardPhotoFactory(brigade=brigade_a)
    client = client_for(leader_a)
    assert 'data-testid="remove-photo"' not in client.get(photo.hazard.get_absolute_url()).content.decode()
    response = client.post(reverse("hazards:hazardphoto_remove", args=[photo.pk]), {"note": "x"})
    assert response.status_code == 403
    assert HazardPhoto.objects.filter(pk=photo.pk).exists()
