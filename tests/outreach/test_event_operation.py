"""An event belongs to an enforcement operation its brigade takes part in: chosen in the form and
the API (never another brigade's own operation), filtered in the list, shown on both pages; the
data migration links the events whose campaign text names an operation."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outreach.models import Event

from ..enforcement.factories import OperationFactory
from ..factories import BrigadeFactory, DetachmentFactory
from .factories import EventFactory
from .test_events import event_post

pytestmark = pytest.mark.django_db

link_migration = importlib.import_module("outreach.migrations.0004_link_events_to_operations")


# --- the form ----------------------------------------------------------------------------------


def test_staff_link_an_event_to_their_operation_and_to_a_detachment_wide_one(client_for, staff_a, brigade_a, brigade_b):
    own = OperationFactory(brigade=brigade_a)
    wide = OperationFactory(brigade=brigade_b, is_detachment_wide=True)
    client = client_for(staff_a)
    for operation in (own, wide):
        response = client.post(reverse("outreach:event_create"), event_post(operation=str(operation.pk), campaign=""))
        assert response.status_code == 302, response.context["form"].errors
    assert sorted(Event.objects.values_list("operation_id", flat=True)) == sorted([own.pk, wide.pk])


def test_an_operation_naming_the_brigade_among_those_taking_part_can_be_chosen(client_for, staff_a, brigade_a, brigade_b):
    shared = OperationFactory(brigade=brigade_b)
    shared.covered_brigades.add(brigade_a)
    response = client_for(staff_a).post(reverse("outreach:event_create"), event_post(operation=str(shared.pk)))
    assert response.status_code == 302
    assert Event.objects.get().operation == shared


def test_another_brigades_own_operation_is_neither_offered_nor_accepted(client_for, staff_a, brigade_a, brigade_b):
    own = OperationFactory(brigade=brigade_a)
    private = OperationFactory(brigade=brigade_b, name="乙队夜查")
    client = client_for(staff_a)
    form = client.get(reverse("outreach:event_create")).context["form"]
    assert list(form.fields["operation"].queryset) == [own]
    response = client.post(reverse("outreach:event_create"), event_post(operation=str(private.pk)))
    assert response.status_code == 200 and "operation" in response.context["form"].errors
    assert not Event.objects.exists()


def test_a_detachment_user_cannot_give_a_brigade_an_operation_it_does_not_take_part_in(
    client_for, admin_user, brigade_a, brigade_b
):
    private_b = OperationFactory(brigade=brigade_b)
    response = client_for(admin_user).post(
        reverse("outreach:event_create"), event_post(brigade=str(brigade_a.pk), operation=str(private_b.pk))
    )
    assert response.status_code == 200
    assert "operation" in response.context["form"].errors
    assert not Event.objects.exists()


def test_a_detachment_wide_operation_of_another_detachment_is_refused(client_for, admin_user, brigade_a):
    other = BrigadeFactory(detachment=DetachmentFactory(name="另一支队"))
    foreign = OperationFactory(brigade=other, is_detachment_wide=True)
    response = client_for(admin_user).post(
        reverse("outreach:event_create"), event_post(brigade=str(brigade_a.pk), operation=str(foreign.pk))
    )
    assert "operation" in response.context["form"].errors


def test_the_operation_page_offers_to_record_an_event_with_the_operation_chosen(client_for, staff_a, brigade_a):
    operation = OperationFactory(brigade=brigade_a)
    form = client_for(staff_a).get(reverse("outreach:event_create"), {"operation": operation.pk}).context["form"]
    assert str(form["operation"].value()) == str(operation.pk)


# --- the API -----------------------------------------------------------------------------------


def api_event(**overrides):
    data = {"title": "进社区宣传", "date": "2026-11-20", "event_kind": "themed", "venue_kind": "community",
            "venue_name": "花园社区", "audience": 80}
    data.update(overrides)
    return data


def test_the_api_links_an_operation_and_refuses_another_brigades(api_client_for, staff_a, brigade_a, brigade_b):
    api = api_client_for(staff_a)
    wide = OperationFactory(brigade=brigade_b, is_detachment_wide=True, name="全市统一行动")
    private = OperationFactory(brigade=brigade_b)
    response = api.post(reverse("api:outreach-event-list"), api_event(operation=wide.pk), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["operation"] == wide.pk and response.json()["operation_name"] == "全市统一行动"
    response = api.post(reverse("api:outreach-event-list"), api_event(operation=private.pk), format="json")
    assert response.status_code == 400 and "operation" in response.json()
    assert Event.objects.count() == 1


def test_the_api_refuses_a_detachment_user_linking_an_operation_the_brigade_is_not_part_of(
    api_client_for, admin_user, brigade_a, brigade_b
):
    private_b = OperationFactory(brigade=brigade_b)
    response = api_client_for(admin_user).post(
        reverse("api:outreach-event-list"), api_event(brigade=brigade_a.pk, operation=private_b.pk), format="json"
    )
    assert response.status_code == 400 and "operation" in response.json()


def test_the_api_list_filters_by_operation(api_client_for, staff_a, brigade_a):
    operation = OperationFactory(brigade=brigade_a)
    linked = EventFactory(brigade=brigade_a, operation=operation)
    EventFactory(brigade=brigade_a)
    rows = api_client_for(staff_a).get(reverse("api:outreach-event-list"), {"operation": operation.pk}).json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert [row["id"] for row in rows] == [linked.pk]


# --- the list, the detail page and the operation's page ----------------------------------------


def test_the_list_filters_by_operation_and_offers_only_visible_operations(client_for, staff_a, brigade_a, brigade_b):
    operation = OperationFactory(brigade=brigade_a)
    private_b = OperationFactory(brigade=brigade_b)
    linked = EventFactory(brigade=brigade_a, operation=operation, title="护学宣传")
    EventFactory(brigade=brigade_a, title="未关联活动")
    response = client_for(staff_a).get(reverse("outreach:event_list"), {"operation": operation.pk})
    page = response.content.decode()
    assert linked.title in page and "未关联活动" not in page
    choices = list(response.context["filter"].filters["operation"].queryset)
    assert operation in choices and private_b not in choices


def test_the_event_list_keeps_a_constant_number_of_queries_with_operations(client_for, staff_a, brigade_a):
    operation = OperationFactory(brigade=brigade_a)
    client = client_for(staff_a)
    EventFactory.create_batch(5, brigade=brigade_a, operation=operation)
    with CaptureQueriesContext(connection) as five:
        client.get(reverse("outreach:event_list"))
    EventFactory.create_batch(45, brigade=brigade_a, operation=OperationFactory(brigade=brigade_a))
    with CaptureQueriesContext(connection) as fifty:
        client.get(reverse("outreach:event_list"))
    assert len(fifty) == len(five)


def test_the_event_page_links_its_operation(client_for, staff_a, brigade_a):
    operation = OperationFactory(brigade=brigade_a, name="冬季夜查酒驾")
    event = EventFactory(brigade=brigade_a, operation=operation)
    page = client_for(staff_a).get(event.get_absolute_url()).content.decode()
    assert "冬季夜查酒驾" in page and operation.get_absolute_url() in page


def test_the_operation_page_lists_the_events_the_viewer_may_see(client_for, staff_a, staff_b, brigade_a, brigade_b):
    wide = OperationFactory(brigade=brigade_a, is_detachment_wide=True)
    EventFactory(brigade=brigade_a, operation=wide, title="甲队进校园", audience=300)
    EventFactory(brigade=brigade_b, operation=wide, title="乙队进社区", audience=50)
    EventFactory(brigade=brigade_a, title="无关活动")
    page_a = client_for(staff_a).get(wide.get_absolute_url())
    html = page_a.content.decode()
    assert "甲队进校园" in html and "乙队进社区" not in html and "无关活动" not in html
    assert 'data-testid="operation-outreach-count">1<' in html
    html_b = client_for(staff_b).get(wide.get_absolute_url()).content.decode()
    assert "乙队进社区" in html_b and "甲队进校园" not in html_b


def test_an_operation_without_events_says_so(client_for, staff_a, brigade_a):
    operation = OperationFactory(brigade=brigade_a)
    html = client_for(staff_a).get(operation.get_absolute_url()).content.decode()
    assert 'data-testid="operation-outreach"' in html
    assert reverse("outreach:event_create") + f"?operation={operation.pk}" in html


# --- the data migration ------------------------------------------------------------------------


def run_link():
    link_migration.link(apps, None)


def test_the_migration_links_events_whose_campaign_names_a_visible_operation(brigade_a, brigade_b):
    day = datetime.date(2026, 7, 10)
    summer = OperationFactory(brigade=brigade_a, name="“一盔一带”安全守护行动",
                              start_date=datetime.date(2026, 6, 1), end_date=datetime.date(2026, 8, 31))
    wide = OperationFactory(brigade=brigade_a, name="全市夏夜统一行动", is_detachment_wide=True,
                            start_date=datetime.date(2026, 6, 1), end_date=datetime.date(2026, 8, 31))
    OperationFactory(brigade=brigade_a, name="甲队专项")
    exact = EventFactory(brigade=brigade_a, date=day, campaign="“一盔一带”安全守护行动")
    loose = EventFactory(brigade=brigade_a, date=day, campaign=' "一盔一带" 安全守护行动 ')
    covered = EventFactory(brigade=brigade_b, date=day, campaign="全市夏夜统一行动")
    not_theirs = EventFactory(brigade=brigade_b, date=day, campaign="甲队专项")
    theme = EventFactory(brigade=brigade_a, date=day, campaign="全国交通安全日")
    run_link()
    for event in (exact, loose, covered, not_theirs, theme):
        event.refresh_from_db()
    assert exact.operation == summer and exact.campaign == ""
    assert loose.operation == summer
    assert covered.operation == wide
    assert not_theirs.operation is None and not_theirs.campaign == "甲队专项"
    assert theme.operation is None and theme.campaign == "全国交通安全日"
    latest = exact.history.first()
    assert latest.operation_id == summer.pk and "data migration" in latest.history_change_reason


def test_the_migration_picks_the_years_operation_running_that_day_and_leaves_ambiguity_alone(brigade_a):
    last_year = OperationFactory(brigade=brigade_a, name="夜查酒驾集中整治",
                                 start_date=datetime.date(2025, 1, 1), end_date=datetime.date(2025, 2, 28))
    this_year = OperationFactory(brigade=brigade_a, name="夜查酒驾集中整治",
                                 start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2026, 2, 28))
    in_2025 = EventFactory(brigade=brigade_a, date=datetime.date(2025, 2, 1), campaign="夜查酒驾集中整治")
    in_2026 = EventFactory(brigade=brigade_a, date=datetime.date(2026, 1, 15), campaign="夜查酒驾集中整治")
    between = EventFactory(brigade=brigade_a, date=datetime.date(2025, 9, 1), campaign="夜查酒驾集中整治")
    run_link()
    assert Event.objects.get(pk=in_2025.pk).operation == last_year
    assert Event.objects.get(pk=in_2026.pk).operation == this_year
    assert Event.objects.get(pk=between.pk).operation is None


def test_the_migration_links_a_lone_operation_outside_its_dates_and_reverses(brigade_a):
    operation = OperationFactory(brigade=brigade_a, name="百日行动",
                                 start_date=datetime.date(2026, 6, 1), end_date=datetime.date(2026, 9, 8))
    before = EventFactory(brigade=brigade_a, date=datetime.date(2026, 5, 28), campaign="百日行动")
    run_link()
    before.refresh_from_db()
    assert before.operation == operation
    run_link()  # idempotent: nothing left to link, no second history row
    assert before.history.count() == 2
    link_migration.unlink(apps, None)
    before.refresh_from_db()
    assert before.campaign == "百日行动"
