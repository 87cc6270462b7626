"""What keeps the lists, search, home page and map fast at a detachment's volume (issue 16): capped
counts, cursor-paginated API lists, bigram search (PostgreSQL) or icontains (SQLite) with the same
answers, filters that search thousands of options instead of embedding them, cached home figures
that follow every change, and the map's server-side clusters. Timings live in bench/, not here."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from brigades.records.pagination import CappedPaginator
from enforcement.models import Violation
from hazards.choices import HazardStatus
from services.models import WorkOrder
from tests.enforcement.factories import OperationFactory, ViolationFactory, kind
from tests.factories import SquadronFactory
from tests.hazards.factories import HazardFactory
from tests.services.factories import WorkOrderFactory

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- capped counts


def test_a_long_list_says_more_than_the_cap_and_pages_stop_there(client_for, staff_a, brigade_a, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    ViolationFactory.create_batch(5, brigade=brigade_a)
    response = client_for(staff_a).get(reverse("enforcement:violation_list"), {"per_page": 2})
    page = response.content.decode()
    assert 'data-testid="table-count"' in page
    assert response.context["table"].paginator.capped
    assert response.context["table"].paginator.count == 3
    assert response.context["table"].paginator.num_pages == 2
    # A page past the cap shows the last page the cap allows, not an OFFSET into millions.
    deep = client_for(staff_a).get(reverse("enforcement:violation_list"), {"per_page": 2, "page": 500})
    assert deep.status_code == 200 and deep.context["table"].page.number == 2


def test_a_search_counts_to_a_lower_cap(client_for, staff_a, brigade_a, monkeypatch):
    monkeypatch.setattr("brigades.records.generic.SEARCH_COUNT_CAP", 2)
    ViolationFactory.create_batch(4, brigade=brigade_a, plate="鲁P12345")
    client = client_for(staff_a)
    searched = client.get(reverse("enforcement:violation_list"), {"q": "鲁P"}).context["table"].paginator
    assert searched.capped and searched.count == 2
    listed = client.get(reverse("enforcement:violation_list")).context["table"].paginator
    assert not listed.capped and listed.count == 4


def test_a_short_list_still_counts_exactly(client_for, staff_a, brigade_a):
    ViolationFactory.create_batch(4, brigade=brigade_a)
    response = client_for(staff_a).get(reverse("enforcement:violation_list"))
    assert not response.context["table"].paginator.capped
    assert response.context["table"].paginator.count == 4


# ---------------------------------------------------------------- API cursors


def test_the_api_list_pages_by_cursor_through_every_record_once_in_the_lists_order(api_client_for, staff_a, brigade_a):
    today = timezone.localdate()
    for days in range(7):
        ViolationFactory(brigade=brigade_a, date=today - timedelta(days=days % 3))
    client = api_client_for(staff_a)
    url, seen = reverse("api:violation-list") + "?page_size=2", []
    while url:
        data = client.get(url).json()
        assert "count" not in data and len(data["results"]) <= 2
        seen += [row["id"] for row in data["results"]]
        url = data["next"]
        assert url is None or "cursor=" in url
    expected = list(Violation.objects.order_by("-date", "-time", "-pk").values_list("pk", flat=True))
    assert seen == expected


# ---------------------------------------------------------------- free-text search


@pytest.mark.parametrize("query, found", [
    ("路灯", {"lamp"}),           # two Chinese characters: what pg_trgm cannot index
    ("路灯不亮", {"lamp"}),
    ("灯", {"lamp", "signal"}),  # one character
    ("信号灯", {"signal"}),
    ("LAMP-7", {"lamp"}),        # case-insensitive, Latin
    ("不亮路灯", set()),          # the same bigrams in another order are not the text
    ("灯配", set()),              # pieces from two fields never join into a match
])
def test_search_finds_the_text_in_any_field_on_either_database(client_for, staff_a, brigade_a, query, found):
    rows = {
        "lamp": WorkOrderFactory(brigade=brigade_a, subject="路灯不亮", request="东昌路", number="lamp-7"),
        "signal": WorkOrderFactory(brigade=brigade_a, subject="信号灯", request="配时不合理", number="s-1"),
        "other": WorkOrderFactory(brigade=brigade_a, subject="咨询年检", request="", number="o-1"),
    }
    response = client_for(staff_a).get(reverse("services:workorder_list"), {"q": query})
    shown = {key for key, order in rows.items() if order in response.context["table"].data.data}
    assert shown == found


def test_search_through_a_related_name_still_works(client_for, staff_a, brigade_a):
    drunk = ViolationFactory(brigade=brigade_a, kind=kind("no_seat_belt"), road="", note="")
    ViolationFactory(brigade=brigade_a, road="", note="")
    response = client_for(staff_a).get(reverse("enforcement:violation_list"), {"q": drunk.kind.name})
    assert list(response.context["table"].data.data) == [drunk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bigram indexes exist on PostgreSQL only")
def test_every_searched_model_has_its_bigram_index_over_its_fields():
    from brigades.figures.rollups import record_models

    searched = [m for m in record_models() if getattr(m, "search_index", None)]
    assert WorkOrder in searched
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename, indexdef FROM pg_indexes WHERE indexdef LIKE '%search_bigrams%'")
        indexes = cursor.fetchall()
    for model in searched:
        # PostgreSQL writes the expression back with casts and parentheses: compare without them.
        expected = " || ".join(f"search_bigrams{model._meta.get_field(f).column}" for f in model.search_index)
        assert any(table == model._meta.db_table and expected in definition.replace("::text", "").replace("(", "").replace(")", "")
                   for table, definition in indexes), model


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bigram indexes exist on PostgreSQL only")
def test_the_search_query_is_served_by_the_bigram_index(staff_a, brigade_a):
    from services.filtersets import WorkOrderFilterSet

    WorkOrderFactory(brigade=brigade_a, subject="路灯不亮")
    queryset = WorkOrderFilterSet({"q": "路灯"}, queryset=WorkOrder.objects.all()).qs.order_by()
    with connection.cursor() as cursor:
        # A test table is tiny: make the planner show whether the index can serve the query at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = queryset.explain()
    assert "svc_workorder_search" in plan


# ---------------------------------------------------------------- filters of thousands


def test_a_filter_of_many_operations_carries_only_the_chosen_one(client_for, staff_a, brigade_a, brigade_b):
    chosen = OperationFactory(brigade=brigade_a, name="夜查酒驾专项")
    OperationFactory.create_batch(3, brigade=brigade_a)
    page = client_for(staff_a).get(reverse("enforcement:violation_list"), {"operation": chosen.pk}).content.decode()
    start = page.index('name="operation"')
    select = page[start:page.index("</select>", start)]
    assert select.count("<option") == 2 and "夜查酒驾专项" in select  # "all" and the chosen one
    assert "data-search-select" in page and "model=enforcement.operation" in page


def test_the_choices_answer_searches_within_the_users_scope(client_for, staff_a, staff_b, brigade_a, brigade_b):
    mine = OperationFactory(brigade=brigade_a, name="夏季行动甲")
    OperationFactory(brigade=brigade_b, name="夏季行动乙")
    OperationFactory(brigade=brigade_a, name="百日行动")
    url = reverse("brigades:choices")
    data = client_for(staff_a).get(url, {"model": "enforcement.operation", "q": "夏季"}).json()
    assert data["results"] == [{"id": str(mine.pk), "text": str(mine)}]
    assert client_for(staff_b).get(url, {"model": "enforcement.operation", "q": "甲"}).json()["results"] == []


def test_the_choices_of_a_model_not_offered_for_search_are_404(client_for, staff_a):
    url = reverse("brigades:choices")
    assert client_for(staff_a).get(url, {"model": "brigades.user"}).status_code == 404
    assert client_for(staff_a).get(url, {"model": "nothing.here"}).status_code == 404


def test_a_forms_choice_among_many_records_is_searched_and_a_short_list_stays_a_select(
        client_for, staff_a, brigade_a, monkeypatch):
    monkeypatch.setattr("brigades.records.forms.EMBEDDED_CHOICES", 2)
    HazardFactory.create_batch(2, brigade=brigade_a, road="东风路")
    url = reverse("hazards:accident_create")

    def hazard_field():
        page = client_for(staff_a).get(url).content.decode()
        start = page.index('name="hazard"')
        return page[page.rindex("<div", 0, start):page.index("</select>", start)]

    short = hazard_field()
    assert "data-search-select" not in short and short.count("东风路") == 2
    HazardFactory(brigade=brigade_a, road="东风路")
    long = hazard_field()
    assert "data-search-select" in long and "东风路" not in long
    assert f"model=hazards.hazard&amp;brigade={brigade_a.pk}" in long


def test_the_choices_for_a_form_are_what_a_record_of_its_brigade_may_reference(
        client_for, detachment_leader, brigade_a, brigade_b):
    mine = HazardFactory(brigade=brigade_a, road="东风路")
    HazardFactory(brigade=brigade_b, road="东风路")
    url = reverse("brigades:choices")
    both = client_for(detachment_leader).get(url, {"model": "hazards.hazard", "q": "东风"}).json()["results"]
    assert len(both) == 2
    one = client_for(detachment_leader).get(url, {"model": "hazards.hazard", "q": "东风", "brigade": brigade_a.pk})
    assert one.json()["results"] == [{"id": str(mine.pk), "text": str(mine)}]


def test_every_choice_of_records_that_grow_with_the_data_can_be_searched():
    """A form or filter offering a brigade's dated records (its hazards, events, accidents) embeds
    them all unless their model says how to search them: 60 000 events made a 5 MB page."""
    import importlib

    from django import forms as django_forms

    from brigades.records.filtersets import BrigadeRecordFilterSet
    from brigades.records.forms import BrigadeRecordForm
    from brigades.records.scoping import BrigadeRecord

    for app in ("brigades", "hazards", "enforcement", "outreach", "services"):
        for module in ("forms", "filtersets"):
            importlib.import_module(f"{app}.{module}")

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    offered = []
    for form in subclasses(BrigadeRecordForm):
        offered += [(form.__name__, name, field.queryset.model) for name, field in form.base_fields.items()
                    if isinstance(field, django_forms.ModelChoiceField)
                    and not isinstance(field, django_forms.ModelMultipleChoiceField)]
    for filterset in subclasses(BrigadeRecordFilterSet):
        offered += [(filterset.__name__, name, flt.queryset.model) for name, flt in filterset.base_filters.items()
                    if hasattr(getattr(flt, "queryset", None), "model")]
    growing = [(where, name, model) for where, name, model in offered
               if issubclass(model, BrigadeRecord) and model.date_field]
    assert growing, "the check found no choice of dated records: it is looking in the wrong place"
    unsearchable = [(where, name) for where, name, model in growing if not getattr(model, "choice_search_fields", None)]
    assert unsearchable == []


def test_every_list_of_dated_records_has_indexes_for_its_order_for_the_leader_and_one_brigade():
    """A list's page is an index walk of 25 rows only if an index starts with the list's order (the
    leader's list) and one with the brigade then that order (a brigade's list); without them the
    relief fund's list sorted every advance per page."""
    from django.apps import apps
    from django.db import models

    from brigades.records.scoping import BrigadeRecord

    # Records that stay few, or are only read inside their parent, need no list indexes.
    few = {
        "hazards.KeyItemImport": "one weekly file per brigade: ~50 a year",
        "services.ReliefTarget": "one per brigade and month",
        "services.ReliefRecovery": "read inside their advance",
        "services.CounterCount": "read inside their counter day",
    }
    missing = []
    for model in apps.get_models():
        if not issubclass(model, BrigadeRecord) or not model.date_field or not model._meta.ordering:
            continue
        if model._meta.label in few:
            continue
        first = model._meta.ordering[0].lstrip("-")
        if "__" in first:
            continue
        starts = [[f.lstrip("-") for f in index.fields] for index in model._meta.indexes]
        starts += [list(c.fields) for c in model._meta.constraints if isinstance(c, models.UniqueConstraint)]
        if not any(fields[:1] == [first] for fields in starts):
            missing.append((model._meta.label, first))
        if not any(fields[:2] == ["brigade", first] for fields in starts):
            missing.append((model._meta.label, "brigade", first))
    assert missing == [], missing


