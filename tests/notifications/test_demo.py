"""The demo's 东阿 clerk opens 待办 and finds exactly what the demo data says is due."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from brigades.models import User
from hazards.choices import OPEN_FOR_RECTIFICATION, FollowUpStatus, KeyItemStatus
from hazards.models import Hazard, KeyDriver, KeyVehicle, Notice, Reinspection, SupervisionAction, SupervisionListing
from notifications.selectors import todo_items
from services.choices import WORK_ORDER_UNREPLIED
from services.models import ReliefAdvance, WorkOrder
from services.rules import DUE_SOON_HOURS

pytestmark = pytest.mark.django_db


def expected_keys(clerk, today, now):
    brigade = clerk.brigade
    """What is due in the brigade, read straight from the tables (the clerk has no squadron)."""
    soon = today + timedelta(days=3)
    keys = {f"hazard:{pk}" for pk in Hazard.objects.filter(
        brigade=brigade, status__in=OPEN_FOR_RECTIFICATION, rectification_deadline__lte=soon).values_list("pk", flat=True)}
    keys |= {f"reinspection:{pk}" for pk in Reinspection.objects.filter(
        hazard__brigade=brigade, done_on__isnull=True, due_on__lte=today).values_list("pk", flat=True)}
    for model in (KeyVehicle, KeyDriver):
        keys |= {f"{model._meta.model_name}:{pk}" for pk in model.objects.filter(
            brigade=brigade, handle_by__lt=today).exclude(status=KeyItemStatus.CLEARED).values_list("pk", flat=True)}
    keys |= {f"workorder:{pk}" for pk in WorkOrder.objects.filter(
        brigade=brigade, status__in=WORK_ORDER_UNREPLIED, due_at__lte=now + timedelta(hours=DUE_SOON_HOURS),
    ).filter(Q(handler__isnull=True) | Q(handler=clerk)).values_list("pk", flat=True)}
    keys |= {f"notice:{pk}" for pk in Notice.objects.filter(
        brigade=brigade, received_at__isnull=True,
        issued_on__lte=today - timedelta(days=settings.NOTICE_RECEIPT_DAYS)).values_list("pk", flat=True)}
    keys |= {f"supervision:{pk}" for pk in SupervisionAction.objects.filter(
        brigade=brigade, follow_up_status=FollowUpStatus.OPEN, deadline__lte=soon).values_list("pk", flat=True)}
    keys |= {f"listing:{pk}" for pk in SupervisionListing.objects.filter(
        brigade=brigade, lifted_on__isnull=True, supervision_deadline__lte=soon).values_list("pk", flat=True)}
    keys |= {f"relief:{pk}" for pk in ReliefAdvance.objects.filter(
        brigade=brigade, status="paid",
        advanced_on__lte=today - timedelta(days=settings.RELIEF_RECOVERY_DUE_DAYS)).values_list("pk", flat=True)}
    return keys


def test_the_dea_clerk_finds_what_the_demo_says_is_due(client):
    call_command("load_demo", scale=0.05)
    clerk = User.objects.get(username="dea_staff")
    today, now = timezone.localdate(), timezone.now()
    expected = expected_keys(clerk, today, now)
    items = todo_items(clerk, today, now)
    assert {item.key for item in items} == expected
    kinds = {key.split(":")[0] for key in expected}
    # the demo leaves notices, key vehicles and a relief fund recovery to chase
    assert {"notice", "keyvehicle", "relief"} <= kinds, kinds

    client.force_login(clerk)
    page = client.get(reverse("notifications:todo")).content.decode()
    assert page.count('data-testid="todo-item"') == len(expected)
