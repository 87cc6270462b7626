"""API tokens: issued by password (and second factor), stored hashed, expire after idle days,
revoked on logout (API and web) and per user by an administrator; issue and use are logged."""

import datetime

import pytest
from django.urls import reverse
from knox.models import AuthToken

from security.choices import EventKind
from security.models import SecurityEvent

pytestmark = pytest.mark.django_db


def obtain(client, username="staff_a", password="test-pass-123"):
    return client.post(reverse("api:token"), {"username": username, "password": password})


def authorised(client, token):
    return client.get("/api/officers/", HTTP_AUTHORIZATION=f"Token {token}")


def test_a_token_is_issued_stored_hashed_and_logged(client, staff_a):
    response = obtain(client)
    assert response.status_code == 200
    token = response.json()["token"]
    stored = AuthToken.objects.get(user=staff_a)
    assert token not in (stored.digest, stored.token_key) and stored.digest != token
    assert authorised(client, token).status_code == 200
    assert SecurityEvent.objects.filter(kind=EventKind.TOKEN_ISSUED, user=staff_a, target=stored.token_key).exists()


def test_a_wrong_password_gets_no_token_and_counts_as_a_failure(client, staff_a):
    assert obtain(client, password="wrong").status_code == 400
    assert not AuthToken.objects.exists()
    assert SecurityEvent.objects.filter(kind=EventKind.LOGIN_FAILED, username="staff_a").exists()


def test_a_token_expires_after_the_idle_days_and_use_pushes_it(client, staff_a, time_machine, settings):
    from django.utils import timezone

    time_machine.move_to(timezone.now(), tick=False)
    token = obtain(client).json()["token"]
    idle = datetime.timedelta(days=settings.API_TOKEN_IDLE_DAYS)
    time_machine.shift(idle - datetime.timedelta(days=1))
    assert authorised(client, token).status_code == 200  # used: the expiry moves
    assert SecurityEvent.objects.filter(kind=EventKind.TOKEN_USED, user=staff_a).exists()
    time_machine.shift(idle - datetime.timedelta(days=1))
    assert authorised(client, token).status_code == 200
    time_machine.shift(idle + datetime.timedelta(days=1))
    assert authorised(client, token).status_code in (401, 403)
    assert not AuthToken.objects.filter(user=staff_a).exists()


def test_api_logout_revokes_the_token(client, staff_a):
    token = obtain(client).json()["token"]
    other = obtain(client).json()["token"]
    response = client.post(reverse("api:token_logout"), HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 204
    assert authorised(client, token).status_code in (401, 403)
    assert authorised(client, other).status_code == 200
    client.post(reverse("api:token_logout_all"), HTTP_AUTHORIZATION=f"Token {other}")
    assert authorised(client, other).status_code in (401, 403)
    assert SecurityEvent.objects.filter(kind=EventKind.TOKEN_REVOKED, user=staff_a).count() == 2


def test_web_logout_revokes_the_users_tokens(client, client_for, staff_a):
    from rest_framework.test import APIClient

    token = obtain(APIClient()).data["token"]
    web = client_for(staff_a)
    web.post(reverse("logout"))
    assert authorised(APIClient(), token).status_code in (401, 403)


def test_an_admin_revokes_a_users_tokens(client_for, admin_user, staff_a):
    from rest_framework.test import APIClient

    token = obtain(APIClient()).data["token"]
    response = client_for(admin_user).post(reverse("admin:brigades_user_changelist"),
                                           {"action": "revoke_api_tokens", "_selected_action": [staff_a.pk]})
    assert response.status_code == 302
    assert authorised(APIClient(), token).status_code in (401, 403)
    assert SecurityEvent.objects.filter(kind=EventKind.TOKEN_REVOKED, user=admin_user, target="staff_a").exists()


def test_the_user_revokes_their_own_tokens_on_the_account_page(client_for, staff_a):
    from rest_framework.test import APIClient

    token = obtain(APIClient()).data["token"]
    client = client_for(staff_a)
    assert AuthToken.objects.get(user=staff_a).token_key in client.get(reverse("security:account")).content.decode()
    client.post(reverse("security:tokens_revoke"))
    assert authorised(APIClient(), token).status_code in (401, 403)


def test_clear_drf_tokens_become_hashed_tokens_that_still_work(staff_a, client):
    """Migration 0002: an existing clear DRF token keeps working, and the clear copy is gone."""
    from importlib import import_module
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    migration = import_module("security.migrations.0002_hash_api_tokens")
    key = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id integer)")
        cursor.execute("INSERT INTO authtoken_token (key, user_id) VALUES (%s, %s)", [key, staff_a.pk])
    try:
        # The function needs only the connection and quoting of a schema editor (SQLite refuses a
        # real one inside the test's transaction).
        editor = SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name)
        migration.hash_clear_tokens(apps, editor)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM authtoken_token")
            assert cursor.fetchone()[0] == 0
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE authtoken_token")
    assert AuthToken.objects.get(user=staff_a).digest != key
    assert authorised(client, key).status_code == 200
