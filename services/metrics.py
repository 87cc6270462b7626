"""The headline figures of the services app, for the rollups and the leaders' dashboards.

Every rate is a RatioMetric over two sums so that any period and any group of brigades aggregates
exactly; averages likewise (minutes summed ÷ cases counted, scale 1). Medians do not aggregate from
daily sums: the median minutes to a liability notice is given by selectors.fast_accident_figures.
Work-order figures are all counted on the day received (see selectors.workorder_figures).
"""

from django.db.models import Case, Count, F, IntegerField, Q, Sum, When
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from brigades.figures.registry import RatioMetric, RecordsLink, SumMetric, daily_values, register

from .choices import (
    ONLINE_ACCIDENT_CHANNELS,
    SATISFIED_LEVELS,
    SURVEYED_LEVELS,
    CountScheme,
    StandardBusiness,
    WorkOrderStatus,
)
from .models import (
    CommandCentreDay,
    CounterCount,
    FastAccident,
    Permit,
    ReliefAdvance,
    ReliefRecovery,
    ReliefTarget,
    WorkOrder,
)

PEOPLE = _("people")
ITEMS = _("items")
ORDERS = _("orders")
CASES = pgettext_lazy("unit", "cases")
TIMES = _("times")
MINUTES = _("minutes")
PERCENT = "%"
YUAN = _("yuan")

EXAM_SCHEMES = (CountScheme.EXAM, CountScheme.EXAM_WITH_LICENCE)
REPLIED = Q(status__in=(WorkOrderStatus.REPLIED, WorkOrderStatus.CLOSED))


def _sum(model, date_field, value, **filters):
    def compute(start, end, brigade_ids):
        return daily_values(model.objects.filter(**filters), date_field, start, end, brigade_ids, value=value)

    return compute


def _count(model, date_field, condition=None):
    def compute(start, end, brigade_ids):
        queryset = model.objects.filter(condition) if condition is not None else model.objects.all()
        return daily_values(queryset, date_field, start, end, brigade_ids, value=Count("pk"))

    return compute


def counter_link(code=None):
    return RecordsLink("services:counterday_list", {"business": code} if code else {})


# --- Counter business: per standard business type, totals, exam pass rates -----------------------------------

BUSINESS_LABELS = dict(StandardBusiness.choices)


def _business_metrics():
    metrics = []
    exam_counts = {
        StandardBusiness.MOTORCYCLE_EXAM: ("sat", "passed", "licences_made"),
        StandardBusiness.CAR_THEORY_EXAM: ("sat", "passed"),
    }
    count_labels = {"sat": _("sat"), "passed": _("passed"), "licences_made": _("licences made"), "handled": _("handled")}
    for code in StandardBusiness.values:
        names = exam_counts.get(code, ("handled",))
        for name in names:
            metrics.append(SumMetric(
                key=f"services.{code}_{name}",
                label=format_lazy("{} · {}", BUSINESS_LABELS[code], count_labels[name]),
                unit=ITEMS if name in ("licences_made", "handled") else PEOPLE,
                compute=_sum(CounterCount, "date", Sum(name), business_type__code=code),
                records=counter_link(code),
            ))
        if "passed" in names:
            metrics.append(RatioMetric(
                key=f"services.{code}_pass_rate",
                label=format_lazy("{} · {}", BUSINESS_LABELS[code], _("pass rate")),
                unit=PERCENT, numerator=f"services.{code}_passed", denominator=f"services.{code}_sat",
                records=counter_link(code),
            ))
    return metrics


register(
    *_business_metrics(),
    SumMetric(
        key="services.counter_business_total",
        label=_("Counter business done (candidates and items)"),
        unit=ITEMS,
        compute=_sum(CounterCount, "date", Sum(Case(
            When(business_type__count_scheme__in=EXAM_SCHEMES, then=F("sat")),
            default=F("handled"), output_field=IntegerField(),
        ))),
        records=counter_link(),
    ),
    SumMetric(
        key="services.exam_sat", label=_("Exam candidates (all exams)"), unit=PEOPLE,
        compute=_sum(CounterCount, "date", Sum("sat"), business_type__count_scheme__in=EXAM_SCHEMES),
        records=counter_link(),
    ),
    SumMetric(
        key="services.exam_passed", label=_("Exam candidates passed (all exams)"), unit=PEOPLE,
        compute=_sum(CounterCount, "date", Sum("passed"), business_type__count_scheme__in=EXAM_SCHEMES),
        records=counter_link(),
    ),
    RatioMetric(
        key="services.exam_pass_rate", label=_("Exam pass rate"), unit=PERCENT,
        numerator="services.exam_passed", denominator="services.exam_sat", min_base=10, records=counter_link(),
    ),
)


