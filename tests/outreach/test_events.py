"""Recording a publicity event with its materials and photos in one form; refusals of bad input."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outreach.models import Event, EventMaterial, EventPhoto

from ..factories import PNG_BYTES, OfficerFactory
from .factories import JPEG_BYTES, EventFactory, EventMaterialFactory, MaterialFactory, SchoolFactory, material, target_group

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def management(prefix, total=3, initial=0):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


def event_post(**overrides):
    data = {
        "title": "极兔快递交通安全宣传", "date": "2026-11-20", "start_time": "09:30", "event_kind": "lecture",
        "venue_kind": "enterprise", "venue_name": "极兔快递聊城分拨中心", "audience": "45", "campaign": "夏季行动",
        "summary": "讲解典型事故案例", "target_groups": [target_group("delivery_riders").pk],
        **management("materials"), **management("photos"),
        "materials-0-material": material("leaflet").pk, "materials-0-quantity": "200",
        "materials-1-material": material("reflective_sticker").pk, "materials-1-quantity": "150",
    }
    data.update(overrides)
    return data


def jpeg(name="scene.jpg", content=JPEG_BYTES):
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def test_staff_record_an_event_with_materials_and_photos_in_one_form(client_for, staff_a, brigade_a):
    officer = OfficerFactory(brigade=brigade_a)
    response = client_for(staff_a).post(
        reverse("outreach:event_create"),
        event_post(officers=[officer.pk], **{"photos-0-file": jpeg(), "photos-0-caption": "现场", "photos-1-file": jpeg("b.png", PNG_BYTES)}),
    )
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert event.brigade == brigade_a and event.created_by == staff_a
    assert {(m.material.code, m.amount) for m in event.materials.all()} == {("leaflet", 200), ("reflective_sticker", 150)}
    assert [p.caption for p in event.photos.all()] == ["现场", ""]
    assert list(event.officers.all()) == [officer]
    assert list(event.target_groups.values_list("code", flat=True)) == ["delivery_riders"]
    page = client_for(staff_a).get(event.get_absolute_url()).content.decode()
    assert "反光贴" in page and "150" in page
    for photo in event.photos.all():  # shown through their own scoped views, never a /media/ address
        assert reverse("outreach:eventphoto_thumbnail", args=[photo.pk]) in page
        assert reverse("outreach:eventphoto_file", args=[photo.pk]) in page
    assert "/media/" not in page


def test_the_form_defaults_to_today_and_offers_only_the_users_officers(client_for, staff_a, brigade_a, brigade_b):
    own, other = OfficerFactory(brigade=brigade_a), OfficerFactory(brigade=brigade_b)
    form = client_for(staff_a).get(reverse("outreach:event_create")).context["form"]
    assert str(form.initial["date"]) == "2026-11-22" or form.initial["date"]
    assert own in form.fields["officers"].queryset and other not in form.fields["officers"].queryset
    assert "brigade" not in form.fields


def assert_nothing_saved():
    assert not Event.objects.exists()
    assert not EventMaterial.objects.exists()
    assert not EventPhoto.objects.exists()


def test_an_audience_below_zero_is_refused_next_to_the_field(client_for, staff_a):
    response = client_for(staff_a).post(reverse("outreach:event_create"), event_post(audience="-5", **{"photos-0-file": jpeg()}))
    assert response.status_code == 200
    assert response.context["form"].errors["audience"] == ["不能小于零。"]
    assert_nothing_saved()


def test_a_fractional_quantity_of_stickers_is_refused_and_nothing_saved(client_for, staff_a):
    response = client_for(staff_a).post(reverse("outreach:event_create"), event_post(**{"materials-1-quantity": "150.5"}))
    assert response.status_code == 200
    errors = response.context["material_formset"].forms[1].errors["quantity"]
    assert errors == ["反光贴以张计：请填写整数。"]
    assert_nothing_saved()


def test_a_fractional_quantity_is_accepted_where_the_unit_is_not_counted(client_for, staff_a):
    paint = MaterialFactory(code="paint", name="反光涂料", unit="kg")
    response = client_for(staff_a).post(
        reverse("outreach:event_create"), event_post(**{"materials-2-material": paint.pk, "materials-2-quantity": "2.5"})
    )
    assert response.status_code == 302
    assert EventMaterial.objects.get(material=paint).amount == pytest.approx(2.5)


def test_a_negative_quantity_and_a_repeated_material_are_refused(client_for, staff_a):
    client = client_for(staff_a)
    response = client.post(reverse("outreach:event_create"), event_post(**{"materials-1-quantity": "-1"}))
    assert response.context["material_formset"].forms[1].errors["quantity"]
    response = client.post(reverse("outreach:event_create"), event_post(**{
        "materials-1-material": material("leaflet").pk}))
    assert response.status_code == 200
    assert response.context["material_formset"].non_form_errors()
    assert_nothing_saved()


@pytest.mark.parametrize("name, content", [("report.pdf", b"%PDF-1.4"), ("virus.exe", b"MZ\x90\x00"), ("fake.jpg", b"not a photo at all")])
def test_a_file_that_is_not_a_photo_is_refused(client_for, staff_a, name, content):
    response = client_for(staff_a).post(
        reverse("outreach:event_create"), event_post(**{"photos-0-file": SimpleUploadedFile(name, content)})
    )
    assert response.status_code == 200
    assert response.context["photo_formset"].forms[0].errors["file"]
    assert_nothing_saved()


def test_a_school_is_only_named_for_school_events(client_for, staff_a, brigade_a):
    school = SchoolFactory(brigade=brigade_a)
    response = client_for(staff_a).post(reverse("outreach:event_create"), event_post(school=school.pk))
    assert "学校" in response.context["form"].errors["school"][0]
    response = client_for(staff_a).post(reverse("outreach:event_create"), event_post(venue_name=""))
    assert response.context["form"].errors["venue_name"]
    assert_nothing_saved()


def test_another_brigades_school_cannot_be_chosen(client_for, staff_a, brigade_b):
    school = SchoolFactory(brigade=brigade_b)
    response = client_for(staff_a).post(reverse("outreach:event_create"), event_post(venue_kind="school", school=school.pk))
    assert response.context["form"].errors["school"]
    assert_nothing_saved()


def test_editing_removes_a_material_and_changes_a_quantity(client_for, staff_a, brigade_a):
    event = EventFactory(brigade=brigade_a)
    leaflets = EventMaterialFactory(event=event, material=material("leaflet"), quantity=100)
    helmets = EventMaterialFactory(event=event, material=material("helmet"), quantity=10)
    data = event_post(**management("materials", total=2, initial=2), **{
        "materials-0-id": leaflets.pk, "materials-0-event": event.pk, "materials-0-material": material("leaflet").pk, "materials-0-quantity": "300",
        "materials-1-id": helmets.pk, "materials-1-event": event.pk, "materials-1-material": material("helmet").pk, "materials-1-quantity": "10",
        "materials-1-DELETE": "on", "version": event.version,
    })
    response = client_for(staff_a).post(reverse("outreach:event_update", args=[event.pk]), data)
    assert response.status_code == 302
    assert [(m.material.code, m.amount) for m in event.materials.all()] == [("leaflet", 300)]
    # Created, edited; the officers chosen in the form are a version of their own (m2m history).
    assert event.history.filter(history_type="+").count() == 1 and event.history.count() <= 3


def test_a_leader_reads_events_but_cannot_record_them(client_for, leader_a, brigade_a):
    event = EventFactory(brigade=brigade_a)
    client = client_for(leader_a)
    assert client.get(event.get_absolute_url()).status_code == 200
    assert client.get(reverse("outreach:event_create")).status_code == 403
    assert client.post(reverse("outreach:event_create"), event_post()).status_code == 403
    assert Event.objects.count() == 1


def test_the_list_filters_by_target_group_material_and_venue(client_for, staff_a, brigade_a):
    riders = EventFactory(brigade=brigade_a, title="快递小哥", venue_kind="enterprise", venue_name="极兔", target_groups=[target_group("delivery_riders")])
    EventMaterialFactory(event=riders, material=material("reflective_sticker"))
    EventFactory(brigade=brigade_a, title="一老一小", venue_kind="village", venue_name="韩集村", target_groups=[target_group("rural_elderly_children")])
    client = client_for(staff_a)

    def titles(**params):
        return [e.title for e in client.get(reverse("outreach:event_list"), params).context["object_list"]]

    assert titles(target_group="delivery_riders") == ["快递小哥"]
    assert titles(material="reflective_sticker") == ["快递小哥"]
    assert titles(venue_kind="village") == ["一老一小"]
    assert titles(q="韩集") == ["一老一小"]
    assert titles(date_after="2026-11-11") == []


def test_the_list_exports_to_excel(client_for, staff_a, brigade_a):
    EventFactory(brigade=brigade_a)
    response = client_for(staff_a).get(reverse("outreach:event_list"), {"_export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_event_list_keeps_a_constant_number_of_queries(client_for, staff_a, brigade_a):
    client = client_for(staff_a)

    def make(n):
        for _ in range(n):
            event = EventFactory(brigade=brigade_a, target_groups=[target_group("students_parents"), target_group("general_public")])
            EventMaterialFactory(event=event)

    make(5)
    with CaptureQueriesContext(connection) as five:
        client.get(reverse("outreach:event_list"))
    make(45)
    with CaptureQueriesContext(connection) as fifty:
        client.get(reverse("outreach:event_list"))
    assert len(fifty) == len(five)


def test_the_calendar_shows_the_months_events_of_the_users_brigade_only(client_for, staff_a, brigade_a, brigade_b, clock):
    clock(datetime.date(2026, 11, 20))  # the 25th is still to come
    EventFactory(brigade=brigade_a, title="进校园宣讲", date="2026-11-25")
    EventFactory(brigade=brigade_b, title="乙队活动", date="2026-11-25")
    page = client_for(staff_a).get(reverse("outreach:event_calendar"), {"year": 2026, "month": 11})
    html = page.content.decode()
    assert "进校园宣讲" in html and "乙队活动" not in html
    assert [e.title for e in page.context["upcoming"]] == ["进校园宣讲"]
    assert client_for(staff_a).get(reverse("outreach:event_calendar"), {"brigade": brigade_b.pk}).status_code == 404
    assert client_for(staff_a).get(reverse("outreach:event_calendar"), {"month": "13"}).status_code == 404
