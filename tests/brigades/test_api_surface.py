"""What an API client relies on beyond the records: JSON errors everywhere under /api/, reference data,
the dashboards' figures, action bodies and descriptions in the schema, implausible dates refused."""

import json
from datetime import date, timedelta

import pytest
import yaml
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken

from brigades.figures import selectors as fig
from brigades.figures.rollups import rollup_refresh
from hazards.choices import AccidentSeverity
from hazards.models import HazardCategory

from ..factories import TownFactory

from .rollup_metrics import ENTERPRISES, make_enterprise

pytestmark = pytest.mark.django_db


def token_client(user):
    client = Client(raise_request_exception=False)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {AuthToken.objects.create(user=user)[1]}"
    return client


# JSON errors --------------------------------------------------------------------------------------


def test_a_body_over_the_upload_limit_is_a_json_413(staff_a, settings):
    body = json.dumps({"name": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)})
    response = token_client(staff_a).post("/api/officers/", body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def test_an_unknown_api_url_is_a_json_404(staff_a):
    response = token_client(staff_a).get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."} or "detail" in response.json()


def test_a_method_not_allowed_is_json(staff_a):
    response = token_client(staff_a).delete("/api/hazard-categories/")
    assert response.status_code == 405
    assert "detail" in response.json()


def test_a_server_error_under_the_api_is_json_and_the_pages_keep_theirs(staff_a, monkeypatch):
    from brigades.api.views import OfficerViewSet

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(OfficerViewSet, "list", broken)
    response = token_client(staff_a).get("/api/officers/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()
    client = Client(raise_request_exception=False)
    client.force_login(staff_a)
    assert "application/json" not in client.get("/no-such-page/")["Content-Type"]


# Reference data -----------------------------------------------------------------------------------


def test_reference_data_is_read_by_every_role_with_both_names(api_client_for, leader_b):
    category = HazardCategory.objects.create(name="校园周边测试", name_en="Near a school (test)")
    rows = api_client_for(leader_b).get("/api/hazard-categories/", {"page_size": 500}).json()["results"]
    row = next(r for r in rows if r["id"] == category.pk)
    assert row["name"] == "校园周边测试" and row["name_en"] == "Near a school (test)"
    for url in ("/api/responsible-parties/", "/api/measure-kinds/", "/api/accident-causes/", "/api/violation-kinds/",
                "/api/towns/", "/api/squadrons/", "/api/officers/"):
        assert api_client_for(leader_b).get(url).status_code == 200, url


def test_reference_data_is_not_written_through_the_api(api_client_for, admin_user):
    response = api_client_for(admin_user).post("/api/hazard-categories/", {"name": "新类别"}, format="json")
    assert response.status_code == 405
    assert not HazardCategory.objects.filter(name="新类别").exists()


# Figures ------------------------------------------------------------------------------------------


@pytest.fixture
def enterprises_counted(enterprise_metrics, brigade_a, brigade_b):
    today = timezone.localdate()
    for _ in range(3):
        make_enterprise(brigade_a, today)
    make_enterprise(brigade_b, today)
    rollup_refresh(None, today - timedelta(days=40), today)
    return today


def values(data, metric):
    return {row["brigade"]: row["value"] for row in data["figures"] if row["metric"] == metric}


def test_a_brigade_user_gets_their_brigades_figures_as_the_dashboard_counts_them(
        enterprises_counted, api_client_for, leader_a, brigade_a, brigade_b):
    today = enterprises_counted
    response = api_client_for(leader_a).get("/api/figures/", {"metric": ENTERPRISES, "brigade": brigade_b.pk})
    assert response.status_code == 200, response.data
    data = response.json()
    dashboard = fig.figures(fig.visible_metrics([ENTERPRISES]), [brigade_a.pk], date.fromisoformat(data["period"]["start"]), today)
    assert values(data, ENTERPRISES) == {brigade_a.pk: f"{dashboard[ENTERPRISES].value:.4f}"}
    assert float(values(data, ENTERPRISES)[brigade_a.pk]) == 3
    assert data["period"]["kind"] == "month" and data["metrics"][0]["key"] == ENTERPRISES


def test_the_detachment_gets_every_brigade_and_the_total(enterprises_counted, api_client_for, detachment_leader, brigade_a, brigade_b):
    data = api_client_for(detachment_leader).get("/api/figures/", {"metric": ENTERPRISES}).json()
    counted = {k: float(v) for k, v in values(data, ENTERPRISES).items()}
    assert counted == {None: 4, brigade_a.pk: 3, brigade_b.pk: 1}
    one = api_client_for(detachment_leader).get("/api/figures/", {"metric": ENTERPRISES, "brigade": brigade_b.pk}).json()
    assert {k: float(v) for k, v in values(one, ENTERPRISES).items()} == {brigade_b.pk: 1}


@pytest.mark.parametrize("query", [
    {"period": "month", "month": "2026-13"}, {"period": "custom", "start": "2026-05-01"}, {"metric": "no.such_metric"},
    {"period": "weekly"},
])
def test_a_figures_query_that_cannot_be_read_is_a_400(api_client_for, leader_a, query):
    response = api_client_for(leader_a).get("/api/figures/", query)
    assert response.status_code == 400
    assert response.json()


# The schema ---------------------------------------------------------------------------------------


@pytest.fixture
def schema(api_client_for, staff_a):
    response = api_client_for(staff_a).get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method, operation


def test_every_operation_is_described_for_a_client_developer(schema):
    for path, method, operation in operations(schema):
        description = operation.get("description", "")
        assert len(description) > 30, (method, path)
        # Notes for this codebase's developers are not descriptions.
        for internal in ("operations.", "perform_create", "serializer", "queryset", "@action", "for_user"):
            assert internal not in description, (method, path, description)


def test_actions_document_their_own_bodies(schema):
    assign = schema["paths"]["/api/hazards/{id}/assign/"]["post"]
    body = assign["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert body.endswith("/AssignRequest")
    assert assign["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/HazardDetail")
    clear = schema["paths"]["/api/key-vehicles/{id}/clear/"]["post"]
    assert clear["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/KeyVehicleClearRequest")


def test_edits_document_stale_versions_and_every_operation_its_errors(schema):
    patch = schema["paths"]["/api/hazards/{id}/"]["patch"]
    assert {"400", "401", "403", "404", "409", "412", "413"} <= set(patch["responses"])
    for path, method, operation in operations(schema):
        assert {"401", "403", "404"} <= set(operation["responses"]), (method, path)


# Dates --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("occurred_at", ["0192-09-06T15:17:23+08:00", "2300-01-01T08:00:00+08:00"])
def test_an_implausible_date_is_refused_by_the_api(api_client_for, staff_a, brigade_a, occurred_at):
    town = TownFactory(brigade=brigade_a)
    body = {"occurred_at": occurred_at, "town": town.pk, "road": "S258线", "place": "韩集路口",
            "severity": AccidentSeverity.PROPERTY}
    response = api_client_for(staff_a).post("/api/accidents/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["occurred_at"]
    body["occurred_at"] = (timezone.now() - timedelta(days=2)).isoformat()
    assert api_client_for(staff_a).post("/api/accidents/", body, format="json").status_code == 201
