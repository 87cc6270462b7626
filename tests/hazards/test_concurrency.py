"""Two people acting at once: the row locks of hazards.operations decide, on a real PostgreSQL.

Each test runs two threads (two database connections). The first thread to hold the lock stops
right there until the database shows the other connection waiting for a lock, then finishes. So
the race is forced, not left to timing: without `select_for_update` the other thread would not
wait, it would read the same state and both would win (the first thread gives up waiting after a
few seconds and the assertions fail). SQLite is skipped: it serialises whole write transactions
(BEGIN IMMEDIATE), so there is no race to prove there. CI runs the suite on PostgreSQL too.
"""

import threading
import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from brigades.choices import Role
from hazards import operations
from hazards.choices import HazardAction, HazardStatus
from hazards.models import Hazard, HazardTransition, NoticeCounter

from ..factories import UserFactory
from .factories import HazardFactory, party

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises write transactions (BEGIN IMMEDIATE): no concurrent writers to race; "
        "CI runs this on PostgreSQL",
    ),
]

WAIT_FOR_RIVAL = 10  # seconds; only reached when the rival never blocks, i.e. the lock is missing


def another_connection_waits_for_a_lock(timeout=WAIT_FOR_RIVAL):
    """Poll (from the lock holder's own connection) until another backend of this database is
    waiting for a lock. pg_stat_activity is cached per transaction: clear that snapshot each time."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.01)
    return False


class HoldFirstLock:
    """Wraps a function that runs while a row lock is held: the first thread through it waits
    there for its rival to block on that lock; any later thread passes straight on."""

    def __init__(self, function):
        self.function = function
        self.first = threading.Lock()
        self.rival_blocked = None

    def __call__(self, *args, **kwargs):
        result = self.function(*args, **kwargs)
        if self.first.acquire(blocking=False):
            self.rival_blocked = another_connection_waits_for_a_lock()
        return result


def race(*calls):
    """Run the calls in threads started together; each outcome is its result or its exception."""
    start = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            start.wait()
            outcomes[index] = call()
        except Exception as error:  # noqa: BLE001 (the outcome is what the test looks at)
            outcomes[index] = error
        finally:
            connections.close_all()  # this thread's connection, or the test database cannot be dropped

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    return outcomes


def assign(hazard, user):
    return lambda: operations.hazard_assign(
        hazard=Hazard(pk=hazard.pk), by=user, responsible_party=party(), deadline=timezone.localdate() + timedelta(days=15)
    )


def test_two_people_assigning_the_same_hazard_at_once_exactly_one_wins(monkeypatch, staff_a, brigade_a):
    hazard = HazardFactory(brigade=brigade_a)
    second_clerk = UserFactory(username="staff_a2", brigade=brigade_a, role=Role.STAFF)
    party()
    hold = HoldFirstLock(operations._begin)
    monkeypatch.setattr(operations, "_begin", hold)

    outcomes = race(assign(hazard, staff_a), assign(hazard, second_clerk))

    assert hold.rival_blocked, "the second transition did not wait for the first one's row lock"
    won = [o for o in outcomes if isinstance(o, Hazard)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(won) == 1 and len(refused) == 1, outcomes
    [message] = refused[0].messages
    assert "不能" in message or "cannot" in message  # the operation's refusal, not a database error
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.ASSIGNED and hazard.notice_serial == 1
    assert HazardTransition.objects.filter(hazard=hazard, action=HazardAction.ASSIGN).count() == 1
    assert NoticeCounter.objects.get(brigade=brigade_a).last_serial == 1  # the loser drew no number


@pytest.mark.parametrize("counter_exists", [False, True], ids=["first notice of the year", "counter row exists"])
def test_two_notices_issued_at_once_get_different_numbers(monkeypatch, staff_a, brigade_a, counter_exists):
    first, second = HazardFactory(brigade=brigade_a), HazardFactory(brigade=brigade_a)
    second_clerk = UserFactory(username="staff_a2", brigade=brigade_a, role=Role.STAFF)
    party()
    year = timezone.localdate().year
    if counter_exists:
        NoticeCounter.objects.create(brigade=brigade_a, year=year, last_serial=11)
    # Hold the counter row between reading it and writing the next serial.
    hold = HoldFirstLock(NoticeCounter.save)
    monkeypatch.setattr(NoticeCounter, "save", lambda self, *a, **kw: hold(self, *a, **kw))

    outcomes = race(assign(first, staff_a), assign(second, second_clerk))

    assert all(isinstance(o, Hazard) for o in outcomes), outcomes
    assert hold.rival_blocked, "the second notice did not wait for the counter's row lock"
    base = 11 if counter_exists else 0
    serials = sorted(Hazard.objects.filter(pk__in=[first.pk, second.pk]).values_list("notice_serial", flat=True))
    assert serials == [base + 1, base + 2]
    numbers = set(Hazard.objects.filter(pk__in=[first.pk, second.pk]).values_list("notice_number", flat=True))
    assert len(numbers) == 2
    assert NoticeCounter.objects.get(brigade=brigade_a, year=year).last_serial == base + 2
