"""Every page of the services app renders for a clerk, with records in it, in Chinese."""

import pytest
from django.urls import reverse

from .factories import (
    CommandCentreDayFactory,
    CounterCountFactory,
    FastAccidentFactory,
    PermitFactory,
    ReliefAdvanceFactory,
    ServicePointFactory,
    WorkOrderFactory,
    motorcycle_exam,
)

pytestmark = pytest.mark.django_db

RECORDS = {
    "servicepoint": ServicePointFactory,
    "counterday": lambda brigade: CounterCountFactory(brigade=brigade).counter_day,
    "workorder": WorkOrderFactory,
    "fastaccident": FastAccidentFactory,
    "commandcentreday": CommandCentreDayFactory,
    "permit": PermitFactory,
    "reliefadvance": ReliefAdvanceFactory,
}


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_list_detail_and_form_pages_render(name, client_for, staff_a, brigade_a):
    record = RECORDS[name](brigade=brigade_a)
    client = client_for(staff_a)
    listing = client.get(reverse(f"services:{name}_list"))
    assert listing.status_code == 200
    assert record.pk in [row.record.pk for row in listing.context["table"].page.object_list]
    assert client.get(reverse(f"services:{name}_list"), {"_export": "xlsx"}).status_code == 200
    detail = client.get(record.get_absolute_url())
    assert detail.status_code == 200
    assert 'data-testid="history"' in detail.content.decode()
    update = client.get(reverse(f"services:{name}_update", args=[record.pk]))
    assert update.status_code in (200, 302)
    create_name = "services:counter_tally" if name == "counterday" else f"services:{name}_create"
    assert client.get(reverse(create_name)).status_code == 200


@pytest.mark.parametrize("url_name", ["services:figures", "services:workorder_queue", "services:counter_tally", "home"])
def test_overview_pages_render(url_name, client_for, staff_a, brigade_a):
    motorcycle_exam()
    WorkOrderFactory(brigade=brigade_a)
    PermitFactory(brigade=brigade_a)
    page = client_for(staff_a).get(reverse(url_name))
    assert page.status_code == 200


def test_the_navbar_offers_permits_valid_today_in_one_click(client_for, staff_a):
    page = client_for(staff_a).get(reverse("home")).content.decode()
    assert reverse("services:permit_list") + "?state=valid_today" in page
    assert "今日有效通行证" in page


def test_a_leader_reads_the_lists_but_cannot_write(client_for, leader_a, brigade_a):
    order = WorkOrderFactory(brigade=brigade_a)
    client = client_for(leader_a)
    assert client.get(reverse("services:workorder_list")).status_code == 200
    assert client.get(reverse("services:counter_tally")).status_code == 403
    assert client.post(reverse("services:workorder_take", args=[order.pk])).status_code == 403