# ---------------------------------------------------------------- cached home figures


@pytest.fixture
def real_cache(settings):
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "volume-tests"}}
    cache.clear()
    yield cache
    cache.clear()


def test_home_figures_are_cached_until_a_record_changes(client_for, staff_a, brigade_a, real_cache,
                                                        django_capture_on_commit_callbacks):
    today = timezone.localdate()
    client = client_for(staff_a)
    HazardFactory(brigade=brigade_a, status=HazardStatus.ASSIGNED, rectification_deadline=today - timedelta(days=3))
    first = client.get(reverse("home"))
    assert 'data-testid="overdue-count">1<' in first.content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(reverse("home"))
    assert 'data-testid="overdue-count">1<' in again.content.decode()
    assert not any("hazards_hazard" in q["sql"] for q in queries.captured_queries)  # counted once, then cached
    with django_capture_on_commit_callbacks(execute=True):
        HazardFactory(brigade=brigade_a, status=HazardStatus.RECTIFYING, rectification_deadline=today - timedelta(days=1))
    assert 'data-testid="overdue-count">2<' in client.get(reverse("home")).content.decode()


def test_a_lists_filter_form_is_cached_until_the_data_changes(client_for, staff_a, brigade_a, real_cache,
                                                              django_capture_on_commit_callbacks):
    url = reverse("enforcement:violation_list")
    client = client_for(staff_a)
    SquadronFactory(brigade=brigade_a, name="一中队")
    assert "一中队" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url).content.decode()
    assert "一中队" in again and 'data-testid="filter-form"' in again
    assert not any("brigades_squadron" in q["sql"] for q in queries.captured_queries)  # the options, rendered once
    with django_capture_on_commit_callbacks(execute=True):
        SquadronFactory(brigade=brigade_a, name="二中队")
    assert "二中队" in client.get(url).content.decode()
    # Another query is another form: the chosen value shows.
    chosen = client.get(url, {"q": "鲁P"}).content.decode()
    assert 'value="鲁P"' in chosen and 'value="鲁P"' not in client.get(url).content.decode()


