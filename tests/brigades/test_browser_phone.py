"""On a phone (390 px wide) the pages a clerk opens most fit the screen: wide tables scroll inside
their own box, the page itself never scrolls sideways."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from hazards.choices import HazardStatus

from ..browser import log_in
from ..enforcement.factories import ViolationFactory, ensure_kinds
from ..factories import UserFactory
from ..hazards.factories import HazardFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_the_home_page_and_the_violation_list_fit_a_phone(page, live_server, brigade_a):
    ensure_kinds()  # a transactional test may start after another flushed the kinds
    ensure_kinds()  # an earlier transactional test may have flushed the seeded kinds
    UserFactory(username="clerk", brigade=brigade_a, role="staff")
    today = timezone.localdate()
    HazardFactory(brigade=brigade_a, status=HazardStatus.ASSIGNED, rectification_deadline=today - timedelta(days=3),
                  place="与振兴路交叉口东北角树木遮挡视线处")
    for _ in range(12):
        ViolationFactory(brigade=brigade_a, date=today, breath_alcohol=Decimal("0.5"), kind=None)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "clerk")

    page.goto(f"{live_server.url}/")
    assert page.locator("[data-testid=todo-line]").first.is_visible()
    assert page.evaluate(OVERFLOW) == 0

    # One case a page: a long row of page links must wrap too.
    page.goto(f"{live_server.url}/enforcement/violations/?per_page=1")
    assert page.locator(".pagination .page-item").count() > 8
    table = page.locator("[data-testid=violation-table]")
    assert table.is_visible()
    assert page.evaluate(OVERFLOW) == 0
    # The table is wider than the phone and scrolls inside its box instead.
    assert page.evaluate("(() => { const box = document.querySelector('.table-responsive'); return box.scrollWidth > box.clientWidth; })()")
