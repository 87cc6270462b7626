"""A clerk enters the cases of a night operation through the quick-entry page, Enter after each."""

import pytest

from enforcement.models import Violation
from tests.browser import log_in
from tests.factories import OfficerFactory, UserFactory

from .factories import OperationFactory, ensure_kinds

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CASES = [("鲁P12345", "张一", "0.25"), ("鲁PD12345", "王二", "0.42"), ("鲁PA123B", "赵三", "0.18")]


def test_a_clerk_enters_a_night_of_cases_with_the_keyboard(page, live_server, brigade_a):
    ensure_kinds()
    UserFactory(username="clerk", brigade=brigade_a, role="staff")
    operation = OperationFactory(brigade=brigade_a, name="冬季夜查酒驾")
    officer = OfficerFactory(brigade=brigade_a, name="刘警官")
    log_in(page, live_server, "clerk")
    page.goto(f"{live_server.url}/enforcement/violations/quick/")
    page.select_option("#id_operation", str(operation.pk))
    page.click("[data-testid=checkbox-dropdown-officers] button")
    page.locator("[data-testid=checkbox-dropdown-officers]").get_by_label(str(officer)).check()
    assert page.locator("#id_officers").inner_text() == str(officer)
    page.fill("#id_road", "G309国道")
    for number, (plate, driver, breath) in enumerate(CASES, start=1):
        page.fill("#id_plate", plate)
        page.fill("#id_driver_name", driver)
        page.fill("#id_breath_alcohol", breath)
        page.press("#id_breath_alcohol", "Enter")
        page.wait_for_selector(f"[data-testid=recent-count]:text-is('{number}')")
        # The sticky part stays, the case part is empty and the cursor is back on the plate.
        assert page.input_value("#id_road") == "G309国道"
        assert page.input_value("#id_plate") == ""
        assert page.evaluate("document.activeElement.id") == "id_plate"
    rows = page.locator("[data-testid=recent] tbody tr")
    assert rows.count() == 3 and "鲁PA123B" in rows.first.inner_text()
    assert "醉酒驾驶" in page.locator("[data-testid=recent]").inner_text()
    # A bad reading is refused in place, nothing is saved, and the clerk corrects it.
    page.fill("#id_plate", "鲁P77777")
    page.fill("#id_breath_alcohol", "0.05")
    page.press("#id_plate", "Enter")
    page.wait_for_selector("#id_breath_alcohol.is-invalid")
    assert "不构成酒驾" in page.inner_text("#quick-entry")
    cases = Violation.objects.filter(operation=operation)
    assert cases.count() == 3
    assert {c.kind.code for c in cases} == {"drink_driving", "drunk_driving"}
    assert all(list(c.officers.all()) == [officer] for c in cases)


def test_a_long_list_of_officers_narrows_as_one_types(page, live_server, brigade_a):
    ensure_kinds()
    UserFactory(username="clerk", brigade=brigade_a, role="staff")
    for number in range(12):
        OfficerFactory(brigade=brigade_a, name=f"民警{number:02d}")
    wanted = OfficerFactory(brigade=brigade_a, name="刘警官")
    log_in(page, live_server, "clerk")
    page.goto(f"{live_server.url}/enforcement/violations/quick/")
    dropdown = page.locator("[data-testid=checkbox-dropdown-officers]")
    dropdown.locator("button").click()
    search = dropdown.locator("[data-checkbox-filter]")
    search.fill("刘")
    search.press("Enter")  # narrows, does not save a case
    visible = dropdown.locator(".form-check:visible")
    assert visible.count() == 1 and visible.inner_text().strip() == str(wanted)
    visible.locator("input").check()
    assert page.locator("#id_officers").inner_text() == str(wanted)
    assert not Violation.objects.exists()
