"""Two brigades with a user of every role, and the clock: the fixtures every app's tests use."""

import datetime
import zoneinfo

import pytest

from brigades.choices import Role

from .factories import BrigadeFactory, UserFactory


@pytest.fixture
def brigade_a(db):
    return BrigadeFactory(name="甲大队", short_name="甲", code="a")


@pytest.fixture
def brigade_b(db):
    return BrigadeFactory(name="乙大队", short_name="乙", code="b")


@pytest.fixture
def staff_a(brigade_a):
    return UserFactory(username="staff_a", brigade=brigade_a, role=Role.STAFF)


@pytest.fixture
def leader_a(brigade_a):
    return UserFactory(username="leader_a", brigade=brigade_a, role=Role.LEADER)


@pytest.fixture
def staff_b(brigade_b):
    return UserFactory(username="staff_b", brigade=brigade_b, role=Role.STAFF)


@pytest.fixture
def leader_b(brigade_b):
    return UserFactory(username="leader_b", brigade=brigade_b, role=Role.LEADER)


@pytest.fixture
def detachment_leader(db):
    return UserFactory(username="zhidui", brigade=None, role=Role.DETACHMENT_LEADER)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="root", brigade=None, role=Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def client_for(client):
    """client_for(user): the test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def api_client_for():
    from rest_framework.test import APIClient

    def login(user):
        api = APIClient()
        api.force_authenticate(user)
        return api

    return login


@pytest.fixture
def clock(time_machine):
    """clock(day, hour=10, minute=0): "now" becomes that wall-clock time in Asia/Shanghai, and keeps
    ticking. The project's one way to pin today in a test (time-machine); a test that needs a
    particular weekday, month end or "the future" pins the day rather than writing a date that was
    the future only when the test was written. Returns the moved-to datetime."""

    def move(day, hour=10, minute=0):
        moment = datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)
        time_machine.move_to(moment, tick=True)
        return moment

    return move


SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


from .browser import browser_type_launch_args  # noqa: E402,F401  (a fixture for tests marked browser)
