"""Scoring maths of the assessment ranking (brigades.figures.scoring) and the ranking page."""

from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from brigades.models import Assessment, AssessmentItem
from brigades.figures.rollups import rollup_refresh
from brigades.figures.scoring import Item, competition_ranks, explain_movement, item_points, score

from .rollup_metrics import ENTERPRISES, HIGH_SHARE, make_enterprise

D = Decimal


def fig(value, insufficient=False):
    return SimpleNamespace(value=None if value is None else D(value), insufficient=insufficient)


def test_competition_ranks_share_the_better_rank():
    assert competition_ranks({1: 10, 2: 10, 3: 5}) == {1: 1, 2: 1, 3: 3}
    assert competition_ranks({1: 10, 2: 10, 3: 5}, higher_is_better=False) == {1: 2, 2: 2, 3: 1}


def test_rank_points_go_from_full_weight_to_zero():
    item = Item("x", D(30))
    points = item_points(item, {1: D(9), 2: D(5), 3: D(1)})
    assert points == {1: (D(30), 1), 2: (D(15), 2), 3: (D(0), 3)}
    assert item_points(item, {7: D(1)}) == {7: (D(30), 1)}


@pytest.mark.parametrize("value, higher, expected", [
    ("95", True, "19"),     # 95 of a 100 target: 95 % of 20 points
    ("120", True, "20"),    # above the target: capped
    ("0", True, "0"),
    ("2", False, "20"),     # lower is better, below the 4 target: full
    ("8", False, "10"),     # twice the target: half
    ("0", False, "20"),
])
def test_target_points(value, higher, expected):
    item = Item("x", D(20), higher, "target", D(100) if higher else D(4))
    assert item_points(item, {1: D(value)})[1][0] == D(expected)


def test_insufficient_base_is_not_ranked_and_the_score_uses_the_other_items():
    items = [Item("a", D(50)), Item("b", D(50))]
    results = score(items, {
        1: {"a": fig(10), "b": fig(None, insufficient=True)},
        2: {"a": fig(5), "b": fig(80)},
        3: {"a": fig(1), "b": fig(90)},
    })
    by_id = {r.brigade_id: r for r in results}
    assert by_id[1].items["b"].insufficient and by_id[1].items["b"].points is None
    assert by_id[1].score == D(100)  # judged on "a" only, where it is best
    assert by_id[2].score == D(25)   # a: 25 of 50 and b: 0 of 50
    assert by_id[3].score == D(50)   # a: 0, b: 50
    assert [r.brigade_id for r in results] == [1, 3, 2]
    assert [r.rank for r in results] == [1, 2, 3]


def test_a_brigade_scored_on_less_than_half_the_weight_is_marked_not_ranked():
    items = [Item("a", D(40)), Item("b", D(60))]
    results = score(items, {
        1: {"a": fig(10), "b": fig(None, insufficient=True)},  # judged on 40 % of the weight
        2: {"a": fig(5), "b": fig(80)},
        3: {"a": fig(1), "b": fig(90)},
    })
    by_id = {r.brigade_id: r for r in results}
    assert by_id[1].insufficient and by_id[1].rank is None and by_id[1].score == D(100)
    assert [r.rank for r in results] == [1, 2, None]
    assert results[-1].brigade_id == 1


def test_a_brigade_with_no_scorable_item_has_no_rank():
    results = score([Item("a", D(10))], {1: {"a": fig(None)}, 2: {"a": fig(3)}})
    assert results[-1].brigade_id == 1 and results[-1].rank is None and results[-1].score is None


def test_movement_and_what_moved_it():
    items = [Item("a", D(50)), Item("b", D(50))]
    before = score(items, {1: {"a": fig(10), "b": fig(10)}, 2: {"a": fig(1), "b": fig(1)}})
    now = score(items, {1: {"a": fig(1), "b": fig(10)}, 2: {"a": fig(10), "b": fig(20)}})
    explain_movement(now, before)
    by_id = {r.brigade_id: r for r in now}
    assert by_id[2].movement == 1 and by_id[1].movement == -1
    assert {key for key, _change in by_id[2].drivers} == {"a", "b"}
    assert all(change > 0 for _key, change in by_id[2].drivers)


