"""The daily digest reaches people: in the application, by email, SMS and the WeCom and DingTalk
group robots (a real HTTP server on localhost plays the robots), once per user, day and channel."""

import json
import threading
from datetime import datetime, time, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from hazards import operations as hazard_operations
from notifications.choices import Channel, DeliveryStatus, TodoCategory
from notifications.models import Delivery, MutedCategory, Notification, WebhookRobot
from notifications.operations import digests_run
from notifications.sms import LocmemSmsBackend

from ..factories import OfficerFactory, UserFactory
from ..hazards.factories import HazardFactory, party

pytestmark = pytest.mark.django_db


class RobotServer:
    """Group robots on localhost: records every POST and answers as WeCom/DingTalk do."""

    def __init__(self):
        self.received = []
        self.failures_left = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if server.failures_left:
                    server.failures_left -= 1
                    answer = {"errcode": 45009, "errmsg": "api freq out of limit"}
                else:
                    server.received.append((self.path, body))
                    answer = {"errcode": 0, "errmsg": "ok"}
                payload = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def paths(self, prefix):
        return [path for path, _body in self.received if path.startswith(prefix)]


@pytest.fixture
def robots(brigade_a):
    server = RobotServer()
    server.thread.start()
    WebhookRobot.objects.create(brigade=brigade_a, kind=Channel.WECOM, name="甲大队工作群", url=f"{server.url}/wecom/send?key=k1")
    WebhookRobot.objects.create(brigade=brigade_a, kind=Channel.DINGTALK, name="甲大队钉钉群", url=f"{server.url}/dingtalk/send?access_token=t1", secret="SECabc")
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture(autouse=True)
def channels(settings):
    settings.NOTIFICATION_CHANNELS = ["in_app", "email", "wecom", "dingtalk", "sms"]
    settings.NOTIFICATION_SMS_BACKEND = "notifications.sms.LocmemSmsBackend"
    settings.NOTIFICATION_DIGEST_TIME = "07:30"
    settings.NOTIFICATION_ESCALATE_AFTER_DAYS = 3
    LocmemSmsBackend.outbox.clear()


def at(hour, minute=0, days=0):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def overdue_hazard(brigade, by, *, days_overdue, **fields):
    today = timezone.localdate()
    hazard = HazardFactory(brigade=brigade, found_on=today - timedelta(days=30), **fields)
    return hazard_operations.hazard_assign(
        hazard=hazard, by=by, responsible_party=party(), deadline=today - timedelta(days=days_overdue),
        issued_on=today - timedelta(days=days_overdue + 1),
    )


@pytest.fixture
def clerk(brigade_a):
    officer = OfficerFactory(brigade=brigade_a, squadron=None, phone="13800000001")
    return UserFactory(username="clerk_a", brigade=brigade_a, email="clerk@example.org", officer=officer)


def test_a_digest_run_twice_delivers_one_message_per_channel(clerk, robots):
    hazard = overdue_hazard(clerk.brigade, clerk, days_overdue=2)

    first = digests_run(now=at(8))
    second = digests_run(now=at(8, 15))

    assert first["digests"] >= 1 and second["sent"] == 0
    assert len(robots.paths("/wecom/")) == 1 and len(robots.paths("/dingtalk/")) == 1
    assert len([m for m in mail.outbox if m.to == ["clerk@example.org"]]) == 1
    assert [phone for phone, _text in LocmemSmsBackend.outbox] == ["13800000001"]
    notification = Notification.objects.get(recipient=clerk)
    assert {d.channel: d.status for d in notification.deliveries.all()} == {
        channel: DeliveryStatus.DELIVERED for channel in Channel.values
    }
    # What the robots got: the digest as markdown with a link to the hazard.
    wecom_body = next(body for path, body in robots.received if path.startswith("/wecom/"))
    assert wecom_body["msgtype"] == "markdown" and hazard.get_absolute_url() in wecom_body["markdown"]["content"]
    dingtalk_path = robots.paths("/dingtalk/")[0]
    assert "access_token=t1&timestamp=" in dingtalk_path and "&sign=" in dingtalk_path


