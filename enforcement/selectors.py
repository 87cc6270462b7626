"""Reads: list querysets, the figures of the issue per brigade and period, an operation's
page, the helmet rankings. Every function takes the brigades (or the user) it may read."""

from collections import OrderedDict

from django.db.models import Count, DecimalField, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from brigades.models import Brigade
from brigades.figures.periods import add_months, month_end

from . import rules
from .choices import ALCOHOL_CODES, OVERLOAD_CODES, Disposition, KindCode, Measurement, OverloadBand
from .models import Deployment, HelmetObservation, HelmetSurveyPolicy, Operation, Violation

VIOLATION_LIST_RELATED = ("brigade", "kind", "squadron", "town", "operation")

#: figure name → the condition a case meets to be counted (a Q over Violation).
CASE_FIGURES = OrderedDict([
    ("cases", Q()),
    ("alcohol_cases", Q(kind__code__in=ALCOHOL_CODES)),
    ("drink_driving_cases", Q(kind__code=KindCode.DRINK_DRIVING)),
    ("drunk_driving_cases", Q(kind__code=KindCode.DRUNK_DRIVING)),
    ("criminal_referrals", Q(disposition=Disposition.CRIMINAL_REFERRAL)),
    ("overload_cases", Q(kind__code__in=OVERLOAD_CODES)),
    ("overloaded_trucks", Q(kind__measurement=Measurement.LOAD_MASS)),
    ("hundred_tonne_trucks", Q(hundred_tonne=True)),
    # Trucks (load by mass) at twice their rated load or more: a bus at 100 %+ overcrowding is not one.
    ("double_overloads", Q(overload_band=OverloadBand.FROM_100, kind__measurement=Measurement.LOAD_MASS)),
    ("panels_cut", Q(panels_cut=True)),
    ("vehicles_detained", Q(vehicle_detained=True)),
    ("street_racing_seized", Q(kind__code=KindCode.STREET_RACING, vehicle_detained=True)),
    ("warnings", Q(disposition=Disposition.WARNING)),
])




def _period(queryset, field, brigade_ids, start, end):
    queryset = queryset.filter(**{f"{field}__range": (start, end)})
    if brigade_ids is not None:
        queryset = queryset.filter(brigade_id__in=list(brigade_ids))
    return queryset


def enforcement_figures(*, brigade_ids, start, end):
    """Every case figure of the issue for these brigades (None: all) and days [start, end], in
    one query: counts by CASE_FIGURES, tonnes unloaded, operations run (those a brigade
    organised that started in the period)."""
    figures = case_figures(_period(Violation.objects.all(), "date", brigade_ids, start, end), CASE_FIGURES)
    figures["operations_run"] = _period(Operation.objects.all(), "start_date", brigade_ids, start, end).count()
    return figures


def helmet_figures(*, brigade_ids, start, end):
    """Riders seen and wearing (sums) and the rate weighted by riders seen, in percent."""
    totals = _period(HelmetObservation.objects.all(), "date", brigade_ids, start, end).aggregate(
        seen=Sum("riders_seen"), wearing=Sum("riders_wearing")
    )
    seen, wearing = totals["seen"] or 0, totals["wearing"] or 0
    return {"riders_seen": seen, "riders_wearing": wearing, "helmet_rate": rules.helmet_rate(wearing=wearing, seen=seen)}


# --- Operations ---------------------------------------------------------------------------------

#: What an over-limit campaign reports (东阿: 258 trucks, 41 “百吨王”, 95 at 100 %+, 52 panels cut,
#: 1 400 t unloaded), with the vehicles detained and the referrals (移送): name → the condition a case
#: of the operation meets to be counted (CASE_FIGURES), and tonnes unloaded summed.
CAMPAIGN_RESULT_COUNTS = ("overloaded_trucks", "hundred_tonne_trucks", "double_overloads", "panels_cut",
                          "vehicles_detained", "criminal_referrals")
CAMPAIGN_RESULTS = (*CAMPAIGN_RESULT_COUNTS, "tonnes_unloaded")


