"""Writes of the security app: the security log, API tokens, the second factor, unlocking.

`security_event_record` is the one way into the log. Callers pass the request when there is one
(the user, address and page come from it) or, from signals without a request argument, nothing:
the request is then taken from django-simple-history's middleware, which keeps the current one.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import EventKind
from .models import SecurityEvent

# 网络安全法 第21条: network logs are kept no less than six months; a smaller setting is raised to it.
MINIMUM_RETENTION_DAYS = 180
RECOVERY_CODE_COUNT = 10


def current_request():
    from simple_history.models import HistoricalRecords

    return getattr(HistoricalRecords.context, "request", None)


def client_ip(request):
    if request is None:
        return None
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or None


def security_event_record(*, kind, request=None, user=None, username=None, target="", detail=None):
    """Append one event. `user` is who acted (default: the request's user); `username` is kept
    as given when there is no user (a failed login for a name that may not exist)."""
    if request is None:
        request = current_request()
    if user is None and request is not None:
        request_user = getattr(request, "user", None)
        if getattr(request_user, "is_authenticated", False):
            user = request_user
    if user is not None and not username:
        username = user.get_username()
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or "")[:150],
        ip_address=client_ip(request),
        path=(request.get_full_path() if request is not None else "")[:300],
        target=str(target)[:300],
        detail=detail or {},
    )


def retention_days():
    return max(int(settings.SECURITY_LOG_RETENTION_DAYS), MINIMUM_RETENTION_DAYS)


@transaction.atomic
def security_log_purge(*, now=None):
    """Delete the events older than the retention, and only those; returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=retention_days())
    deleted, _by_model = SecurityEvent.objects.filter(occurred_at__lt=cutoff)._purge()
    return deleted


# --- API tokens (django-rest-knox: stored as a SHA-512 digest, idle expiry) ----------------------

@transaction.atomic
def token_issue(*, user, request):
    """A new API token for `user`; the clear token is returned once and never stored."""
    from knox.models import AuthToken
    from knox.settings import knox_settings

    instance, token = AuthToken.objects.create(user=user, expiry=knox_settings.TOKEN_TTL)
    security_event_record(kind=EventKind.TOKEN_ISSUED, request=request, user=user,
                          target=instance.token_key, detail={"expiry": instance.expiry.isoformat()})
    return instance, token


@transaction.atomic
def tokens_revoke(*, user, request=None, actor=None, reason, token=None):
    """Revoke one token (`token`) or every token of `user`; returns how many."""
    tokens = user.auth_token_set.all() if token is None else user.auth_token_set.filter(pk=token.pk)
    keys = list(tokens.values_list("token_key", flat=True))
    count, _by_model = tokens.delete()
    if keys:
        security_event_record(kind=EventKind.TOKEN_REVOKED, request=request, user=actor or user,
                              target=user.get_username(), detail={"reason": reason, "tokens": keys})
    return len(keys)


# --- Second factor (django-otp: TOTP plus static recovery codes) --------------------------------

def otp_device_pending(*, user):
    """The TOTP device being enrolled (unconfirmed): made once, shown as a QR code until confirmed."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    return device


@transaction.atomic
def otp_enrol_confirm(*, user, device, token, request):
    """Confirm the pending TOTP device with a code from the app; returns fresh recovery codes, or
    None when the code is wrong (nothing is saved then)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
    if not device.verify_token(token):
        security_event_record(kind=EventKind.OTP_FAILED, request=request, user=user, target=_("enrolment"))
        return None
    # One authenticator at a time: enrolling again replaces the old phone.
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    security_event_record(kind=EventKind.OTP_ENROLLED, request=request, user=user, target=user.get_username())
    return recovery_codes_issue(user=user, request=request)


@transaction.atomic
def recovery_codes_issue(*, user, request):
    """Ten new single-use recovery codes (a static device); the old ones stop working."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    device, _created = StaticDevice.objects.get_or_create(user=user, name="recovery", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    security_event_record(kind=EventKind.RECOVERY_CODES_ISSUED, request=request, user=user, target=user.get_username())
    return codes


@transaction.atomic
def otp_devices_remove(*, user, request, actor=None):
    """Remove the user's authenticator and recovery codes (a lost phone; or opting out)."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    removed = TOTPDevice.objects.filter(user=user).delete()[0] + StaticDevice.objects.filter(user=user).delete()[0]
    security_event_record(kind=EventKind.OTP_REMOVED, request=request, user=actor or user, target=user.get_username())
    return removed
