import pytest
from django.conf import settings
from django.urls import reverse

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def test_pages_need_a_login(client):
    response = client.get(reverse("brigades:officer_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_five_failures_lock_the_username_from_that_address(client, brigade_a):
    UserFactory(username="clerk", brigade=brigade_a)
    for _ in range(5):
        client.post(reverse("login"), {"username": "clerk", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "clerk", "password": "test-pass-123"})
    assert response.status_code == 429
    assert "账号已锁定" in response.content.decode()


def test_the_right_password_logs_in(client, brigade_a):
    UserFactory(username="clerk", brigade=brigade_a)
    response = client.post(reverse("login"), {"username": "clerk", "password": "test-pass-123"})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_sessions_expire_after_thirty_idle_minutes(client_for, staff_a):
    client = client_for(staff_a)
    client.get(reverse("home"))
    assert settings.SESSION_COOKIE_AGE == 1800 and settings.SESSION_SAVE_EVERY_REQUEST
    assert client.session.get_expiry_age() == 1800


def test_the_language_switch_shows_english(client_for, staff_a):
    client = client_for(staff_a)
    assert "首页" in client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Home" in client.get(reverse("home")).content.decode()
