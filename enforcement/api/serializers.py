from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from brigades.records.api.duplicates import DuplicateWarningSerializerMixin
from brigades.records.api.scoping import BrigadeRecordSerializer, ReferenceDataSerializer
from brigades.models import Officer

from .. import selectors
from ..models import Deployment, HelmetObservation, Operation, Violation, ViolationCode, ViolationKind
from ..operations import violation_apply_rules
from ..selectors import violation_possible_duplicates


def probe(model, instance, attrs):
    """An unsaved instance with the stored values overlaid by the request's, for the model's rules."""
    values = {}
    if instance is not None:
        values = {f.attname: getattr(instance, f.attname) for f in model._meta.concrete_fields}
    for field in model._meta.concrete_fields:
        if field.name in attrs and field.attname != field.name:
            values.pop(field.attname, None)
    m2m = {f.name for f in model._meta.many_to_many}
    values.update({name: value for name, value in attrs.items() if name not in m2m})
    return model(**values)


class ViolationSerializer(DuplicateWarningSerializerMixin, BrigadeRecordSerializer):
    """A case. `kind` is a kind code; for drink or drunk driving it may be left out: the kind is
    derived from the reading by the same rule as the form (operations.violation_apply_rules),
    whatever alcohol kind was sent. ID numbers are masked in lists and for leaders."""

    kind = serializers.SlugRelatedField(
        slug_field="code", queryset=ViolationKind.objects.filter(is_active=True), required=False, allow_null=True
    )
    kind_name = serializers.CharField(source="kind.name", read_only=True)
    violation_code = serializers.SlugRelatedField(
        slug_field="code", queryset=ViolationCode.objects.filter(is_active=True), required=False, allow_null=True,
        help_text="The violation code (违法行为代码); an alcohol case's follows its reading.",
    )
    officers = serializers.PrimaryKeyRelatedField(queryset=Officer.objects.all(), many=True, required=False)

    class Meta:
        model = Violation
        fields = [
            "id", "brigade", "brigade_name", "date", "time", "kind", "kind_name", "violation_code", "plate", "plate_type", "vehicle_type",
            "driver_name", "driver_id_number", "breath_alcohol", "blood_alcohol", "bac", "rated_load", "actual_load",
            "gross_mass", "overload_percent", "overload_band", "hundred_tonne", "panels_cut", "tonnes_unloaded",
            "disposition", "fine_amount", "points", "vehicle_detained", "licence_action", "squadron", "officers",
            "town", "road", "operation", "deployment", "note", "created_at",
        ]
        read_only_fields = ["bac", "overload_percent", "overload_band", "hundred_tonne", "created_at"]

    duplicate_fields = ("plate", "date")
    possible_duplicates = staticmethod(violation_possible_duplicates)

    def validate(self, attrs):
        # An operation of another brigade that covers ours passes the base check (Operation.covers).
        attrs = super().validate(attrs)
        officers = attrs.pop("officers", None)
        candidate = probe(Violation, self.instance, attrs)
        try:
            violation_apply_rules(candidate)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        for field in ("kind", "violation_code", "bac", "disposition", "overload_percent", "overload_band", "hundred_tonne", "plate",
                      "driver_id_number", "operation"):
            attrs[field] = getattr(candidate, field)
        if officers is not None:
            attrs["officers"] = officers
        return attrs


class ViolationCodeSerializer(serializers.ModelSerializer):
    kind = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ViolationCode
        fields = ["code", "description", "kind", "legal_basis", "fine_min", "fine_max", "points", "licence_action",
                  "is_criminal", "commercial_vehicle"]


class CampaignResultsSerializer(serializers.Serializer):
    overloaded_trucks = serializers.IntegerField()
    hundred_tonne_trucks = serializers.IntegerField()
    double_overloads = serializers.IntegerField()
    panels_cut = serializers.IntegerField()
    tonnes_unloaded = serializers.DecimalField(max_digits=12, decimal_places=2)
    vehicles_detained = serializers.IntegerField()
    criminal_referrals = serializers.IntegerField()


class OperationSerializer(BrigadeRecordSerializer):
    # 百吨王, 100 %+ overloads, panels cut, tonnes unloaded, vehicles detained, referrals: of the
    # cases the caller may see (selectors.with_campaign_results).
    results = serializers.SerializerMethodField()

    class Meta:
        model = Operation
        fields = ["id", "brigade", "brigade_name", "name", "kind", "start_date", "end_date", "is_detachment_wide",
                  "covered_brigades", "lead", "description", "goal_cases", "goal_alcohol_cases", "goal_overload_cases",
                  "results"]

    @extend_schema_field(CampaignResultsSerializer)
    def get_results(self, operation):
        user = getattr(self.context.get("request"), "user", None)
        if user is None:
            return None
        return CampaignResultsSerializer(selectors.operation_results(operation, user)).data

    def get_fields(self):
        fields = super().get_fields()
        user = getattr(self.context.get("request"), "user", None)
        if getattr(user, "brigade_id", None):
            # Campaigns of several brigades are the detachment's to set up.
            fields["is_detachment_wide"].read_only = True
            fields["covered_brigades"] = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
        return fields

    def validate(self, attrs):
        attrs = super().validate(attrs)
        start = attrs.get("start_date", getattr(self.instance, "start_date", None))
        end = attrs.get("end_date", getattr(self.instance, "end_date", None))
        if start and end and end < start:
            raise serializers.ValidationError({"end_date": [_("The end date cannot be before the start date.")]})
        return attrs


class DeploymentSerializer(BrigadeRecordSerializer):
    officers = serializers.PrimaryKeyRelatedField(queryset=Officer.objects.all(), many=True, required=False)

    class Meta:
        model = Deployment
        fields = ["id", "brigade", "brigade_name", "operation", "kind", "place", "town", "date", "start_time",
                  "end_time", "officers", "vehicles_deployed", "note"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        officers = attrs.pop("officers", None)
        try:
            probe(Deployment, self.instance, attrs).clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        if officers is not None:
            attrs["officers"] = officers
        return attrs


class HelmetObservationSerializer(BrigadeRecordSerializer):
    rate = serializers.SerializerMethodField(help_text="Riders wearing ÷ riders seen × 100, one decimal.")

    class Meta:
        model = HelmetObservation
        fields = ["id", "brigade", "brigade_name", "town", "place", "date", "start_time", "end_time", "observer",
                  "riders_seen", "riders_wearing", "passengers_seen", "passengers_wearing", "rate", "note"]

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_rate(self, obj):
        rate = obj.rate
        return None if rate is None else round(float(rate), 1)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        try:
            probe(HelmetObservation, self.instance, attrs).clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        return attrs


class ViolationKindSerializer(ReferenceDataSerializer):
    """`code` is stable (the rules and figures look for it); `measurement` says which readings a case of
    this kind records."""

    class Meta(ReferenceDataSerializer.Meta):
        model = ViolationKind
        fields = ["id", "code", "name", "name_en", "display_name", "measurement", "sort_order", "is_active"]
        read_only_fields = fields