def case_figures(cases, names):
    """{name: count} of a queryset of cases for the CASE_FIGURES `names`, and the tonnes unloaded
    summed, in one query."""
    figures = cases.aggregate(**{name: Count("pk", filter=CASE_FIGURES[name]) for name in names},
                              tonnes_unloaded=Sum("tonnes_unloaded"))
    figures["tonnes_unloaded"] = figures["tonnes_unloaded"] or 0
    return figures


def campaign_results(cases):
    """The campaign results of a queryset of cases, in one query: {name: value} over CAMPAIGN_RESULTS."""
    return case_figures(cases, CAMPAIGN_RESULT_COUNTS)


def with_campaign_results(operations, user):
    """Operations annotated with their campaign results (`result_<name>`), counting the cases the user
    may see, as the operation's page does: one correlated subquery per figure, so a list page costs
    the same whatever the number of cases."""
    cases = Violation.objects.for_user(user).filter(operation=OuterRef("pk")).order_by().values("operation")
    annotations = {
        f"result_{name}": Coalesce(
            Subquery(cases.filter(CASE_FIGURES[name]).annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()),
            Value(0),
        )
        for name in CAMPAIGN_RESULT_COUNTS
    }
    tonnes = DecimalField(max_digits=12, decimal_places=2)
    annotations["result_tonnes_unloaded"] = Coalesce(
        Subquery(cases.annotate(t=Sum("tonnes_unloaded")).values("t")[:1], output_field=tonnes), Value(0), output_field=tonnes,
    )
    return operations.annotate(**annotations)


def operation_results(operation, user):
    """The campaign results of one operation: read from its `result_` annotations when the queryset
    had them (lists, the API), else counted."""
    if hasattr(operation, "result_tonnes_unloaded"):
        return {name: getattr(operation, f"result_{name}") for name in CAMPAIGN_RESULTS}
    return campaign_results(Violation.objects.for_user(user).filter(operation=operation))

def operation_page(operation, user):
    """An operation's page: the cases the user may see, by kind, by day and by checkpoint, and
    progress against the goals (percent of each goal reached)."""
    cases = Violation.objects.for_user(user).filter(operation=operation)
    by_kind = list(cases.values("kind__name").annotate(n=Count("pk")).order_by("-n", "kind__name"))
    by_day = list(cases.values("date").annotate(n=Count("pk")).order_by("date"))
    by_checkpoint = list(
        cases.values("deployment_id", "deployment__place", "deployment__date").annotate(n=Count("pk"))
        .order_by("-n", "deployment__place")
    )
    totals = cases.aggregate(
        cases=Count("pk"),
        alcohol=Count("pk", filter=Q(kind__code__in=ALCOHOL_CODES)),
        overload=Count("pk", filter=Q(kind__code__in=OVERLOAD_CODES)),
        referrals=Count("pk", filter=Q(disposition=Disposition.CRIMINAL_REFERRAL)),
    )
    goals = []
    for label, goal, done in (
        ("cases", operation.goal_cases, totals["cases"]),
        ("alcohol", operation.goal_alcohol_cases, totals["alcohol"]),
        ("overload", operation.goal_overload_cases, totals["overload"]),
    ):
        if goal:
            goals.append({"key": label, "goal": goal, "done": done, "percent": min(round(done * 100 / goal), 100),
                          "reached": done >= goal})
    deployments = (
        Deployment.objects.for_user(user).filter(operation=operation)
        .select_related("brigade", "town").prefetch_related("officers")
        .order_by("date", "start_time")
    )
    counts = {row["deployment_id"]: row["n"] for row in by_checkpoint}
    for deployment in deployments:
        deployment.cases = counts.get(deployment.pk, 0)
    return {"totals": totals, "by_kind": by_kind, "by_day": by_day, "by_checkpoint": by_checkpoint, "goals": goals,
            "deployments": deployments, "results": campaign_results(cases)}


# --- Helmet surveys -------------------------------------------------------------------------------

def min_riders_seen(brigade=None):
    """The stored minimum base of the ranking (the detachment's policy, or the default)."""
    detachment_id = brigade.detachment_id if brigade is not None else (
        Brigade.objects.values_list("detachment_id", flat=True).first()
    )
    return HelmetSurveyPolicy.min_riders_seen_for(detachment_id)


