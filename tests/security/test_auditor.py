"""The auditor: reads every brigade and the security log, changes nothing, sees personal numbers masked."""

import pytest
from django.urls import reverse

from brigades.choices import Role
from brigades.models import Officer

from ..enforcement.factories import ViolationFactory
from ..factories import OfficerFactory, UserFactory
from ..hazards.factories import HazardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor(db):
    return UserFactory(username="shenji", brigade=None, role=Role.AUDITOR)


def test_the_auditor_sees_every_brigade(client_for, auditor, brigade_a, brigade_b):
    ours, theirs = OfficerFactory(brigade=brigade_a), OfficerFactory(brigade=brigade_b)
    response = client_for(auditor).get(reverse("brigades:officer_list"))
    assert response.status_code == 200
    assert {ours.pk, theirs.pk} <= set(response.context["object_list"].values_list("pk", flat=True))
    assert client_for(auditor).get(reverse("brigades:officer_detail", args=[theirs.pk])).status_code == 200


def test_the_auditor_changes_nothing_in_pages_or_the_api(client_for, api_client_for, auditor, brigade_a):
    officer = OfficerFactory(brigade=brigade_a, name="王警官")
    client = client_for(auditor)
    response = client.post(reverse("brigades:officer_update", args=[officer.pk]), {"name": "改名", "brigade": brigade_a.pk})
    assert response.status_code == 403
    assert client.post(reverse("brigades:officer_create"), {"name": "新人"}).status_code == 403
    api = api_client_for(auditor)
    assert api.patch(f"/api/officers/{officer.pk}/", {"name": "改名"}, format="json").status_code == 403
    assert Officer.objects.get(pk=officer.pk).name == "王警官"
    hazard = HazardFactory(brigade=brigade_a)
    assert api.post(f"/api/hazards/{hazard.pk}/sign-off/", {}, format="json").status_code == 403
    # Their own account stays theirs: the language and logging out still work.
    assert client.post(reverse("set_language"), {"language": "en", "next": "/"}).status_code == 302


def test_the_auditor_sees_personal_numbers_masked(client_for, auditor, brigade_a):
    violation = ViolationFactory(brigade=brigade_a, driver_id_number="11010519491231002X")
    page = client_for(auditor).get(reverse("enforcement:violation_detail", args=[violation.pk])).content.decode()
    assert "11010519491231002X" not in page and "110105********002X" in page


def test_the_auditor_reads_the_security_log_from_the_user_menu(client_for, auditor):
    html = client_for(auditor).get(reverse("home")).content.decode()
    assert reverse("security:log") in html
