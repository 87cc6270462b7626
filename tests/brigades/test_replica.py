"""The read replica (brigades.records.replica): lists, API lists and dashboards read from it, writes and
sessions go to the primary. The test settings point the `replica` alias at the test database
itself (a test mirror), so the path is exercised on SQLite and on PostgreSQL alike."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enforcement.models import Violation
from tests.enforcement.factories import ViolationFactory, ensure_kinds

# Committed rows (transaction=True): the replica's connection is another connection; the seeded
# reference rows (violation kinds) are restored after each test (serialized_rollback).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replica"])


@pytest.fixture(autouse=True)
def kinds():
    # Another transactional test's flush may have removed the seeded violation kinds.
    ensure_kinds()


@pytest.fixture
def replica_on(settings):
    settings.READ_REPLICA = "replica"


def tables(queries):
    return " ".join(q["sql"] for q in queries.captured_queries)


def test_a_list_reads_its_records_from_the_replica_and_the_session_from_the_primary(client_for, staff_a, brigade_a, replica_on):
    violation = ViolationFactory(brigade=brigade_a, plate="鲁P12345")
    client = client_for(staff_a)
    with CaptureQueriesContext(connections["replica"]) as replica, CaptureQueriesContext(connections["default"]) as primary:
        response = client.get(reverse("enforcement:violation_list"))
    assert violation in response.context["table"].data.data
    assert "鲁P12345" in response.content.decode()
    assert "enforcement_violation" in tables(replica)
    assert "enforcement_violation" not in tables(primary)
    assert "django_session" in tables(primary) and "django_session" not in tables(replica)


def test_the_api_list_and_the_dashboard_read_from_the_replica(client_for, api_client_for, leader_a, brigade_a, replica_on):
    ViolationFactory(brigade=brigade_a)
    with CaptureQueriesContext(connections["replica"]) as replica:
        assert len(api_client_for(leader_a).get(reverse("api:violation-list")).json()["results"]) == 1
    assert "enforcement_violation" in tables(replica)
    with CaptureQueriesContext(connections["replica"]) as replica:
        assert client_for(leader_a).get(reverse("brigades:brigade_dashboard", kwargs={"pk": brigade_a.pk})).status_code == 200
    assert "brigades_dailyfigure" in tables(replica) or "brigades_monthlyfigure" in tables(replica)


def test_a_write_goes_to_the_primary_even_with_a_replica(api_client_for, staff_a, brigade_a, replica_on):
    with CaptureQueriesContext(connections["replica"]) as replica:
        response = api_client_for(staff_a).post(reverse("api:violation-list"), {
            "date": "2026-01-05", "kind": "no_helmet", "plate": "鲁P54321", "plate_type": "small_car",
            "vehicle_type": "car", "disposition": "warning",
        }, format="json")
    assert response.status_code == 201, response.content
    assert Violation.objects.filter(plate="鲁P54321").exists()
    assert "INSERT" not in tables(replica)


def test_without_a_replica_everything_reads_the_primary(client_for, staff_a, brigade_a):
    ViolationFactory(brigade=brigade_a)
    with CaptureQueriesContext(connections["replica"]) as replica:
        client_for(staff_a).get(reverse("enforcement:violation_list"))
    assert replica.captured_queries == []