@pytest.mark.django_db
def test_the_ranking_page_scores_every_brigade(enterprise_metrics, client_for, detachment_leader, brigade_a, brigade_b):
    today = timezone.localdate()
    for _ in range(4):
        make_enterprise(brigade_a, today, risk="high")
    make_enterprise(brigade_b, today)
    rollup_refresh(None, today - timedelta(days=70), today)
    assessment = Assessment.objects.create(name="2026年度考核")
    AssessmentItem.objects.create(assessment=assessment, metric=ENTERPRISES, weight=60)
    AssessmentItem.objects.create(assessment=assessment, metric=HIGH_SHARE, weight=40, direction="lower")
    response = client_for(detachment_leader).get(reverse("brigades:ranking"))
    assert response.status_code == 200
    rows = response.context["ranking"]["rows"]
    first = rows[0]
    assert first.brigade == brigade_a and first.rank == 1
    b_row = next(r for r in rows if r.brigade == brigade_b)
    assert b_row.items[HIGH_SHARE].insufficient  # one enterprise is below the base of 3
    assert "样本不足" in response.content.decode()


def test_the_ranking_reuses_the_figures_the_dashboard_has_read(enterprise_metrics, brigade_a, brigade_b, django_assert_num_queries):
    from brigades.figures import selectors as figures
    from brigades.figures.periods import Period
    from brigades.figures.ranking import ranking_for

    today = timezone.localdate()
    for _ in range(4):
        make_enterprise(brigade_a, today, risk="high")
    make_enterprise(brigade_b, today)
    rollup_refresh(None, today - timedelta(days=70), today)
    assessment = Assessment.objects.create(name="2026年度考核")
    AssessmentItem.objects.create(assessment=assessment, metric=ENTERPRISES, weight=60)
    AssessmentItem.objects.create(assessment=assessment, metric=HIGH_SHARE, weight=40, direction="lower")
    period = Period.month(today.year, today.month)
    read, _total = figures.figures_side_by_side(
        figures.visible_metrics([ENTERPRISES, HIGH_SHARE]), [brigade_a.pk, brigade_b.pk], period.start, period.end
    )
    with django_assert_num_queries(4):  # assessment items, brigades, this period, the previous one
        alone = ranking_for(assessment, period)
    with django_assert_num_queries(3):  # this period's figures are not read again
        reused = ranking_for(assessment, period, current=read)
    assert [(r.brigade_id, r.score, r.rank, r.movement) for r in reused["rows"]] == [
        (r.brigade_id, r.score, r.rank, r.movement) for r in alone["rows"]
    ]
    partial = {brigade_a.pk: read[brigade_a.pk]}  # a brigade missing: read them all again
    assert [r.score for r in ranking_for(assessment, period, current=partial)["rows"]] == [r.score for r in alone["rows"]]


def test_a_brigade_not_ranked_shows_no_score(enterprise_metrics, client_for, detachment_leader, brigade_a, brigade_b):
    """A brigade scored on too little of the assessment gets no number that could be read as a
    score: its full marks on the few items it has would otherwise read as a lead."""
    today = timezone.localdate()
    for _ in range(4):
        make_enterprise(brigade_a, today, risk="high")
    rollup_refresh(None, today - timedelta(days=70), today)
    assessment = Assessment.objects.create(name="2026年度考核")
    AssessmentItem.objects.create(assessment=assessment, metric=ENTERPRISES, weight=30)
    AssessmentItem.objects.create(assessment=assessment, metric=HIGH_SHARE, weight=70, direction="lower")
    response = client_for(detachment_leader).get(reverse("brigades:ranking"))
    b_row = next(r for r in response.context["ranking"]["rows"] if r.brigade == brigade_b)
    assert b_row.insufficient and b_row.score is not None
    html = response.content.decode()
    b_line = html[html.index(f">{brigade_b.short_name or brigade_b.name}<"):]
    b_line = b_line[:b_line.index("</tr>")]
    from brigades.templatetags.figures import format_number

    assert f">{format_number(b_row.score)}<" not in b_line and "—" in b_line


# ---------------------------------------------------------------- issue 13: a ranking that holds up


