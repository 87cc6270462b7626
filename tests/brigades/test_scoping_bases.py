"""The shared form and serializer bases keep brigade-wide unique constraints checked, although
the brigade is never a field the user fills in."""

import pytest
from rest_framework.test import APIRequestFactory

from brigades.records.api.scoping import BrigadeRecordSerializer
from brigades.records.forms import BrigadeRecordForm
from brigades.models import Town

from ..factories import TownFactory

pytestmark = pytest.mark.django_db


class TownForm(BrigadeRecordForm):
    class Meta:
        model = Town
        fields = ["name", "kind"]


class TownSerializer(BrigadeRecordSerializer):
    class Meta:
        model = Town
        fields = ["id", "brigade", "name", "kind"]


def test_a_form_reports_a_duplicate_in_the_brigade_as_an_error(staff_a, brigade_a):
    TownFactory(brigade=brigade_a, name="韩集乡")
    form = TownForm(data={"name": "韩集乡", "kind": "town"}, user=staff_a)
    assert not form.is_valid()
    assert Town.objects.count() == 1


def test_the_same_name_in_another_brigade_is_fine(staff_a, brigade_b):
    TownFactory(brigade=brigade_b, name="韩集乡")
    assert TownForm(data={"name": "韩集乡", "kind": "town"}, user=staff_a).is_valid()


def test_a_serializer_reports_a_duplicate_in_the_brigade_as_an_error(staff_a, brigade_a):
    TownFactory(brigade=brigade_a, name="韩集乡")
    request = APIRequestFactory().post("/")
    request.user = staff_a
    serializer = TownSerializer(data={"name": "韩集乡", "kind": "town"}, context={"request": request})
    assert not serializer.is_valid()
    assert Town.objects.count() == 1


# --- objects of another brigade, and objects shared with the record's brigade ------------------


def test_a_detachment_user_choosing_another_brigades_squadron_gets_a_field_error(admin_user, brigade_a, brigade_b):
    from brigades.forms import OfficerForm

    from ..factories import SquadronFactory

    squadron_b = SquadronFactory(brigade=brigade_b)
    form = OfficerForm(data={"brigade": brigade_a.pk, "name": "张伟", "kind": "police", "badge_number": "123456",
                             "squadron": squadron_b.pk, "is_active": True}, user=admin_user)
    assert not form.is_valid()
    assert "squadron" in form.errors


class Shared:
    """An object of brigade 2 that says it is shared with brigade 7 (like a detachment-wide operation)."""

    brigade_id = 2

    def covers(self, brigade):
        return brigade.pk == 7


def test_may_reference_honours_covers():
    from brigades.models import Brigade
    from brigades.records.scoping import may_reference

    assert may_reference(Shared(), Brigade(pk=2))
    assert may_reference(Shared(), Brigade(pk=7))
    assert not may_reference(Shared(), Brigade(pk=3))
    assert not may_reference(Town(brigade_id=2), Brigade(pk=3))
    assert may_reference(Town(brigade_id=3), Brigade(pk=3))
    assert may_reference(object(), Brigade(pk=3))  # reference data: no brigade
