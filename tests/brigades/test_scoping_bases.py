"""The shared form and serializer bases keep brigade-wide unique constraints checked, although
the brigade is never a field the user fills in."""

import pytest
from rest_framework.test import APIRequestFactory

from brigades.api.scoping import BrigadeRecordSerializer
from brigades.forms_base import BrigadeRecordForm
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
