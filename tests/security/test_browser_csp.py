"""The main pages under the Content-Security-Policy in a real Chromium: charts (ECharts), the map
(Leaflet), an htmx form, the moved page scripts and the API docs run with no violation."""

import pytest
from django.urls import reverse

from brigades.choices import Role

from ..browser import log_in
from ..enforcement.factories import OperationFactory
from ..factories import UserFactory
from ..hazards.factories import EnterpriseFactory, HazardFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Playwright's init scripts are exempt from the page's CSP: this one only listens.
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || "") + ":" + e.lineNumber);
});
"""


def open_without_violation(page, url, ready):
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(url)
    page.wait_for_selector(ready)
    page.wait_for_load_state("networkidle")
    violations = page.evaluate("window.__csp")
    reported = [text for text in console if "Content Security Policy" in text]
    assert not violations and not reported, (url, violations, reported)


def test_the_main_pages_run_under_the_csp(page, live_server, brigade_a):
    UserFactory(username="zd", brigade=None, role=Role.DETACHMENT_LEADER)
    UserFactory(username="clerk", brigade=brigade_a, role=Role.STAFF)
    HazardFactory(brigade=brigade_a)
    EnterpriseFactory(brigade=brigade_a)
    operation = OperationFactory(brigade=brigade_a)
    page.add_init_script(LISTEN)

    log_in(page, live_server, "zd")
    page.wait_for_url(f"{live_server.url}/")
    pages = [
        (reverse("brigades:detachment_dashboard"), "canvas"),  # ECharts draws on a canvas
        (reverse("brigades:brigade_dashboard", args=[brigade_a.pk]), "canvas"),
        (reverse("hazards:hazard_map"), ".leaflet-container"),
        (reverse("hazards:enterprise_list"), "#high-risk-chart canvas"),
        (reverse("enforcement:helmet_ranking"), "body"),
        (reverse("enforcement:operation_detail", args=[operation.pk]), "body"),
        (reverse("api:docs"), ".swagger-ui"),
    ]
    for path, ready in pages:
        open_without_violation(page, f"{live_server.url}{path}", ready)

    page.context.clear_cookies()
    log_in(page, live_server, "clerk")
    page.wait_for_url(f"{live_server.url}/")
    # An htmx form: quick entry posts and swaps its form in place.
    # The location picker of a hazard's form: Leaflet, the base map and the picker's own script.
    open_without_violation(page, f"{live_server.url}{reverse('hazards:hazard_create')}", "#location-picker[data-ready]")
    open_without_violation(page, f"{live_server.url}{reverse('enforcement:quick_entry')}", "#quick-entry")
    page.locator("#quick-entry button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    assert not page.evaluate("window.__csp")
