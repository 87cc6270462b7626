"""No lost update: every edit form and every PUT/PATCH of the API carries the version it was made from,
and an edit made from an older version is refused, whoever saved in between.

The edit pages and API endpoints are discovered (tests/url_walk.py), so a new record type is covered
without being named here: its edit page is opened, someone else saves the record, the form is posted
as it was opened (refused, showing the other person's change), then posted again as it came back
(saved). Runs on SQLite and, in CI, on PostgreSQL.
"""

import threading

import pytest
from django.db import connection, connections, transaction
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet
from django.urls import reverse

from brigades.choices import Role
from brigades.models import Brigade
from brigades.records.versioning import StaleEdit
from hazards.models import Hazard

from ..factories import UserFactory
from ..hazards.factories import HazardFactory
from ..url_walk import endpoints, factories_by_model, url_kwargs

ALL = endpoints()
EDIT_PAGES = [
    e for e in ALL
    if not e.is_api and e.name.endswith("_update") and e.model is not None and hasattr(e.model, "version")
    and "post" in e.methods
]
API_DETAILS = [e for e in ALL if e.is_api and e.kwargs == ("pk",) and "patch" in e.methods and hasattr(e.model, "version")]


def record_of(model, brigade):
    return factories_by_model()[model](brigade=brigade)


def someone_else_saves(record):
    """Another person saves the record (the admin, another clerk): its version moves on by one."""
    other = type(record)._base_manager.get(pk=record.pk)
    other.save()
    return other.version


def posted_values(response):
    """What the browser would post back: every field of every form and formset on the page."""
    data = {}

    def add(form):
        for bound in form:
            value = bound.value()
            if value is None or bound.field.disabled:
                continue
            if isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
                continue
            if isinstance(value, (list, tuple)):
                data[bound.html_name] = [str(getattr(v, "pk", v)) for v in value]
            elif hasattr(value, "isoformat"):
                data[bound.html_name] = value.isoformat()
            elif hasattr(value, "url"):  # a stored file: left as it is
                continue
            else:
                data[bound.html_name] = str(getattr(value, "pk", value))

    for value in (response.context[key] for key in response.context.keys()):
        if isinstance(value, BaseFormSet):
            add(value.management_form)
            for form in value.forms:
                add(form)
        elif isinstance(value, BaseForm):
            add(value)
    return data


def test_every_versioned_record_with_an_edit_page_is_covered():
    models = {e.model for e in EDIT_PAGES}
    assert Hazard in models and len(models) >= 20, sorted(m.__name__ for m in models)


@pytest.mark.parametrize("endpoint", EDIT_PAGES, ids=str)
def test_a_stale_edit_form_is_refused_and_comes_back_current(endpoint, brigade_a, client):
    record = record_of(endpoint.model, brigade_a)
    writer = UserFactory(username="clerk", brigade=brigade_a, role=Role.STAFF)
    client.force_login(writer)
    url = reverse(endpoint.name, kwargs=url_kwargs(endpoint, record))
    opened = client.get(url)
    if opened.status_code == 302:
        pytest.skip(f"{endpoint} redirects to another editing screen")
    assert opened.status_code == 200
    data = posted_values(opened)
    assert data["version"] == str(record.version)
    now = someone_else_saves(record)

    refused = client.post(url, data)

    assert refused.status_code == 200, "a stale edit must not be saved"
    page = refused.content.decode()
    assert 'data-testid="stale-edit"' in page and "之后修改了这条记录" in page
    assert type(record)._base_manager.get(pk=record.pk).version == now  # nothing was saved
    again = posted_values(refused)
    assert again["version"] == str(now)  # the form now carries the current version

    saved = client.post(url, again)

    assert saved.status_code == 302, saved.context["form"].errors if saved.context else saved
    assert type(record)._base_manager.get(pk=record.pk).version == now + 1


