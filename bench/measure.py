"""Timings of the rollups (run after bench/generate.py, on PostgreSQL, DEBUG off):

    .venv/bin/python bench/measure.py --repeat 20 | tee bench/results/<date>-<size>.txt

1. Full rebuild (`rollup_rebuild_all`), wall time of --rebuilds runs (first: the pages read its rows).
2. The detachment dashboard for the current year (to today), as a leader opens it: server time of
   GET /organisation/dashboard/detachment/?period=year through the Django test client (the real
   view with its middleware, rollup queries, ranking and template), median of --repeat runs after
   two warm-ups; also with ?figures=all (every registered figure side by side).
3. The same page's figures from the raw records: each SumMetric's `compute` (one aggregate query
   per metric) over the year for all brigades, summed per brigade and in total, ratios divided; the
   12-month trend of the page's trend figure; the ranking's figures for the year and the year before.
   Every number of the page (each brigade's cell, the totals, the trend points, the ranking's scores
   and ranks) is compared for equality with the raw one.
4. One dirty brigade-day (`mark_dirty` + `rollup_refresh_dirty`), median of --repeat runs.

Only the public models and the metric registry are used. os.getloadavg() is printed before each
part: the machine is shared, so read the medians against the load.
"""

import argparse
import os
import statistics
import subprocess
import time
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

import _setup  # noqa: F401
from django.conf import settings
from django.db import connection, reset_queries
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from brigades.figures import selectors as fig
from brigades.figures.dashboards import DetachmentDashboardView
from brigades.models import Brigade, DailyFigure, User
from brigades.figures.periods import add_months, last_months, parse_period
from brigades.figures.rollups import (
    as_decimal, mark_dirty, record_models, rollup_rebuild_all, rollup_refresh_all_dirty, rollup_refresh_dirty,
)
from brigades.figures.scoring import explain_movement, score

ZERO = Decimal(0)


def load():
    return "load average %.2f %.2f %.2f" % os.getloadavg()


def samples(function, repeat, warmup=2):
    for _ in range(warmup):
        function()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def summary(times):
    times = sorted(times)
    return (f"median {statistics.median(times):.1f} ms (min {times[0]:.1f}, max {times[-1]:.1f}, "
            f"n={len(times)})")


# --- the page's figures computed from the records -------------------------------------------------

def raw_sums(keys, ids, start, end, group):
    """{group value: {sum key: total}} from each metric's compute over [start, end] (one query each)."""
    wanted = set(ids)
    sums = defaultdict(lambda: defaultdict(lambda: ZERO))
    for key in keys:
        for brigade_id, day, value in fig.registry[key].compute(start, end, wanted):
            if day is None or not start <= day <= end or brigade_id not in wanted:
                continue
            sums[group(brigade_id, day)][key] += as_decimal(value or 0)
    return sums


def raw_page(context, ids):
    """The numbers of the dashboard page computed from the records, in the shape of its context."""
    period = context["period"]
    metrics = context["metrics"]
    keys = fig._sum_keys(metrics)
    by_brigade = raw_sums(keys, ids, period.start, period.end, lambda b, d: b)
    pops = fig.populations(ids, [period.end.year])
    cells = {
        b: {m.key: fig.make_figure(m, by_brigade[b], Decimal(pops.get((b, period.end.year), 0))) for m in metrics}
        for b in ids
    }
    total_sums = defaultdict(lambda: ZERO)
    for b in ids:
        for key, value in by_brigade[b].items():
            total_sums[key] += value
    totals = {m.key: fig.make_figure(m, total_sums, fig._population(pops, ids, period.end.year)) for m in metrics}
    result = {"cells": cells, "totals": totals, "trend": None, "ranking": None}
    trend = context["trend"]
    if trend:
        metric = fig.registry[trend["metric"]]
        months = last_months(min(period.end, timezone.localdate()))
        end = add_months(months[-1], 1) - timedelta(days=1)
        monthly = raw_sums(fig._sum_keys([metric]), ids, months[0], end, lambda b, d: (b, d.replace(day=1)))
        month_pops = fig.populations(ids, sorted({m.year for m in months}))
        result["trend"] = {
            b: [fig.make_figure(metric, monthly[(b, m)], Decimal(month_pops.get((b, m.year), 0))).value for m in months]
            for b in ids
        }
    ranking = context["ranking"]
    if ranking:
        items, rank_metrics = ranking["items"], ranking["metrics"]
        rank_keys = fig._sum_keys(rank_metrics)

        def figures_for(start, end):
            sums = raw_sums(rank_keys, ids, start, end, lambda b, d: b)
            year_pops = fig.populations(ids, [end.year])
            return {
                b: {m.key: fig.make_figure(m, sums[b], Decimal(year_pops.get((b, end.year), 0))) for m in rank_metrics}
                for b in ids
            }

        now = score(items, figures_for(period.start, period.end))
        before = score(items, figures_for(ranking["previous"].start, ranking["previous"].end))
        result["ranking"] = (now, before)
    return result


