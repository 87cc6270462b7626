"""Receivers that write the security log: Django's login signals, django-axes' lockouts and
unlocks, and changes of a user's role, brigade or administrator flags (whoever makes them:
the admin, the shell, a migration)."""

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .choices import EventKind
from .middleware import IdleSessionMiddleware, remember_no_second_factor
from .operations import security_event_record
from .rules import has_second_factor, second_factor_required

WATCHED_USER_FIELDS = ("role", "brigade_id", "is_staff", "is_superuser", "is_active")
WATCHED_UPDATE_NAMES = {*WATCHED_USER_FIELDS, "brigade"}


def _is_api(request):
    return request is not None and request.path.startswith("/api/")


@receiver(user_logged_in)
def record_login(sender, request, user, **kwargs):
    security_event_record(kind=EventKind.LOGIN, request=request, user=user,
                          detail={"api": True} if _is_api(request) else {})
    if request is not None and hasattr(request, "session"):
        IdleSessionMiddleware.fresh(request.session)
    if request is not None and hasattr(request, "session") and not second_factor_required(user) \
            and not has_second_factor(user):
        remember_no_second_factor(request, user)


@receiver(user_login_failed)
def record_login_failure(sender, credentials, request=None, **kwargs):
    security_event_record(kind=EventKind.LOGIN_FAILED, request=request, username=credentials.get("username", ""))


@receiver(user_logged_out)
def record_logout(sender, request, user, **kwargs):
    if user is not None:
        security_event_record(kind=EventKind.LOGOUT, request=request, user=user)


@receiver(user_locked_out)
def record_lockout(sender, request, username, ip_address, **kwargs):
    security_event_record(kind=EventKind.LOCKED_OUT, request=request, username=username or "",
                          detail={"ip_address": ip_address, "failures": settings.AXES_FAILURE_LIMIT})


@receiver(post_delete, sender=AccessAttempt)
def record_unlock(sender, instance, **kwargs):
    """A lockout ends when its attempt row goes: an administrator deleted it (the admin, axes_reset)
    or its cool-off ran out (axes cleans expired rows). Rows below the limit were no lockout."""
    if instance.failures_since_start < settings.AXES_FAILURE_LIMIT:
        return
    security_event_record(kind=EventKind.UNLOCKED, target=instance.username or "",
                          detail={"ip_address": instance.ip_address, "failures": instance.failures_since_start})


User = get_user_model()


@receiver(pre_save, sender=User)
def remember_role(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    if update_fields is not None and not WATCHED_UPDATE_NAMES & set(update_fields):
        return  # last_login on every login, a password change: nothing watched moves
    before = User.objects.filter(pk=instance.pk).values(*WATCHED_USER_FIELDS).first()
    instance._security_before = before


@receiver(post_save, sender=User)
def record_role_change(sender, instance, created, raw=False, **kwargs):
    before = instance.__dict__.pop("_security_before", None)
    if raw:
        return
    after = {name: getattr(instance, name) for name in WATCHED_USER_FIELDS}
    if created:
        changes = {name: [None, value] for name, value in after.items()}
    elif before is None:
        return
    else:
        changes = {name: [before[name], after[name]] for name in WATCHED_USER_FIELDS if before[name] != after[name]}
        if not changes:
            return
    security_event_record(kind=EventKind.ROLE_CHANGED, target=instance.get_username(),
                          detail={"created": created, "changes": changes})
