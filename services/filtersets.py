"""One FilterSet per list; each serves the HTML list and the API list alike."""

import django_filters
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from brigades.records.filtersets import BrigadeRecordFilterSet, SortFilter
from brigades.models import User

from . import selectors
from .choices import (
    ONLINE_ACCIDENT_CHANNELS,
    SATISFIED_LEVELS,
    SURVEYED_LEVELS,
    AccidentChannel,
    LiabilityOutcome,
    PermitState,
    PermitStatus,
    PermitVehicleType,
    ReliefListState,
    ReliefStatus,
    Satisfaction,
    ServicePointKind,
    WorkOrderCategory,
    WorkOrderChannel,
    WorkOrderListState,
    WorkOrderStatus,
)
from .models import (
    BusinessType,
    CommandCentreDay,
    CounterDay,
    FastAccident,
    Permit,
    ReliefAdvance,
    ReliefRecovery,
    ReliefTarget,
    ServicePoint,
    WorkOrder,
)


class ServicePointFilterSet(BrigadeRecordFilterSet):
    search_fields = ("name", "address")
    kind = django_filters.ChoiceFilter(choices=ServicePointKind.choices, label=_("Kind"))

    class Meta:
        model = ServicePoint
        fields = ["brigade", "kind", "is_active"]


class CounterDayFilterSet(BrigadeRecordFilterSet):
    search_fields = ("service_point__name", "note")
    business = django_filters.ModelChoiceFilter(
        queryset=BusinessType.objects.all(), to_field_name="code", field_name="counts__business_type",
        distinct=True, label=_("Business type"),
    )

    class Meta:
        model = CounterDay
        fields = ["brigade", "service_point", "extended_hours", "weekend_service"]


