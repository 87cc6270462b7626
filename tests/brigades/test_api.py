import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from brigades.models import Officer

from ..factories import OfficerFactory, SquadronFactory

pytestmark = pytest.mark.django_db


def test_staff_create_an_officer_in_their_brigade_whatever_the_request_says(api_client_for, staff_a, brigade_a, brigade_b):
    response = api_client_for(staff_a).post(
        "/api/officers/", {"name": "刘洋", "badge_number": "370100", "kind": "auxiliary", "brigade": brigade_b.pk}, format="json"
    )
    assert response.status_code == 201, response.data
    assert Officer.objects.get(badge_number="370100").brigade == brigade_a


def test_another_brigades_squadron_is_invalid(api_client_for, staff_a, brigade_b):
    other = SquadronFactory(brigade=brigade_b)
    response = api_client_for(staff_a).post(
        "/api/officers/", {"name": "刘洋", "badge_number": "370100", "squadron": other.pk}, format="json"
    )
    assert response.status_code == 400
    assert "squadron" in response.data
    assert not Officer.objects.exists()


def test_a_duplicate_badge_is_a_json_field_error(api_client_for, staff_a, brigade_a):
    OfficerFactory(brigade=brigade_a, badge_number="370100")
    response = api_client_for(staff_a).post("/api/officers/", {"name": "刘洋", "badge_number": "370100"}, format="json")
    assert response.status_code == 400
    assert "badge_number" in response.json()


def test_leaders_may_not_write(api_client_for, leader_a):
    response = api_client_for(leader_a).post("/api/officers/", {"name": "刘洋", "badge_number": "370100"}, format="json")
    assert response.status_code == 403


def test_detachment_users_see_every_brigade_and_must_name_one_on_create(api_client_for, detachment_leader, admin_user, brigade_a, brigade_b):
    assert {row["id"] for row in api_client_for(detachment_leader).get("/api/brigades/").data["results"]} == {brigade_a.pk, brigade_b.pk}
    response = api_client_for(admin_user).post("/api/officers/", {"name": "刘洋", "badge_number": "370100"}, format="json")
    assert response.status_code == 400 and "brigade" in response.data
    response = api_client_for(admin_user).post(
        "/api/officers/", {"name": "刘洋", "badge_number": "370100", "brigade": brigade_b.pk}, format="json"
    )
    assert response.status_code == 201
    assert Officer.objects.get().brigade == brigade_b


def test_token_authentication(client, staff_a):
    from knox.models import AuthToken

    _instance, token = AuthToken.objects.create(user=staff_a)
    response = client.get("/api/officers/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    assert client.get("/api/officers/").status_code in (401, 403)


def test_the_officer_api_list_keeps_a_constant_number_of_queries(api_client_for, staff_a, brigade_a):
    api = api_client_for(staff_a)
    OfficerFactory.create_batch(5, brigade=brigade_a)
    with CaptureQueriesContext(connection) as five:
        api.get("/api/officers/")
    OfficerFactory.create_batch(45, brigade=brigade_a)
    with CaptureQueriesContext(connection) as fifty:
        api.get("/api/officers/")
    assert len(fifty) == len(five)


def test_the_schema_and_docs_are_served_without_internet(client_for, staff_a):
    client = client_for(staff_a)
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/").content.decode()
    assert "cdn" not in docs.lower()
    assert "/static/drf_spectacular_sidecar/" in docs

