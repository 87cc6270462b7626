"""The leaders' pages: a brigade leader's dashboard and the detachment leader's dashboard.

They read only the rollups (brigades.figures.selectors) and the registry; the live panels of the domain apps
(overdue hazards, open hotline orders, the towns' helmet-rate ranking...) are included through each
app's `_home_panel.html` template, and the map's points come from the apps' registered map layers.
"""

from urllib.parse import urlencode

from django.apps import apps
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from ..records import caching
from . import selectors as fig
from ..basemap import map_config
from .registry import registry
from ..records.mixins import BrigadeScopedMixin
from ..models import Brigade
from ..records.replica import ReplicaReadMixin
from .periods import CUSTOM, MONTH, QUARTER, YEAR, add_months, last_months, parse_period
from .ranking import ranking_for


# The figures leaders judge brigades by (DOMAIN.md section 6: the county assessment's three, then
# the ones the articles report first). Shown first; every other figure is one click further.
# Keys only: brigades never imports a domain app; a key not registered is simply skipped.
HEADLINE_KEYS = (
    # grouped by app, so that the detachment table's group headings do not repeat
    "brigades.deaths_per_10k",
    "hazards.rectification_rate",
    "hazards.found",
    "hazards.overdue",
    "hazards.key_vehicles_cleared",
    "hazards.key_drivers_cleared",
    "enforcement.helmet_rate",
    "enforcement.alcohol_cases",
    "enforcement.overload_cases",
    "enforcement.vehicles_detained",
    "outreach.events",
    "outreach.audience",
    "services.workorder_reply_rate",
    "services.workorder_satisfaction_rate",
    "services.fast_accidents",
    "services.exam_passed",
)


def headline_metrics(metrics):
    by_key = {m.key: m for m in metrics}
    return [by_key[key] for key in HEADLINE_KEYS if key in by_key]


def app_label_of(metric):
    label = metric.key.split(".", 1)[0]
    try:
        return apps.get_app_config(label).verbose_name
    except LookupError:
        return label


def grouped(metrics):
    """[(app verbose name, [metric...])] in registration order."""
    groups = {}
    for metric in metrics:
        groups.setdefault(str(app_label_of(metric)), []).append(metric)
    return list(groups.items())