class WorkOrderFilterSet(BrigadeRecordFilterSet):
    search_fields = ("number", "subject", "request", "caller_name", "caller_phone", "reply")
    state = django_filters.ChoiceFilter(choices=WorkOrderListState.choices, method="filter_state", label=_("Show"))
    status = django_filters.MultipleChoiceFilter(choices=WorkOrderStatus.choices, label=_("Status"))
    channel = django_filters.ChoiceFilter(choices=WorkOrderChannel.choices, label=_("Channel"))
    category = django_filters.ChoiceFilter(choices=WorkOrderCategory.choices, label=_("Category"))
    satisfaction = django_filters.ChoiceFilter(choices=Satisfaction.choices, label=_("Caller's satisfaction"))
    # The metric links: orders received in a period and replied / replied on time / satisfied.
    replied = django_filters.BooleanFilter(method="filter_replied", label=_("Replied"))
    on_time = django_filters.BooleanFilter(method="filter_on_time", label=_("Replied on time"))
    surveyed = django_filters.BooleanFilter(method="filter_surveyed", label=_("Caller reached"))
    satisfied = django_filters.BooleanFilter(method="filter_satisfied", label=_("Satisfied"))
    ordering = SortFilter(
        fields=(("received_at", "received_at"), ("due_at", "due_at"), ("replied_at", "replied_at"), ("number", "number")),
        label=_("Sort by"), model=WorkOrder,
    )

    class Meta:
        model = WorkOrder
        fields = ["brigade", "channel", "category", "handler", "status", "satisfaction"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        handlers = User.objects.filter(is_active=True)
        if user is not None and not getattr(user, "sees_all_brigades", False):
            handlers = handlers.filter(brigade_id=getattr(user, "brigade_id", None))
        self.filters["handler"].queryset = handlers.order_by("username")

    def filter_state(self, queryset, name, value):
        return selectors.workorders_in_state(queryset, value)

    def filter_replied(self, queryset, name, value):
        if value is None:
            return queryset
        condition = {"status__in": selectors.REPLIED_STATUSES}
        return queryset.filter(**condition) if value else queryset.exclude(**condition)

    def filter_on_time(self, queryset, name, value):
        on_time = Q(status__in=selectors.REPLIED_STATUSES, replied_at__lte=F("due_at"))
        if value is None:
            return queryset
        return queryset.filter(on_time) if value else queryset.exclude(on_time)

    def filter_surveyed(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(satisfaction__in=SURVEYED_LEVELS) if value else queryset.exclude(satisfaction__in=SURVEYED_LEVELS)

    def filter_satisfied(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(satisfaction__in=SATISFIED_LEVELS) if value else queryset.exclude(satisfaction__in=SATISFIED_LEVELS)


class FastAccidentFilterSet(BrigadeRecordFilterSet):
    search_fields = ("place", "note")
    channel = django_filters.MultipleChoiceFilter(choices=AccidentChannel.choices, label=_("Channel"))
    liability_outcome = django_filters.ChoiceFilter(choices=LiabilityOutcome.choices, label=_("Liability outcome"))
    online = django_filters.BooleanFilter(method="filter_online", label=_("Handled online"))
    noticed = django_filters.BooleanFilter(
        field_name="liability_noticed_at", lookup_expr="isnull", exclude=True, label=_("Liability notice issued")
    )

    class Meta:
        model = FastAccident
        fields = ["brigade", "channel", "liability_outcome", "town", "insurer_notified"]

    def filter_online(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(channel__in=ONLINE_ACCIDENT_CHANNELS) if value else queryset.exclude(
            channel__in=ONLINE_ACCIDENT_CHANNELS
        )


class CommandCentreDayFilterSet(BrigadeRecordFilterSet):
    search_fields = ("note",)

    class Meta:
        model = CommandCentreDay
        fields = ["brigade"]


class PermitFilterSet(BrigadeRecordFilterSet):
    search_fields = ("number", "plate_number", "applicant", "routes", "enterprise__name")
    state = django_filters.ChoiceFilter(choices=PermitState.choices, method="filter_state", label=_("Show"))
    status = django_filters.ChoiceFilter(choices=PermitStatus.choices, label=_("Status"))
    vehicle_type = django_filters.ChoiceFilter(choices=PermitVehicleType.choices, label=_("Vehicle type"))
    approved = django_filters.DateFromToRangeFilter(field_name="approved_at", label=_("Approved"))

    class Meta:
        model = Permit
        fields = ["brigade", "status", "vehicle_type", "enterprise"]

    def filter_state(self, queryset, name, value):
        return selectors.permits_in_state(queryset, value)


class ReliefAdvanceFilterSet(BrigadeRecordFilterSet):
    search_fields = ("case_reference", "beneficiary", "liable_party", "insurer", "note")
    state = django_filters.ChoiceFilter(choices=ReliefListState.choices, method="filter_state", label=_("Show"))
    status = django_filters.ChoiceFilter(choices=ReliefStatus.choices, label=_("Status"))
    paid = django_filters.DateFromToRangeFilter(field_name="advanced_on", label=_("Paid"))
    recovered = django_filters.DateFromToRangeFilter(method="filter_recovered", label=_("Recovered"))

    class Meta:
        model = ReliefAdvance
        fields = ["brigade", "status", "accident"]

    def filter_state(self, queryset, name, value):
        return selectors.relief_in_state(queryset, value)

    def filter_recovered(self, queryset, name, value):
        """Advances with a recovery on a day of the range (the records behind the amount recovered)."""
        if not value or (value.start is None and value.stop is None):
            return queryset
        recoveries = ReliefRecovery.objects.all()
        if value.start is not None:
            recoveries = recoveries.filter(recovered_on__gte=value.start)
        if value.stop is not None:
            recoveries = recoveries.filter(recovered_on__lte=value.stop)
        return queryset.filter(pk__in=recoveries.values("advance_id"))


class ReliefTargetFilterSet(BrigadeRecordFilterSet):
    search_fields = ("note",)

    class Meta:
        model = ReliefTarget
        fields = ["brigade"]
