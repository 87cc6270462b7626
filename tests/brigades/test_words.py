"""Words: the translations the issue found wrong, units spaced in English, reference data in English."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from brigades.templatetags.figures import with_unit
from enforcement.models import ViolationKind
from hazards.models import Accident, HazardCategory, Reinspection
from services.models import WorkOrder
from tests.hazards.factories import HazardFactory

pytestmark = pytest.mark.django_db


def zh(text):
    with translation.override("zh-hans"):
        return str(text)


def test_a_reinspection_ahead_reads_as_due_on_not_overdue(client_for, staff_a, brigade_a):
    hazard = HazardFactory(brigade=brigade_a)
    ahead = timezone.localdate() + datetime.timedelta(days=20)
    Reinspection.objects.create(hazard=hazard, due_on=ahead)
    page = client_for(staff_a).get(reverse("hazards:hazard_detail", args=[hazard.pk])).content.decode()
    assert f"到期日 {ahead:%Y-%m-%d}" in page
    assert f"已到期 {ahead:%Y-%m-%d}" not in page


def test_sort_options_are_translated(client_for, staff_a):
    page = client_for(staff_a).get(reverse("services:workorder_list"))
    choices = [str(label) for _value, label in page.context["filter"].form.fields["ordering"].choices]
    text = " ".join(choices)
    assert "Due at" not in text and "descending" not in text, choices
    assert zh(WorkOrder._meta.get_field("due_at").verbose_name) in text and "（降序）" in text


def test_the_admin_words():
    with translation.override("zh-hans"):
        # Django's admin "Change" is 修改; the reports' "Change" (a difference) is 增减.
        change = "Change"  # a variable, so that makemessages does not take the test's words for the site's
        assert translation.gettext(change) != "增减"
        assert translation.pgettext("difference", change) == "增减"
        assert str(Accident._meta.verbose_name_plural) != "起"
        accidents = "accidents"
        assert translation.pgettext("unit", accidents) == "起"
        assert str(WorkOrder._meta.get_field("subject").verbose_name) != "报道内容"


def test_units_are_spaced_in_english_only():
    assert with_unit("4", "hazards") == "4 hazards"
    assert with_unit("95.0", "%") == "95.0%"
    assert with_unit("4", "起") == "4起"
    assert with_unit("4", "") == "4"
    assert with_unit("2.5", "t") == "2.5t"


def test_reference_data_has_english_names():
    kind = ViolationKind.objects.get(code="drink_driving")
    category = HazardCategory.objects.get(name="校园周边")
    with translation.override("en"):
        assert str(kind) == "Drink driving" and str(category) == "School surroundings"
    with translation.override("zh-hans"):
        assert str(kind) == "饮酒驾驶" and str(category) == "校园周边"
    # A term an admin added without an English name falls back to its Chinese one.
    added = HazardCategory.objects.create(name="新增类别")
    with translation.override("en"):
        assert str(added) == "新增类别"


def test_the_english_list_shows_english_reference_names(client_for, staff_a, brigade_a):
    HazardFactory(brigade=brigade_a, category=HazardCategory.objects.get(name="校园周边"))
    client = client_for(staff_a)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("hazards:hazard_list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "School surroundings" in page
