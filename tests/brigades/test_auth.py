import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

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
    assert settings.SESSION_COOKIE_AGE == 1800
    assert client.session.get_expiry_age() == 1800


def test_use_keeps_a_session_alive_with_a_write_a_minute_at_most(client_for, staff_a, time_machine):
    from django.contrib.sessions.models import Session

    time_machine.move_to(timezone.now(), tick=False)
    client = client_for(staff_a)
    client.get(reverse("home"))
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    def expires():
        return Session.objects.get(session_key=key).expire_date

    first = expires()
    time_machine.shift(datetime.timedelta(seconds=30))
    client.get(reverse("home"))
    assert expires() == first  # read within the minute: no write
    for _ in range(3):  # 25 minutes of work, a page every 8 minutes: never idle for 30
        time_machine.shift(datetime.timedelta(minutes=8))
        assert client.get(reverse("home")).status_code == 200
    assert expires() > first + datetime.timedelta(minutes=20)
    time_machine.shift(datetime.timedelta(minutes=31))
    assert client.get(reverse("home")).status_code == 302  # idle for 31 minutes: log in again


def test_the_language_switch_shows_english(client_for, staff_a):
    client = client_for(staff_a)
    assert "首页" in client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Home" in client.get(reverse("home")).content.decode()