# --- Hotline work orders (all on the day received) ------------------------------------------------------------

ORDERS_LINK = "services:workorder_list"

register(
    SumMetric(
        key="services.workorders_received", label=_("Hotline work orders received"), unit=ORDERS,
        compute=_count(WorkOrder, "received_at"), records=RecordsLink(ORDERS_LINK),
    ),
    SumMetric(
        key="services.workorders_replied", label=_("Hotline work orders replied"), unit=ORDERS,
        compute=_count(WorkOrder, "received_at", REPLIED), records=RecordsLink(ORDERS_LINK, {"replied": "true"}),
    ),
    SumMetric(
        key="services.workorders_replied_on_time", label=_("Hotline work orders replied on time"), unit=ORDERS,
        compute=_count(WorkOrder, "received_at", REPLIED & Q(replied_at__lte=F("due_at"))),
        records=RecordsLink(ORDERS_LINK, {"on_time": "true"}),
    ),
    SumMetric(
        key="services.workorders_surveyed", label=_("Callers reached on the return visit"), unit=ORDERS,
        compute=_count(WorkOrder, "received_at", Q(satisfaction__in=SURVEYED_LEVELS)),
        records=RecordsLink(ORDERS_LINK, {"surveyed": "true"}),
    ),
    SumMetric(
        key="services.workorders_satisfied", label=_("Callers satisfied"), unit=ORDERS,
        compute=_count(WorkOrder, "received_at", Q(satisfaction__in=SATISFIED_LEVELS)),
        records=RecordsLink(ORDERS_LINK, {"satisfied": "true"}),
    ),
    SumMetric(
        key="services.workorder_reply_minutes", label=_("Minutes to reply (sum)"), unit=MINUTES,
        compute=_sum(WorkOrder, "received_at", Sum("reply_minutes", filter=REPLIED)),
        records=RecordsLink(ORDERS_LINK, {"replied": "true"}), higher_is_better=None,
    ),
    RatioMetric(
        key="services.workorder_reply_rate", label=_("Hotline reply rate"), unit=PERCENT,
        numerator="services.workorders_replied", denominator="services.workorders_received",
        records=RecordsLink(ORDERS_LINK, {"replied": "false"}),
    ),
    RatioMetric(
        key="services.workorder_on_time_rate", label=_("Hotline on-time reply rate"), unit=PERCENT,
        numerator="services.workorders_replied_on_time", denominator="services.workorders_replied",
        records=RecordsLink(ORDERS_LINK, {"replied": "true", "on_time": "false"}),
    ),
    RatioMetric(
        key="services.workorder_satisfaction_rate", label=_("Hotline satisfaction rate"), unit=PERCENT,
        numerator="services.workorders_satisfied", denominator="services.workorders_surveyed", min_base=10,
        records=RecordsLink(ORDERS_LINK, {"surveyed": "true", "satisfied": "false"}),
    ),
    RatioMetric(
        key="services.workorder_average_reply_minutes", label=_("Average minutes to reply"), unit=MINUTES,
        numerator="services.workorder_reply_minutes", denominator="services.workorders_replied", scale=1,
        records=RecordsLink(ORDERS_LINK, {"replied": "true"}), higher_is_better=False,
    ),
)


# --- Fast-processed accidents -----------------------------------------------------------------------------------

ACCIDENTS_LINK = "services:fastaccident_list"

register(
    SumMetric(
        key="services.fast_accidents", label=_("Minor accidents fast-processed"), unit=CASES,
        compute=_count(FastAccident, "reported_at"), records=RecordsLink(ACCIDENTS_LINK),
    ),
    SumMetric(
        key="services.fast_accidents_online", label=_("Minor accidents handled online"), unit=CASES,
        compute=_count(FastAccident, "reported_at", Q(channel__in=ONLINE_ACCIDENT_CHANNELS)),
        records=RecordsLink(ACCIDENTS_LINK, {"online": "true"}),
    ),
    RatioMetric(
        key="services.fast_accident_online_share", label=_("Share of minor accidents handled online"), unit=PERCENT,
        numerator="services.fast_accidents_online", denominator="services.fast_accidents",
        records=RecordsLink(ACCIDENTS_LINK, {"online": "false"}),
    ),
    # Sum and count, so that the average over any period is exact (the median is in the selector).
    SumMetric(
        key="services.fast_accident_liability_minutes", label=_("Minutes from report to liability notice (sum)"),
        unit=MINUTES, compute=_sum(FastAccident, "reported_at", Sum("minutes_to_liability")),
        records=RecordsLink(ACCIDENTS_LINK, {"noticed": "true"}), higher_is_better=None,
    ),
    SumMetric(
        key="services.fast_accidents_noticed", label=_("Minor accidents with a liability notice"), unit=CASES,
        compute=_count(FastAccident, "reported_at", Q(minutes_to_liability__isnull=False)),
        records=RecordsLink(ACCIDENTS_LINK, {"noticed": "true"}),
    ),
    RatioMetric(
        key="services.fast_accident_average_minutes", label=_("Average minutes from report to liability notice"),
        unit=MINUTES, numerator="services.fast_accident_liability_minutes",
        denominator="services.fast_accidents_noticed", scale=1, higher_is_better=False,
        records=RecordsLink(ACCIDENTS_LINK, {"noticed": "true"}),
    ),
)


