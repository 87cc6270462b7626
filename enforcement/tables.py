from decimal import Decimal

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from brigades.records.tables import RecordTable

from .models import Deployment, HelmetObservation, Operation, Violation

HUNDREDTH = Decimal("0.01")


class ViolationTable(RecordTable):
    date = tables.DateColumn(format="Y-m-d", linkify=True)
    time = tables.TimeColumn(format="H:i")
    kind = tables.Column(order_by=("kind__sort_order",))
    plate = tables.Column(linkify=True)
    # Lists and exports show ID numbers masked to everyone (brigades.records.personal_numbers; RecordTable masks).
    driver_id_number = tables.Column(verbose_name=_("ID / licence number"))
    bac = tables.Column()
    overload_percent = tables.Column()
    disposition = tables.Column()
    operation = tables.Column(verbose_name=_("operation"))
    # Details the spreadsheet needs but the page can do without (the case's page shows them).
    html_hidden = ("overload_band", "hundred_tonne", "town", "road")

    class Meta:
        model = Violation
        fields = (
            "date", "time", "brigade", "kind", "plate", "vehicle_type", "driver_name", "driver_id_number", "bac",
            "overload_percent", "overload_band", "hundred_tonne", "disposition", "fine_amount", "points",
            "vehicle_detained", "squadron", "town", "road", "operation",
        )
        attrs = {"data-testid": "violation-table"}

    def render_overload_percent(self, value):
        return f"{value}%"

    def render_disposition(self, record, value):
        css = "text-danger fw-bold" if record.is_criminal_referral else ""
        return format_html('<span class="{}">{}</span>', css, value)

    def value_disposition(self, record):
        return record.get_disposition_display()


def result_column(label, column_class=tables.Column):
    return column_class(verbose_name=label, orderable=False, attrs={"td": {"class": "number"}, "th": {"class": "number"}})


class TonnesColumn(tables.Column):
    """Tonnes to the hundredth, the same on every database (a PostgreSQL sum keeps the field's scale,
    SQLite's does not)."""

    def render(self, value):
        return Decimal(value).quantize(HUNDREDTH)

    def value(self, value):
        return Decimal(value).quantize(HUNDREDTH)


class OperationTable(RecordTable):
    """The list reads the campaign results from the queryset's `result_` annotations
    (selectors.with_campaign_results); the page shows the trucks and the 百吨王, the export all."""

    name = tables.Column(linkify=True)
    start_date = tables.DateColumn(format="Y-m-d")
    end_date = tables.DateColumn(format="Y-m-d")
    result_overloaded_trucks = result_column(_("overloaded trucks"))
    result_hundred_tonne_trucks = result_column(_("“百吨王” (≥ 100 t)"))
    result_double_overloads = result_column(_("at twice the rated load or more"))
    result_panels_cut = result_column(_("panels cut"))
    result_tonnes_unloaded = result_column(_("tonnes unloaded"), TonnesColumn)
    result_vehicles_detained = result_column(_("vehicles detained"))
    result_criminal_referrals = result_column(_("referrals (移送)"))
    html_hidden = ("result_double_overloads", "result_panels_cut", "result_tonnes_unloaded", "result_vehicles_detained",
                   "result_criminal_referrals")

    class Meta:
        model = Operation
        fields = ("name", "kind", "brigade", "is_detachment_wide", "start_date", "end_date", "lead")
        sequence = ("name", "kind", "brigade", "is_detachment_wide", "start_date", "end_date", "lead", "...")


class DeploymentTable(RecordTable):
    date = tables.DateColumn(format="Y-m-d")

    class Meta:
        model = Deployment
        fields = ("date", "kind", "place", "start_time", "end_time", "brigade", "vehicles_deployed")


class HelmetObservationTable(RecordTable):
    date = tables.DateColumn(format="Y-m-d", linkify=True)
    rate = tables.Column(verbose_name=_("wearing rate"), orderable=False, empty_values=())

    class Meta:
        model = HelmetObservation
        fields = ("date", "brigade", "town", "place", "start_time", "end_time", "riders_seen", "riders_wearing",
                  "rate", "observer")

    def render_rate(self, record):
        rate = record.rate
        return "—" if rate is None else f"{rate:.1f}%"

    def value_rate(self, record):
        rate = record.rate
        return "" if rate is None else f"{rate:.1f}"
