"""The security log: each event kind is written with the user who acted; nobody edits or deletes
it through the pages, the admin or the model; admins and auditors read it; the purge keeps the
retention."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from brigades.choices import Role
from brigades.figures.operations import report_approve, report_unlock
from security.choices import EventKind
from security.models import SecurityEvent
from security.operations import security_event_record, security_log_purge

from ..factories import OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db


def events(kind, **filters):
    return SecurityEvent.objects.filter(kind=kind, **filters)


def test_logins_and_failures_name_the_user_and_address(client, staff_a):
    client.post(reverse("login"), {"username": "staff_a", "password": "wrong"}, REMOTE_ADDR="10.1.2.3")
    client.post(reverse("login"), {"username": "staff_a", "password": "test-pass-123"}, REMOTE_ADDR="10.1.2.3")
    failure = events(EventKind.LOGIN_FAILED).get()
    assert failure.username == "staff_a" and failure.ip_address == "10.1.2.3"
    login = events(EventKind.LOGIN).get()
    assert login.user == staff_a and login.ip_address == "10.1.2.3"
    # The failure is kept by axes too, after the success, and unmasked.
    from axes.models import AccessFailureLog

    assert AccessFailureLog.objects.filter(username="staff_a", ip_address="10.1.2.3").exists()


def test_a_lockout_and_its_unlock_are_logged(client, staff_a, admin_user):
    for _ in range(5):
        client.post(reverse("login"), {"username": "staff_a", "password": "wrong"})
    assert events(EventKind.LOCKED_OUT, username="staff_a").exists()
    admin = client
    admin.force_login(admin_user)
    attempt = AccessAttempt.objects.get(username="staff_a")
    response = admin.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert response.status_code == 302
    unlock = events(EventKind.UNLOCKED).get()
    assert unlock.target == "staff_a" and unlock.user == admin_user


def test_exports_name_the_list_the_filters_and_the_rows(client_for, staff_a, brigade_a):
    OfficerFactory.create_batch(3, brigade=brigade_a)
    client = client_for(staff_a)
    response = client.get(reverse("brigades:officer_list"), {"_export": "xlsx", "q": ""})
    assert response.status_code == 200
    export = events(EventKind.EXPORT).get()
    assert export.user == staff_a
    assert export.detail["list"] == "brigades.officer" and export.detail["rows"] == 3 and export.detail["format"] == "xlsx"
    client.get(reverse("brigades:officer_list"), {"_export": "csv", "kind": "police"})
    assert events(EventKind.EXPORT).order_by("pk").last().detail["filters"] == {"kind": "police"}


def test_permission_denials_and_other_brigades_records_are_logged(client_for, leader_a, staff_b, brigade_a):
    officer = OfficerFactory(brigade=brigade_a)
    client = client_for(leader_a)
    assert client.get(reverse("brigades:officer_create")).status_code == 403
    assert events(EventKind.PERMISSION_DENIED, user=leader_a).exists()
    client.force_login(staff_b)
    assert client.get(reverse("brigades:officer_detail", args=[officer.pk])).status_code == 404
    assert events(EventKind.OUT_OF_SCOPE, user=staff_b, target=f"brigades.officer #{officer.pk}").exists()
    # A record that does not exist at all is a plain 404, not a scope refusal.
    client.get(reverse("brigades:officer_detail", args=[officer.pk + 1000]))
    assert events(EventKind.OUT_OF_SCOPE).count() == 1


def test_api_denials_are_logged(api_client_for, leader_a):
    response = api_client_for(leader_a).post("/api/officers/", {"name": "x"}, format="json")
    assert response.status_code == 403
    assert events(EventKind.PERMISSION_DENIED, user=leader_a, detail__api=True).exists()


def test_role_and_brigade_changes_of_users_name_who_made_them(client_for, admin_user, staff_a, brigade_b):
    client = client_for(admin_user)
    staff_a.role = Role.LEADER
    staff_a.brigade = brigade_b
    from simple_history.models import HistoricalRecords

    class Request:  # what simple-history's middleware leaves for the signal, as during an admin save
        user = admin_user
        META = {"REMOTE_ADDR": "10.0.0.9"}
        path = "/admin/brigades/user/"

        def get_full_path(self):
            return self.path

    HistoricalRecords.context.request = Request()
    try:
        staff_a.save()
    finally:
        del HistoricalRecords.context.request
    change = events(EventKind.ROLE_CHANGED, target="staff_a").latest("pk")
    assert change.user == admin_user
    assert change.detail["changes"]["role"] == ["staff", "leader"]
    assert change.detail["changes"]["brigade_id"][1] == brigade_b.pk
    assert client  # the admin was logged in


def test_the_admin_form_logs_a_role_change(client_for, admin_user, staff_a):
    client = client_for(admin_user)
    url = reverse("admin:brigades_user_change", args=[staff_a.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("password", "groups", "user_permissions", "last_login", "date_joined")}
    data.update({"role": Role.LEADER, "brigade": staff_a.brigade_id, "date_joined_0": "2020-01-01", "date_joined_1": "08:00:00"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    change = events(EventKind.ROLE_CHANGED, target="staff_a").latest("pk")
    assert change.user == admin_user and change.detail["changes"]["role"] == ["staff", "leader"]


def test_month_approval_and_unlock_are_logged(leader_a, admin_user, brigade_a):
    last_month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    report_approve(brigade_id=brigade_a.pk, month=last_month, user=leader_a)
    report_unlock(brigade_id=brigade_a.pk, month=last_month, user=admin_user, reason="改错")
    approved = events(EventKind.MONTH_APPROVED).get()
    assert approved.user == leader_a and approved.detail["month"] == f"{last_month:%Y-%m}"
    unlocked = events(EventKind.MONTH_UNLOCKED).get()
    assert unlocked.user == admin_user and unlocked.detail["reason"] == "改错"


def test_password_change_by_the_user_and_reset_by_an_admin(client_for, staff_a, admin_user):
    client = client_for(staff_a)
    response = client.post(reverse("security:password_change"), {
        "old_password": "test-pass-123", "new_password1": "Ganzhi-2026-new", "new_password2": "Ganzhi-2026-new"})
    assert response.status_code == 302
    staff_a.refresh_from_db()
    assert staff_a.check_password("Ganzhi-2026-new")
    assert events(EventKind.PASSWORD_CHANGED, user=staff_a).exists()
    # Still logged in after the change.
    assert client.get(reverse("home")).status_code == 200

    client.force_login(admin_user)
    url = reverse("admin:auth_user_password_change", args=[staff_a.pk])
    response = client.post(url, {"password1": "Reset-by-admin-77", "password2": "Reset-by-admin-77", "usable_password": "true"})
    assert response.status_code == 302
    staff_a.refresh_from_db()
    assert staff_a.check_password("Reset-by-admin-77")
    reset = events(EventKind.PASSWORD_RESET).get()
    assert reset.user == admin_user and reset.target == "staff_a"


def test_the_user_menu_links_the_password_page(client_for, staff_a):
    html = client_for(staff_a).get(reverse("home")).content.decode()
    assert reverse("security:password_change") in html
    assert reverse("security:log") not in html


def test_the_log_cannot_be_changed_or_deleted(client_for, admin_user, staff_a):
    event = security_event_record(kind=EventKind.LOGIN, user=staff_a)
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()
    with pytest.raises(PermissionDenied):
        SecurityEvent.objects.all().delete()
    with pytest.raises(PermissionDenied):
        SecurityEvent.objects.update(username="x")
    client = client_for(admin_user)
    assert client.get(reverse("admin:security_securityevent_change", args=[event.pk])).status_code == 200
    assert client.post(reverse("admin:security_securityevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:security_securityevent_add")).status_code == 403
    assert SecurityEvent.objects.filter(pk=event.pk, username="staff_a").exists()


def test_admins_and_auditors_read_the_log_and_others_do_not(client_for, admin_user, staff_a, leader_a):
    auditor = UserFactory(username="shenji", brigade=None, role=Role.AUDITOR)
    security_event_record(kind=EventKind.LOGIN_FAILED, username="intruder")
    for reader in (admin_user, auditor):
        response = client_for(reader).get(reverse("security:log"), {"kind": EventKind.LOGIN_FAILED})
        assert response.status_code == 200 and "intruder" in response.content.decode()
    for other in (staff_a, leader_a):
        assert client_for(other).get(reverse("security:log")).status_code == 403


def test_the_log_filters_by_kind_and_text(client_for, admin_user):
    security_event_record(kind=EventKind.LOGIN_FAILED, username="mallory")
    security_event_record(kind=EventKind.LOGIN, username="alice")
    client = client_for(admin_user)
    html = client.get(reverse("security:log"), {"q": "mallory"}).content.decode()
    assert "mallory" in html and "alice" not in html


def test_the_purge_removes_only_rows_past_the_retention(settings, staff_a):
    settings.SECURITY_LOG_RETENTION_DAYS = 200
    now = timezone.now()
    old = security_event_record(kind=EventKind.LOGIN, user=staff_a)
    kept = security_event_record(kind=EventKind.LOGIN, user=staff_a)
    from django.db import connection

    # The queryset refuses update(): the dates are written in SQL, as time would have made them.
    with connection.cursor() as cursor:
        table = SecurityEvent._meta.db_table
        cursor.execute(f"UPDATE {table} SET occurred_at = %s WHERE id = %s", [now - datetime.timedelta(days=201), old.pk])
        cursor.execute(f"UPDATE {table} SET occurred_at = %s WHERE id = %s", [now - datetime.timedelta(days=199), kept.pk])
    assert security_log_purge(now=now) == 1
    assert list(SecurityEvent.objects.filter(pk__in=[old.pk, kept.pk]).values_list("pk", flat=True)) == [kept.pk]


def test_the_retention_never_goes_below_180_days(settings, staff_a):
    settings.SECURITY_LOG_RETENTION_DAYS = 7
    now = timezone.now()
    event = security_event_record(kind=EventKind.LOGIN, user=staff_a)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {SecurityEvent._meta.db_table} SET occurred_at = %s WHERE id = %s",
                       [now - datetime.timedelta(days=179), event.pk])
    assert security_log_purge(now=now) == 0


def test_the_purge_is_scheduled_nightly():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="security.purge_security_log")
    assert task.enabled and task.crontab is not None


def test_logout_and_removing_the_second_factor_are_logged(client_for, staff_a):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=staff_a, name="phone", confirmed=True)
    client = client_for(staff_a)
    from django_otp import login as otp_login  # the session as after the code was given

    session_device = TOTPDevice.objects.get(user=staff_a)
    request = type("R", (), {"session": client.session, "user": staff_a})()
    otp_login(request, session_device)
    request.session.save()
    assert client.post(reverse("security:otp_remove")).status_code == 302
    assert not TOTPDevice.objects.filter(user=staff_a).exists()
    assert events(EventKind.OTP_REMOVED, user=staff_a, target="staff_a").exists()
    client.post(reverse("logout"))
    assert events(EventKind.LOGOUT, user=staff_a).exists()
