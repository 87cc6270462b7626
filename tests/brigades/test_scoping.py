"""Brigade scoping across the whole project: a user of brigade B never sees brigade A's records.

Every named page and API endpoint is discovered (tests/url_walk.py): detail, edit and action URLs
of an A record answer 404 to B's staff for every method they accept, and lists leave A's records out.
"""

import pytest
from django.urls import reverse

from brigades.models import Brigade

from ..url_walk import endpoints, factories_by_model, url_kwargs

ALL = endpoints()
OBJECT_URLS = [e for e in ALL if e.kwargs]
LIST_URLS = [e for e in ALL if not e.kwargs and e.is_list and e.model is not None]


def record_of(model, brigade):
    if model is Brigade:
        return brigade
    factory_class = factories_by_model().get(model)
    assert factory_class, f"no factory for {model.__name__}: add one to tests/<app>/factories.py"
    obj = factory_class(brigade=brigade)
    assert model.objects.for_brigades([brigade.pk]).filter(pk=obj.pk).exists(), (
        f"{factory_class.__name__}(brigade=...) made a record outside that brigade"
    )
    return obj


def test_the_walk_finds_the_organisation_urls():
    names = {e.name for e in ALL}
    assert {"brigades:officer_detail", "brigades:officer_update", "api:officer-detail", "api:brigade-list"} <= names


def test_every_object_url_declares_its_model():
    missing = [e.name for e in OBJECT_URLS if e.model is None]
    assert not missing, f"views without a model cannot be checked for scoping: {missing}"


@pytest.mark.parametrize("endpoint", OBJECT_URLS, ids=str)
def test_other_brigades_record_answers_404(endpoint, brigade_a, staff_b, client, api_client_for):
    obj = record_of(endpoint.model, brigade_a)
    url = reverse(endpoint.name, kwargs=url_kwargs(endpoint, obj))
    if endpoint.is_api:
        caller = api_client_for(staff_b)
    else:
        client.force_login(staff_b)
        caller = client
    for method in endpoint.methods:
        response = getattr(caller, method)(url)
        assert response.status_code == 404, f"{method.upper()} {url} answered {response.status_code}"


@pytest.mark.parametrize("endpoint", LIST_URLS, ids=str)
def test_lists_leave_out_other_brigades_records(endpoint, brigade_a, staff_b, client, api_client_for):
    obj = record_of(endpoint.model, brigade_a)
    url = reverse(endpoint.name)
    if endpoint.is_api:
        response = api_client_for(staff_b).get(url)
        assert response.status_code == 200
        ids = [row["id"] for row in response.data["results"]]
    else:
        client.force_login(staff_b)
        response = client.get(url)
        assert response.status_code == 200
        ids = list(response.context["object_list"].values_list("pk", flat=True))
    assert obj.pk not in ids
