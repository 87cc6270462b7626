"""FilterSets: each serves its HTML list and its API list alike (and the metric links)."""

import django_filters
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brigades.records.filtersets import BrigadeRecordFilterSet
from brigades.models import Brigade, Officer, Squadron, Town

from .choices import (
    OPEN_FOR_RECTIFICATION,
    AccidentSeverity,
    BlackSpotStatus,
    FollowUpStatus,
    HazardStatus,
    KeyItemStatus,
    NoticeKind,
    ReinspectionResult,
    RiskLevel,
    SupervisionKind,
    SupervisionLevel,
)
from .models import (
    Accident,
    BlackSpotSuggestion,
    Enterprise,
    EnterpriseRiskChange,
    Hazard,
    HazardCategory,
    KeyDriver,
    KeyItemImport,
    KeyVehicle,
    Notice,
    Reinspection,
    SupervisionAction,
    SupervisionListing,
)
from .rules import DUE_SOON_DAYS

DEADLINE_CHOICES = (
    ("overdue", _("Overdue")),
    ("due_soon", _("Due within 3 days")),
    ("missed", _("Deadline missed (incl. rectified late)")),
)


def deadline_condition(value, *, deadline, open_condition, done_field=None):
    today = timezone.localdate()
    if value == "overdue":
        return open_condition & Q(**{f"{deadline}__lt": today})
    if value == "due_soon":
        return open_condition & Q(**{f"{deadline}__gte": today, f"{deadline}__lte": today + timezone.timedelta(days=DUE_SOON_DAYS)})
    if value == "missed" and done_field:
        return Q(**{f"{deadline}__lt": today}) & (
            Q(**{f"{done_field}__isnull": True}) | Q(**{f"{done_field}__gt": F(deadline)})
        )
    return Q()


# Hazards still to be worked on: what the hazard map shows until other statuses are ticked.
DONE_STATUSES = (HazardStatus.SIGNED_OFF, HazardStatus.CLOSED)
NOT_DONE_STATUSES = tuple(status for status in HazardStatus.values if status not in DONE_STATUSES)


def map_filter_data(query):
    """The hazard map's filters: the list's, with the hazards not yet signed off or closed when no
    status is chosen. Three years of signed-off hazards (250 000 for a detachment) bury the open
    ones on a map, and reading them all cost the leader's map 270 ms; ticking them shows them."""
    if "status" in query:
        return query
    data = query.copy()
    data.setlist("status", list(NOT_DONE_STATUSES))
    return data


class HazardFilterSet(BrigadeRecordFilterSet):
    search_fields = ("road", "place", "description", "notice_number", "responsible_party_detail")

    status = django_filters.MultipleChoiceFilter(choices=HazardStatus.choices, method="filter_status", label=_("Status"))
    category = django_filters.ModelChoiceFilter(queryset=HazardCategory.objects.all(), label=_("Category"))
    town = django_filters.ModelChoiceFilter(queryset=Town.objects.all(), method="filter_town", label=_("Town / district"))
    deadline_state = django_filters.ChoiceFilter(choices=DEADLINE_CHOICES, method="filter_deadline", label=_("Deadline status"))
    rectified = django_filters.DateFromToRangeFilter(field_name="rectified_on", label=_("Rectified on"))
    signed_off = django_filters.DateFromToRangeFilter(field_name="signed_off_on", label=_("Signed off on"))
    deadline = django_filters.DateFromToRangeFilter(field_name="rectification_deadline", label=_("Rectification deadline"))
    counted = django_filters.BooleanFilter(method="filter_counted", label=_("Counted in the rate"))

    class Meta:
        model = Hazard
        fields = ["brigade", "status", "category", "level", "source", "town", "is_supervised", "responsible_party"]

    def filter_status(self, queryset, name, value):
        if not value:
            return queryset
        if set(value) == set(NOT_DONE_STATUSES):
            # The map's default, written as the condition of its index (hazard_open_map): a leader's
            # 50 000 open hazards are read from that index, not from a scan of all 300 000.
            return queryset.exclude(status__in=DONE_STATUSES)
        return queryset.filter(status__in=value)

    def filter_town(self, queryset, name, value):
        # A town includes its 管区.
        return queryset.filter(Q(town=value) | Q(town__parent=value)) if value else queryset

    def filter_deadline(self, queryset, name, value):
        condition = deadline_condition(
            value, deadline="rectification_deadline", open_condition=Q(status__in=OPEN_FOR_RECTIFICATION),
            done_field="rectified_on",
        )
        if value == "missed":
            queryset = queryset.exclude(status=HazardStatus.CLOSED)
        return queryset.filter(condition)

    def filter_counted(self, queryset, name, value):
        if value is None:
            return queryset
        closed = Q(status=HazardStatus.CLOSED)
        return queryset.exclude(closed) if value else queryset.filter(closed)


