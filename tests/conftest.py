"""Two brigades with a user of every role: the fixtures every app's tests use."""

import pytest

from brigades.choices import Role

from .factories import BrigadeFactory, UserFactory


@pytest.fixture
def media_root(settings, tmp_path):
    """A media root of the test's own (uploads and thumbnails land there), served from there."""
    settings.MEDIA_ROOT = settings.SENDFILE_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


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


from .browser import browser_type_launch_args  # noqa: E402,F401  (a fixture for tests marked browser)