def test_the_brigade_dashboards_figures_are_cached_until_the_data_changes(client_for, leader_a, brigade_a, real_cache,
                                                                        django_capture_on_commit_callbacks):
    url = reverse("brigades:brigade_dashboard", args=[brigade_a.pk])
    client = client_for(leader_a)
    first = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url).content.decode()
    assert again.count("figure-card") == first.count("figure-card") > 0
    assert not any("brigades_dailyfigure" in q["sql"] or "brigades_monthlyfigure" in q["sql"] for q in queries.captured_queries)
    with django_capture_on_commit_callbacks(execute=True):
        HazardFactory(brigade=brigade_a)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert any("brigades_dailyfigure" in q["sql"] or "brigades_monthlyfigure" in q["sql"] for q in queries.captured_queries)


# ---------------------------------------------------------------- the map


def test_the_map_clusters_near_hazards_and_shows_far_ones_alone(client_for, detachment_leader, brigade_a, brigade_b):
    for n in range(30):
        HazardFactory(brigade=brigade_a, latitude=Decimal("36.450000") + Decimal(n) / 100000, longitude=Decimal("115.980000"))
    alone = HazardFactory(brigade=brigade_b, latitude=Decimal("36.900000"), longitude=Decimal("116.400000"))
    url = reverse("hazards:open_hazards_geojson")
    client = client_for(detachment_leader)
    data = client.get(url, {"zoom": 9}).json()
    clusters = [f for f in data["features"] if f["properties"].get("cluster")]
    singles = [f for f in data["features"] if not f["properties"].get("cluster")]
    assert [c["properties"]["count"] for c in clusters] == [30]
    assert [s["properties"]["url"] for s in singles] == [alone.get_absolute_url()]
    # A view around the far one only: the cluster is outside it.
    view = client.get(url, {"zoom": 12, "bbox": "116.3,36.8,116.5,37.0"}).json()
    assert [f["properties"].get("url") for f in view["features"]] == [alone.get_absolute_url()]
    # At street level every hazard is its own marker.
    street = client.get(url, {"zoom": 18, "bbox": "115.9,36.4,116.0,36.5"}).json()
    assert len(street["features"]) == 30 and not any(f["properties"].get("cluster") for f in street["features"])


