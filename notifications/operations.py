"""Writes of the reminders: build each user's daily digest, make one delivery per channel, send.

Idempotent by construction: one digest per user and day (a unique constraint), one delivery per
user/day/channel/target (a unique idempotency key), and a delivery is sent only while it is pending
or failed, under a row lock. Running the task twice, or two workers at once, sends nothing twice.
"""

import logging
from datetime import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .channels import post_to_robot, send_email, send_sms
from .choices import Channel, DeliveryStatus, TodoCategory
from .models import Delivery, MutedCategory, Notification, WebhookRobot
from .selectors import todo_items

logger = logging.getLogger(__name__)


def digest_lines(user, day):
    """What goes into `user`'s digest on `day`: their 待办 without the muted categories. A brigade
    leader gets what is long overdue in the brigade (escalated after NOTIFICATION_ESCALATE_AFTER_DAYS)
    and the months to approve; a detachment user the 挂牌督办 listings due or past their deadline."""
    items = todo_items(user, day)
    escalate_after = settings.NOTIFICATION_ESCALATE_AFTER_DAYS
    if user.sees_all_brigades:  # only the listings for supervision reach the detachment
        chosen = [(TodoCategory.ESCALATION, item) for item in items]
    elif user.is_leader:
        chosen = [
            (TodoCategory.MONTH_APPROVAL if item.category == TodoCategory.MONTH_APPROVAL else TodoCategory.ESCALATION, item)
            for item in items
            if item.category == TodoCategory.MONTH_APPROVAL or item.overdue_days >= escalate_after
        ]
    else:
        chosen = [(item.category, item) for item in items]
    muted = set(MutedCategory.objects.filter(user=user).values_list("category", flat=True))
    return [
        {"category": category, "title": item.title, "detail": item.detail, "url": item.url, "key": item.key}
        for category, item in chosen
        if category not in muted
    ]


def digest_build(*, user, day):
    """The user's digest of `day`, built once: an existing digest is returned unchanged. None when
    nothing is due (no empty reminders)."""
    existing = Notification.objects.filter(recipient=user, day=day).first()
    if existing is not None:
        return existing
    lines = digest_lines(user, day)
    if not lines:
        return None
    title = _("To do on %(day)s: %(count)s items") % {"day": f"{day:%Y-%m-%d}", "count": len(lines)}
    try:
        with transaction.atomic():
            return Notification.objects.create(recipient=user, day=day, title=title[:200], lines=lines)
    except IntegrityError:  # another worker built it at the same moment
        return Notification.objects.get(recipient=user, day=day)


def _targets(user):
    """(channel, target text, robot) for each configured channel this user can be reached on."""
    channels = set(settings.NOTIFICATION_CHANNELS) | {Channel.IN_APP}
    targets = [(Channel.IN_APP, user.username, None)]
    if Channel.EMAIL in channels and user.email:
        targets.append((Channel.EMAIL, user.email, None))
    phone = user.officer.phone if user.officer_id else ""
    if Channel.SMS in channels and phone:
        targets.append((Channel.SMS, phone, None))
    robots = WebhookRobot.objects.filter(is_active=True, kind__in=[c for c in (Channel.WECOM, Channel.DINGTALK) if c in channels])
    robots = robots.filter(brigade_id=user.brigade_id) if user.brigade_id else robots.filter(brigade__isnull=True)
    targets.extend((robot.kind, robot.name, robot) for robot in robots)
    return targets


def deliveries_plan(*, notification):
    """One delivery row per channel and target, keyed user/day/channel(/robot); in-app is delivered
    by being stored. Existing rows are left as they are."""
    user = notification.recipient
    rows = []
    for channel, target, robot in _targets(user):
        key = f"{user.pk}:{notification.day:%Y-%m-%d}:{channel}" + (f":{robot.pk}" if robot else "")
        in_app = channel == Channel.IN_APP
        delivery, _created = Delivery.objects.get_or_create(
            idempotency_key=key,
            defaults={
                "notification": notification, "channel": channel, "target": target[:300], "webhook": robot,
                "status": DeliveryStatus.DELIVERED if in_app else DeliveryStatus.PENDING,
                "delivered_at": timezone.now() if in_app else None, "attempts": 1 if in_app else 0,
            },
        )
        rows.append(delivery)
    return rows


def _send(delivery):
    notification = delivery.notification
    if delivery.channel == Channel.EMAIL:
        send_email(notification, delivery.target)
    elif delivery.channel == Channel.SMS:
        send_sms(notification, delivery.target)
    elif delivery.channel in (Channel.WECOM, Channel.DINGTALK):
        if delivery.webhook is None or not delivery.webhook.is_active:
            raise RuntimeError("the group robot was removed or switched off")
        post_to_robot(notification, delivery.webhook)


def delivery_send(*, delivery_id):
    """Send one delivery if it is still owed. The row stays locked while sending, so a second worker
    waits and then finds it delivered. A failure is kept (attempts, error) for the next run."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",)).select_related("notification__recipient", "webhook")
            .filter(pk=delivery_id).first()
        )
        if delivery is None or delivery.status == DeliveryStatus.DELIVERED:
            return False
        if delivery.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
            return False
        delivery.attempts += 1
        delivery.last_attempt_at = timezone.now()
        try:
            _send(delivery)
        except Exception as error:  # any failure of a channel is recorded, never lost
            logger.warning("reminder delivery %s (%s) failed: %s", delivery.pk, delivery.channel, error)
            delivery.status = DeliveryStatus.FAILED
            delivery.last_error = str(error)[:2000]
        else:
            delivery.status = DeliveryStatus.DELIVERED
            delivery.delivered_at = timezone.now()
            delivery.last_error = ""
        delivery.save()
        return delivery.status == DeliveryStatus.DELIVERED


def deliveries_send_owed(*, day=None):
    """Send (or retry) every delivery of `day`'s digests that is pending or failed with attempts left."""
    owed = Delivery.objects.filter(
        status__in=(DeliveryStatus.PENDING, DeliveryStatus.FAILED),
        attempts__lt=settings.NOTIFICATION_MAX_ATTEMPTS,
    )
    if day is not None:
        owed = owed.filter(notification__day=day)
    sent = 0
    for delivery_id in owed.order_by("pk").values_list("pk", flat=True):
        sent += delivery_send(delivery_id=delivery_id)
    return sent


def digest_due(now=None):
    """Whether today's digest time (NOTIFICATION_DIGEST_TIME, local) has come."""
    now = timezone.localtime(now or timezone.now())
    hours, minutes = (int(part) for part in settings.NOTIFICATION_DIGEST_TIME.split(":"))
    return now.time() >= time(hours, minutes)


def digests_run(*, now=None):
    """The beat task's work: from the digest time on, build today's digest of every active user and
    plan its deliveries; then send whatever is owed (today's new ones and earlier failures)."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    built = 0
    if digest_due(now):
        users = get_user_model().objects.filter(is_active=True).select_related("brigade", "officer")
        for user in users:
            notification = digest_build(user=user, day=day)
            if notification is None:
                continue
            deliveries_plan(notification=notification)
            built += 1
    sent = deliveries_send_owed()
    return {"digests": built, "sent": sent}


def notification_mark_read(*, notification, by):
    if notification.recipient_id != by.pk:
        return notification
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def mutes_set(*, user, categories):
    """Mute exactly `categories` for `user` (a settings page's whole answer)."""
    categories = {c for c in categories if c in TodoCategory.values}
    MutedCategory.objects.filter(user=user).exclude(category__in=categories).delete()
    for category in categories:
        MutedCategory.objects.get_or_create(user=user, category=category)
    return categories


