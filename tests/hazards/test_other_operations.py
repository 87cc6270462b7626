"""Key items, enterprises and supervision, accidents and black spots."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hazards import operations, selectors
from hazards.choices import KEY_ITEM_TRANSITIONS, KeyItemAction, KeyItemStatus
from hazards.models import BlackSpotSuggestion, Enterprise, EnterpriseRiskChange, Hazard

from ..factories import SquadronFactory, TownFactory
from . import oracles
from .factories import (
    AccidentFactory,
    EnterpriseFactory,
    KeyDriverFactory,
    KeyVehicleFactory,
    SupervisionActionFactory,
    black_spot_category,
    credit_code,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def key_action(action, item, staff):
    if action == KeyItemAction.ASSIGN:
        squadron = SquadronFactory(brigade=item.brigade)
        return operations.key_item_assign(item=item, by=staff, squadron=squadron, handle_by=TODAY() + timedelta(days=7))
    if action == KeyItemAction.CLEAR:
        return operations.key_item_clear(item=item, by=staff, clearance="inspected", note="已检验")
    return operations.key_item_reopen(item=item, by=staff, note="本周又在名单上")


@pytest.mark.parametrize("status", KeyItemStatus.values)
@pytest.mark.parametrize("action", KeyItemAction.values)
def test_key_item_transitions_follow_the_table(action, status, staff_a, brigade_a):
    item = KeyVehicleFactory(brigade=brigade_a, status=status, listed_on=TODAY() - timedelta(days=3))
    target = KEY_ITEM_TRANSITIONS.get((action, status))
    if target is None:
        with pytest.raises(ValidationError):
            key_action(action, item, staff_a)
        item.refresh_from_db()
        assert item.status == status
    else:
        key_action(action, item, staff_a)
        item.refresh_from_db()
        assert item.status == target
        assert item.history.first().history_user == staff_a


def test_key_item_assignment_refuses_another_brigades_squadron_and_an_early_limit(staff_a, brigade_a, brigade_b):
    item = KeyDriverFactory(brigade=brigade_a, listed_on=TODAY())
    with pytest.raises(ValidationError) as error:
        operations.key_item_assign(item=item, by=staff_a, squadron=SquadronFactory(brigade=brigade_b), handle_by=TODAY() - timedelta(days=1))
    assert {"squadron", "handle_by"} <= set(error.value.message_dict)


def test_key_item_figures(staff_a, brigade_a):
    today = TODAY()
    late = KeyVehicleFactory(brigade=brigade_a, listed_on=today - timedelta(days=20), handle_by=today - timedelta(days=5), status="assigned")
    cleared = KeyVehicleFactory(brigade=brigade_a, listed_on=today - timedelta(days=20), handle_by=today - timedelta(days=1))
    operations.key_item_clear(item=cleared, by=staff_a, clearance="scrapped", cleared_on=today - timedelta(days=2))
    KeyDriverFactory(brigade=brigade_a, listed_on=today - timedelta(days=2))
    figures = oracles.key_item_figures(today - timedelta(days=30), today, [brigade_a.pk])
    assert figures["keyvehicle"] == {"received": 2, "cleared": 1, "overdue": 1, "open": 1}
    assert figures["keydriver"]["received"] == 1
    assert late.deadline_state == "overdue"


def test_a_malformed_credit_code_is_refused_in_the_form(client_for, staff_a):
    response = client_for(staff_a).post(reverse("hazards:enterprise_create"), {
        "name": "聊城某运输公司", "credit_code": "91371500MA3C123450", "kind": "freight", "risk_level": "high", "vehicle_count": 3,
    })
    assert response.status_code == 200
    assert response.context["form"].errors["credit_code"]
    assert not Enterprise.objects.exists()


def test_an_enterprise_keeps_its_risk_level_history(client_for, staff_a, brigade_a):
    client = client_for(staff_a)
    client.post(reverse("hazards:enterprise_create"), {
        "name": "东阿危化运输公司", "credit_code": credit_code(1), "kind": "dangerous_goods", "risk_level": "high", "vehicle_count": 12,
    })
    enterprise = Enterprise.objects.get()
    response = client.post(reverse("hazards:enterprise_risk", args=[enterprise.pk]), {
        "to_level": "low", "changed_on": TODAY().isoformat(), "reason": "整改到位，月度评估降为低风险",
    })
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.risk_level == "low"
    assert list(EnterpriseRiskChange.objects.order_by("pk").values_list("from_level", "to_level")) == [("", "high"), ("high", "low")]
    # the same level again is refused
    with pytest.raises(ValidationError):
        operations.enterprise_change_risk_level(enterprise=enterprise, by=staff_a, to_level="low", reason="再次评估")
    assert selectors.high_risk_count_on(TODAY() - timedelta(days=1), [brigade_a.pk]) == 0
    assert selectors.high_risk_change(TODAY(), TODAY(), [brigade_a.pk]) == 0  # became high and left it the same day


def test_high_risk_stock_is_rebuilt_from_changes(staff_a, brigade_a):
    enterprises = EnterpriseFactory.create_batch(3, brigade=brigade_a, risk_level="high")
    day0 = TODAY() - timedelta(days=100)
    for enterprise in enterprises:
        EnterpriseRiskChange.objects.create(brigade=brigade_a, enterprise=enterprise, to_level="high", changed_on=day0)
    operations.enterprise_change_risk_level(enterprise=enterprises[0], by=staff_a, to_level="medium", reason="评估", changed_on=TODAY() - timedelta(days=10))
    assert selectors.high_risk_count_on(TODAY() - timedelta(days=50), [brigade_a.pk]) == 3
    assert selectors.high_risk_count_on(TODAY(), [brigade_a.pk]) == 2


def test_a_notice_is_followed_until_done(client_for, staff_a, brigade_a):
    enterprise = EnterpriseFactory(brigade=brigade_a)
    client = client_for(staff_a)
    response = client.post(reverse("hazards:supervision_create"), {
        "enterprise": enterprise.pk, "kind": "notice", "acted_on": TODAY().isoformat(), "outcome": "下达整改通知书",
    })
    assert response.context["form"].errors["deadline"]  # a notice needs a deadline
    client.post(reverse("hazards:supervision_create"), {
        "enterprise": enterprise.pk, "kind": "notice", "acted_on": TODAY().isoformat(), "outcome": "下达整改通知书",
        "deadline": (TODAY() + timedelta(days=15)).isoformat(),
    })
    action = enterprise.supervision_actions.get()
    assert action.follow_up_status == "open"
    with pytest.raises(ValidationError):
        operations.supervision_action_complete(action=action, by=staff_a, note="")
    operations.supervision_action_complete(action=action, by=staff_a, note="已完成整改")
    action.refresh_from_db()
    assert action.follow_up_status == "done"
    with pytest.raises(ValidationError):
        operations.supervision_action_complete(action=action, by=staff_a, note="again")


def test_supervision_counts(brigade_a):
    SupervisionActionFactory.create_batch(3, brigade=brigade_a, kind="interview")
    SupervisionActionFactory(brigade=brigade_a, kind="inspection", acted_on=TODAY() - timedelta(days=400))
    assert selectors.supervision_actions(TODAY() - timedelta(days=30), TODAY(), [brigade_a.pk], by="kind") == {"interview": 3}


def metres_north(n):
    return f"{36.456 + n / 111_195:.6f}"


def test_accidents_that_cluster_suggest_a_black_spot_that_staff_confirm(client_for, staff_a, brigade_a):
    black_spot_category()
    town = TownFactory(brigade=brigade_a)
    AccidentFactory(brigade=brigade_a, town=town, latitude=metres_north(0), longitude="115.985000")
    AccidentFactory(brigade=brigade_a, town=town, latitude=metres_north(80), longitude="115.985000")
    AccidentFactory(brigade=brigade_a, town=town, latitude=metres_north(2000), longitude="115.985000")
    assert operations.black_spots_refresh(brigade=brigade_a) == []  # two within 200 m weigh 2 < 3
    AccidentFactory(brigade=brigade_a, town=town, latitude=metres_north(150), longitude="115.985000")
    [suggestion] = operations.black_spots_refresh(brigade=brigade_a)
    assert suggestion.accidents.count() == 3 and suggestion.weight == 3
    assert operations.black_spots_refresh(brigade=brigade_a) == []  # never suggested twice

    client = client_for(staff_a)
    response = client.post(reverse("hazards:blackspot_confirm", args=[suggestion.pk]), {"note": "复盘确认"})
    hazard = Hazard.objects.get()
    assert response.url == hazard.get_absolute_url()
    assert hazard.category.is_black_spot and hazard.source == "accident_review" and hazard.town == town
    suggestion.refresh_from_db()
    assert suggestion.status == "confirmed" and suggestion.hazard == hazard
    with pytest.raises(ValidationError):
        operations.black_spot_dismiss(suggestion=suggestion, by=staff_a, reason="重复")


def test_a_fatal_accident_weighs_more_and_a_dismissal_needs_a_reason(staff_a, brigade_a):
    town = TownFactory(brigade=brigade_a)
    AccidentFactory(brigade=brigade_a, town=town, latitude=metres_north(0), longitude="115.985000", severity="fatal", deaths=1)
    AccidentFactory(brigade=brigade_a, town=town, latitude=metres_north(50), longitude="115.985000")
    [suggestion] = operations.black_spots_refresh(brigade=brigade_a)
    assert suggestion.weight == 4
    with pytest.raises(ValidationError):
        operations.black_spot_dismiss(suggestion=suggestion, by=staff_a, reason=" ")
    operations.black_spot_dismiss(suggestion=suggestion, by=staff_a, reason="施工期间临时事故")
    assert BlackSpotSuggestion.objects.get().status == "dismissed"


def test_accident_figures_and_inconsistent_input(client_for, staff_a, brigade_a):
    town = TownFactory(brigade=brigade_a)
    response = client_for(staff_a).post(reverse("hazards:accident_create"), {
        "occurred_at": (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"), "town": town.pk,
        "road": "S258线", "place": "韩集路口", "severity": "fatal", "deaths": 0, "injuries": 0,
    })
    assert response.status_code == 200 and response.context["form"].errors["deaths"]
    AccidentFactory(brigade=brigade_a, town=town, severity="fatal", deaths=2, injuries=1)
    AccidentFactory(brigade=brigade_a, town=town, severity="injury", injuries=3)
    figures = oracles.accident_figures(TODAY() - timedelta(days=30), TODAY(), [brigade_a.pk])
    assert figures == {"accidents": 2, "fatal_accidents": 1, "deaths": 2, "injuries": 4}
    by_severity = oracles.accident_figures(TODAY() - timedelta(days=30), TODAY(), [brigade_a.pk], by="severity")
    assert by_severity["fatal"]["deaths"] == 2
    assert selectors.deaths_per_10k(2, 400_000) == 0.05