def test_the_hazard_maps_data_follows_the_lists_filters_and_scope(client_for, staff_a, staff_b, brigade_a):
    HazardFactory(brigade=brigade_a, latitude=Decimal("36.45"), longitude=Decimal("115.98"), road="东昌路")
    HazardFactory(brigade=brigade_a, latitude=Decimal("36.46"), longitude=Decimal("115.99"), road="振兴路")
    url = reverse("hazards:hazard_map_data")
    data = client_for(staff_a).get(url, {"q": "东昌", "zoom": 18}).json()
    assert len(data["features"]) == 1
    assert client_for(staff_b).get(url, {"zoom": 18}).json()["features"] == []


def test_the_hazard_map_shows_the_hazards_still_open_until_other_statuses_are_ticked(client_for, staff_a, brigade_a):
    where = {"latitude": Decimal("36.45"), "longitude": Decimal("115.98")}
    open_one = HazardFactory(brigade=brigade_a, status=HazardStatus.RECTIFYING, **where)
    signed_off = HazardFactory(brigade=brigade_a, status=HazardStatus.SIGNED_OFF, signed_off_on=timezone.localdate(), **where)
    client = client_for(staff_a)
    url = reverse("hazards:hazard_map_data")

    def shown(**query):
        return {f["properties"]["url"] for f in client.get(url, {"zoom": 18, **query}).json()["features"]}

    assert shown() == {open_one.get_absolute_url()}
    assert shown(status=HazardStatus.SIGNED_OFF) == {signed_off.get_absolute_url()}
    everything = [choice for choice, _label in HazardStatus.choices]
    assert shown(status=everything) == {open_one.get_absolute_url(), signed_off.get_absolute_url()}
    # The page's filter says so: the open statuses ticked, signed off not.
    page = client.get(reverse("hazards:hazard_map")).content.decode()
    ticked = set(re.findall(r'name="status" value="(\w+)"[^>]*checked', page))
    assert HazardStatus.RECTIFYING in ticked and HazardStatus.SIGNED_OFF not in ticked
