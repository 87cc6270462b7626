"""Personal numbers masked by role everywhere: declared once per field, the same rule for violations
and key drivers (lists, pages, exports, API, import previews, history), each full view logged."""

import logging

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse

from brigades.records import personal_numbers
from hazards import operations
from tests.enforcement.factories import ViolationFactory
from tests.hazards.factories import KeyDriverFactory, licence_number

pytestmark = pytest.mark.django_db

NUMBER = licence_number(7)


def masked(number):
    return number[:6] + "*" * 8 + number[-4:]


def test_every_model_with_an_id_or_licence_number_declares_it():
    """A future field named like a personal number is covered only if it is declared."""
    undeclared = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            looks_personal = isinstance(field, models.CharField) and (
                "id_number" in field.name or field.name == "licence_number" or "id_card" in field.name
            )
            if looks_personal and not personal_numbers.is_personal_number(model, field.name):
                undeclared.append(f"{model._meta.label}.{field.name}")
    assert not [name for name in undeclared if ".Historical" not in name], undeclared
    assert personal_numbers.fields_of(apps.get_model("hazards", "KeyDriver")) == ("licence_number",)
    assert personal_numbers.fields_of(apps.get_model("enforcement", "Violation")) == ("driver_id_number",)


def test_key_driver_list_masks_the_licence_number(client_for, staff_a, brigade_a):
    KeyDriverFactory(brigade=brigade_a, licence_number=NUMBER)
    body = client_for(staff_a).get(reverse("hazards:keydriver_list")).content.decode()
    assert NUMBER not in body and masked(NUMBER) in body


def test_key_driver_page_full_to_staff_and_logged_masked_to_leaders(client_for, staff_a, leader_a, detachment_leader,
                                                                    brigade_a, caplog):
    driver = KeyDriverFactory(brigade=brigade_a, licence_number=NUMBER)
    url = reverse("hazards:keydriver_detail", args=[driver.pk])
    with caplog.at_level(logging.INFO, logger="brigades.records.personal_numbers"):
        assert NUMBER in client_for(staff_a).get(url).content.decode()
    assert any(f"id={driver.pk} field=licence_number" in r.getMessage() and staff_a.username in r.getMessage()
               for r in caplog.records)
    from security.choices import EventKind
    from security.models import SecurityEvent

    shown = SecurityEvent.objects.get(kind=EventKind.PERSONAL_NUMBER_SHOWN)
    assert shown.user == staff_a and shown.detail["id"] == driver.pk and NUMBER not in str(shown.detail)
    caplog.clear()
    for reader in (leader_a, detachment_leader):
        page = client_for(reader).get(url).content.decode()
        assert NUMBER not in page and masked(NUMBER) in page
    assert not [r for r in caplog.records if r.name == "brigades.records.personal_numbers"]
    assert SecurityEvent.objects.filter(kind=EventKind.PERSONAL_NUMBER_SHOWN).count() == 1


def test_key_driver_api_masks_lists_and_leaders(api_client_for, staff_a, leader_a, brigade_a, caplog):
    driver = KeyDriverFactory(brigade=brigade_a, licence_number=NUMBER)
    listed = api_client_for(staff_a).get(reverse("api:keydriver-list")).data["results"][0]
    assert listed["licence_number"] == masked(NUMBER)
    with caplog.at_level(logging.INFO, logger="brigades.records.personal_numbers"):
        one = api_client_for(staff_a).get(reverse("api:keydriver-detail", args=[driver.pk])).data
    assert one["licence_number"] == NUMBER
    assert any("channel=api" in r.getMessage() for r in caplog.records)
    as_leader = api_client_for(leader_a).get(reverse("api:keydriver-detail", args=[driver.pk])).data
    assert as_leader["licence_number"] == masked(NUMBER)


def test_the_import_preview_masks_licence_numbers(staff_a, brigade_a):
    header = "驾驶证号,姓名,准驾车型,问题类型,有效期止\n"
    bad = NUMBER[:-1] + ("0" if NUMBER[-1] != "0" else "1")
    data = (header + f"{NUMBER},王强,A2,到期未审验,2025-01-01\n{bad},李明,B2,满分,2025-01-01\n").encode()
    batch = operations.key_item_import_preview(
        upload=SimpleUploadedFile("drivers.csv", data), kind="drivers", brigade=brigade_a, by=staff_a)
    text = str(batch.preview)
    assert NUMBER not in text and bad not in text
    assert masked(NUMBER) in text


def test_history_never_shows_a_full_number(client_for, staff_a, brigade_a):
    violation = ViolationFactory(brigade=brigade_a, driver_id_number="")
    violation.driver_id_number = "11010519491231002X"
    violation.save()
    page = client_for(staff_a).get(reverse("enforcement:violation_detail", args=[violation.pk])).content.decode()
    history = page[page.index('data-testid="history"'):]
    assert "11010519491231002X" not in history and "110105********002X" in history
