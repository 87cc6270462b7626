"""待办: what needs a user now, with a link to each record and its next action, in their scope."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from hazards import operations as hazard_operations
from hazards.choices import KeyItemStatus
from notifications.choices import TodoCategory
from notifications.selectors import todo_count, todo_items
from services.choices import WorkOrderStatus

from ..factories import OfficerFactory, SquadronFactory, UserFactory
from ..hazards.factories import (
    HazardFactory,
    KeyVehicleFactory,
    NoticeFactory,
    SupervisionActionFactory,
    party,
)
from ..services.factories import WorkOrderFactory

pytestmark = pytest.mark.django_db


def assigned_hazard(brigade, by, *, deadline_in_days, **fields):
    today = timezone.localdate()
    hazard = HazardFactory(brigade=brigade, found_on=today - timedelta(days=20), **fields)
    return hazard_operations.hazard_assign(
        hazard=hazard, by=by, responsible_party=party(), deadline=today + timedelta(days=deadline_in_days),
        issued_on=today - timedelta(days=15),
    )


def keys(items):
    return {item.key for item in items}


def test_overdue_and_due_soon_hazards_are_listed_with_their_next_action(brigade_a, staff_a, client_for):
    overdue = assigned_hazard(brigade_a, staff_a, deadline_in_days=-2)
    due_soon = assigned_hazard(brigade_a, staff_a, deadline_in_days=3)
    later = assigned_hazard(brigade_a, staff_a, deadline_in_days=10)
    items = [i for i in todo_items(staff_a) if i.category == TodoCategory.HAZARD]
    assert [i.key for i in items] == [f"hazard:{overdue.pk}", f"hazard:{due_soon.pk}"]
    assert items[0].overdue_days == 2 and items[0].level == "danger" and items[1].overdue_days == 0
    assert f"hazard:{later.pk}" not in keys(todo_items(staff_a))

    page = client_for(staff_a).get(reverse("notifications:todo"))
    assert page.status_code == 200
    html = page.content.decode()
    assert overdue.get_absolute_url() in html
    assert reverse("hazards:hazard_start", args=[overdue.pk]) in html


def test_an_officer_of_a_squadron_sees_what_the_squadron_handles(brigade_a, staff_a):
    first, second = SquadronFactory(brigade=brigade_a), SquadronFactory(brigade=brigade_a)
    mine = OfficerFactory(brigade=brigade_a, squadron=first)
    colleague = OfficerFactory(brigade=brigade_a, squadron=first)
    other = OfficerFactory(brigade=brigade_a, squadron=second)
    officer_user = UserFactory(brigade=brigade_a, officer=mine)
    by_colleague = assigned_hazard(brigade_a, staff_a, deadline_in_days=-1, finder=colleague)
    by_other = assigned_hazard(brigade_a, staff_a, deadline_in_days=-1, finder=other)
    vehicle = KeyVehicleFactory(brigade=brigade_a, squadron=first, officer=colleague,
                                handle_by=timezone.localdate() - timedelta(days=1), status=KeyItemStatus.ASSIGNED)
    other_vehicle = KeyVehicleFactory(brigade=brigade_a, squadron=second, officer=other,
                                      handle_by=timezone.localdate() - timedelta(days=1), status=KeyItemStatus.ASSIGNED)

    seen = keys(todo_items(officer_user))
    assert f"hazard:{by_colleague.pk}" in seen and f"keyvehicle:{vehicle.pk}" in seen
    assert f"hazard:{by_other.pk}" not in seen and f"keyvehicle:{other_vehicle.pk}" not in seen
    # The brigade's clerk (no squadron) handles the whole brigade's.
    clerk_sees = keys(todo_items(staff_a))
    assert {f"hazard:{by_other.pk}", f"keyvehicle:{other_vehicle.pk}"} <= clerk_sees


def test_every_kind_of_due_work_appears(brigade_a, staff_a):
    today = timezone.localdate()
    vehicle = KeyVehicleFactory(brigade=brigade_a, handle_by=today - timedelta(days=3))
    cleared = KeyVehicleFactory(brigade=brigade_a, handle_by=today - timedelta(days=3), status=KeyItemStatus.CLEARED)
    order = WorkOrderFactory(brigade=brigade_a, received_at=timezone.now() - timedelta(hours=80),
                             due_at=timezone.now() - timedelta(hours=8))
    replied = WorkOrderFactory(brigade=brigade_a, due_at=timezone.now() - timedelta(hours=1), status=WorkOrderStatus.REPLIED,
                               received_at=timezone.now() - timedelta(hours=30))
    action = SupervisionActionFactory(brigade=brigade_a, kind="inspection", acted_on=today - timedelta(days=10),
                                      deadline=today - timedelta(days=1))
    hazard_operations.supervision_action_record(action=action, by=staff_a)
    notice = NoticeFactory(brigade=brigade_a, issued_on=today - timedelta(days=5))
    fresh_notice = NoticeFactory(brigade=brigade_a, issued_on=today)

    items = todo_items(staff_a)
    seen = keys(items)
    assert {f"keyvehicle:{vehicle.pk}", f"workorder:{order.pk}", f"supervision:{action.pk}", f"notice:{notice.pk}"} <= seen
    assert not {f"keyvehicle:{cleared.pk}", f"workorder:{replied.pk}", f"notice:{fresh_notice.pk}"} & seen
    by_key = {item.key: item for item in items}
    assert by_key[f"workorder:{order.pk}"].action_url == reverse("services:workorder_take", args=[order.pk])
    assert by_key[f"notice:{notice.pk}"].action_url == reverse("hazards:notice_receipt", args=[notice.pk])


def test_reinspections_due_appear(brigade_a, staff_a, leader_a, jpeg):
    today = timezone.localdate()
    hazard = assigned_hazard(brigade_a, staff_a, deadline_in_days=5)
    hazard_operations.hazard_rectify(hazard=hazard, by=staff_a, note="树木已修剪", photos=[jpeg()],
                                     rectified_on=today - timedelta(days=12))
    hazard_operations.hazard_sign_off(hazard=hazard, by=leader_a, signed_off_on=today - timedelta(days=11))
    reinspection = hazard.reinspections.get()
    reinspection.due_on = today - timedelta(days=1)
    reinspection.save()
    item = next(i for i in todo_items(staff_a) if i.category == TodoCategory.REINSPECTION)
    assert item.action_url == reverse("hazards:reinspection_record", args=[reinspection.pk])


def test_a_leader_sees_the_months_awaiting_approval(brigade_a, leader_a, staff_a):
    from brigades.figures.operations import report_approve

    months = [i for i in todo_items(leader_a) if i.category == TodoCategory.MONTH_APPROVAL]
    assert len(months) == 3
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    report_approve(brigade_id=brigade_a.pk, month=last_month, user=leader_a)
    keys_after = keys(todo_items(leader_a))
    assert f"month:{brigade_a.pk}:{last_month:%Y-%m}" not in keys_after
    assert not [i for i in todo_items(staff_a) if i.category == TodoCategory.MONTH_APPROVAL]


def test_another_brigades_work_never_shows(brigade_a, brigade_b, staff_a, staff_b, client_for):
    hazard = assigned_hazard(brigade_a, staff_a, deadline_in_days=-2)
    NoticeFactory(brigade=brigade_a)
    assert todo_items(staff_b) == []
    html = client_for(staff_b).get(reverse("notifications:todo")).content.decode()
    assert hazard.get_absolute_url() not in html and 'data-testid="todo-nothing"' in html


def test_the_detachment_sees_the_listings_for_supervision_that_are_due(brigade_a, staff_a, detachment_leader):
    today = timezone.localdate()
    due = hazard_operations.supervision_list(
        hazard=assigned_hazard(brigade_a, staff_a, deadline_in_days=-4), by=staff_a, level="city", supervising_unit="市安委办",
        listed_on=today - timedelta(days=10), supervision_deadline=today - timedelta(days=1),
    )
    hazard_operations.supervision_list(
        hazard=assigned_hazard(brigade_a, staff_a, deadline_in_days=-4), by=staff_a, level="detachment",
        supervising_unit="支队", supervision_deadline=today + timedelta(days=30),
    )
    assigned_hazard(brigade_a, staff_a, deadline_in_days=-4)
    assert keys(todo_items(detachment_leader)) == {f"listing:{due.pk}"}
    assert f"listing:{due.pk}" in keys(todo_items(staff_a))


def test_the_navbar_count_is_cached_briefly(brigade_a, staff_a, client_for, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}  # the suite's is a dummy
    assigned_hazard(brigade_a, staff_a, deadline_in_days=-2)  # the hazard, and its notice awaiting a receipt
    page = client_for(staff_a).get(reverse("home")).content.decode()
    assert 'data-testid="nav-todo-count">2<' in page
    assigned_hazard(brigade_a, staff_a, deadline_in_days=-1)
    assert todo_count(staff_a) == 2  # still the cached number
    cache.clear()
    assert todo_count(staff_a) == 4


def test_the_page_reads_the_same_number_of_queries_for_few_and_many(brigade_a, staff_a, client_for, django_assert_max_num_queries):
    client = client_for(staff_a)
    for _ in range(2):
        assigned_hazard(brigade_a, staff_a, deadline_in_days=-1)
    cache.clear()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("notifications:todo"))
    for _ in range(8):
        assigned_hazard(brigade_a, staff_a, deadline_in_days=-1)
        KeyVehicleFactory(brigade=brigade_a, handle_by=timezone.localdate() - timedelta(days=1))
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("notifications:todo"))
    assert len(many) <= len(few) + 1  # one more: the key vehicles' list was empty before


def test_the_api_gives_the_same_lines(brigade_a, staff_a, api_client_for):
    hazard = assigned_hazard(brigade_a, staff_a, deadline_in_days=-2)
    response = api_client_for(staff_a).get(reverse("api:todo"))
    assert response.status_code == 200
    notice = hazard.notices.get()
    assert [row["url"] for row in response.data] == [hazard.get_absolute_url(), notice.get_absolute_url()]