def test_an_item_without_base_is_left_out_and_gives_its_weight_to_no_other_item():
    """东阿 and 高新区 both had 0 deaths: each earns the weight-30 item's 30 points, never more,
    whatever other item is left out; the score is normalised over the weight actually scored."""
    items = [Item("deaths", D(30), higher_is_better=False), Item("rectification", D(25), method="target", target=D(95))]
    results = {r.brigade_id: r for r in score(items, {
        "东阿": {"deaths": fig(0), "rectification": fig(None, insufficient=True)},
        "高新区": {"deaths": fig(0), "rectification": fig(80)},
    })}
    assert results["东阿"].items["deaths"].points == D(30) == results["高新区"].items["deaths"].points
    assert results["东阿"].scored_weight == D(30) and results["东阿"].total_weight == D(55)
    assert results["东阿"].score == D(100)  # 30 of 30 scored points
    assert results["高新区"].score == (D(30) + D(25) * D(80) / D(95)) / D(55) * 100 // D("0.01") * D("0.01")


def test_movement_reasons_name_only_items_whose_points_moved():
    """Both months 0 deaths: 万人死亡率 is never a reason, even when another item dropped out."""
    items = [Item("deaths", D(30), higher_is_better=False), Item("rectification", D(25), method="target", target=D(95))]
    before = score(items, {1: {"deaths": fig(0), "rectification": fig(95)}, 2: {"deaths": fig(0), "rectification": fig(50)}})
    now = score(items, {1: {"deaths": fig(0), "rectification": fig(None, insufficient=True)}, 2: {"deaths": fig(0), "rectification": fig(95)}})
    rows = {r.brigade_id: r for r in explain_movement(now, before)}
    assert all(key != "deaths" for key, _change in rows[1].drivers + rows[2].drivers)
    assert rows[1].drivers == []  # its rectification item was not scored this month: not a reason
    assert rows[2].drivers == [("rectification", D("11.84"))]  # 25 × 50/95 = 13.16 → 25


@pytest.mark.parametrize("rate, expected", [("97.5", "10"), ("95", "10"), ("76", "8"), ("0", "0")])
def test_a_satisfaction_rate_is_scored_against_its_95_percent_target(rate, expected):
    item = Item("satisfaction", D(10), True, "target", D(95))
    assert item_points(item, {1: D(rate), 2: D("99.9")})[1][0] == D(expected)


def test_a_rate_item_with_a_target_is_scored_against_it_even_when_set_to_rank(db, enterprise_metrics):
    from brigades.figures.ranking import assessment_items

    assessment = Assessment.objects.create(name="满意度")
    AssessmentItem.objects.create(assessment=assessment, metric=HIGH_SHARE, weight=10, direction="lower", method="rank", target=5)
    AssessmentItem.objects.create(assessment=assessment, metric=ENTERPRISES, weight=10, method="rank")
    items = {item.key: item for item in assessment_items(assessment)}
    assert items[HIGH_SHARE].method == "target" and items[ENTERPRISES].method == "rank"
    assert items[HIGH_SHARE].min_base == 3  # the figure's own minimum, shown in the tooltip


def test_fewer_hazards_than_the_items_minimum_base_leave_the_item_out(enterprise_metrics, brigade_a, brigade_b, client_for, leader_a):
    """A brigade with 4 of the 5 records the item needs is not judged on it; the page says on how
    many points it was scored and names the threshold; a brigade leader sees the ranking, own row
    highlighted."""
    day = timezone.localdate().replace(day=1) - timedelta(days=20)
    for _ in range(4):
        make_enterprise(brigade_a, day, risk="high")
    for _ in range(6):
        make_enterprise(brigade_b, day)
    rollup_refresh(None, day, day)
    assessment = Assessment.objects.create(name="隐患考核")
    AssessmentItem.objects.create(assessment=assessment, metric=HIGH_SHARE, weight=25, direction="lower", method="rank", min_base=5)
    AssessmentItem.objects.create(assessment=assessment, metric=ENTERPRISES, weight=10)
    response = client_for(leader_a).get(reverse("brigades:ranking"), {"period": "month", "month": f"{day:%Y-%m}"})
    assert response.status_code == 200
    rows = {row.brigade_id: row for row in response.context["ranking"]["rows"]}
    assert rows[brigade_a.pk].items[HIGH_SHARE].insufficient and rows[brigade_a.pk].items[HIGH_SHARE].points is None
    assert rows[brigade_a.pk].scored_weight == D(10) and rows[brigade_b.pk].scored_weight == D(35)
    html = response.content.decode()
    assert 'data-testid="own-brigade"' in html and "基数少于5" in html and "35" in html
