import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from brigades.records.api.duplicates import DuplicateWarningSerializerMixin
from brigades.records.api.scoping import BrigadeRecordSerializer
from brigades.models import User

from ..choices import PermitState, RecoverySource, Satisfaction
from ..models import (
    BusinessType,
    CommandCentreDay,
    CounterCount,
    CounterDay,
    FastAccident,
    Permit,
    ReliefAdvance,
    ReliefRecovery,
    ReliefTarget,
    ServicePoint,
    WorkOrder,
)
from ..selectors import workorder_possible_duplicates


class ModelCleanMixin:
    """Runs the model's own clean() (the rules the web form applies: duplicates, dates in order,
    amounts within the request) on the would-be record, so the API refuses the same input with the
    same field messages."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        probe = copy.copy(self.instance) if self.instance is not None else self.Meta.model()
        for name, value in attrs.items():
            setattr(probe, name, value)
        try:
            probe.clean()
        except DjangoValidationError as error:
            detail = error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
            raise serializers.ValidationError(detail) from error
        return attrs


class ServicePointSerializer(ModelCleanMixin, BrigadeRecordSerializer):
    class Meta:
        model = ServicePoint
        fields = ["id", "brigade", "brigade_name", "name", "kind", "address", "opening_hours", "offers_extended_hours",
                  "offers_weekend_service", "self_service_machines", "self_exam_machines", "is_active"]
        validators = []


class CounterCountSerializer(serializers.ModelSerializer):
    business_type = serializers.SlugRelatedField(slug_field="code", queryset=BusinessType.objects.all())
    sat = serializers.IntegerField(required=False, default=0)
    passed = serializers.IntegerField(required=False, default=0)
    licences_made = serializers.IntegerField(required=False, default=0)
    handled = serializers.IntegerField(required=False, default=0)

    class Meta:
        model = CounterCount
        fields = ["business_type", "sat", "passed", "licences_made", "handled"]
        validators = []


class CounterDaySerializer(BrigadeRecordSerializer):
    """A service point's day with its counts. POSTing a point and day that exist updates that day
    (the same operation as the tally screen); counts are checked cell by cell, keyed `<code>-<count>`."""

    counts = CounterCountSerializer(many=True)

    class Meta:
        model = CounterDay
        fields = ["id", "brigade", "brigade_name", "service_point", "date", "extended_hours", "weekend_service", "note",
                  "counts"]
        validators = []

    def validate_counts(self, value):
        codes = [row["business_type"].code for row in value]
        if len(codes) != len(set(codes)):
            raise serializers.ValidationError(_("Each business type may appear only once."))
        return value


class WorkOrderSerializer(DuplicateWarningSerializerMixin, ModelCleanMixin, BrigadeRecordSerializer):
    handler = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True)
    handler_name = serializers.SerializerMethodField()
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = WorkOrder
        fields = ["id", "brigade", "brigade_name", "channel", "number", "received_at", "category", "subject", "request",
                  "caller_name", "caller_phone", "handler", "handler_name", "due_at", "status", "reply", "replied_at",
                  "reply_minutes", "satisfaction", "follow_up", "closed_at", "is_overdue"]
        read_only_fields = ["due_at", "status", "reply", "replied_at", "reply_minutes", "satisfaction", "follow_up",
                            "closed_at"]
        validators = []

    duplicate_fields = ("caller_phone", "caller_name", "received_at")
    possible_duplicates = staticmethod(workorder_possible_duplicates)

    def get_fields(self):
        fields = super().get_fields()
        user = getattr(self.context.get("request"), "user", None)
        if user is not None and getattr(user, "brigade_id", None):
            fields["handler"].queryset = User.objects.filter(brigade_id=user.brigade_id)
        return fields

    def get_handler_name(self, order) -> str | None:
        return (order.handler.get_full_name() or order.handler.username) if order.handler else None

    def get_is_overdue(self, order) -> bool:
        return order.is_overdue()


class WorkOrderTakeSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class WorkOrderReplySerializer(serializers.Serializer):
    reply = serializers.CharField()
    replied_at = serializers.DateTimeField(required=False)


class WorkOrderCloseSerializer(serializers.Serializer):
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices)
    follow_up = serializers.CharField(required=False, allow_blank=True, default="")


class WorkOrderReopenSerializer(serializers.Serializer):
    note = serializers.CharField()


class FastAccidentSerializer(ModelCleanMixin, BrigadeRecordSerializer):
    class Meta:
        model = FastAccident
        fields = ["id", "brigade", "brigade_name", "reported_at", "channel", "place", "town", "vehicles_involved",
                  "liability_outcome", "liability_noticed_at", "minutes_to_liability", "insurer_notified", "closed_at",
                  "note"]
        read_only_fields = ["minutes_to_liability"]


class CommandCentreDaySerializer(ModelCleanMixin, BrigadeRecordSerializer):
    total_calls = serializers.IntegerField(read_only=True)

    class Meta:
        model = CommandCentreDay
        fields = ["id", "brigade", "brigade_name", "date", "consultation_calls", "help_calls", "complaint_calls",
                  "congestion_reports", "accident_reports", "other_calls", "total_calls", "patient_escorts",
                  "people_helped", "bad_weather_responses", "video_patrols", "bulletins_issued", "note"]
        validators = []


class PermitSerializer(ModelCleanMixin, BrigadeRecordSerializer):
    state = serializers.SerializerMethodField()

    class Meta:
        model = Permit
        fields = ["id", "brigade", "brigade_name", "number", "applied_on", "enterprise", "applicant", "plate_number",
                  "vehicle_type", "routes", "daily_from", "daily_until", "valid_from", "valid_to", "status", "state",
                  "approved_at", "decision_reason"]
        read_only_fields = ["number", "status", "approved_at", "decision_reason"]
        validators = []

    @extend_schema_field(serializers.ChoiceField(choices=PermitState.choices))
    def get_state(self, permit):
        return permit.state()


class PermitDecisionSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ReliefRecoverySerializer(serializers.ModelSerializer):
    class Meta:
        model = ReliefRecovery
        fields = ["id", "recovered_on", "amount", "source", "payer", "note", "created_by", "created_at"]
        read_only_fields = fields


class ReliefAdvanceSerializer(ModelCleanMixin, BrigadeRecordSerializer):
    """The request's particulars are written here; the steps are actions (approve, refuse, pay, recover)."""

    recoveries = ReliefRecoverySerializer(many=True, read_only=True)
    recovery_overdue = serializers.SerializerMethodField()

    class Meta:
        model = ReliefAdvance
        fields = ["id", "brigade", "brigade_name", "accident", "case_reference", "beneficiary", "liable_party", "insurer",
                  "requested_on", "amount_requested", "status", "approved_on", "amount_approved", "approved_by",
                  "advanced_on", "amount_advanced", "paid_by", "amount_recovered", "recovered_on", "recovery_overdue",
                  "recoveries", "note"]
        read_only_fields = ["status", "approved_on", "amount_approved", "approved_by", "advanced_on", "amount_advanced",
                            "paid_by", "amount_recovered", "recovered_on"]
        extra_kwargs = {"accident": {"required": True, "allow_null": False}}

    @extend_schema_field(serializers.BooleanField())
    def get_recovery_overdue(self, advance):
        return advance.is_recovery_overdue()


class ReliefApproveSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    day = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReliefRefuseSerializer(serializers.Serializer):
    reason = serializers.CharField()
    day = serializers.DateField(required=False)


class ReliefPaySerializer(ReliefApproveSerializer):
    pass


class ReliefRecoverSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    day = serializers.DateField(required=False)
    source = serializers.ChoiceField(choices=RecoverySource.choices)
    payer = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReliefTargetSerializer(ModelCleanMixin, BrigadeRecordSerializer):
    class Meta:
        model = ReliefTarget
        fields = ["id", "brigade", "brigade_name", "month", "advances_target", "note"]
        validators = []
