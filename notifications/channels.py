"""Senders of a digest, one per channel. Each raises DeliveryError (or any exception) on failure,
so that the delivery is kept as failed and retried by the next run."""

import base64
import hashlib
import hmac
import json
import time
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.mail import send_mail

from .choices import Channel
from .sms import get_sms_backend


class DeliveryError(Exception):
    pass


def site_url():
    return settings.NOTIFICATION_SITE_URL.rstrip("/")


def send_email(notification, address):
    send_mail(notification.title, notification.text(site_url()), None, [address], fail_silently=False)


def send_sms(notification, phone):
    get_sms_backend().send(phone, notification.text())


def signed_url(robot):
    """DingTalk robots set to sign: timestamp and HMAC-SHA256 of "timestamp\\nsecret", as its docs say."""
    if not robot.secret:
        return robot.url
    timestamp = str(round(time.time() * 1000))
    digest = hmac.new(robot.secret.encode(), f"{timestamp}\n{robot.secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    separator = "&" if "?" in robot.url else "?"
    return f"{robot.url}{separator}timestamp={timestamp}&sign={sign}"


def robot_payload(notification, kind):
    text = notification.markdown(site_url())
    if kind == Channel.WECOM:
        return {"msgtype": "markdown", "markdown": {"content": text}}
    return {"msgtype": "markdown", "markdown": {"title": notification.title, "text": text}}


def post_to_robot(notification, robot):
    """POST the digest as JSON; both robots answer {"errcode": 0, ...} when they accepted it."""
    body = json.dumps(robot_payload(notification, robot.kind), ensure_ascii=False).encode()
    request = urllib.request.Request(
        signed_url(robot), data=body, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    with urllib.request.urlopen(request, timeout=settings.NOTIFICATION_WEBHOOK_TIMEOUT) as response:  # noqa: S310 (admin-entered robot URL)
        answer = response.read().decode() or "{}"
    try:
        errcode = json.loads(answer).get("errcode", 0)
    except ValueError as error:
        raise DeliveryError(f"not a robot's answer: {answer[:200]}") from error
    if errcode:
        raise DeliveryError(f"the robot refused the message: {answer[:200]}")
