"""The headline figures of the hazards app, per brigade and day, for the rollups.

Every figure is a flow counted on one date of its records, so any period sums exactly:
- found / rectified / signed off: hazards by found_on / rectified_on / signed_off_on. A relapse
  found by a re-inspection clears rectified_on and signed_off_on, so the hazard counts again when
  it is rectified again (and no longer on the first day).
- overdue ("missed deadlines"): each hazard whose deadline passed without rectification (rectified
  late included, closed-without-rectification excluded) counts once, on its deadline day. Summed
  over a month it is "hazards that went overdue in the month"; the stock overdue today is on the
  home page (selectors.hazards_overdue_now), not a summable figure. A day's value becomes final
  the day after the deadline; the rollups recompute recent days, so it settles then.
- rectification rate = of the hazards found in the period (closed excluded), the share rectified
  by now: both counted on the found day (a later rectification re-counts the found day, which is
  the record's date_field, so its rollup refreshes), so the rate never exceeds 100 %.
- average days to rectify = total days found→rectified ÷ rectified, for hazards rectified in the period.
- high-risk enterprises: a stock; made summable as its net change per day (+1 became high,
  −1 left high) from the risk-change rows, the first of which records the level an enterprise
  was registered with. The stock on a day = the sum of the net change over all days up to it.
- deaths per 10 000 people needs the population (brigades.BrigadeJurisdiction): "hazards.deaths"
  is the numerator; the rollup builds the ratio.
"""

from django.db.models import Case, DurationField, ExpressionWrapper, F, IntegerField, Q, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from brigades.figures.registry import MapLayer, RatioMetric, RecordsLink, SumMetric, daily_values, register, registry

from .choices import AccidentSeverity, HazardStatus, RiskLevel
from .models import Accident, EnterpriseRiskChange, Hazard, KeyDriver, KeyVehicle, SupervisionAction
from .selectors import missed_deadline_hazards, missed_time_limit


def _count(queryset, date_field):
    return lambda start, end, brigade_ids=None: daily_values(queryset(), date_field, start, end, brigade_ids)


def _sum(queryset, date_field, field):
    return lambda start, end, brigade_ids=None: daily_values(queryset(), date_field, start, end, brigade_ids, value=Sum(field))


def days_to_rectify_total(start, end, brigade_ids=None):
    duration = ExpressionWrapper(F("rectified_on") - F("found_on"), output_field=DurationField())
    rows = daily_values(Hazard.objects.all(), "rectified_on", start, end, brigade_ids, value=Sum(duration))
    return [(brigade_id, day, total.days if hasattr(total, "days") else int(total or 0)) for brigade_id, day, total in rows]


def high_risk_net_change(start, end, brigade_ids=None):
    became = Q(to_level=RiskLevel.HIGH) & ~Q(from_level=RiskLevel.HIGH)
    left = Q(from_level=RiskLevel.HIGH) & ~Q(to_level=RiskLevel.HIGH)
    change = Case(When(became, then=Value(1)), When(left, then=Value(-1)), default=Value(0), output_field=IntegerField())
    rows = daily_values(EnterpriseRiskChange.objects.all(), "changed_on", start, end, brigade_ids, value=Sum(change))
    return [row for row in rows if row[2]]


def _missed_deadlines():
    return missed_deadline_hazards(timezone.localdate())


