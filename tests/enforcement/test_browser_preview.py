"""A clerk entering a drink-driving case sees its class and legal consequences as the reading is
typed, before saving, and the code's penalty is filled in (issue 15)."""

import pytest

from enforcement.models import Violation
from tests.browser import log_in
from tests.factories import UserFactory

from .factories import ensure_kinds

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_a_reading_shows_the_class_and_consequences_before_saving(page, live_server, brigade_a):
    ensure_kinds()
    UserFactory(username="clerk", brigade=brigade_a, role="staff")
    log_in(page, live_server, "clerk")
    page.goto(f"{live_server.url}/enforcement/violations/new/")
    page.fill("#id_plate", "鲁P12345")
    page.fill("#id_breath_alcohol", "0.3")
    preview = page.locator("[data-testid=violation-preview]")
    page.wait_for_selector("[data-testid=preview-class]:has-text('饮酒驾驶')")
    assert "66.0" in preview.inner_text() and "17110" in preview.inner_text()
    assert "1000–2000" in preview.inner_text() and "暂扣" in preview.inner_text()
    page.wait_for_function("document.querySelector('#id_points').value === '12'")
    assert page.input_value("#id_licence_action") == "suspended"
    assert not Violation.objects.exists()  # nothing saved yet
    # Over 80 the case becomes drunk driving: a crime, the licence revoked.
    page.fill("#id_breath_alcohol", "0.4")
    page.wait_for_selector("[data-testid=preview-class]:has-text('醉酒驾驶')")
    assert "刑法" in preview.inner_text()
    page.wait_for_function("document.querySelector('#id_licence_action').value === 'revoked'")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/violations/*/")
    violation = Violation.objects.get()
    assert violation.violation_code.code == "17120" and violation.licence_action == "revoked"


def test_the_officer_list_narrows_to_the_chosen_squadron(page, live_server, brigade_a):
    from tests.factories import OfficerFactory, SquadronFactory

    ensure_kinds()
    UserFactory(username="clerk", brigade=brigade_a, role="staff")
    night, traffic = SquadronFactory(brigade=brigade_a, name="夜间值班中队"), SquadronFactory(brigade=brigade_a, name="城区中队")
    ours = OfficerFactory(brigade=brigade_a, squadron=night, name="夜班警官")
    theirs = OfficerFactory(brigade=brigade_a, squadron=traffic, name="城区警官")
    log_in(page, live_server, "clerk")
    page.goto(f"{live_server.url}/enforcement/violations/new/")
    dropdown = page.locator("[data-testid=checkbox-dropdown-officers]")
    dropdown.locator("button").click()
    dropdown.get_by_label(str(theirs)).check()
    page.select_option("#id_squadron", str(night.pk))
    # The list is still open: the other squadron's officer is gone and unticked, ours stays.
    assert not dropdown.get_by_label(str(theirs)).is_visible() and not dropdown.get_by_label(str(theirs)).is_checked()
    assert dropdown.get_by_label(str(ours)).is_visible()
    page.select_option("#id_squadron", "")
    assert dropdown.get_by_label(str(theirs)).is_visible()
