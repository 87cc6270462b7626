import pytest
from django.urls import reverse

from brigades.models import Officer

from ..factories import OfficerFactory, SquadronFactory

pytestmark = pytest.mark.django_db


def officer_form(**overrides):
    data = {"name": "张伟", "kind": "police", "badge_number": "370001", "position": "", "phone": "", "is_active": "on"}
    data.update(overrides)
    return data


def test_staff_creates_an_officer_in_their_own_brigade(client_for, staff_a, brigade_a):
    squadron = SquadronFactory(brigade=brigade_a)
    response = client_for(staff_a).post(reverse("brigades:officer_create"), officer_form(squadron=squadron.pk))
    officer = Officer.objects.get(badge_number="370001")
    assert response.status_code == 302
    assert officer.brigade == brigade_a
    assert officer.detachment_id == brigade_a.detachment_id


def test_the_form_offers_only_the_users_squadrons(client_for, staff_a, brigade_a, brigade_b):
    own = SquadronFactory(brigade=brigade_a)
    other = SquadronFactory(brigade=brigade_b)
    form = client_for(staff_a).get(reverse("brigades:officer_create")).context["form"]
    assert "brigade" not in form.fields
    assert list(form.fields["squadron"].queryset) == [own]
    assert other not in form.fields["squadron"].queryset


def test_another_brigades_squadron_is_refused_and_nothing_saved(client_for, staff_a, brigade_b):
    other = SquadronFactory(brigade=brigade_b)
    response = client_for(staff_a).post(reverse("brigades:officer_create"), officer_form(squadron=other.pk))
    assert response.status_code == 200
    assert response.context["form"].errors["squadron"]
    assert not Officer.objects.exists()


def test_a_badge_number_used_in_the_detachment_is_refused_in_chinese(client_for, staff_a, brigade_b):
    OfficerFactory(brigade=brigade_b, badge_number="370001")
    response = client_for(staff_a).post(reverse("brigades:officer_create"), officer_form())
    assert response.status_code == 200
    assert "警号" in response.context["form"].errors["badge_number"][0]
    assert Officer.objects.count() == 1


def test_a_leader_reads_but_cannot_create(client_for, leader_a):
    client = client_for(leader_a)
    assert client.get(reverse("brigades:officer_list")).status_code == 200
    assert client.get(reverse("brigades:officer_create")).status_code == 403


def test_the_history_of_an_edited_officer_shows_who_changed_what(client_for, staff_a, brigade_a):
    officer = OfficerFactory(brigade=brigade_a, squadron=None, name="李强", badge_number="370009")
    client = client_for(staff_a)
    client.post(
        reverse("brigades:officer_update", args=[officer.pk]),
        officer_form(name="李强", badge_number="370009", position="副大队长", version=officer.version),
    )
    page = client.get(reverse("brigades:officer_detail", args=[officer.pk]))
    entry = page.context["history_entries"][0]
    assert entry["version"].history_user == staff_a
    # An empty value reads as nothing (the page shows "—"), not as an empty string.
    assert [(c["old"], c["new"]) for c in entry["changes"]] == [(None, "副大队长")]
    assert "副大队长" in page.content.decode()


def test_the_brigade_page_filters_officers(client_for, staff_a, brigade_a):
    OfficerFactory(brigade=brigade_a, name="王磊")
    OfficerFactory(brigade=brigade_a, name="赵敏")
    page = client_for(staff_a).get(reverse("brigades:brigade_detail", args=[brigade_a.pk]), {"q": "王"})
    names = [row.record.name for row in page.context["officer_table"].page.object_list]
    assert names == ["王磊"]


def test_the_officer_list_keeps_a_constant_number_of_queries(client_for, staff_a, brigade_a, django_assert_max_num_queries):
    client = client_for(staff_a)
    OfficerFactory.create_batch(5, brigade=brigade_a)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as five:
        client.get(reverse("brigades:officer_list"))
    OfficerFactory.create_batch(45, brigade=brigade_a)
    with CaptureQueriesContext(connection) as fifty:
        client.get(reverse("brigades:officer_list"))
    assert len(fifty) == len(five)


def test_the_home_page_names_the_users_brigade_and_role(client_for, leader_a):
    page = client_for(leader_a).get(reverse("home"))
    assert page.status_code == 200
    assert "甲大队" in page.content.decode()
    assert "大队领导" in page.content.decode()


def test_error_pages_leak_nothing(client_for, staff_a):
    page = client_for(staff_a).get("/no-such-page/")
    assert page.status_code == 404
    assert "Traceback" not in page.content.decode()
    assert "页面不存在" in page.content.decode()


def test_list_filters_fold_and_hide_what_a_brigade_user_cannot_choose(client_for, staff_a, detachment_leader):
    page = client_for(staff_a).get(reverse("brigades:officer_list"))
    shown = [field.name for field in page.context["primary_filters"] + page.context["more_filters"]]
    assert shown[0] == "q"
    assert "brigade" not in shown
    page = client_for(detachment_leader).get(reverse("brigades:officer_list"))
    assert "brigade" in [field.name for field in page.context["primary_filters"] + page.context["more_filters"]]


def test_date_ranges_are_date_pickers_and_yes_no_filters_read_any(client_for, staff_a):
    html = client_for(staff_a).get(reverse("hazards:hazard_list")).content.decode()
    assert 'type="date" name="date_after"' in html
    assert "不限" in html
