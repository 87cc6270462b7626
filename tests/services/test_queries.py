"""Every list of the services app, HTML and API, keeps the same number of queries for 5 rows as for 20;
and every model has a working admin page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .factories import (
    CommandCentreDayFactory,
    CounterCountFactory,
    FastAccidentFactory,
    PermitApplicantFactory,
    PermitFactory,
    ReliefAdvanceFactory,
    ServicePointFactory,
    WorkOrderFactory,
)

pytestmark = pytest.mark.django_db


def make_permit(brigade):
    return PermitFactory(brigade=brigade, enterprise=PermitApplicantFactory(brigade=brigade))


LISTS = [
    ("services:servicepoint_list", "/api/service-points/", ServicePointFactory),
    ("services:counterday_list", "/api/counter-days/", CounterCountFactory),
    ("services:fastaccident_list", "/api/fast-accidents/", FastAccidentFactory),
    ("services:commandcentreday_list", "/api/command-centre-days/", CommandCentreDayFactory),
    ("services:permit_list", "/api/permits/", make_permit),
    ("services:reliefadvance_list", "/api/relief-advances/", ReliefAdvanceFactory),
    ("services:workorder_list", "/api/work-orders/", WorkOrderFactory),
]


@pytest.mark.parametrize(("url_name", "api_url", "make"), LISTS, ids=[row[0] for row in LISTS])
def test_lists_keep_a_constant_number_of_queries(url_name, api_url, make, client_for, api_client_for, staff_a, brigade_a):
    client, api = client_for(staff_a), api_client_for(staff_a)
    for _ in range(5):
        make(brigade=brigade_a)
    with CaptureQueriesContext(connection) as page_few:
        assert client.get(reverse(url_name)).status_code == 200
    with CaptureQueriesContext(connection) as api_few:
        assert api.get(api_url).status_code == 200
    for _ in range(15):
        make(brigade=brigade_a)
    with CaptureQueriesContext(connection) as page_many:
        client.get(reverse(url_name))
    with CaptureQueriesContext(connection) as api_many:
        api.get(api_url)
    assert len(page_many) == len(page_few)
    assert len(api_many) == len(api_few)


MODELS = ["servicepoint", "businesstype", "counterday", "countercount", "workorderduerule", "workorder",
          "fastaccident", "commandcentreday", "permit", "reliefadvance"]


@pytest.mark.parametrize("model", MODELS)
def test_the_admin_lists_every_model(model, client, admin_user, brigade_a):
    CounterCountFactory(brigade=brigade_a)
    WorkOrderFactory(brigade=brigade_a)
    PermitFactory(brigade=brigade_a)
    client.force_login(admin_user)
    assert client.get(reverse(f"admin:services_{model}_changelist"), {"q": "x"}).status_code == 200
