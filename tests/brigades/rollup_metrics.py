"""Metrics over a real record model for the rollup tests (the domain apps' metrics arrive later).

`hazards.Enterprise` is the one brigade record on this branch: the test metrics count enterprises
by the local day of `created_at`, high-risk ones, a decimal "tonnes" total (2.125 t for a
high-risk enterprise, 0.5 t otherwise) and the high-risk share as a ratio. The worker test's
Celery app (tests/brigades/worker_app.py) registers the same metrics in the worker process.
"""

import itertools
from datetime import datetime, time
from decimal import Decimal

from django.db.models import Case, DecimalField, Sum, Value, When
from django.utils import timezone

from brigades.figures.registry import RatioMetric, RecordsLink, SumMetric, daily_values

ENTERPRISES = "test.enterprises"
HIGH_RISK = "test.high_risk"
TONNES = "test.tonnes"
HIGH_SHARE = "test.high_share"
HIGH_TONNES = Decimal("2.125")
OTHER_TONNES = Decimal("0.500")


def _enterprises():
    from hazards.models import Enterprise

    return Enterprise.objects.all()


def _count(start, end, brigade_ids):
    return daily_values(_enterprises(), "created_at", start, end, brigade_ids)


def _high(start, end, brigade_ids):
    return daily_values(_enterprises().filter(risk_level="high"), "created_at", start, end, brigade_ids)


def _tonnes(start, end, brigade_ids):
    decimal = DecimalField(max_digits=18, decimal_places=3)
    weight = Case(
        When(risk_level="high", then=Value(HIGH_TONNES, output_field=decimal)),
        default=Value(OTHER_TONNES, output_field=decimal),
        output_field=decimal,
    )
    return daily_values(_enterprises(), "created_at", start, end, brigade_ids, value=Sum(weight))


LINK = RecordsLink("brigades:officer_list", {"kind": "police"}, date_param="created")


def enterprise_metrics_list():
    return (
        SumMetric(ENTERPRISES, "Enterprises", "", _count, records=LINK),
        SumMetric(HIGH_RISK, "High-risk enterprises", "", _high, records=LINK, higher_is_better=False),
        SumMetric(TONNES, "Tonnes", "t", _tonnes),
        RatioMetric(HIGH_SHARE, "High-risk share", "%", HIGH_RISK, ENTERPRISES, scale=100, min_base=3,
                    higher_is_better=False),
    )


_codes = itertools.count(1)


def make_enterprise(brigade, day, *, risk="medium"):
    """An enterprise of `brigade` counted on `day` (created_at at noon local time)."""
    from hazards.models import Enterprise

    enterprise = Enterprise.objects.create(
        brigade=brigade, name=f"企业{next(_codes)}", credit_code=f"91371500{next(_codes):010d}",
        kind="freight", risk_level=risk,
    )
    moment = timezone.make_aware(datetime.combine(day, time(12)))
    Enterprise.objects.filter(pk=enterprise.pk).update(created_at=moment)
    enterprise.created_at = moment
    return enterprise


def direct_figures(enterprises, brigade_ids, start, end):
    """The figures computed straight from the records, for comparison with the rollups."""
    chosen = [e for e in enterprises if e.brigade_id in brigade_ids and start <= timezone.localdate(e.created_at) <= end]
    high = sum(1 for e in chosen if e.risk_level == "high")
    tonnes = sum((HIGH_TONNES if e.risk_level == "high" else OTHER_TONNES for e in chosen), Decimal("0"))
    return {ENTERPRISES: len(chosen), HIGH_RISK: high, TONNES: tonnes}



