"""Real user flows in Chromium: a handler works a hotline order from the queue to closure, and a
counter clerk fills a day's tally on one screen and is told which cell is wrong."""

from datetime import timedelta

import pytest
from django.utils import timezone

from services.models import CounterCount, WorkOrder

from ..browser import log_in
from ..factories import UserFactory
from .factories import ServicePointFactory, WorkOrderFactory, ebike_plate, motorcycle_exam

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_handler_takes_an_order_from_the_queue_and_works_it_to_closure(page, live_server, brigade_a):
    UserFactory(username="handler", brigade=brigade_a, role="staff", first_name="李警官")
    order = WorkOrderFactory(brigade=brigade_a, number="GD-0001", subject="咨询D本考试预约",
                             received_at=timezone.now() - timedelta(hours=2))
    log_in(page, live_server, "handler")
    page.goto(f"{live_server.url}/services/work-orders/mine/")
    waiting = page.locator("[data-testid=queue-waiting]")
    assert "GD-0001" in waiting.inner_text()
    with page.expect_navigation():
        waiting.get_by_role("button", name="认领").click()
    assert page.locator("[data-testid=workorder-status]").inner_text() == "办理中"

    page.fill("[data-testid=reply-form] textarea[name=reply]", "已电话告知预约流程。")
    with page.expect_navigation():
        page.click("[data-testid=reply-form] button[type=submit]")
    assert page.locator("[data-testid=workorder-status]").inner_text() == "已答复"

    # A dissatisfied caller without a follow-up is refused next to the field, nothing closed.
    page.check("[data-testid=close-form] input[value=dissatisfied]")
    with page.expect_navigation():
        page.click("[data-testid=close-form] button[type=submit]")
    assert "请登记跟进处理情况" in page.locator("[data-testid=close-form]").inner_text()
    page.check("[data-testid=close-form] input[value=satisfied]")
    with page.expect_navigation():
        page.click("[data-testid=close-form] button[type=submit]")
    assert page.locator("[data-testid=workorder-status]").inner_text() == "已办结"
    steps = page.locator("[data-testid=transitions]").inner_text()
    assert "已受理 → 办理中" in steps and "已答复 → 已办结" in steps

    order.refresh_from_db()
    assert order.status == "closed" and order.handler.username == "handler"
    assert order.transitions.count() == 3  # taken, replied, closed (the factory registers none)
    page.goto(f"{live_server.url}/services/work-orders/mine/")
    assert "GD-0001" not in page.locator("[data-testid=queue-mine]").inner_text()


def test_a_clerk_fills_the_days_tally_on_one_screen(page, live_server, brigade_a):
    UserFactory(username="clerk", brigade=brigade_a, role="staff")
    ServicePointFactory(brigade=brigade_a, name="东阿车管服务站")
    exam, plates = motorcycle_exam(), ebike_plate()
    log_in(page, live_server, "clerk")
    page.goto(f"{live_server.url}/services/counter/tally/")
    # The brigade's only point and today are picked already; the first cell has the focus.
    page.keyboard.type("40")
    page.keyboard.press("Enter")
    page.keyboard.type("41")  # passed > sat
    page.keyboard.press("Enter")
    page.keyboard.type("30")
    page.fill(f"input[name={plates.code}-handled]", "120")
    with page.expect_navigation():
        page.click("[data-testid=tally-save]")
    assert "合格人数（41）不能多于考试人数（40）" in page.locator("[data-testid=cell-error]").inner_text()
    assert not CounterCount.objects.exists()

    page.fill(f"input[name={exam.code}-passed]", "36")
    with page.expect_navigation():
        page.click("[data-testid=tally-save]")
    assert page.locator("[data-testid=tally-existing]").is_visible()
    assert page.input_value(f"input[name={exam.code}-passed]") == "36"
    assert {(c.business_type.code, c.sat, c.passed, c.licences_made, c.handled) for c in CounterCount.objects.all()} == {
        ("motorcycle_exam", 40, 36, 30, 0), ("ebike_plate", 0, 0, 0, 120),
    }
    assert WorkOrder.objects.count() == 0
