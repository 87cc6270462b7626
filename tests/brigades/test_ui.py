"""What a clerk or a leader reads on the pages: labels in Chinese, no other brigade's column, the
home page's to-do list."""

import pytest
from django.urls import reverse
from django.utils import translation

from brigades.filtersets import OfficerFilterSet

from ..factories import OfficerFactory

pytestmark = pytest.mark.django_db


def test_generated_filter_labels_follow_the_language_of_each_request(client_for, staff_a):
    # Building the API schema (in English) used to freeze the generated labels in English.
    with translation.override("en"):
        assert str(OfficerFilterSet.base_filters["is_active"].label) == "Active"
    page = client_for(staff_a).get(reverse("brigades:officer_list")).content.decode()
    assert ">Active<" not in page
    assert ">在用<" in page


def test_a_select_filter_left_alone_reads_all(client_for, staff_a):
    page = client_for(staff_a).get(reverse("brigades:officer_list")).content.decode()
    assert "---------" not in page
    assert "全部" in page


def brigade_header(page):
    return 'class="orderable"><a href="?sort=brigade"' in page or "sort=brigade" in page


def test_a_single_brigade_user_sees_no_brigade_column_but_the_export_keeps_it(client_for, staff_a, brigade_a):
    OfficerFactory(brigade=brigade_a, name="王五")
    client = client_for(staff_a)
    page = client.get(reverse("brigades:officer_list")).content.decode()
    assert "王五" in page and not brigade_header(page)
    export = client.get(reverse("brigades:officer_list"), {"_export": "csv"}).content.decode("utf-8-sig")
    assert brigade_a.name in export


def test_a_detachment_leader_sees_the_brigade_column(client_for, detachment_leader, brigade_a):
    OfficerFactory(brigade=brigade_a)
    page = client_for(detachment_leader).get(reverse("brigades:officer_list")).content.decode()
    assert brigade_header(page)


def test_yes_no_reads_as_a_tick_or_a_dash_and_exports_in_chinese(client_for, staff_a, brigade_a):
    OfficerFactory(brigade=brigade_a, is_active=False)
    client = client_for(staff_a)
    page = client.get(reverse("brigades:officer_list")).content.decode()
    assert "✘" not in page and 'class="false text-body-tertiary">—' in page
    export = client.get(reverse("brigades:officer_list"), {"_export": "csv"}).content.decode("utf-8-sig")
    assert "否" in export and "False" not in export