# --- Command centre -------------------------------------------------------------------------------------------------

COMMAND_LINK = RecordsLink("services:commandcentreday_list")


def _command(key, label, value, unit=TIMES):
    return SumMetric(key=f"services.{key}", label=label, unit=unit,
                     compute=_sum(CommandCentreDay, "date", value), records=COMMAND_LINK)


register(
    _command("command_calls", _("Command-centre calls"),
             Sum(sum((F(name) for name in CommandCentreDay.CALL_FIELDS[1:]), F(CommandCentreDay.CALL_FIELDS[0])))),
    _command("command_help_calls", _("Command-centre requests for help"), Sum("help_calls")),
    _command("command_consultations", _("Command-centre consultations"), Sum("consultation_calls")),
    _command("patient_escorts", _("Escorts of critically ill patients"), Sum("patient_escorts")),
    _command("bad_weather_responses", _("Bad-weather responses"), Sum("bad_weather_responses")),
    _command("video_patrols", _("Video patrols"), Sum("video_patrols")),
    _command("bulletins_issued", _("Bulletins issued"), Sum("bulletins_issued"), unit=ITEMS),
)


# --- Permits and relief fund ------------------------------------------------------------------------------------------

register(
    SumMetric(
        key="services.permits_issued", label=_("Permits issued"), unit=ITEMS,
        compute=_count(Permit, "approved_at", Q(approved_at__isnull=False)),
        records=RecordsLink("services:permit_list", {}, date_param="approved"), higher_is_better=None,
    ),
    SumMetric(
        key="services.relief_advances", label=_("Relief fund advances"), unit=ITEMS,
        compute=_count(ReliefAdvance, "advanced_on", Q(advanced_on__isnull=False)),
        records=RecordsLink("services:reliefadvance_list", {}, date_param="paid"), higher_is_better=None,
        description=_("Advances the fund paid, counted on the day paid."),
    ),
    SumMetric(
        key="services.relief_amount_advanced", label=_("Relief fund amount advanced"), unit=YUAN,
        compute=_sum(ReliefAdvance, "advanced_on", Sum("amount_advanced"), advanced_on__isnull=False),
        records=RecordsLink("services:reliefadvance_list", {}, date_param="paid"), higher_is_better=None,
    ),
    SumMetric(
        key="services.relief_amount_recovered", label=_("Relief fund amount recovered"), unit=YUAN,
        compute=_sum(ReliefRecovery, "recovered_on", Sum("amount")),
        records=RecordsLink("services:reliefadvance_list", {}, date_param="recovered"),
        description=_("Money the fund recovered (追偿) from liable parties and insurers, on the day recovered."),
    ),
    SumMetric(
        key="services.relief_advance_target", label=_("Relief fund target (advances)"), unit=ITEMS,
        compute=_sum(ReliefTarget, "month", Sum("advances_target")),
        records=RecordsLink("services:relieftarget_list", {}), higher_is_better=None,
        description=_("The advances the brigade was set to handle (垫付任务数), counted on the first day of each month."),
    ),
    RatioMetric(
        key="services.relief_completion_rate", label=_("Relief fund advance completion rate"), unit=PERCENT,
        numerator="services.relief_advances", denominator="services.relief_advance_target",
        records=RecordsLink("services:reliefadvance_list", {}, date_param="paid"),
        description=_(
            "救助基金垫付完成率: advances paid in the period ÷ the months' targets of advances (垫付任务数) × 100. "
            "Over 100 % means more than the target (直属二 reports 142 %)."
        ),
    ),
    RatioMetric(
        key="services.relief_recovery_rate", label=_("Relief fund recovery rate"), unit=PERCENT,
        numerator="services.relief_amount_recovered", denominator="services.relief_amount_advanced",
        records=RecordsLink("services:reliefadvance_list", {}, date_param="recovered"),
        description=_("Amount recovered in the period ÷ amount paid in the period × 100."),
    ),
)