@pytest.mark.parametrize("endpoint", API_DETAILS, ids=str)
def test_a_stale_api_edit_answers_409_with_the_current_version(endpoint, brigade_a, api_client_for):
    record = record_of(endpoint.model, brigade_a)
    if endpoint.model is Brigade:
        pytest.skip("brigades are not edited through the API")
    writer = UserFactory(username="clerk", brigade=brigade_a, role=Role.STAFF)
    api = api_client_for(writer)
    url = reverse(endpoint.name, kwargs=url_kwargs(endpoint, record))
    read = api.get(url)
    assert read.status_code == 200
    assert read.data["version"] == record.version and read["ETag"] == f'"{record.version}"'
    now = someone_else_saves(record)

    stale = api.patch(url, {"version": record.version}, format="json")
    assert stale.status_code == 409 and stale.json()["version"] == now
    assert "已被他人修改" in stale.json()["detail"]
    precondition = api.patch(url, {}, format="json", HTTP_IF_MATCH=read["ETag"])
    assert precondition.status_code == 412 and precondition.json()["version"] == now
    missing = api.patch(url, {}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()
    assert type(record)._base_manager.get(pk=record.pk).version == now

    current = api.patch(url, {}, format="json", HTTP_IF_MATCH=f'"{now}"')
    assert current.status_code == 200, current.data
    assert current.data["version"] == now + 1 and current["ETag"] == f'"{now + 1}"'


def test_the_refused_form_shows_the_field_they_changed_with_their_value_and_mine(brigade_a, client_for):
    hazard = HazardFactory(brigade=brigade_a, description="路口东侧树木遮挡视线")
    clerk = UserFactory(username="clerk", brigade=brigade_a, role=Role.STAFF, first_name="王警官")
    client = client_for(clerk)
    url = reverse("hazards:hazard_update", args=[hazard.pk])
    data = posted_values(client.get(url))
    other = Hazard.objects.get(pk=hazard.pk)
    other.description = "路口东侧树木遮挡，已通知园林处"
    other.save()

    data["description"] = "路口东侧树木遮挡视线，需修剪"
    data["place"] = "新位置"
    refused = client.post(url, data)

    stale = refused.context["form"].stale_edit
    assert [(r["field"], r["theirs"], r["yours"], r["taken"]) for r in stale["rows"]] == [
        (str(Hazard._meta.get_field("description").verbose_name), "路口东侧树木遮挡，已通知园林处", "路口东侧树木遮挡视线，需修剪", False)
    ]
    hazard.refresh_from_db()
    assert hazard.description == "路口东侧树木遮挡，已通知园林处" and hazard.place != "新位置"
    again = posted_values(refused)
    assert again["description"] == "路口东侧树木遮挡视线，需修剪"  # both changed it: the form keeps mine
    assert "双方都改动了此项" in refused.content.decode()


def test_a_refused_form_takes_their_change_where_i_changed_nothing_and_saving_keeps_both(brigade_a, client_for):
    hazard = HazardFactory(brigade=brigade_a, description="路口东侧树木遮挡视线", place="旧位置")
    clerk = UserFactory(username="clerk", brigade=brigade_a, role=Role.STAFF)
    client = client_for(clerk)
    url = reverse("hazards:hazard_update", args=[hazard.pk])
    data = posted_values(client.get(url))
    other = Hazard.objects.get(pk=hazard.pk)
    other.description = "路口东侧树木遮挡，已通知园林处"
    other.save()

    data["place"] = "新位置"
    refused = client.post(url, data)

    assert refused.status_code == 200
    stale = refused.context["form"].stale_edit
    assert [(r["name"], r["taken"]) for r in stale["rows"]] == [("description", True)]
    again = posted_values(refused)
    assert again["description"] == "路口东侧树木遮挡，已通知园林处" and again["place"] == "新位置"
    assert client.post(url, again).status_code == 302
    hazard.refresh_from_db()
    assert (hazard.description, hazard.place) == ("路口东侧树木遮挡，已通知园林处", "新位置")


def test_an_edit_saved_between_reading_and_writing_still_loses(brigade_a):
    """The check is in the UPDATE itself (WHERE version = ...), not only in the form."""
    hazard = HazardFactory(brigade=brigade_a)
    mine, theirs = Hazard.objects.get(pk=hazard.pk), Hazard.objects.get(pk=hazard.pk)
    theirs.description = "theirs"
    theirs.save()
    mine.description = "mine"
    with pytest.raises(StaleEdit) as refused, transaction.atomic():
        mine.save()
    assert refused.value.current == theirs.version
    hazard.refresh_from_db()
    assert hazard.description == "theirs" and hazard.version == 2


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_edits_from_the_same_version_never_both_succeed(brigade_a):
    """Two threads, two connections, both save from version 1: exactly one wins, on either database.
    (SQLite serialises the two writes; PostgreSQL runs them at once and the second UPDATE finds
    version 2 after waiting for the first one's row lock.)"""
    hazard = HazardFactory(brigade=brigade_a)
    start = threading.Barrier(2)
    outcomes = {}

    def edit(name):
        try:
            record = Hazard.objects.get(pk=hazard.pk)
            start.wait()
            record.description = name
            record.save()
            outcomes[name] = "saved"
        except StaleEdit:
            outcomes[name] = "refused"
        except Exception as error:  # noqa: BLE001 (SQLite may answer "database is locked": not a success)
            outcomes[name] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=edit, args=(name,)) for name in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    saved = [name for name, outcome in outcomes.items() if outcome == "saved"]
    assert len(outcomes) == 2 and len(saved) == 1, (outcomes, connection.vendor)
    hazard.refresh_from_db()
    assert hazard.version == 2 and hazard.description == saved[0]
