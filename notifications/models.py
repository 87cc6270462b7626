"""Reminders that reach people: each user's daily digest of 待办, stored in the application and
delivered through the channels the deployment configures, with every delivery kept."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from brigades.records.scoping import BrigadeScopedQuerySet

from .choices import WEBHOOK_CHANNELS, Channel, DeliveryStatus, TodoCategory


class NotificationQuerySet(BrigadeScopedQuerySet):
    """A notification is its recipient's alone: even a detachment leader reads only their own."""

    brigade_lookup = "recipient__brigade_id"

    def for_user(self, user):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One user's daily digest (每日待办提醒): the lines of their 待办 on `day` that they have not
    muted, plus what was escalated to them. Built once per user and day by the beat task
    (operations.digest_build); read in the application and delivered through each channel."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    day = models.DateField(_("day"))
    title = models.CharField(_("title"), max_length=200)
    lines = models.JSONField(_("lines"), default=list, help_text=_("[{category, title, detail, url}]"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-day", "-pk"]
        constraints = [models.UniqueConstraint(fields=["recipient", "day"], name="notification_one_digest_per_day")]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self):
        return f"{self.recipient} {self.day:%Y-%m-%d}: {self.title}"

    def get_absolute_url(self):
        return reverse("notifications:notification_detail", args=[self.pk])

    def text(self, base_url=""):
        """The digest as plain text (email, SMS): one line per item, with its link."""
        rows = [self.title, ""]
        for line in self.lines:
            rows.append(f"· {line['title']} — {line['detail']}")
            if base_url and line.get("url"):
                rows.append(f"  {base_url}{line['url']}")
        return "\n".join(rows)

    def markdown(self, base_url=""):
        """The digest for a group robot (WeCom and DingTalk both read this markdown)."""
        rows = [f"### {self.title}"]
        for line in self.lines:
            title = f"[{line['title']}]({base_url}{line['url']})" if base_url and line.get("url") else line["title"]
            rows.append(f"- {title} {line['detail']}")
        return "\n".join(rows)


class DeliveryQuerySet(BrigadeScopedQuerySet):
    brigade_lookup = "notification__recipient__brigade_id"

    def for_user(self, user):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(notification__recipient=user)


class Delivery(models.Model):
    """One sending of a digest through one channel (to one robot, address or phone), and its outcome.

    `idempotency_key` (user/day/channel/target) is unique: a second run of the task finds the row and
    sends nothing again; a failed delivery is retried until NOTIFICATION_MAX_ATTEMPTS."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("reminder"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    target = models.CharField(_("sent to"), max_length=300, blank=True)
    webhook = models.ForeignKey(
        "notifications.WebhookRobot", on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries",
        verbose_name=_("group robot"),
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=120, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["status", "attempts"], name="delivery_status_attempts")]

    def __str__(self):
        return f"{self.notification} · {self.get_channel_display()} · {self.get_status_display()}"


class WebhookRobot(models.Model):
    """A WeCom (企业微信) or DingTalk (钉钉) group robot a brigade's digests are posted to; one with
    no brigade is the detachment's group. Entered by an administrator with the robot's webhook URL
    (and DingTalk's signing secret when the robot is set to sign)."""

    brigade = models.ForeignKey(
        "brigades.Brigade", on_delete=models.CASCADE, null=True, blank=True, related_name="webhook_robots",
        verbose_name=_("brigade"), help_text=_("Empty: the detachment's group."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=[(c.value, c.label) for c in WEBHOOK_CHANNELS])
    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("webhook URL"), max_length=500)
    secret = models.CharField(_("signing secret"), max_length=200, blank=True, help_text=_("DingTalk robots set to sign their messages"))
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = BrigadeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("group robot")
        verbose_name_plural = _("group robots")
        ordering = ["brigade", "kind", "name"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.name}"


class MutedCategory(models.Model):
    """A category of reminders a user does not want (the page 待办 still shows it)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="muted_categories", verbose_name=_("user"))
    category = models.CharField(_("category"), max_length=30, choices=TodoCategory.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("muted reminder category")
        verbose_name_plural = _("muted reminder categories")
        constraints = [models.UniqueConstraint(fields=["user", "category"], name="muted_category_once")]

    def __str__(self):
        return f"{self.user}: {self.get_category_display()}"
