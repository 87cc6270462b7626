"""The security log (安全审计日志): who logged in, failed, was locked out or unlocked, used a second
factor or an API token, exported a list, was refused, changed a user's role, approved or unlocked a
month. Written only by `security.operations.security_event_record`, never edited: no page, admin or
API changes or deletes a row, and the model refuses it too. Rows older than the retention
(SECURITY_LOG_RETENTION_DAYS, at least 180 days: 网络安全法 第21条) are purged by a nightly task.
Names and addresses are kept in clear: this is the audit."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .choices import EventKind


class SecurityEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("The security log is append-only.")

    def delete(self):
        raise PermissionDenied("The security log is append-only: rows leave only by the retention purge.")

    def _purge(self):
        """Only `security.operations.security_log_purge` calls this."""
        return super().delete()


class SecurityEvent(models.Model):
    occurred_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True, editable=False)
    kind = models.CharField(pgettext_lazy("security log", "event"), max_length=30, choices=EventKind.choices, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False,
        related_name="+", verbose_name=_("user"),
    )
    # Kept as typed (a failed login names an account that may not exist) and after the user is deleted.
    username = models.CharField(_("username"), max_length=150, blank=True, editable=False)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True, editable=False)
    path = models.CharField(_("page"), max_length=300, blank=True, editable=False)
    # What the event concerns: the user whose role changed, the month approved, the list exported.
    target = models.CharField(_("concerns"), max_length=300, blank=True, editable=False)
    detail = models.JSONField(_("detail"), default=dict, blank=True, editable=False)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security log")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["kind", "occurred_at"], name="securityevent_kind_time"),
            models.Index(fields=["username", "occurred_at"], name="securityevent_user_time"),
        ]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.get_kind_display()} {self.username}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("The security log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The security log is append-only.")
