"""The ranking of brigades under an assessment for a period: figures from the rollups, scored by
brigades.figures.scoring, with the movement since the previous period and the figures that caused it."""

from dataclasses import replace

from . import selectors as fig
from ..choices import Direction, ScoringMethod
from ..models import Assessment, Brigade
from .scoring import Item, explain_movement, score


def active_assessment(assessment_id=None):
    assessments = Assessment.objects.prefetch_related("items")
    if assessment_id:
        return assessments.filter(pk=assessment_id).first()
    return assessments.filter(is_active=True).first()


def assessment_items(assessment):
    items = []
    for row in assessment.items.all():
        metric = fig.registry.get(row.metric)
        if metric is None or not fig.registry.is_available(metric):
            continue
        method = row.method
        if metric.aggregation != "sum" and row.target:
            method = ScoringMethod.TARGET  # a rate with a target is judged against it, not the best brigade
        min_base = row.min_base if row.min_base is not None else (getattr(metric, "min_base", 0) or None)
        items.append(Item(row.metric, row.weight, row.direction == Direction.HIGHER, method, row.target, min_base))
    return items


def with_min_base(items, figures_by_brigade):
    """The figures with each item's own minimum base applied: a rate whose base (denominator) is
    below it is insufficient, and the item is left out for that brigade."""
    for by_key in figures_by_brigade.values():
        for item in items:
            figure = by_key.get(item.key)
            if figure is None or figure.insufficient or not item.min_base or figure.denominator is None:
                continue
            if figure.metric.aggregation == "ratio" and figure.denominator < item.min_base:
                by_key[item.key] = replace(figure, value=None, insufficient=True)
    return figures_by_brigade


def ranking_for(assessment, period, current=None):
    """{assessment, items, metrics, columns (item, metric), rows, period, previous} or None when
    there is no assessment.
    `current`: {brigade_id: {key: Figure}} of the period already read (the dashboard's table), used
    when it holds every item of every active brigade, to save reading them again."""
    assessment = assessment or active_assessment()
    if assessment is None:
        return None
    items = assessment_items(assessment)
    metrics = [fig.registry[item.key] for item in items]
    brigades = {b.pk: b for b in Brigade.objects.filter(is_active=True)}
    ids = list(brigades)
    previous = period.previous()
    if current is not None and all(b in current and all(i.key in current[b] for i in items) for b in ids):
        now_figures = {b: current[b] for b in ids}
    else:
        now_figures = fig.figures_by_brigade(metrics, ids, period.start, period.end)
    now = score(items, with_min_base(items, {b: dict(f) for b, f in now_figures.items()}))
    before = score(items, with_min_base(items, fig.figures_by_brigade(metrics, ids, previous.start, previous.end)))
    rows = explain_movement(now, before)
    for row in rows:
        row.brigade = brigades[row.brigade_id]
        row.cells = [(item, row.items[item.key], metric) for item, metric in zip(items, metrics, strict=True)]
        row.driver_labels = [(fig.registry[key].label, change) for key, change in row.drivers]
    return {
        "assessment": assessment, "items": items, "metrics": metrics, "rows": rows,
        "columns": list(zip(items, metrics, strict=True)),
        "period": period, "previous": previous,
    }
