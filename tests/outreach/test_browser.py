import pytest
from django.utils import timezone

from ..browser import log_in
from ..factories import OfficerFactory, UserFactory
from .factories import EscortShiftFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clerk_records_todays_escort_duty_in_one_click(page, live_server, brigade_a):
    UserFactory(username="clerk", brigade=brigade_a, role="staff")
    officer = OfficerFactory(brigade=brigade_a, name="王磊")
    # Over already, so the post shows red until the duty is recorded.
    EscortShiftFactory(brigade=brigade_a, weekdays="1234567", active_from=timezone.localdate(), officers=[officer],
                       starts_at="00:00", ends_at="00:01", post__school__name="文轩中学")
    log_in(page, live_server, "clerk")
    page.goto(f"{live_server.url}/outreach/escort/today/")
    card = page.locator("[data-testid=post-card]")
    assert card.get_attribute("data-state") == "red"
    with page.expect_navigation():
        page.click("[data-testid=all-staffed]")
    assert page.locator("[data-testid=post-card]").get_attribute("data-state") == "green"
    assert "王磊" in page.locator("[data-testid=post-card]").inner_text()
    assert page.locator("[data-testid=covered]").inner_text() == "1/1"
