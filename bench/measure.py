"""Timings of the rollups (run after bench/generate.py, on PostgreSQL, DEBUG off):

    .venv/bin/python bench/measure.py --repeat 20 > bench/results/$(date +%F).txt

1. Detachment dashboard for a year: server time of GET /organisation/dashboard/detachment/?period=year
   through the Django test client (median of --repeat runs after one warm-up), and the same figures
   computed from the raw records (each SumMetric.compute over the year for all brigades, then the
   ratios divided), with a check that both give identical numbers.
2. Full rebuild (rollup_rebuild_all), wall time.
3. One dirty brigade-day refresh (mark_dirty + rollup_refresh_dirty), median.
"""

import argparse
import statistics
import time
from collections import defaultdict
from decimal import Decimal

import _setup  # noqa: F401
from django.conf import settings
from django.test import Client
from django.utils import timezone

from brigades import figures as fig
from brigades.models import Brigade, DailyFigure, User
from brigades.periods import Period
from brigades.rollups import as_decimal, mark_dirty, rollup_rebuild_all, rollup_refresh_dirty


def timed(function, repeat):
    function()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def raw_figures(metrics, ids, start, end):
    sums = defaultdict(Decimal)
    needed = {m.key for m in metrics if m.aggregation == "sum"} | {p for m in metrics if m.aggregation != "sum" for p in m.parts()}
    for key in needed:
        for _b, _d, value in fig.registry[key].compute(start, end, set(ids)):
            sums[key] += as_decimal(value)
    return {m.key: fig.make_figure(m, sums).value for m in metrics if m.aggregation != "per_capita"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    today = timezone.localdate()
    period = Period.year(today.year).clipped(today)
    ids = list(Brigade.objects.filter(is_active=True).values_list("pk", flat=True))
    metrics = fig.visible_metrics()
    user = User.objects.filter(role="detachment_leader").first()
    client = Client()
    client.force_login(user)
    url = f"/organisation/dashboard/detachment/?period=year&year={today.year}"
    print(f"records rollup rows: {DailyFigure.objects.count()}, metrics: {len(metrics)}, brigades: {len(ids)}")
    dashboard = timed(lambda: client.get(url), args.repeat)
    from_rollups = {k: f.value for k, f in fig.figures(metrics, ids, period.start, period.end).items()}
    raw = timed(lambda: raw_figures(metrics, ids, period.start, period.end), max(3, args.repeat // 5))
    direct = raw_figures(metrics, ids, period.start, period.end)
    mismatched = [k for k in direct if from_rollups[k] != direct[k]]
    print(f"dashboard (year) median: {dashboard:.1f} ms; raw computation median: {raw:.1f} ms; "
          f"ratio {raw / dashboard:.0f}x; identical: {not mismatched} {mismatched or ''}")
    started = time.perf_counter()
    rollup_rebuild_all()
    print(f"full rebuild: {time.perf_counter() - started:.1f} s")

    def refresh_one():
        mark_dirty(ids[0], [today])
        rollup_refresh_dirty()

    print(f"one brigade-day refresh median: {timed(refresh_one, args.repeat):.1f} ms")


if __name__ == "__main__":
    main()
