"""Formatting of dashboard figures: Chinese-style numbers (thousands separators, 万 for large
values on cards), rates with their unit, and the ▲▼ of a change coloured by whether it is better."""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..figures import selectors as fig
from ..figures.dashboards import HEADLINE_KEYS, app_label_of

register = template.Library()


def _plain(value, places):
    quantum = Decimal(1).scaleb(-places)
    value = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    if places and value == value.to_integral():
        value = value.quantize(Decimal(1))
    text = f"{value:,}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_number(value, metric=None, short=False):
    if value is None:
        return "—"
    value = Decimal(value)
    rate = metric is not None and metric.aggregation != "sum"
    places = 2 if rate else 3
    if short and not rate and abs(value) >= 100_000:
        return _plain(value / 10_000, 1) + _("×10k")
    return _plain(value, places)


@register.filter
def figure_value(figure, short=False, unit=None):
    """A figure's value with its unit, or “insufficient base” for a rate below its minimum base."""
    if figure is None:
        return "—"
    if figure.insufficient:
        return insufficient_text(figure.metric)
    if unit is None:
        unit = str(figure.metric.unit or "")
    return with_unit(format_number(figure.value, figure.metric, short=bool(short)), unit)


def with_unit(number, unit):
    """"4 hazards" and "95%" in English, "4起" and "95%" in Chinese: a unit that is a word is
    spaced from its number; a sign, a symbol ("2.5t") or a Chinese measure word is not."""
    if len(unit) > 1 and unit[:2].isascii() and unit[:2].isalpha():
        return f"{number} {unit}"
    return f"{number}{unit}"


def insufficient_text(metric):
    """“insufficient base”, saying the threshold where the metric has one (fewer than 5 hazards
    found), so that a reader knows why a figure is withheld."""
    min_base = getattr(metric, "min_base", 0) or 0
    if metric.aggregation == "ratio" and min_base > 1:
        return _("insufficient base (under %(min_base)s)") % {"min_base": min_base}
    if metric.aggregation == "per_capita":
        return _("insufficient base (no population figure)")
    return _("insufficient base")


@register.simple_tag(takes_context=True)
def figure_cells(context, cells):
    """The <td> of each cell ({figure, url}) of a table row, the value linked to its records.
    One tag per row instead of template logic per cell (the detachment table has over a thousand
    cells); each metric's translated unit is looked up once per page, not once per cell."""
    units = context.render_context.setdefault("figure_units", {})
    html = []
    for cell in cells:
        figure = cell["figure"]
        unit = None
        if figure is not None:
            metric = figure.metric
            if metric.key not in units:
                units[metric.key] = str(metric.unit or "")
            unit = units[metric.key]
        value = conditional_escape(figure_value(figure, unit=unit))
        if cell["url"]:
            html.append(f'<td class="number"><a href="{conditional_escape(cell["url"])}">{value}</a></td>')
        else:
            html.append(f'<td class="number">{value}</td>')
    return mark_safe("".join(html))  # noqa: S308 - every part is escaped above


@register.filter
def number(value):
    return format_number(value)


@register.filter
def metric_number(value, metric):
    """A value formatted as its metric's figures are on the dashboards (a rate to 2 places)."""
    return format_number(value, metric)


@register.simple_tag
def change_badge(metric, difference, percent=None):
    """▲ / ▼ with the change, green when better, red when worse, grey when neither is better."""
    if difference is None:
        return format_html('<span class="text-muted">{}</span>', "—")
    if difference == 0:
        return format_html('<span class="text-muted">{}</span>', _("unchanged"))
    up = difference > 0
    better = metric.higher_is_better
    if better is None:
        css = "text-secondary"
    else:
        css = "text-success" if up == better else "text-danger"
    arrow = "▲" if up else "▼"
    amount = format_number(abs(difference), metric)
    if metric.aggregation != "sum" and metric.unit == "%":
        text = _("%(amount)s pt") % {"amount": amount}
    elif metric.aggregation != "sum":
        text = amount
    elif percent is not None:
        text = f"{amount} ({_plain(abs(percent), 1)}%)"
    else:
        text = amount
    return format_html('<span class="{}">{} {}</span>', css, arrow, text)


@register.inclusion_tag("brigades/_recent_changes.html", takes_context=True)
def recent_changes(context, days=7):
    """A leader's home card: the headline figures of the last `days` days against the `days` before,
    biggest movements first, each linked to the records behind it. Reads the rollups only."""
    user = context["user"]
    today = timezone.localdate()
    start = today - timedelta(days=days - 1)
    previous_end = start - timedelta(days=1)
    previous_start = previous_end - timedelta(days=days - 1)
    brigade_ids = [user.brigade_id] if user.brigade_id else None
    metrics = fig.visible_metrics(HEADLINE_KEYS)
    now = fig.figures(metrics, brigade_ids, start, today)
    before = fig.figures(metrics, brigade_ids, previous_start, previous_end)
    rows = []
    for metric in metrics:
        difference, percent = fig.change(now[metric.key], before[metric.key])
        if not difference:
            continue
        # Rank a rate's points like ten percent of a count: a 2-point fall in the helmet rate
        # matters as much as a 20% fall in cases.
        if metric.aggregation != "sum":
            weight = abs(difference) * 10
        else:
            weight = abs(percent) if percent is not None else Decimal(100)
        rows.append({
            "metric": metric, "figure": now[metric.key], "previous": before[metric.key],
            "difference": difference, "percent": percent, "weight": weight,
            "url": fig.records_url(metric, start, today, user.brigade_id),
        })
    rows.sort(key=lambda row: row["weight"], reverse=True)
    return {"rows": rows[:8], "start": start, "end": today, "days": days, "user": user,
            "unchanged": len(metrics) - len(rows)}


@register.filter
def metric_runs(metrics):
    """[(app name, number of consecutive columns)] over metrics in their display order: the group
    heading row of a table whose columns follow the headline order, not the apps' order."""
    runs = []
    for metric in metrics:
        name = str(app_label_of(metric))
        if runs and runs[-1][0] == name:
            runs[-1][1] += 1
        else:
            runs.append([name, 1])
    return [tuple(run) for run in runs]
