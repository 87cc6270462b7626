import pytest

from ..browser import log_in
from ..factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clerk_logs_in_sees_chinese_and_switches_to_english(page, live_server, brigade_a):
    UserFactory(username="clerk", brigade=brigade_a, role="staff")
    log_in(page, live_server, "clerk")
    assert "甲大队" in page.locator("[data-testid=user-scope]").inner_text()
    assert page.locator("nav").get_by_text("首页").is_visible()
    # Bootstrap comes from static/: the navbar is styled (a blue background, not the default).
    assert page.evaluate("getComputedStyle(document.querySelector('nav.navbar')).backgroundColor") != "rgba(0, 0, 0, 0)"
    with page.expect_navigation():
        page.select_option("[data-testid=language-switch]", "en")
    assert page.locator("nav").get_by_text("Home").is_visible()