def test_nothing_goes_out_before_the_digest_time(clerk, robots):
    overdue_hazard(clerk.brigade, clerk, days_overdue=2)
    assert digests_run(now=at(7, 0)) == {"digests": 0, "sent": 0}
    assert not Notification.objects.exists() and not robots.received


def test_a_failed_send_is_kept_and_retried_by_the_next_run(clerk, robots):
    overdue_hazard(clerk.brigade, clerk, days_overdue=2)
    robots.failures_left = 1  # the first robot call is refused
    digests_run(now=at(8))
    failed = Delivery.objects.get(status=DeliveryStatus.FAILED)
    assert failed.attempts == 1 and "45009" in failed.last_error

    digests_run(now=at(8, 15))
    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.DELIVERED and failed.attempts == 2
    assert len(robots.paths("/wecom/")) == 1 and len(robots.paths("/dingtalk/")) == 1


def test_a_new_day_brings_a_new_digest(clerk, robots, time_machine):
    overdue_hazard(clerk.brigade, clerk, days_overdue=2)
    digests_run(now=at(8))
    time_machine.move_to(at(8, days=1))
    digests_run()
    assert Notification.objects.filter(recipient=clerk).count() == 2
    assert len(robots.paths("/wecom/")) == 2


def test_muted_categories_stay_out_of_the_digest(clerk, client_for):
    overdue_hazard(clerk.brigade, clerk, days_overdue=2)
    client = client_for(clerk)
    response = client.post(reverse("notifications:mute_settings"), {"muted": [TodoCategory.HAZARD]})
    assert response.status_code == 302
    assert list(MutedCategory.objects.filter(user=clerk).values_list("category", flat=True)) == [TodoCategory.HAZARD]
    digests_run(now=at(8))
    lines = Notification.objects.get(recipient=clerk).lines
    assert {line["category"] for line in lines} == {TodoCategory.NOTICE_RECEIPT}
    # The page still shows the muted hazard.
    assert 'data-testid="todo-group-hazard"' in client.get(reverse("notifications:todo")).content.decode()


def test_long_overdue_work_is_escalated_to_the_leader_and_supervised_to_the_detachment(
    clerk, leader_a, detachment_leader, robots
):
    long_overdue = overdue_hazard(clerk.brigade, clerk, days_overdue=5)
    recent = overdue_hazard(clerk.brigade, clerk, days_overdue=1)
    supervised = hazard_operations.supervision_list(
        hazard=overdue_hazard(clerk.brigade, clerk, days_overdue=1), by=clerk, level="county", supervising_unit="县安委办",
        listed_on=timezone.localdate() - timedelta(days=9), supervision_deadline=timezone.localdate() - timedelta(days=2),
    )
    digests_run(now=at(8))

    leader_lines = Notification.objects.get(recipient=leader_a).lines
    leader_keys = {line["key"] for line in leader_lines if line["category"] == TodoCategory.ESCALATION}
    assert f"hazard:{long_overdue.pk}" in leader_keys and f"hazard:{recent.pk}" not in leader_keys
    detachment_keys = {line["key"] for line in Notification.objects.get(recipient=detachment_leader).lines}
    assert detachment_keys == {f"listing:{supervised.pk}"}


def test_each_user_reads_only_their_own_reminders(clerk, staff_b, client_for, api_client_for):
    overdue_hazard(clerk.brigade, clerk, days_overdue=2)
    digests_run(now=at(8))
    notification = Notification.objects.get(recipient=clerk)
    assert client_for(staff_b).get(reverse("notifications:notification_detail", args=[notification.pk])).status_code == 404
    page = client_for(clerk).get(reverse("notifications:notification_detail", args=[notification.pk]))
    assert page.status_code == 200 and page.content.decode().count('data-testid="delivery"') == 3  # in-app, email, SMS
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert api_client_for(staff_b).get(reverse("api:notification-list")).data["results"] == []
    assert len(api_client_for(clerk).get(reverse("api:notification-list")).data["results"]) == 1