def compare(context, raw):
    """[(what, page value, raw value)] of every number that differs; and how many were compared."""
    wrong, compared = [], 0
    metrics = context["metrics"]
    for row in context["rows"]:
        b = row["brigade"].pk
        for metric, cell in zip(metrics, row["cells"], strict=True):
            compared += 1
            if cell["figure"].value != raw["cells"][b][metric.key].value:
                wrong.append((f"{row['brigade'].short_name} {metric.key}", cell["figure"].value, raw["cells"][b][metric.key].value))
    for metric, total in zip(metrics, context["totals"], strict=True):
        compared += 1
        if total["figure"].value != raw["totals"][metric.key].value:
            wrong.append((f"total {metric.key}", total["figure"].value, raw["totals"][metric.key].value))
    if context["trend"]:
        brigades = list(Brigade.objects.filter(is_active=True))
        for brigade, series in zip(brigades, context["trend"]["series"], strict=True):
            expected = [None if v is None else float(round(v, 3)) for v in raw["trend"][brigade.pk]]
            compared += len(expected)
            if series["values"] != expected:
                wrong.append((f"trend {brigade.short_name}", series["values"], expected))
    if context["ranking"]:
        page = {r.brigade_id: (r.score, r.rank, r.movement) for r in context["ranking"]["rows"]}
        mine = {r.brigade_id: (r.score, r.rank, r.movement) for r in explain_movement(*raw["ranking"])}
        compared += 3 * len(page)
        if page != mine:
            wrong.append(("ranking", page, mine))
    return wrong, compared


def dashboard_context(user, query):
    request = RequestFactory().get("/organisation/dashboard/detachment/", query)
    request.user = user
    response = DetachmentDashboardView.as_view()(request)
    return response.context_data


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--raw-repeat", type=int, default=5)
    parser.add_argument("--rebuilds", type=int, default=1)
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: raw,rebuild,refresh")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    settings.ALLOWED_HOSTS = ["*"]
    today = timezone.localdate()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    print(f"{timezone.now():%Y-%m-%d %H:%M} commit {commit} database {connection.settings_dict['NAME']} "
          f"DEBUG={settings.DEBUG}; {load()}")
    counts = {m._meta.label: m._base_manager.count() for m in record_models()}
    print("records: " + ", ".join(f"{label} {n}" for label, n in counts.items() if n))
    print(f"records in all: {sum(counts.values())}; rollup rows: {DailyFigure.objects.count()}; "
          f"metrics: {len(fig.visible_metrics())} ({len(fig.registry.sums())} stored sums)")

    # First, so that the pages below read rollups of the records as they are now.
    if "rebuild" not in skip:
        print(f"\n[full rebuild] {load()}")
        for _ in range(args.rebuilds):
            started = time.perf_counter()
            rows = rollup_rebuild_all()
            print(f"  rollup_rebuild_all: {time.perf_counter() - started:.1f} s, {rows} rows")

    ids = list(Brigade.objects.filter(is_active=True).values_list("pk", flat=True))
    user = User.objects.filter(role="detachment_leader", is_active=True).first()
    client = Client()
    client.force_login(user)
    year = {"period": "year", "year": str(today.year)}
    period, _error = parse_period(year, today, "year")
    print(f"period {period.start} – {period.end}, {len(ids)} brigades")

    for label, query in (("headline", year), ("figures=all", {**year, "figures": "all"})):
        url = "/organisation/dashboard/detachment/?" + "&".join(f"{k}={v}" for k, v in query.items())
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        print(f"\n[dashboard {label}] {load()}; {len(queries)} queries, {len(response.content) // 1024} KiB")
        page_times = samples(lambda: client.get(url), args.repeat)
        print(f"  page: {summary(page_times)}")
        context = dashboard_context(user, query)
        if "raw" in skip:
            continue
        raw_times = samples(lambda: raw_page(context, ids), args.raw_repeat, warmup=1)
        print(f"  raw from records: {summary(raw_times)}")
        wrong, compared = compare(context, raw_page(context, ids))
        ratio = statistics.median(raw_times) / statistics.median(page_times)
        print(f"  ratio raw / page: {ratio:.0f}x; numbers compared: {compared}, different: {len(wrong)}")
        for what, page_value, raw_value in wrong[:10]:
            print(f"    {what}: page {page_value} raw {raw_value}")

    if "refresh" not in skip:
        def refresh_one():
            mark_dirty(ids[0], [today])
            rollup_refresh_dirty()

        # Days marked dirty before (the demo loader's saves) are refreshed first, not timed.
        leftover = rollup_refresh_all_dirty()
        print(f"\n[one dirty brigade-day] {load()}; {leftover} days left dirty before were refreshed first")
        with CaptureQueriesContext(connection) as queries:
            refresh_one()
        print(f"  {len(queries)} queries; {summary(samples(refresh_one, args.repeat))}")
    reset_queries()


if __name__ == "__main__":
    main()
