"""The enforcement figures leaders read, for the rollups: each one aggregate query per period."""

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from brigades.figures.registry import RatioMetric, RecordsLink, SumMetric, daily_values, register

from .models import DEFAULT_MIN_RIDERS_SEEN, HelmetObservation, Operation, Violation
from .selectors import CASE_FIGURES

CASES = "enforcement:violation_list"


def count_cases(condition):
    def compute(start, end, brigade_ids=None):
        return daily_values(Violation.objects.filter(condition), "date", start, end, brigade_ids)
    return compute


def tonnes_unloaded(start, end, brigade_ids=None):
    return daily_values(Violation.objects.filter(tonnes_unloaded__gt=0), "date", start, end, brigade_ids,
                        value=Sum("tonnes_unloaded"))


def helmet_sum(field):
    def compute(start, end, brigade_ids=None):
        return daily_values(HelmetObservation.objects.all(), "date", start, end, brigade_ids, value=Sum(field))
    return compute


def operations_run(start, end, brigade_ids=None):
    return daily_values(Operation.objects.all(), "start_date", start, end, brigade_ids, value=Count("pk"))


def case_metric(name, label, params, higher_is_better=True, unit=pgettext_lazy("unit", "cases"), description=""):
    return SumMetric(
        key=f"enforcement.{name}", label=label, unit=unit, compute=count_cases(CASE_FIGURES[name]),
        records=RecordsLink(CASES, params), higher_is_better=higher_is_better, description=description,
    )


register(
    case_metric("cases", _("Violation cases"), {}),
    case_metric("alcohol_cases", _("Drink and drunk driving cases"), {"group": "alcohol"}),
    case_metric("drink_driving_cases", _("Drink driving cases"), {"kind": "drink_driving"}),
    case_metric("drunk_driving_cases", _("Drunk driving cases"), {"kind": "drunk_driving"}),
    case_metric("criminal_referrals", _("Criminal referrals"), {"disposition": "criminal_referral"},
                description=_("Cases referred for prosecution (移送): drunk driving, running a checkpoint…")),
    case_metric("overload_cases", _("Overcrowding and overloading cases"), {"group": "overload"}),
    case_metric("hundred_tonne_trucks", _("“百吨王” trucks"), {"hundred_tonne": "true"}, unit=_("vehicles"),
                description=_("Overloaded trucks whose gross mass (vehicle and load) is 100 t or more.")),
    case_metric("overloaded_trucks", _("Overloaded trucks"), {"trucks": "true"}, unit=_("vehicles"),
                description=_("Overload cases of trucks weighed by load (tonnes): the trucks of an over-limit campaign.")),
    case_metric("double_overloads", _("Trucks at twice the rated load or more"),
                {"overload_band": "100_plus", "trucks": "true"}, unit=_("vehicles"),
                description=_("Trucks whose load is 100 % or more over the rated load (超载100%); buses are not counted.")),
    case_metric("panels_cut", _("Trucks with panels cut"), {"panels_cut": "true"}, unit=_("vehicles")),
    case_metric("vehicles_detained", _("Vehicles detained"), {"vehicle_detained": "true"}, unit=_("vehicles")),
    case_metric("street_racing_seized", _("Street-racing motorbikes seized"),
                {"kind": "street_racing", "vehicle_detained": "true"}, unit=_("vehicles")),
    case_metric("warnings", _("First-offence warnings"), {"disposition": "warning"}, higher_is_better=None),
    SumMetric(key="enforcement.tonnes_unloaded", label=_("Tonnes unloaded"), unit=_("t"), compute=tonnes_unloaded,
              records=RecordsLink(CASES, {"unloaded": "true"})),
    SumMetric(key="enforcement.operations_run", label=_("Operations run"), unit=pgettext_lazy("unit", "operations"),
              compute=operations_run, records=RecordsLink("enforcement:operation_list", {})),
    SumMetric(key="enforcement.helmet_riders_seen", label=_("Riders seen in helmet surveys"), unit=_("riders"),
              compute=helmet_sum("riders_seen"), records=RecordsLink("enforcement:helmet_list", {}),
              higher_is_better=None),
    SumMetric(key="enforcement.helmet_riders_wearing", label=_("Riders wearing helmets"), unit=_("riders"),
              compute=helmet_sum("riders_wearing"), records=RecordsLink("enforcement:helmet_list", {})),
    # min_base is the default of HelmetSurveyPolicy: the registry is built at import time, before
    # the database can be read; the ranking page itself reads the stored policy.
    RatioMetric(key="enforcement.helmet_rate", label=_("Helmet-wearing rate"), unit="%",
                numerator="enforcement.helmet_riders_wearing", denominator="enforcement.helmet_riders_seen",
                min_base=DEFAULT_MIN_RIDERS_SEEN, records=RecordsLink("enforcement:helmet_list", {})),
)

