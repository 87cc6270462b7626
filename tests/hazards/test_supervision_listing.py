"""挂牌督办 proper: level, supervising unit, supervision deadline, progress reports, lifting, and the
detachment's board of everything under supervision, overdue first."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hazards import operations
from hazards.models import SupervisionListing

from .factories import HazardFactory

pytestmark = pytest.mark.django_db


def listed(brigade, by, *, deadline_in_days, level="detachment"):
    today = timezone.localdate()
    hazard = HazardFactory(brigade=brigade, found_on=today - timedelta(days=30))
    return operations.supervision_list(
        hazard=hazard, by=by, level=level, supervising_unit="支队事故预防处", listed_on=today - timedelta(days=20),
        supervision_deadline=today + timedelta(days=deadline_in_days),
    )


def test_listing_reporting_and_lifting(brigade_a, staff_a, client_for):
    client = client_for(staff_a)
    today = timezone.localdate()
    hazard = HazardFactory(brigade=brigade_a, found_on=today - timedelta(days=3))
    response = client.post(reverse("hazards:hazard_supervise", args=[hazard.pk]), {
        "level": "city", "supervising_unit": "市安委会办公室", "listed_on": today.isoformat(),
        "supervision_deadline": (today + timedelta(days=30)).isoformat(), "requirements": "月底前完成",
    })
    assert response.status_code == 302
    listing = SupervisionListing.objects.get(hazard=hazard)
    hazard.refresh_from_db()
    assert hazard.is_supervised and listing.get_level_display()
    with pytest.raises(ValidationError):
        operations.supervision_list(hazard=hazard, by=staff_a, level="city", supervising_unit="x",
                                    supervision_deadline=today + timedelta(days=3))

    client.post(reverse("hazards:listing_progress", args=[listing.pk]), {"reported_on": today.isoformat(), "progress": "已设置警示标志"})
    detail = client.get(listing.get_absolute_url()).content.decode()
    assert "已设置警示标志" in detail and detail.count('data-testid="progress"') == 1

    client.post(reverse("hazards:listing_lift", args=[listing.pk]), {"lifted_on": today.isoformat(), "note": "已整改销号"})
    listing.refresh_from_db()
    hazard.refresh_from_db()
    assert listing.lifted_on == today and not hazard.is_supervised
    with pytest.raises(ValidationError):
        operations.supervision_progress_report(listing=listing, by=staff_a, progress="再报")


def test_the_board_puts_overdue_listings_first_and_the_detachment_sees_every_brigade(
    brigade_a, brigade_b, staff_a, staff_b, detachment_leader, client_for
):
    later = listed(brigade_a, staff_a, deadline_in_days=20)
    overdue = listed(brigade_a, staff_a, deadline_in_days=-2)
    soon = listed(brigade_b, staff_b, deadline_in_days=2)
    board = client_for(detachment_leader).get(reverse("hazards:listing_list")).content.decode()
    positions = [board.index(listing.get_absolute_url() + '"') for listing in (overdue, soon, later)]
    assert positions == sorted(positions)
    own = client_for(staff_b).get(reverse("hazards:listing_list")).content.decode()
    assert soon.get_absolute_url() in own and overdue.get_absolute_url() not in own


def test_the_api_reads_listings_and_takes_progress(brigade_a, staff_a, staff_b, api_client_for):
    listing = listed(brigade_a, staff_a, deadline_in_days=5)
    url = reverse("api:supervisionlisting-progress", args=[listing.pk])
    assert api_client_for(staff_b).post(url, {"progress": "x"}, format="json").status_code == 404
    response = api_client_for(staff_a).post(url, {"progress": "已协调资金"}, format="json")
    assert response.status_code == 200
    assert [r["progress"] for r in response.data["progress_reports"]] == ["已协调资金"]
