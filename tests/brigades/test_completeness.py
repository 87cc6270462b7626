"""Every record model has its admin, its API and its web pages: the standard, checked for all apps."""

import pytest
from django.apps import apps
from django.contrib import admin

from brigades.records.scoping import BrigadeRecord

from ..url_walk import endpoints

DOMAIN_APPS = ("brigades", "hazards", "enforcement", "outreach", "services")


def domain_models():
    for model in apps.get_models():
        if model._meta.app_label in DOMAIN_APPS and not model.__name__.startswith("Historical") and not model._meta.auto_created:
            yield model


# Rows that live inside another record and are written through its pages and API.
CHILD_ROWS = {
    "services.CounterCount": "a cell of a counter day: read and written through the day's grid and API",
    "hazards.EnterpriseRiskChange": "written by the enterprise's risk-level action (web and API), listed on its own page",
    "hazards.KeyItemImport": "an upload batch: its pages are the import workflow; the items are in their own APIs",
    "services.ReliefRecovery": "a recovery of an advance: written by the advance's recover step (web and API), listed on its page",
}


def admin_models():
    registered = set(admin.site._registry)
    for model_admin in admin.site._registry.values():
        registered.update(inline.model for inline in model_admin.inlines)
    return registered


def record_models():
    return [m for m in domain_models() if issubclass(m, BrigadeRecord)]


@pytest.mark.parametrize("model", list(domain_models()), ids=lambda m: m._meta.label)
def test_every_model_is_in_the_admin(model):
    assert model in admin_models(), f"{model._meta.label} is neither registered in the admin nor an inline"


@pytest.mark.parametrize(
    "model", [m for m in record_models() if m._meta.label not in CHILD_ROWS], ids=lambda m: m._meta.label
)
def test_every_record_model_has_web_pages_and_an_api(model):
    served = [e for e in endpoints() if e.model is model]
    assert any(e.is_api for e in served), f"{model._meta.label} has no API endpoint"
    assert any(not e.is_api and e.kwargs for e in served), f"{model._meta.label} has no web page of its own"
