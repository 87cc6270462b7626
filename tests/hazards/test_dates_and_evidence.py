"""A hazard's dates follow its life (found ≤ assigned ≤ rectified ≤ signed off ≤ re-inspected),
none in the future; after a relapse the new rectification needs a photo taken since (issue 15)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hazards import operations
from hazards.choices import HazardStatus, PhotoStage
from hazards.models import HazardPhoto, Reinspection

from .factories import HazardFactory, party

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def signed_off(staff, leader, brigade, jpeg, *, days_ago=10):
    hazard = HazardFactory(brigade=brigade, found_on=TODAY() - timedelta(days=days_ago + 5))
    operations.hazard_assign(hazard=hazard, by=staff, responsible_party=party(), deadline=TODAY() + timedelta(days=7),
                             issued_on=TODAY() - timedelta(days=days_ago + 4))
    operations.hazard_rectify(hazard=hazard, by=staff, note="已修剪", photos=[jpeg()],
                              rectified_on=TODAY() - timedelta(days=days_ago + 1))
    operations.hazard_sign_off(hazard=hazard, by=leader, signed_off_on=TODAY() - timedelta(days=days_ago))
    hazard.refresh_from_db()
    return hazard


def test_a_sign_off_dated_ahead_is_refused(staff_a, leader_a, brigade_a, jpeg):
    hazard = HazardFactory(brigade=brigade_a, found_on=TODAY() - timedelta(days=3))
    operations.hazard_assign(hazard=hazard, by=staff_a, responsible_party=party(), deadline=TODAY() + timedelta(days=7))
    operations.hazard_rectify(hazard=hazard, by=staff_a, note="已修剪", photos=[jpeg()])
    with pytest.raises(ValidationError) as refused:
        operations.hazard_sign_off(hazard=hazard, by=leader_a, signed_off_on=TODAY() + timedelta(days=30))
    assert "signed_off_on" in refused.value.message_dict
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFIED and hazard.signed_off_on is None


def test_a_reinspection_dated_before_the_sign_off_is_refused(staff_a, leader_a, brigade_a, jpeg):
    hazard = signed_off(staff_a, leader_a, brigade_a, jpeg)
    reinspection = Reinspection.objects.get(hazard=hazard)
    with pytest.raises(ValidationError) as refused:
        operations.reinspection_record(reinspection=reinspection, by=staff_a, result="confirmed",
                                       done_on=hazard.signed_off_on - timedelta(days=2))
    assert "done_on" in refused.value.message_dict
    operations.reinspection_record(reinspection=reinspection, by=staff_a, result="confirmed", done_on=hazard.signed_off_on)


def test_after_a_relapse_the_old_after_photo_is_no_evidence(staff_a, leader_a, brigade_a, jpeg):
    hazard = signed_off(staff_a, leader_a, brigade_a, jpeg)
    operations.reinspection_record(reinspection=Reinspection.objects.get(hazard=hazard), by=staff_a, result="relapsed",
                                   note="树木又长出", new_deadline=TODAY() + timedelta(days=5))
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFYING
    with pytest.raises(ValidationError) as refused:
        operations.hazard_rectify(hazard=hazard, by=staff_a, note="再次修剪")
    assert "photos" in refused.value.message_dict
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFYING
    operations.hazard_rectify(hazard=hazard, by=staff_a, note="再次修剪", photos=[jpeg("again.jpg")])
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFIED
    assert HazardPhoto.objects.filter(hazard=hazard, stage=PhotoStage.AFTER).count() == 2


def test_a_key_item_goes_to_an_officer_of_the_chosen_squadron(staff_a, brigade_a):
    from ..factories import OfficerFactory, SquadronFactory
    from .factories import KeyVehicleFactory

    item = KeyVehicleFactory(brigade=brigade_a)
    first, second = SquadronFactory(brigade=brigade_a), SquadronFactory(brigade=brigade_a)
    with pytest.raises(ValidationError) as refused:
        operations.key_item_assign(item=item, by=staff_a, squadron=first, officer=OfficerFactory(brigade=brigade_a, squadron=second),
                                   handle_by=TODAY() + timedelta(days=7))
    assert "officer" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        operations.key_item_assign(item=item, by=staff_a, squadron=first, handle_by=TODAY() + timedelta(days=4000))
    assert "handle_by" in refused.value.message_dict  # a time limit eleven years ahead is a typing error
    operations.key_item_assign(item=item, by=staff_a, squadron=first, officer=OfficerFactory(brigade=brigade_a, squadron=first),
                               handle_by=TODAY() + timedelta(days=7))
