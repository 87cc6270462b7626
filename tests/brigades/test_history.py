"""A record's history includes its child rows and shows labels and names, not raw codes."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from brigades.records.history import history_entries
from hazards import operations as hazard_operations
from hazards.choices import RiskLevel
from outreach import operations as outreach_operations
from outreach.models import Material
from services import operations as service_operations
from tests.enforcement.factories import ViolationFactory
from tests.factories import OfficerFactory
from tests.hazards.factories import EnterpriseFactory, HazardFactory, party
from tests.outreach.factories import EventFactory
from tests.services.factories import ServicePointFactory, motorcycle_exam

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The assertions read the English labels; the page tests check the Chinese ones."""
    with translation.override("en"):
        yield


def lines(entries):
    """Each change as the page prints it: 'subject | field：old → new'."""
    return [f"{e['subject']} | {c['field']}：{c['old'] if c['old'] is not None else '—'} → {c['new'] if c['new'] is not None else '—'}"
            for e in entries for c in e["changes"]]


def test_a_counter_days_changed_counts_are_in_its_history(staff_a, brigade_a, client_for):
    point = ServicePointFactory(brigade=brigade_a)
    exam = motorcycle_exam()
    day = timezone.localdate()
    for sat, passed, made in ((8, 6, 6), (20, 15, 15)):
        counter_day, _created = service_operations.counter_day_record(
            brigade=brigade_a, service_point=point, date=day, by=staff_a,
            counts={exam: {"sat": sat, "passed": passed, "licences_made": made}},
        )
    changed = lines(history_entries(counter_day))
    assert f"counter count：{exam.name} | sat：8 → 20" in changed
    assert f"counter count：{exam.name} | passed：6 → 15" in changed
    assert f"counter count：{exam.name} | licences made：6 → 15" in changed
    page = client_for(staff_a).get(reverse("services:counterday_detail", args=[counter_day.pk])).content.decode()
    history = page[page.index('data-testid="history"'):]
    assert "8 → 20" in history and exam.name in history


def test_an_events_material_quantities_are_in_its_history(staff_a, brigade_a):
    event = EventFactory(brigade=brigade_a)
    sticker = Material.objects.get(code="reflective_sticker")
    outreach_operations.event_set_materials(event=event, quantities={sticker: Decimal(300)})
    outreach_operations.event_set_materials(event=event, quantities={sticker: Decimal(350)})
    changed = lines(history_entries(event))
    assert any(line.endswith("300.00 → 350.00") or line.endswith("300 → 350") for line in changed), changed
    assert any(sticker.name in line for line in changed)


def test_choices_show_their_labels(staff_a, brigade_a):
    enterprise = EnterpriseFactory(brigade=brigade_a, risk_level="high")
    hazard_operations.enterprise_change_risk_level(enterprise=enterprise, by=staff_a, to_level="medium", reason="整改到位")
    enterprise.refresh_from_db()
    changed = lines(history_entries(enterprise))
    assert " | risk level：High risk → Medium risk" in changed, changed


def test_foreign_keys_show_names(staff_a, brigade_a):
    hazard = HazardFactory(brigade=brigade_a)
    responsible = party()
    hazard.responsible_party = responsible
    hazard.save()
    changed = lines(history_entries(hazard))
    assert f" | responsible party：— → {responsible}" in changed, changed


def test_a_cases_officers_are_in_its_history(staff_a, brigade_a):
    violation = ViolationFactory(brigade=brigade_a)
    first, second = OfficerFactory(brigade=brigade_a, name="张警官"), OfficerFactory(brigade=brigade_a, name="李警官")
    violation.officers.set([first])
    violation.officers.set([first, second])
    changed = lines(history_entries(violation))
    assert f" | officers：{first} → {first}、{second}" in changed, changed


def test_the_history_is_in_chinese_on_the_page(staff_a, brigade_a, client_for):
    enterprise = EnterpriseFactory(brigade=brigade_a, risk_level="high")
    hazard_operations.enterprise_change_risk_level(enterprise=enterprise, by=staff_a, to_level="medium", reason="整改到位")
    page = client_for(staff_a).get(reverse("hazards:enterprise_detail", args=[enterprise.pk])).content.decode()
    history = page[page.index('data-testid="history"'):]
    with translation.override("zh-hans"):
        high, medium = str(RiskLevel.HIGH.label), str(RiskLevel.MEDIUM.label)
    assert f"{high} → {medium}" in history and "high → medium" not in history
