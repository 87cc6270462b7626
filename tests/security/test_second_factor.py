"""TOTP second factor: enrolment with a locally drawn QR code and recovery codes, the login's
second step (web and API), the roles that must enrol, and the admin behind the same check."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from security.choices import EventKind
from security.models import SecurityEvent

from .conftest import code_for, later

pytestmark = pytest.mark.django_db


def log_in(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": "test-pass-123"})


def test_enrolment_shows_a_local_qr_code_and_confirms_with_a_code(client_for, staff_a, now, time_machine):
    client = client_for(staff_a)
    page = client.get(reverse("security:otp_setup"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and "http" not in html.split("<svg", 1)[1].split("</svg>", 1)[0].replace("http://www.w3.org", "")
    device = TOTPDevice.objects.get(user=staff_a, confirmed=False)
    assert device.config_url.startswith("otpauth://totp/")

    wrong = client.post(reverse("security:otp_setup"), {"otp_token": "000000" if code_for(device) != "000000" else "111111"})
    assert wrong.status_code == 400 and "验证码错误" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    later(time_machine)  # past the throttle that follows a wrong code
    response = client.post(reverse("security:otp_setup"), {"otp_token": code_for(device)})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert StaticToken.objects.filter(device__user=staff_a).count() == 10
    assert SecurityEvent.objects.filter(kind=EventKind.OTP_ENROLLED, user=staff_a).exists()
    assert SecurityEvent.objects.filter(kind=EventKind.RECOVERY_CODES_ISSUED, user=staff_a).exists()


def test_login_asks_for_the_code_after_the_password(client, staff_a, enrolled, now, time_machine):
    device = enrolled(staff_a)
    response = log_in(client, staff_a)
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert home.status_code == 302 and home.url.startswith(reverse("security:otp_verify"))

    wrong = client.post(reverse("security:otp_verify"), {"otp_token": "12345x", "next": "/"})
    assert wrong.status_code == 400
    assert SecurityEvent.objects.filter(kind=EventKind.OTP_FAILED, user=staff_a).exists()

    later(time_machine)  # past the throttle that follows a wrong code
    response = client.post(reverse("security:otp_verify"), {"otp_token": code_for(device), "next": "/"})
    assert response.status_code == 302 and response.url == "/"
    assert client.get(reverse("home")).status_code == 200
    assert SecurityEvent.objects.filter(kind=EventKind.OTP_VERIFIED, user=staff_a).exists()


def test_a_recovery_code_logs_in_once(client, staff_a, enrolled):
    from security.operations import recovery_codes_issue

    enrolled(staff_a)
    codes = recovery_codes_issue(user=staff_a, request=None)
    log_in(client, staff_a)
    assert client.post(reverse("security:otp_verify"), {"otp_token": codes[0], "next": "/"}).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    log_in(client, staff_a)
    assert client.post(reverse("security:otp_verify"), {"otp_token": codes[0], "next": "/"}).status_code == 400


def test_a_required_role_without_a_device_is_sent_to_enrolment(client, detachment_leader, otp_required):
    log_in(client, detachment_leader)
    response = client.get(reverse("brigades:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("security:otp_setup"))
    assert client.get(reverse("security:otp_setup")).status_code == 200


def test_the_admin_stands_behind_the_same_check(client, admin_user, otp_required, enrolled):
    enrolled(admin_user)
    log_in(client, admin_user)
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith(reverse("security:otp_verify"))


def test_other_roles_may_go_without_a_second_factor(client, staff_a, otp_required):
    log_in(client, staff_a)
    assert client.get(reverse("home")).status_code == 200


def test_a_password_alone_cannot_replace_the_enrolled_phone(client, staff_a, enrolled):
    enrolled(staff_a)
    log_in(client, staff_a)
    response = client.get(reverse("security:otp_setup"))
    assert response.status_code == 302 and response.url.startswith(reverse("security:otp_verify"))
    assert not TOTPDevice.objects.filter(user=staff_a, confirmed=False).exists()


def test_a_required_role_cannot_remove_its_second_factor(client_for, detachment_leader, otp_required, enrolled):
    enrolled(detachment_leader)
    client = client_for(detachment_leader)
    # Verified through the page, as a user would.
    device = TOTPDevice.objects.get(user=detachment_leader)
    client.post(reverse("security:otp_verify"), {"otp_token": code_for(device), "next": "/"})
    assert client.post(reverse("security:otp_remove")).status_code == 403
    assert TOTPDevice.objects.filter(user=detachment_leader).exists()


def test_the_api_token_needs_the_code_when_the_user_has_a_device(client, staff_a, enrolled, now):
    device = enrolled(staff_a)
    url = reverse("api:token")
    refused = client.post(url, {"username": "staff_a", "password": "test-pass-123"})
    assert refused.status_code == 400 and "otp_token" in refused.json()
    later_ok = client.post(url, {"username": "staff_a", "password": "test-pass-123", "otp_token": code_for(device)},
                           content_type="application/json")
    assert later_ok.status_code == 200 and later_ok.json()["token"]


def test_a_required_role_gets_no_api_token_before_enrolling(client, detachment_leader, otp_required):
    response = client.post(reverse("api:token"), {"username": "zhidui", "password": "test-pass-123"})
    assert response.status_code == 403
