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


def test_the_clerks_home_lists_what_is_overdue_with_links(client_for, staff_a, brigade_a, brigade_b):
    from datetime import timedelta

    from django.utils import timezone

    from hazards.choices import HazardStatus

    from ..hazards.factories import HazardFactory
    from ..services.factories import WorkOrderFactory

    today = timezone.localdate()
    HazardFactory(brigade=brigade_a, status=HazardStatus.ASSIGNED, rectification_deadline=today - timedelta(days=2))
    HazardFactory(brigade=brigade_a, status=HazardStatus.RECTIFYING, rectification_deadline=today - timedelta(days=1))
    HazardFactory(brigade=brigade_b, status=HazardStatus.ASSIGNED, rectification_deadline=today - timedelta(days=2))
    WorkOrderFactory(brigade=brigade_a, received_at=timezone.now() - timedelta(days=5),
                     due_at=timezone.now() - timedelta(hours=3))
    response = client_for(staff_a).get(reverse("home"))
    page = response.content.decode()
    assert "近 7 天" not in page  # the leaders' card
    todo = page.split('data-testid="todo"')[1].split("</div>\n  </div>")[0]
    assert "今日待办" in todo
    hazards = todo.split('href="/hazards/?deadline_state=overdue"')[1].split("</a>")[0]
    assert ">2</span>" in hazards  # brigade B's hazard is not counted
    assert "件热线工单已超过答复期限" in todo and "?state=overdue" in todo


def test_a_clerk_with_nothing_due_is_told_so(client_for, staff_a):
    page = client_for(staff_a).get(reverse("home")).content.decode()
    assert 'data-testid="todo-empty"' in page


def test_the_leaders_home_shows_what_moved_this_week(client_for, leader_a, brigade_a):
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from brigades.figures.rollups import rollup_refresh

    from ..enforcement.factories import ViolationFactory

    today = timezone.localdate()
    for _ in range(3):
        ViolationFactory(brigade=brigade_a, date=today - timedelta(days=1), breath_alcohol=Decimal("0.5"), kind=None)
    rollup_refresh(None, today - timedelta(days=20), today)
    response = client_for(leader_a).get(reverse("home"))
    page = response.content.decode()
    assert "需关注事项" in page and "近 7 天与前 7 天对比" in page
    assert 'data-metric="enforcement.alcohol_cases"' in page
    row = page.split('data-metric="enforcement.alcohol_cases"')[1].split("</tr>")[0]
    assert "3起" in row and "▲" in row


def test_the_history_names_the_clerk_not_their_login(client_for, staff_a, brigade_a):
    staff_a.first_name = "王警官"
    staff_a.save()
    officer = OfficerFactory(brigade=brigade_a, squadron=None, name="李强", badge_number="370009")
    client = client_for(staff_a)
    client.post(reverse("brigades:officer_update", args=[officer.pk]),
                {"name": "李强", "kind": "police", "badge_number": "370009", "position": "副大队长", "phone": "",
                 "is_active": "on", "version": officer.version})
    history = client.get(reverse("brigades:officer_detail", args=[officer.pk])).content.decode().split('data-testid="history"')[1]
    assert "<strong>王警官</strong>" in history and staff_a.username not in history


def test_the_side_by_side_group_headings_follow_the_columns():
    from types import SimpleNamespace

    from brigades.templatetags.figures import metric_runs

    keys = ["hazards.found", "enforcement.helmet_rate", "hazards.overdue", "hazards.rectified"]
    with translation.override("zh-hans"):
        runs = metric_runs([SimpleNamespace(key=key) for key in keys])
    assert [span for _name, span in runs] == [1, 1, 2]
    assert runs[0][0] == runs[2][0] != runs[1][0]


def test_an_empty_select_in_a_form_reads_choose(client_for, staff_a):
    page = client_for(staff_a).get(reverse("brigades:officer_create")).content.decode()
    assert "---------" not in page and "请选择" in page
