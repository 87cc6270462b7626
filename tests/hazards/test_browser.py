"""One real user flow in Chromium: a clerk reports a hazard, assigns it and opens the printable notice."""

from datetime import timedelta

import pytest
from django.utils import timezone

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
    page.fill("input[name=deadline]", (timezone.localdate() + timedelta(days=30)).isoformat())
    page.click("[data-testid=action-form] button[type=submit]")
    assert page.locator("[data-testid=hazard-status]").inner_text() == "已交办"
    with page.expect_popup() as popup:
        page.locator("a[href$='/notice/']").click()
    notice = popup.value.locator("[data-testid=notice]").inner_text()
    assert "甲〔" in notice and "与许营路交叉口" in notice


def test_the_status_filter_is_a_dropdown_of_checkboxes(page, live_server, brigade_a):
    from hazards.choices import HazardStatus

    from .factories import HazardFactory

    UserFactory(username="clerk", brigade=brigade_a, role="staff")
    HazardFactory(brigade=brigade_a, place="甲路口", status=HazardStatus.REPORTED)
    HazardFactory(brigade=brigade_a, place="乙路口", status=HazardStatus.RECTIFYING, rectification_deadline="2099-12-31")
    HazardFactory(brigade=brigade_a, place="丙路口", status=HazardStatus.SIGNED_OFF)
    log_in(page, live_server, "clerk")
    page.goto(f"{live_server.url}/hazards/")
    dropdown = page.locator("[data-testid=checkbox-dropdown-status]")
    assert dropdown.locator("button").inner_text() == "全部"
    dropdown.locator("button").click()
    dropdown.get_by_label("已排查").check()
    dropdown.get_by_label("整改中").check()
    assert dropdown.locator("button").inner_text() == "已排查、整改中"
    page.click("main form button[type=submit]")
    page.wait_for_url("**status=reported&status=rectifying**")
    rows = page.locator("table tbody tr").all_inner_texts()
    assert any("甲路口" in row for row in rows) and any("乙路口" in row for row in rows)
    assert not any("丙路口" in row for row in rows)
    assert page.locator("[data-testid=checkbox-dropdown-status] button").inner_text() == "已排查、整改中"
