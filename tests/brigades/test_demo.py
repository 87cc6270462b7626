import pytest
from django.apps import apps
from django.core.management import call_command

from brigades.models import Brigade, User

pytestmark = pytest.mark.django_db


def row_counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label in
            {"brigades", "hazards", "enforcement", "outreach", "services"}}


def test_load_demo_is_idempotent_and_makes_every_role(capsys):
    call_command("load_demo", scale=0.02)
    first = row_counts()
    call_command("load_demo", scale=0.02)
    assert row_counts() == first
    assert {"高新区大队", "直属二大队", "东阿大队", "东昌府大队"} <= set(Brigade.objects.values_list("name", flat=True))
    assert User.objects.filter(role="staff", brigade__code="gxq").exists()
    assert User.objects.filter(role="leader", brigade__code="dea").exists()
    assert User.objects.filter(role="detachment_leader", brigade=None).exists()
    assert "gxq_staff" in capsys.readouterr().out


def test_demo_events_belong_to_demo_operations_their_brigade_takes_part_in():
    from outreach.models import Event

    call_command("load_demo", scale=0.02)
    linked = list(Event.objects.filter(operation__isnull=False).select_related("operation", "brigade"))
    assert linked, "no demo event belongs to a demo operation"
    for event in linked:
        assert event.operation.covers(event.brigade)
        assert event.operation.start_date <= event.date <= event.operation.end_date
        assert event.campaign == ""
