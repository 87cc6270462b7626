"""Formatting of dashboard figures: Chinese-style numbers (thousands separators, 万 for large
values on cards), rates with their unit, and the ▲▼ of a change coloured by whether it is better."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

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
        return _("insufficient base")
    if unit is None:
        unit = str(figure.metric.unit or "")
    return f"{format_number(figure.value, figure.metric, short=bool(short))}{unit}"


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