class ReinspectionFilterSet(BrigadeRecordFilterSet):
    search_fields = ("hazard__road", "hazard__place", "note")

    pending = django_filters.BooleanFilter(field_name="done_on", lookup_expr="isnull", label=_("Pending"))
    due = django_filters.BooleanFilter(method="filter_due", label=_("Due"))
    result = django_filters.ChoiceFilter(choices=ReinspectionResult.choices, label=_("Result"))
    due_on = django_filters.DateFromToRangeFilter(label=_("Due on"))

    class Meta:
        model = Reinspection
        fields = ["result"]

    # A child row's brigade is its hazard's.
    brigade = django_filters.ModelChoiceFilter(field_name="hazard__brigade", queryset=Brigade.objects.none(), label=_("Brigade"))

    def filter_due(self, queryset, name, value):
        if value is None:
            return queryset
        due = Q(done_on__isnull=True, due_on__lte=timezone.localdate())
        return queryset.filter(due) if value else queryset.exclude(due)


class AccidentFilterSet(BrigadeRecordFilterSet):
    search_fields = ("road", "place", "parties", "vehicle_types", "review_findings")

    town = django_filters.ModelChoiceFilter(queryset=Town.objects.all(), method="filter_town", label=_("Town / district"))
    severity = django_filters.MultipleChoiceFilter(choices=AccidentSeverity.choices, label=_("Severity"))

    class Meta:
        model = Accident
        fields = ["brigade", "severity", "town", "main_cause", "is_reviewed"]

    def filter_town(self, queryset, name, value):
        return queryset.filter(Q(town=value) | Q(town__parent=value)) if value else queryset


class BlackSpotFilterSet(BrigadeRecordFilterSet):
    search_fields = ("road", "place", "dismissal_reason")
    status = django_filters.ChoiceFilter(choices=BlackSpotStatus.choices, label=_("Status"))

    class Meta:
        model = BlackSpotSuggestion
        fields = ["brigade", "status", "town"]


class EnterpriseFilterSet(BrigadeRecordFilterSet):
    search_fields = ("name", "credit_code", "address", "contact_person")
    risk_level = django_filters.ChoiceFilter(choices=RiskLevel.choices, label=_("Risk level"))

    class Meta:
        model = Enterprise
        fields = ["brigade", "kind", "risk_level", "town", "is_active"]


class RiskChangeFilterSet(BrigadeRecordFilterSet):
    search_fields = ("enterprise__name", "reason")
    to_level = django_filters.ChoiceFilter(choices=RiskLevel.choices, label=_("To"))
    from_level = django_filters.ChoiceFilter(choices=RiskLevel.choices, label=_("From"))

    class Meta:
        model = EnterpriseRiskChange
        fields = ["brigade", "enterprise", "from_level", "to_level"]


