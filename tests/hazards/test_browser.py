"""One real user flow in Chromium: a clerk reports a hazard, assigns it and opens the printable notice."""

import pytest

from ..browser import log_in
from ..factories import TownFactory, UserFactory
from .factories import category, party

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clerk_reports_a_hazard_and_issues_the_notice(page, live_server, brigade_a):
    UserFactory(username="clerk", brigade=brigade_a, role="staff")
    town = TownFactory(brigade=brigade_a, name="韩集乡")
    category()
    party()
    log_in(page, live_server, "clerk")
    page.goto(f"{live_server.url}/hazards/new/")
    page.select_option("select[name=town]", str(town.pk))
    page.fill("input[name=road]", "S258线")
    page.fill("input[name=place]", "与许营路交叉口")
    page.select_option("select[name=category]", label="平交路口通视距离不足")
    page.fill("textarea[name=description]", "东北角玉米遮挡视线")
    page.click("main form button[type=submit]")
    assert page.locator("[data-testid=hazard-status]").inner_text() == "已排查"
    page.click("[data-testid=action-assign]")
    page.select_option("select[name=responsible_party]", label="镇（街道）")
    page.fill("input[name=deadline]", "2099-12-31")
    page.click("[data-testid=action-form] button[type=submit]")
    assert page.locator("[data-testid=hazard-status]").inner_text() == "已交办"
    with page.expect_popup() as popup:
        page.locator("a[href$='/notice/']").click()
    notice = popup.value.locator("[data-testid=notice]").inner_text()
    assert "甲〔" in notice and "与许营路交叉口" in notice