def helmet_town_ranking(*, brigade, start, end):
    """The towns / 管区 of one brigade ranked by wearing rate over [start, end], as the units
    were surveyed (an observation names a town or a 管区), with the insufficient ones last."""
    rows = (
        HelmetObservation.objects.filter(brigade=brigade, date__range=(start, end))
        .values("town_id", "town__name")
        .annotate(seen=Sum("riders_seen"), wearing=Sum("riders_wearing"))
        .order_by()
    )
    return rules.rank_helmet_units(
        [(r["town_id"], r["town__name"], r["seen"], r["wearing"]) for r in rows], min_seen=min_riders_seen(brigade)
    )


def helmet_brigade_ranking(*, user, start, end):
    """Brigades ranked citywide (only for users who see every brigade)."""
    rows = (
        HelmetObservation.objects.for_user(user).filter(date__range=(start, end))
        .values("brigade_id", "brigade__name")
        .annotate(seen=Sum("riders_seen"), wearing=Sum("riders_wearing"))
        .order_by()
    )
    return rules.rank_helmet_units(
        [(r["brigade_id"], r["brigade__name"], r["seen"], r["wearing"]) for r in rows], min_seen=min_riders_seen()
    )


def helmet_monthly_rates(*, brigade_ids, end, months=12):
    """The brigades' wearing rate per month for the `months` months up to `end`'s month:
    [(first day of month, seen, wearing, rate or None)], weighted by riders seen."""
    first = add_months(end.replace(day=1), -(months - 1))
    rows = (
        _period(HelmetObservation.objects.all(), "date", brigade_ids, first, month_end(end))
        .annotate(month=TruncMonth("date")).values("month")
        .annotate(seen=Sum("riders_seen"), wearing=Sum("riders_wearing")).order_by("month")
    )
    by_month = {_as_date(r["month"]): (r["seen"], r["wearing"]) for r in rows}
    series = []
    month = first
    while month <= end:
        seen, wearing = by_month.get(month, (0, 0))
        series.append((month, seen, wearing, rules.helmet_rate(wearing=wearing, seen=seen)))
        month = add_months(month, 1)
    return series


def _as_date(value):
    return value.date() if hasattr(value, "hour") else value


def violations_same_plate_day(user, *, plate, day, exclude_pk=None):
    """Cases of the user's scope with this plate on this day (the duplicate warning; indexed by plate)."""
    plate = plate.strip()
    queryset = Violation.objects.for_user(user).filter(plate__in={plate, plate.upper()}, date=day).select_related("kind")
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    return list(queryset[:5])


# --- The case being typed ----------------------------------------------------------------------

#: The fields whose refusals the preview repeats beside the class and consequences.
PREVIEW_FIELDS = ("breath_alcohol", "blood_alcohol", "kind", "violation_code", "disposition", "fine_amount", "points",
                  "licence_action")


def violation_preview(form):
    """What a bound (validated) violation form says about its case before it is saved: the alcohol
    class derived from the reading, the case's code with its legal consequences, and the refusals
    of the penalty fields."""
    case = form.instance
    kind = case.kind if case.kind_id else None
    alcohol = kind is not None and kind.measurement == Measurement.ALCOHOL and case.bac is not None
    problems = []
    for name in PREVIEW_FIELDS:
        label = form.fields[name].label if name in form.fields else ""
        problems += [f"{label}：{message}" for message in form.errors.get(name, [])]
    return {
        "alcohol_kind": kind if alcohol else None,
        "bac": case.bac if alcohol else None,
        "criminal": alcohol and kind.code == KindCode.DRUNK_DRIVING,
        "code": case.violation_code,
        "problems": problems,
    }


def violation_possible_duplicates(user, data, *, exclude_pk=None):
    """[(case, why)]: what a new or edited case (its `plate` and `date`) may repeat: the same plate on
    the same day in the user's scope. Asked by the form, the quick entry and the API alike."""
    plate, day = (data.get("plate") or "").strip(), data.get("date")
    if not plate or not day:
        return []
    return [(violation, _("same plate, same day"))
            for violation in violations_same_plate_day(user, plate=plate, day=day, exclude_pk=exclude_pk)]