class SupervisionActionFilterSet(BrigadeRecordFilterSet):
    search_fields = ("enterprise__name", "outcome", "done_note")
    kind = django_filters.MultipleChoiceFilter(choices=SupervisionKind.choices, label=_("Kind"))
    follow_up_status = django_filters.ChoiceFilter(choices=FollowUpStatus.choices, label=_("Follow-up"))
    deadline_state = django_filters.ChoiceFilter(choices=DEADLINE_CHOICES[:2], method="filter_deadline", label=_("Deadline status"))

    class Meta:
        model = SupervisionAction
        fields = ["brigade", "enterprise", "kind", "follow_up_status"]

    def filter_deadline(self, queryset, name, value):
        return queryset.filter(
            deadline_condition(value, deadline="deadline", open_condition=Q(follow_up_status=FollowUpStatus.OPEN))
        )


class KeyItemFilterSet(BrigadeRecordFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=KeyItemStatus.choices, label=_("Status"))
    squadron = django_filters.ModelChoiceFilter(queryset=Squadron.objects.all(), label=_("Squadron"))
    officer = django_filters.ModelChoiceFilter(queryset=Officer.objects.all(), label=_("Responsible officer"))
    deadline_state = django_filters.ChoiceFilter(choices=DEADLINE_CHOICES, method="filter_deadline", label=_("Time limit"))
    cleared = django_filters.DateFromToRangeFilter(field_name="cleared_on", label=_("Cleared on"))
    handle = django_filters.DateFromToRangeFilter(field_name="handle_by", label=_("Time limit"))

    def filter_deadline(self, queryset, name, value):
        open_items = ~Q(status=KeyItemStatus.CLEARED)
        return queryset.filter(deadline_condition(value, deadline="handle_by", open_condition=open_items, done_field="cleared_on"))


class KeyVehicleFilterSet(KeyItemFilterSet):
    search_fields = ("plate_number", "owner")

    class Meta:
        model = KeyVehicle
        fields = ["brigade", "status", "problem", "vehicle_type", "plate_type", "squadron", "officer"]


class KeyDriverFilterSet(KeyItemFilterSet):
    search_fields = ("licence_number", "name")

    class Meta:
        model = KeyDriver
        fields = ["brigade", "status", "problem", "licence_class", "squadron", "officer"]


class KeyItemImportFilterSet(BrigadeRecordFilterSet):
    search_fields = ("original_name",)

    class Meta:
        model = KeyItemImport
        fields = ["brigade", "kind", "status"]


class NoticeFilterSet(BrigadeRecordFilterSet):
    search_fields = ("number", "addressee", "received_by")
    kind = django_filters.MultipleChoiceFilter(choices=NoticeKind.choices, label=_("Kind"))
    receipt = django_filters.ChoiceFilter(
        choices=(("awaiting", _("Awaiting the receipt")), ("received", _("Receipt recorded"))),
        method="filter_receipt", label=_("Delivery receipt"),
    )
    issued = django_filters.DateFromToRangeFilter(field_name="issued_on", label=_("Issued on"))

    class Meta:
        model = Notice
        fields = ["brigade", "kind"]

    def filter_receipt(self, queryset, name, value):
        if value == "awaiting":
            return queryset.filter(received_at__isnull=True)
        if value == "received":
            return queryset.filter(received_at__isnull=False)
        return queryset


class SupervisionListingFilterSet(BrigadeRecordFilterSet):
    search_fields = ("supervising_unit", "hazard__road", "hazard__place")
    level = django_filters.MultipleChoiceFilter(choices=SupervisionLevel.choices, label=_("Level"))
    in_force = django_filters.BooleanFilter(field_name="lifted_on", lookup_expr="isnull", label=_("In force"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Past the supervision deadline"))

    class Meta:
        model = SupervisionListing
        fields = ["brigade", "level"]

    def filter_overdue(self, queryset, name, value):
        condition = Q(lifted_on__isnull=True, supervision_deadline__lt=timezone.localdate())
        return queryset.filter(condition) if value else queryset.exclude(condition)
