import pytest
from django.apps import apps
from django.core.management import call_command

from brigades.models import Brigade, User

pytestmark = pytest.mark.django_db


def row_counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label in
            {"brigades", "hazards", "enforcement", "outreach", "services"}}


# A work queue, emptied by the rollup rebuild that ends load_demo; users' own background exports.
EMPTY_AFTER_DEMO = {"brigades.DirtyDay", "brigades.ExportJob"}


def test_load_demo_is_idempotent_and_makes_every_role(capsys):
    call_command("load_demo", scale=0.02)
    first = row_counts()
    empty = {label for label, count in first.items() if count == 0 and not label.split(".")[1].startswith("Historical")}
    assert empty == EMPTY_AFTER_DEMO, f"models without demo data: {sorted(empty - EMPTY_AFTER_DEMO)}"
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


def test_demo_photos_are_real_pictures_the_apps_accept():
    from hazards.choices import PhotoStage
    from hazards.models import Hazard, HazardPhoto
    from brigades.records.photos import validate_photo
    from outreach.models import EventPhoto

    call_command("load_demo", scale=0.02)
    # Every rectified or signed-off demo hazard has its evidence, as the sign-off operation demands.
    assert not Hazard.objects.filter(rectified_on__isnull=False).exclude(photos__stage=PhotoStage.AFTER).exists()
    assert HazardPhoto.objects.filter(stage=PhotoStage.BEFORE).exists()
    for photo in [HazardPhoto.objects.first(), EventPhoto.objects.first()]:
        with photo.file.open("rb") as file:
            assert file.read(8) == b"\x89PNG\r\n\x1a\n"
            assert 200 < file.size < 10_000
            validate_photo(file)


def test_demo_black_spots_and_weekly_lists_come_through_the_operations():
    from hazards.choices import BlackSpotStatus, ImportStatus
    from hazards.models import BlackSpotSuggestion, KeyItemImport, KeyVehicle

    call_command("load_demo", scale=0.02)
    statuses = set(BlackSpotSuggestion.objects.values_list("status", flat=True))
    assert {BlackSpotStatus.CONFIRMED, BlackSpotStatus.DISMISSED, BlackSpotStatus.SUGGESTED} <= statuses
    confirmed = BlackSpotSuggestion.objects.filter(status=BlackSpotStatus.CONFIRMED).select_related("hazard__category").first()
    assert confirmed.hazard.category.is_black_spot and confirmed.accidents.count() >= 3
    assert BlackSpotSuggestion.objects.filter(status=BlackSpotStatus.DISMISSED).exclude(dismissal_reason="").exists()
    batches = KeyItemImport.objects.all()
    assert batches and all(b.status == ImportStatus.CONFIRMED and b.new_count >= 1 for b in batches)
    assert any(b.rejected_count for b in batches) and any(b.updated_count for b in batches)
    assert KeyVehicle.objects.filter(last_import__isnull=False).exists()
