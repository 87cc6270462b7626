"""Approval and edits of the month serialised (issue 13), on a real PostgreSQL with two threads.

The first side to hold the month (an approval, or an edit's transaction) stops right there until the
database shows the other connection waiting for a lock, then commits. Without the month lock
(brigades.records.month_lock: a shared advisory lock taken by every write's check, the exclusive one by the
approval) the rival would not wait: an edit would commit after the approval, or the approval would
store figures without an edit already under way. SQLite serialises write transactions: skipped there.
"""

import threading
from datetime import date

import pytest
from django.db import connection, transaction

from brigades.figures import operations
from brigades.models import ApprovedFigure, MonthApproval
from brigades.records.month_lock import MonthLocked
from outreach.models import Event

from ..hazards.test_concurrency import another_connection_waits_for_a_lock, race
from ..outreach.factories import EventFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises write transactions: no race to prove"),
]

OCTOBER = date(2026, 10, 1)


def approved_events(brigade):
    approval = MonthApproval.objects.get(report__brigade=brigade, report__month=OCTOBER, is_current=True)
    row = ApprovedFigure.objects.filter(approval=approval, metric="outreach.events").first()
    return row.value if row else 0


def test_an_edit_waits_for_the_approval_and_is_then_refused(monkeypatch, brigade_a, leader_a, staff_a):
    event = EventFactory(brigade=brigade_a, date=date(2026, 10, 12), audience=100)
    store = operations._store_approved_figures
    seen = {}

    approval_holds = threading.Event()

    def store_then_hold(report, user):
        approval = store(report, user)
        approval_holds.set()
        seen["rival_blocked"] = another_connection_waits_for_a_lock()
        return approval

    monkeypatch.setattr(operations, "_store_approved_figures", store_then_hold)

    def edit():
        approval_holds.wait(timeout=10)
        with transaction.atomic():
            record = Event.objects.get(pk=event.pk)
            record.audience = 500
            record.save()
        return record

    def approve():
        return operations.report_approve(brigade_id=brigade_a.pk, month=OCTOBER, user=leader_a)

    approval, edited = race(approve, edit)
    assert seen["rival_blocked"], "the edit did not wait for the approval"
    assert isinstance(edited, MonthLocked), edited
    assert Event.objects.get(pk=event.pk).audience == 100
    assert ApprovedFigure.objects.get(approval__report=approval, metric="outreach.audience").value == 100


def test_an_approval_waits_for_an_edit_under_way_and_counts_it(brigade_a, leader_a, staff_a):
    seen = {}
    edit_holds = threading.Event()

    def add_event():
        with transaction.atomic():
            created = EventFactory(brigade=brigade_a, date=date(2026, 10, 20), audience=70)
            edit_holds.set()
            seen["rival_blocked"] = another_connection_waits_for_a_lock()
        return created

    def approve():
        edit_holds.wait(timeout=10)
        return operations.report_approve(brigade_id=brigade_a.pk, month=OCTOBER, user=leader_a)

    # the edit takes the month first: the approval is started once the edit holds its lock
    outcomes = race(add_event, approve)
    assert seen["rival_blocked"], "the approval did not wait for the edit under way"
    assert not any(isinstance(o, Exception) for o in outcomes), outcomes
    assert approved_events(brigade_a) == 1  # committed before the approval: counted in it