register(
    SumMetric(
        key="hazards.found", label=_("Hazards found"), unit=_("hazards"),
        compute=_count(Hazard.objects.all, "found_on"),
        records=RecordsLink("hazards:hazard_list", {}, date_param="date"), higher_is_better=None,
    ),
    SumMetric(
        key="hazards.found_counted", label=_("Hazards found (counted in the rate)"), unit=_("hazards"),
        compute=_count(lambda: Hazard.objects.exclude(status=HazardStatus.CLOSED), "found_on"),
        records=RecordsLink("hazards:hazard_list", {"counted": "true"}, date_param="date"), higher_is_better=None,
    ),
    SumMetric(
        key="hazards.rectified", label=_("Hazards rectified"), unit=_("hazards"),
        compute=_count(Hazard.objects.all, "rectified_on"),
        records=RecordsLink("hazards:hazard_list", {}, date_param="rectified"),
    ),
    SumMetric(
        key="hazards.found_rectified", label=_("Hazards found in the period and rectified"), unit=_("hazards"),
        compute=_count(
            lambda: Hazard.objects.exclude(status=HazardStatus.CLOSED).filter(rectified_on__isnull=False), "found_on"
        ),
        # A reopened hazard loses its rectified date and its rectified status together.
        records=RecordsLink(
            "hazards:hazard_list",
            {"counted": "true", "status": [HazardStatus.RECTIFIED, HazardStatus.SIGNED_OFF]},
            date_param="date",
        ),
    ),
    SumMetric(
        key="hazards.signed_off", label=_("Hazards signed off"), unit=_("hazards"),
        compute=_count(Hazard.objects.all, "signed_off_on"),
        records=RecordsLink("hazards:hazard_list", {}, date_param="signed_off"),
    ),
    SumMetric(
        key="hazards.overdue", label=_("Hazards that went overdue"), unit=_("hazards"),
        compute=_count(_missed_deadlines, "rectification_deadline"),
        records=RecordsLink("hazards:hazard_list", {"deadline_state": "missed"}, date_param="deadline"),
        higher_is_better=False,
    ),
    SumMetric(
        key="hazards.days_to_rectify_total", label=_("Total days to rectify"), unit=_("days"),
        compute=days_to_rectify_total,
        records=RecordsLink("hazards:hazard_list", {}, date_param="rectified"), higher_is_better=None,
    ),
    RatioMetric(
        key="hazards.rectification_rate", label=_("Hazard rectification rate"), unit="%",
        numerator="hazards.found_rectified", denominator="hazards.found_counted", scale=100, min_base=5,
        records=RecordsLink("hazards:hazard_list", {"counted": "true"}, date_param="date"),
    ),
    RatioMetric(
        key="hazards.average_days_to_rectify", label=_("Average days to rectify"), unit=_("days"),
        numerator="hazards.days_to_rectify_total", denominator="hazards.rectified", scale=1, min_base=3,
        records=RecordsLink("hazards:hazard_list", {}, date_param="rectified"), higher_is_better=False,
    ),
    SumMetric(
        key="hazards.accidents", label=_("Road accidents"), unit=pgettext_lazy("unit", "accidents"),
        compute=_count(Accident.objects.all, "occurred_at"),
        records=RecordsLink("hazards:accident_list", {}, date_param="date"), higher_is_better=False,
    ),
    SumMetric(
        key="hazards.fatal_accidents", label=_("Fatal accidents"), unit=pgettext_lazy("unit", "accidents"),
        compute=_count(lambda: Accident.objects.filter(severity=AccidentSeverity.FATAL), "occurred_at"),
        records=RecordsLink("hazards:accident_list", {"severity": "fatal"}, date_param="date"), higher_is_better=False,
    ),
    SumMetric(
        key="hazards.deaths", label=_("Accident deaths"), unit=_("people"),
        compute=_sum(Accident.objects.all, "occurred_at", "deaths"),
        records=RecordsLink("hazards:accident_list", {"severity": "fatal"}, date_param="date"), higher_is_better=False,
    ),
    SumMetric(
        key="hazards.injuries", label=_("Accident injuries"), unit=_("people"),
        compute=_sum(Accident.objects.all, "occurred_at", "injuries"),
        records=RecordsLink("hazards:accident_list", {}, date_param="date"), higher_is_better=False,
    ),
    SumMetric(
        key="hazards.high_risk_enterprises_change", label=_("Change in high-risk enterprises"), unit=_("enterprises"),
        compute=high_risk_net_change,
        records=RecordsLink("hazards:riskchange_list", {}, date_param="date"), higher_is_better=False,
    ),
    SumMetric(
        key="hazards.enterprises_left_high_risk", label=_("Enterprises out of high risk"), unit=_("enterprises"),
        compute=_count(lambda: EnterpriseRiskChange.objects.filter(from_level=RiskLevel.HIGH).exclude(to_level=RiskLevel.HIGH), "changed_on"),
        records=RecordsLink("hazards:riskchange_list", {"from_level": "high"}, date_param="date"),
    ),
    SumMetric(
        key="hazards.supervision_actions", label=_("Enterprise supervision actions"), unit=_("actions"),
        compute=_count(SupervisionAction.objects.all, "acted_on"),
        records=RecordsLink("hazards:supervision_list", {}, date_param="date"),
    ),
)

for model, name, label_received, label_cleared, label_overdue, url in (
    (KeyVehicle, "key_vehicles", _("Key vehicles received"), _("Key vehicles cleared"), _("Key vehicles past their time limit"), "hazards:keyvehicle_list"),
    (KeyDriver, "key_drivers", _("Key drivers received"), _("Key drivers cleared"), _("Key drivers past their time limit"), "hazards:keydriver_list"),
):
    register(
        SumMetric(
            key=f"hazards.{name}_received", label=label_received, unit=_("items"),
            compute=_count(model.objects.all, "listed_on"), records=RecordsLink(url, {}, date_param="date"),
            higher_is_better=None,
        ),
        SumMetric(
            key=f"hazards.{name}_cleared", label=label_cleared, unit=_("items"),
            compute=_count(model.objects.all, "cleared_on"), records=RecordsLink(url, {}, date_param="cleared"),
        ),
        SumMetric(
            key=f"hazards.{name}_overdue", label=label_overdue, unit=_("items"),
            compute=_count((lambda m: lambda: missed_time_limit(m.objects.all()))(model), "handle_by"),
            records=RecordsLink(url, {"deadline_state": "missed"}, date_param="handle"), higher_is_better=False,
        ),
    )



# The open hazards on the detachment dashboard's map (overdue ones in red).
registry.register_map_layer(MapLayer("hazards.open", _("Open hazards"), "hazards:open_hazards_geojson", color="#fd7e14"))
