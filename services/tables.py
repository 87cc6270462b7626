import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from brigades.records.tables import RecordTable

from .choices import PermitState
from .models import (
    CommandCentreDay,
    CounterDay,
    FastAccident,
    Permit,
    ReliefAdvance,
    ReliefTarget,
    ServicePoint,
    WorkOrder,
)

NUMBER = {"td": {"class": "number"}, "th": {"class": "number"}}


class ServicePointTable(RecordTable):
    name = tables.Column(linkify=True)

    class Meta:
        model = ServicePoint
        fields = ("name", "kind", "brigade", "opening_hours", "offers_extended_hours", "offers_weekend_service",
                  "self_service_machines", "is_active")


class CounterDayTable(RecordTable):
    date = tables.DateColumn("Y-m-d", linkify=True)
    counts = tables.Column(verbose_name=_("Business done"), empty_values=(), orderable=False)

    class Meta:
        model = CounterDay
        fields = ("date", "service_point", "brigade", "counts", "extended_hours", "weekend_service", "note")

    def render_counts(self, record):
        # counts and their business types are prefetched by the view: no query per row.
        return format_html_join(
            " · ", "{} <strong>{}</strong>",
            ((count.business_type.name, count.total) for count in record.counts.all()),
        ) or "—"

    def value_counts(self, record):
        return "; ".join(f"{count.business_type.name} {count.total}" for count in record.counts.all())


def _workorder_row_class(record):
    now = timezone.now()
    if record.is_overdue(now):
        return "row-overdue"
    if record.is_due_soon(now):
        return "row-due-soon"
    return ""


class WorkOrderTable(RecordTable):
    number = tables.Column(linkify=True)
    received_at = tables.DateTimeColumn("Y-m-d H:i")
    due_at = tables.DateTimeColumn("Y-m-d H:i")
    handler = tables.Column(verbose_name=_("handler"))

    class Meta:
        model = WorkOrder
        fields = ("number", "channel", "category", "subject", "brigade", "received_at", "due_at", "status",
                  "handler", "satisfaction")
        row_attrs = {"class": _workorder_row_class, "data-testid": "workorder-row"}

    def render_handler(self, value):
        return value.get_full_name() or value.username

    def render_due_at(self, record, value):
        text = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        if record.is_overdue():
            return format_html('{} <span class="badge text-bg-danger">{}</span>', text, _("Overdue"))
        if record.is_due_soon():
            return format_html('{} <span class="badge text-bg-warning">{}</span>', text, _("Due soon"))
        return text


class FastAccidentTable(RecordTable):
    reported_at = tables.DateTimeColumn("Y-m-d H:i", linkify=True)
    minutes_to_liability = tables.Column(attrs=NUMBER)

    class Meta:
        model = FastAccident
        fields = ("reported_at", "place", "brigade", "channel", "vehicles_involved", "liability_outcome",
                  "minutes_to_liability", "insurer_notified")


class CommandCentreDayTable(RecordTable):
    date = tables.DateColumn("Y-m-d", linkify=True)
    total_calls = tables.Column(verbose_name=_("Calls"), empty_values=(), orderable=False, attrs=NUMBER)

    class Meta:
        model = CommandCentreDay
        fields = ("date", "brigade", "total_calls", "consultation_calls", "help_calls", "patient_escorts",
                  "bad_weather_responses", "video_patrols", "bulletins_issued")

    def render_total_calls(self, record):
        return record.total_calls


STATE_BADGES = {
    PermitState.APPLIED: "secondary",
    PermitState.VALID_TODAY: "success",
    PermitState.NOT_YET_VALID: "info",
    PermitState.EXPIRING: "warning",
    PermitState.EXPIRED: "dark",
    PermitState.REFUSED: "danger",
    PermitState.REVOKED: "danger",
}


class PermitTable(RecordTable):
    number = tables.Column(linkify=True, empty_values=())
    valid_from = tables.DateColumn("Y-m-d")
    valid_to = tables.DateColumn("Y-m-d")
    state = tables.Column(verbose_name=_("State"), empty_values=(), orderable=False)

    class Meta:
        model = Permit
        fields = ("number", "plate_number", "vehicle_type", "applicant", "brigade", "valid_from", "valid_to", "state")
        row_attrs = {"data-testid": "permit-row"}

    def render_number(self, record):
        return record.number or format_html('<span class="text-muted">{}</span>', _("(not issued)"))

    def render_state(self, record):
        state = record.state()
        return format_html('<span class="badge text-bg-{}">{}</span>', STATE_BADGES[state], state.label)

    def value_state(self, record):
        return record.state().label

    def value_number(self, record):
        return record.number


class ReliefAdvanceTable(RecordTable):
    case_reference = tables.Column(linkify=True)
    requested_on = tables.DateColumn("Y-m-d")
    advanced_on = tables.DateColumn("Y-m-d")
    amount_requested = tables.Column(attrs=NUMBER)
    amount_advanced = tables.Column(attrs=NUMBER)
    amount_recovered = tables.Column(attrs=NUMBER)
    # Details the spreadsheet needs but the page can do without (the advance's page shows them).
    html_hidden = ("accident", "liable_party", "insurer", "approved_on", "amount_approved", "recovered_on")

    class Meta:
        model = ReliefAdvance
        fields = ("case_reference", "beneficiary", "brigade", "status", "requested_on", "amount_requested",
                  "accident", "liable_party", "insurer", "approved_on", "amount_approved", "advanced_on",
                  "amount_advanced", "amount_recovered", "recovered_on")


class ReliefTargetTable(RecordTable):
    month = tables.DateColumn("Y-m", linkify=True)
    advances_target = tables.Column(attrs=NUMBER)

    class Meta:
        model = ReliefTarget
        fields = ("month", "brigade", "advances_target", "note")
