"""django-tables2 tables; the views select_related what the columns show. Rows past their deadline
are red, those due within three days amber (classes in static/css/app.css)."""

import django_tables2 as tables
from django.utils import dateformat
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from brigades.records.tables import RecordTable as BaseRecordTable
from brigades.templatetags.records import person_name

from .models import (
    Accident,
    BlackSpotSuggestion,
    Enterprise,
    EnterpriseRiskChange,
    Hazard,
    KeyDriver,
    KeyItemImport,
    KeyVehicle,
    Notice,
    Reinspection,
    SupervisionAction,
    SupervisionListing,
)

STATUS_BADGES = {
    "reported": "secondary", "assigned": "info", "rectifying": "primary", "rectified": "success",
    "signed_off": "dark", "closed": "light", "received": "secondary", "cleared": "success",
    "suggested": "warning", "confirmed": "success", "dismissed": "light", "open": "warning", "done": "success",
    "none": "light",
}


def row_class(record):
    state = getattr(record, "deadline_state", "")
    return {"overdue": "row-overdue", "due_soon": "row-due-soon"}.get(state, "")


class StatusColumn(tables.Column):
    def render(self, value, record, bound_column):
        # `value` is the choice's label; the colour follows the stored code.
        code = getattr(record, str(bound_column.accessor))
        return format_html('<span class="badge text-bg-{}">{}</span>', STATUS_BADGES.get(code, "secondary"), value)


class DeadlineColumn(tables.Column):
    """A deadline in Y-m-d, red with a badge when overdue, amber when due within three days."""

    def render(self, value, record):
        text = dateformat.format(value, "Y-m-d")
        state = getattr(record, "deadline_state", "")
        if state == "overdue":
            return format_html('<span class="text-danger fw-semibold">{} <span class="badge text-bg-danger">{}</span></span>', text, _("Overdue"))
        if state == "due_soon":
            return format_html('<span class="text-warning-emphasis fw-semibold">{} <span class="badge text-bg-warning">{}</span></span>', text, _("Due soon"))
        return text

    def value(self, value):
        return dateformat.format(value, "Y-m-d") if value else ""


class RecordTable(BaseRecordTable):
    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle"}
        row_attrs = {"class": row_class}
        template_name = "django_tables2/bootstrap5-responsive.html"


class HazardTable(RecordTable):
    notice_number = tables.Column(verbose_name=_("notice number"))
    place = tables.Column(linkify=True, verbose_name=_("place"), order_by=("road", "place"))
    status = StatusColumn()
    found_on = tables.DateColumn(format="Y-m-d")
    rectification_deadline = DeadlineColumn()

    class Meta(RecordTable.Meta):
        model = Hazard
        fields = (
            "place", "road", "town", "category", "level", "source", "status", "found_on", "rectification_deadline",
            "responsible_party", "notice_number", "is_supervised", "brigade",
        )
        sequence = ("place", "road", "town", "category", "level", "status", "found_on", "rectification_deadline", "...")

    def render_place(self, value, record):
        return value

    def value_place(self, record):
        return record.place


class ReinspectionTable(RecordTable):
    hazard = tables.Column(linkify=True)
    due_on = tables.DateColumn(format="Y-m-d")
    done_on = tables.DateColumn(format="Y-m-d")
    record = tables.LinkColumn("hazards:reinspection_record", args=[tables.A("pk")], text=_("Record result"), orderable=False, verbose_name="", exclude_from_export=True)

    class Meta(RecordTable.Meta):
        model = Reinspection
        fields = ("hazard", "hazard__town", "due_on", "done_on", "result", "note")
        row_attrs = {"class": lambda record: "row-due-soon" if record.is_due else ""}


class AccidentTable(RecordTable):
    occurred_at = tables.DateTimeColumn(format="Y-m-d H:i", linkify=True)
    severity = StatusColumn()

    class Meta(RecordTable.Meta):
        model = Accident
        fields = ("occurred_at", "town", "road", "place", "severity", "deaths", "injuries", "main_cause", "is_reviewed", "brigade")

    def render_severity(self, value, record):
        colour = {"fatal": "danger", "injury": "warning", "property": "secondary"}[record.severity]
        return format_html('<span class="badge text-bg-{}">{}</span>', colour, value)