def period_context(request, default_kind=MONTH):
    today = timezone.localdate()
    period, error = parse_period(request.GET, today, default_kind)
    return {
        "period": period,
        "period_query": urlencode(period.query()),
        "period_error": error,
        "period_kinds": [(MONTH, _("Month")), (QUARTER, _("Quarter")), (YEAR, _("Year")), (CUSTOM, _("Custom range"))],
        "period_years": list(range(today.year, today.year - 5, -1)),
        "period_quarters": [
            (f"{y}-Q{q}", _("Q%(quarter)s %(year)s") % {"year": y, "quarter": q})
            for y in range(today.year, today.year - 3, -1) for q in range(4, 0, -1)
            if (y, q) <= (today.year, (today.month - 1) // 3 + 1)
        ],
    }


def trend_payload(months, series, metrics):
    return {
        "months": [f"{m:%Y-%m}" for m in months],
        "series": [
            {
                "key": m.key, "label": str(m.label), "unit": m.unit or "",
                "values": [None if f.value is None else float(round(f.value, 3)) for f in series[m.key]],
            }
            for m in metrics
        ],
    }


class DashboardView(LoginRequiredMixin, TemplateView):
    """/organisation/dashboard/: a brigade user's brigade dashboard, or the detachment dashboard."""

    def get(self, request, *args, **kwargs):
        if request.user.brigade_id:
            return redirect("brigades:brigade_dashboard", pk=request.user.brigade_id)
        return redirect("brigades:detachment_dashboard")


class BrigadeDashboardView(ReplicaReadMixin, BrigadeScopedMixin, DetailView):
    """A brigade leader's dashboard: the period's headline figures against the previous period and
    the same period last year, 12-month trends, and the apps' live panels. Every figure links to the
    records behind it."""

    model = Brigade
    template_name = "brigades/brigade_dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(period_context(self.request))
        period = context["period"]
        figures = BrigadeFigures(self.object, period)
        context.update(
            previous=figures.previous, last_year=figures.last_year,
            # Read only when the figures are rendered: the page keeps their HTML in the cache
            # (`figures_cache_key`) until the data changes, and then reads no rollup at all.
            figures=figures,
            headline=SimpleLazyObject(lambda: figures.headline),
            groups=SimpleLazyObject(lambda: figures.groups),
            trend=SimpleLazyObject(lambda: figures.trend),
            figures_cache_key=caching.fragment_key(
                "brigade-dashboard", None, self.object.pk, period.kind, period.start, period.end, timezone.localdate()),
            report_month=add_months(timezone.localdate().replace(day=1), -1),
        )
        return context


class BrigadeFigures:
    """A brigade dashboard's figures for a period: the cards (against the previous period and the
    same period last year, each linking to its records) and the 12-month trend, worked out on first
    use."""

    def __init__(self, brigade, period):
        self.brigade, self.period = brigade, period
        self.previous, self.last_year = period.previous(), period.last_year()

    @cached_property
    def metrics(self):
        return fig.visible_metrics()

    @cached_property
    def cards(self):
        period, previous, last_year, ids = self.period, self.previous, self.last_year, [self.brigade.pk]
        now = fig.figures(self.metrics, ids, period.start, period.end)
        before = fig.figures(self.metrics, ids, previous.start, previous.end)
        a_year_ago = fig.figures(self.metrics, ids, last_year.start, last_year.end)
        cards = {}
        for metric in self.metrics:
            d_prev, p_prev = fig.change(now[metric.key], before[metric.key])
            d_year, p_year = fig.change(now[metric.key], a_year_ago[metric.key])
            cards[metric.key] = {
                "metric": metric, "figure": now[metric.key],
                "previous": before[metric.key], "last_year": a_year_ago[metric.key],
                "d_prev": d_prev, "p_prev": p_prev, "d_year": d_year, "p_year": p_year,
                "url": fig.records_url(metric, period.start, period.end, self.brigade.pk),
            }
        return cards

    @cached_property
    def headline(self):
        return [self.cards[m.key] for m in headline_metrics(self.metrics)]

    @cached_property
    def groups(self):
        return [(name, [self.cards[m.key] for m in group]) for name, group in grouped(self.metrics)]

    @cached_property
    def trend(self):
        months = last_months(min(self.period.end, timezone.localdate()))
        months, series = fig.monthly_series(self.metrics, [self.brigade.pk], months[0], len(months))
        return trend_payload(months, series, self.metrics)


class DetachmentOnlyMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.sees_all_brigades:
            raise PermissionDenied(_("This page is for the detachment."))
        return super().dispatch(request, *args, **kwargs)


class DetachmentDashboardView(ReplicaReadMixin, DetachmentOnlyMixin, TemplateView):
    """All brigades side by side for a period (sortable by any figure), the assessment ranking,
    trends of one figure per brigade, and a map of the apps' open items."""

    template_name = "brigades/detachment_dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(period_context(self.request))
        period = context["period"]
        all_metrics = fig.visible_metrics()
        # Side by side, the headline figures read at a glance; ?figures=all shows every one.
        headline = headline_metrics(all_metrics)
        sort_key = self.request.GET.get("sort")
        show_all = (
            self.request.GET.get("figures") == "all" or not headline
            or (sort_key in {m.key for m in all_metrics} and sort_key not in {m.key for m in headline})
        )
        metrics = all_metrics if show_all else headline
        brigades = list(Brigade.objects.filter(is_active=True))
        ids = [b.pk for b in brigades]
        by_brigade, totals = fig.figures_side_by_side(metrics, ids, period.start, period.end)
        descending = self.request.GET.get("dir", "desc") != "asc"
        links = [fig.records_link(m, period.start, period.end) for m in metrics]
        rows = [
            {
                "brigade": b,
                "cells": [
                    {"figure": by_brigade[b.pk][m.key], "url": link(b.pk) if link else None}
                    for m, link in zip(metrics, links, strict=True)
                ],
            }
            for b in brigades
        ]
        if sort_key in {m.key for m in metrics}:
            def order(row):
                value = by_brigade[row["brigade"].pk][sort_key].value
                return (value is None, -value if (value is not None and descending) else (value or 0))
            rows.sort(key=order)
        trend_key = self.request.GET.get("trend") or (metrics[0].key if metrics else None)
        trend = None
        if trend_key in {m.key for m in metrics}:
            months = last_months(min(period.end, timezone.localdate()))
            months, series = fig.monthly_series_by_brigade(registry[trend_key], ids, months[0], len(months))
            trend = {
                "metric": trend_key,
                "label": str(registry[trend_key].label),
                "unit": registry[trend_key].unit or "",
                "months": [f"{m:%Y-%m}" for m in months],
                "series": [
                    {"label": b.short_name or b.name, "values": [None if f.value is None else float(round(f.value, 3)) for f in series[b.pk]]}
                    for b in brigades
                ],
            }

        context.update(
            metrics=metrics,
            show_all=show_all,
            groups=grouped(metrics),
            rows=rows,
            totals=[{"figure": totals[m.key], "url": link() if link else None} for m, link in zip(metrics, links, strict=True)],
            sort_key=sort_key, descending=descending,
            trend=trend, trend_key=trend_key,
            map_layers=map_layers(),
            map_config={**map_config(), "layers": map_layers()},
            ranking=ranking_for(None, period, current=by_brigade),
            keep_params=[(k, self.request.GET[k]) for k in ("sort", "dir", "trend", "figures") if self.request.GET.get(k)],
        )
        return context


def map_layers():
    """The registered map layers whose URL exists: [{key, label, url, color}]."""
    layers = []
    for layer in registry.map_layers():
        try:
            url = reverse(layer.url_name)
        except NoReverseMatch:
            continue
        layers.append({"key": layer.key, "label": str(layer.label), "url": url, "color": layer.color})
    return layers
