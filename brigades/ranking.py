"""The ranking of brigades under an assessment for a period: figures from the rollups, scored by
brigades.rules, with the movement since the previous period and the figures that caused it."""

from . import figures as fig
from .choices import Direction
from .models import Assessment, Brigade
from .rules import Item, explain_movement, score


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
        items.append(Item(row.metric, row.weight, row.direction == Direction.HIGHER, row.method, row.target))
    return items


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
    now = score(items, now_figures)
    before = score(items, fig.figures_by_brigade(metrics, ids, previous.start, previous.end))
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