class BlackSpotTable(RecordTable):
    place = tables.Column(linkify=True)
    status = StatusColumn()
    suggested_on = tables.DateColumn(format="Y-m-d")

    class Meta(RecordTable.Meta):
        model = BlackSpotSuggestion
        fields = ("place", "road", "town", "weight", "radius_m", "status", "suggested_on", "brigade")


class EnterpriseTable(RecordTable):
    name = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = Enterprise
        fields = ("name", "credit_code", "kind", "risk_level", "town", "contact_person", "contact_phone", "is_active", "brigade")

    def render_risk_level(self, value, record):
        colour = {"high": "danger", "medium": "warning", "low": "success"}[record.risk_level]
        return format_html('<span class="badge text-bg-{}">{}</span>', colour, value)


class RiskChangeTable(RecordTable):
    enterprise = tables.Column(linkify=True)
    changed_on = tables.DateColumn(format="Y-m-d")

    class Meta(RecordTable.Meta):
        model = EnterpriseRiskChange
        fields = ("changed_on", "enterprise", "from_level", "to_level", "reason", "brigade")


class SupervisionActionTable(RecordTable):
    acted_on = tables.DateColumn(format="Y-m-d", linkify=True)
    enterprise = tables.Column(linkify=True)
    deadline = DeadlineColumn()
    follow_up_status = StatusColumn()

    class Meta(RecordTable.Meta):
        model = SupervisionAction
        fields = ("acted_on", "enterprise", "kind", "outcome", "deadline", "follow_up_status", "done_on", "brigade")


class KeyItemColumnsMixin(tables.Table):
    status = StatusColumn()
    listed_on = tables.DateColumn(format="Y-m-d")
    due_date = tables.DateColumn(format="Y-m-d")
    handle_by = DeadlineColumn()
    cleared_on = tables.DateColumn(format="Y-m-d")


class KeyVehicleTable(KeyItemColumnsMixin, RecordTable):
    plate_number = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = KeyVehicle
        fields = (
            "plate_number", "plate_type", "vehicle_type", "owner", "problem", "due_date", "listed_on", "squadron",
            "officer", "handle_by", "status", "cleared_on", "clearance", "brigade",
        )


class KeyDriverTable(KeyItemColumnsMixin, RecordTable):
    name = tables.Column(linkify=True)

    class Meta(RecordTable.Meta):
        model = KeyDriver
        fields = (
            "name", "licence_number", "licence_class", "problem", "due_date", "listed_on", "squadron", "officer",
            "handle_by", "status", "cleared_on", "clearance", "brigade",
        )


class KeyItemImportTable(RecordTable):
    original_name = tables.Column(linkify=True)
    listed_on = tables.DateColumn(format="Y-m-d")
    created_at = tables.DateTimeColumn(format="Y-m-d H:i")
    status = StatusColumn()

    class Meta(RecordTable.Meta):
        model = KeyItemImport
        fields = ("original_name", "kind", "listed_on", "status", "new_count", "updated_count", "unchanged_count", "rejected_count", "created_by", "created_at", "brigade")

    def render_created_by(self, value):
        return person_name(value)


class NoticeTable(RecordTable):
    number = tables.Column(linkify=True)
    issued_on = tables.DateColumn(format="Y-m-d")
    received_at = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name=_("Receipt"), default=_("awaiting"))

    class Meta(RecordTable.Meta):
        model = Notice
        fields = ("number", "kind", "issued_on", "addressee", "received_at", "received_by", "delivery_method", "brigade")


class SupervisionListingTable(RecordTable):
    hazard = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("hazard__road", "hazard__place"))
    listed_on = tables.DateColumn(format="Y-m-d")
    supervision_deadline = tables.DateColumn(format="Y-m-d")
    lifted_on = tables.DateColumn(format="Y-m-d", default="—")
    progress_count = tables.Column(verbose_name=_("progress reports"), orderable=False, default=0)

    class Meta(RecordTable.Meta):
        model = SupervisionListing
        fields = ("hazard", "level", "supervising_unit", "listed_on", "supervision_deadline", "progress_count", "lifted_on", "brigade")
