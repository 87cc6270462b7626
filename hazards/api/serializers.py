from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from brigades.records.api.duplicates import DuplicateWarningSerializerMixin
from brigades.records.api.scoping import BrigadeRecordSerializer, ReferenceDataSerializer
from brigades.models import Officer, Squadron

from ..choices import (
    ClosureReason,
    DeliveryMethod,
    DriverClearance,
    ReinspectionResult,
    RiskLevel,
    VehicleClearance,
)
from ..models import (
    Accident,
    AccidentCause,
    BlackSpotSuggestion,
    Enterprise,
    EnterpriseRiskChange,
    Hazard,
    HazardCategory,
    HazardMeasure,
    HazardPhoto,
    HazardTransition,
    KeyDriver,
    KeyVehicle,
    MeasureKind,
    Notice,
    Reinspection,
    ResponsibleParty,
    SupervisionAction,
    SupervisionListing,
    SupervisionProgress,
)
from ..selectors import hazard_possible_duplicates


class HazardTransitionSerializer(serializers.ModelSerializer):
    acted_by = serializers.StringRelatedField()
    # Plain strings: the statuses are documented once, on the hazard's own status.
    from_status = serializers.CharField(read_only=True)
    to_status = serializers.CharField(read_only=True)

    class Meta:
        model = HazardTransition
        fields = ["action", "from_status", "to_status", "note", "acted_by", "acted_at"]


class HazardPhotoSerializer(serializers.ModelSerializer):
    class Meta:
        model = HazardPhoto
        fields = ["id", "stage", "file", "caption", "uploaded_at"]


class HazardMeasureSerializer(serializers.ModelSerializer):
    kind_name = serializers.CharField(source="kind.name", read_only=True)

    class Meta:
        model = HazardMeasure
        fields = ["id", "kind", "kind_name", "planned_quantity", "done_quantity", "done_on", "note"]


# Statuses are plain read-only strings in the schema: they change only through the actions, and
# several apps name a field "status", which would make the schema's enum names collide.
STATUS = dict(read_only=True)


class HazardSerializer(DuplicateWarningSerializerMixin, BrigadeRecordSerializer):
    status = serializers.CharField(**STATUS)
    town_name = serializers.CharField(source="town.name", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    deadline_state = serializers.CharField(read_only=True)

    class Meta:
        model = Hazard
        fields = [
            "id", "brigade", "brigade_name", "town", "town_name", "road", "place", "latitude", "longitude", "category",
            "category_name", "level", "source", "found_on", "finder", "description", "is_supervised", "status",
            "responsible_party", "responsible_party_detail", "notice_number", "notice_issued_on",
            "rectification_deadline", "deadline_state", "rectified_on", "signed_off_on", "closed_on", "closure_reason",
            "reopen_count",
        ]
        read_only_fields = ["status", "responsible_party", "responsible_party_detail"]

    duplicate_fields = ("latitude", "longitude")
    possible_duplicates = staticmethod(hazard_possible_duplicates)

    def validate_found_on(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError(_("The found date cannot be in the future."))
        return value

    def validate(self, attrs):
        attrs = super().validate(attrs)
        latitude = attrs.get("latitude", getattr(self.instance, "latitude", None))
        longitude = attrs.get("longitude", getattr(self.instance, "longitude", None))
        if (latitude is None) != (longitude is None):
            raise serializers.ValidationError({"latitude": [_("Give both latitude and longitude, or neither.")]})
        deadline = getattr(self.instance, "rectification_deadline", None)
        if deadline and attrs.get("found_on") and attrs["found_on"] > deadline:
            raise serializers.ValidationError({"found_on": [_("The found date cannot be after the rectification deadline.")]})
        return attrs


class HazardDetailSerializer(HazardSerializer):
    transitions = HazardTransitionSerializer(many=True, read_only=True)
    photos = HazardPhotoSerializer(many=True, read_only=True)
    measures = HazardMeasureSerializer(many=True, read_only=True)

    class Meta(HazardSerializer.Meta):
        fields = HazardSerializer.Meta.fields + ["notice_requirements", "rectification_note", "closure_note", "transitions", "photos", "measures"]


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AssignSerializer(NoteSerializer):
    responsible_party = serializers.PrimaryKeyRelatedField(queryset=ResponsibleParty.objects.filter(is_active=True))
    responsible_party_detail = serializers.CharField(required=False, allow_blank=True, default="")
    deadline = serializers.DateField()
    issued_on = serializers.DateField(required=False)
    requirements = serializers.CharField(required=False, allow_blank=True, default="")


class RectifySerializer(serializers.Serializer):
    rectified_on = serializers.DateField(required=False)
    note = serializers.CharField()
    photos = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class SignOffSerializer(NoteSerializer):
    signed_off_on = serializers.DateField(required=False)


class CloseSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=ClosureReason.choices)
    note = serializers.CharField()
    true_responsible_party = serializers.CharField(required=False, allow_blank=True, default="")


class PhotoUploadSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=HazardPhoto._meta.get_field("stage").choices)
    file = serializers.FileField()
    caption = serializers.CharField(required=False, allow_blank=True, default="")


class ReinspectionSerializer(serializers.ModelSerializer):
    hazard_name = serializers.CharField(source="hazard.__str__", read_only=True)

    class Meta:
        model = Reinspection
        fields = ["id", "hazard", "hazard_name", "due_on", "done_on", "result", "note", "inspected_by"]
        read_only_fields = fields


class ReinspectionRecordSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=ReinspectionResult.choices)
    done_on = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    new_deadline = serializers.DateField(required=False, allow_null=True, default=None)


class AccidentSerializer(BrigadeRecordSerializer):
    class Meta:
        model = Accident
        fields = [
            "id", "brigade", "brigade_name", "occurred_at", "town", "road", "place", "latitude", "longitude", "severity",
            "deaths", "injuries", "parties", "vehicle_types", "main_cause", "is_reviewed", "review_findings", "hazard",
        ]

    CHECKED = ("severity", "deaths", "injuries", "occurred_at", "latitude", "longitude", "is_reviewed", "review_findings")

    def validate(self, attrs):
        attrs = super().validate(attrs)
        values = {name: getattr(self.instance, name) for name in self.CHECKED} if self.instance else {}
        values.update({key: value for key, value in attrs.items() if key in self.CHECKED})
        try:
            Accident(**values).clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        return attrs


class BlackSpotSerializer(BrigadeRecordSerializer):
    status = serializers.CharField(**STATUS)
    class Meta:
        model = BlackSpotSuggestion
        fields = [
            "id", "brigade", "brigade_name", "suggested_on", "latitude", "longitude", "radius_m", "weight", "accidents",
            "town", "road", "place", "status", "hazard", "dismissal_reason",
        ]
        read_only_fields = fields


class DismissSerializer(serializers.Serializer):
    reason = serializers.CharField()


class EnterpriseSerializer(BrigadeRecordSerializer):
    class Meta:
        model = Enterprise
        fields = [
            "id", "brigade", "brigade_name", "name", "credit_code", "kind", "risk_level", "town", "address",
            "contact_person", "contact_phone", "vehicle_count", "is_active",
        ]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["risk_level"].read_only = True
        return fields

    def validate_credit_code(self, value):
        value = value.strip().upper()
        if Enterprise.objects.filter(credit_code=value).exclude(pk=getattr(self.instance, "pk", None)).exists():
            raise serializers.ValidationError(_("An enterprise with this credit code is already registered."))
        return value


class RiskChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = EnterpriseRiskChange
        fields = ["id", "enterprise", "from_level", "to_level", "changed_on", "reason"]


class RiskChangeRequestSerializer(serializers.Serializer):
    to_level = serializers.ChoiceField(choices=RiskLevel.choices)
    reason = serializers.CharField()
    changed_on = serializers.DateField(required=False)


class SupervisionActionSerializer(BrigadeRecordSerializer):
    follow_up_status = serializers.CharField(**STATUS)
    class Meta:
        model = SupervisionAction
        fields = [
            "id", "brigade", "brigade_name", "enterprise", "kind", "acted_on", "officers", "outcome", "deadline",
            "follow_up_status", "done_on", "done_note",
        ]
        read_only_fields = ["follow_up_status", "done_on", "done_note"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        kind = attrs.get("kind", getattr(self.instance, "kind", None))
        deadline = attrs.get("deadline", getattr(self.instance, "deadline", None))
        acted_on = attrs.get("acted_on", getattr(self.instance, "acted_on", None)) or timezone.localdate()
        if kind == "notice" and not deadline:
            raise serializers.ValidationError({"deadline": [_("A rectification notice needs a deadline.")]})
        if deadline and deadline < acted_on:
            raise serializers.ValidationError({"deadline": [_("The deadline cannot be before the date of the action.")]})
        return attrs


class DoneSerializer(serializers.Serializer):
    done_on = serializers.DateField(required=False)
    note = serializers.CharField()


KEY_ITEM_FIELDS = ["id", "brigade", "brigade_name", "listed_on", "due_date", "squadron", "officer", "handle_by", "status", "cleared_on", "clearance", "clearance_note"]


class KeyVehicleSerializer(BrigadeRecordSerializer):
    status = serializers.CharField(**STATUS)
    class Meta:
        model = KeyVehicle
        fields = KEY_ITEM_FIELDS + ["plate_number", "plate_type", "vehicle_type", "owner", "problem"]
        read_only_fields = ["squadron", "officer", "handle_by", "status", "cleared_on", "clearance", "clearance_note"]


class KeyDriverSerializer(BrigadeRecordSerializer):
    status = serializers.CharField(**STATUS)
    class Meta:
        model = KeyDriver
        fields = KEY_ITEM_FIELDS + ["licence_number", "name", "licence_class", "problem"]
        read_only_fields = ["squadron", "officer", "handle_by", "status", "cleared_on", "clearance", "clearance_note"]


class KeyItemAssignSerializer(serializers.Serializer):
    squadron = serializers.PrimaryKeyRelatedField(queryset=Squadron.objects.all())
    officer = serializers.PrimaryKeyRelatedField(queryset=Officer.objects.all(), required=False, allow_null=True, default=None)
    handle_by = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")

    def get_fields(self):
        fields = super().get_fields()
        user = getattr(self.context.get("request"), "user", None)  # none while the schema is drawn
        fields["squadron"].queryset = Squadron.objects.for_user(user)
        fields["officer"].queryset = Officer.objects.for_user(user)
        return fields


class KeyVehicleClearSerializer(serializers.Serializer):
    clearance = serializers.ChoiceField(choices=VehicleClearance.choices)
    cleared_on = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class KeyDriverClearSerializer(KeyVehicleClearSerializer):
    clearance = serializers.ChoiceField(choices=DriverClearance.choices)


class NoticeSerializer(BrigadeRecordSerializer):
    """Notices are issued by the operations (hazard assignment, a supervision notice or interview):
    the API reads them and records their receipt."""

    class Meta:
        model = Notice
        fields = [
            "id", "brigade", "brigade_name", "kind", "number", "year", "serial", "issued_on", "addressee", "hazard",
            "supervision_action", "received_by", "received_at", "delivery_method", "receipt_scan",
        ]
        read_only_fields = fields


class NoticeReceiptSerializer(serializers.Serializer):
    received_by = serializers.CharField(max_length=100)
    received_at = serializers.DateTimeField()
    delivery_method = serializers.ChoiceField(choices=DeliveryMethod.choices)
    receipt_scan = serializers.FileField(required=False)


class SupervisionProgressSerializer(serializers.ModelSerializer):
    reported_by = serializers.StringRelatedField()

    class Meta:
        model = SupervisionProgress
        fields = ["id", "reported_on", "progress", "reported_by"]
        read_only_fields = ["reported_by"]


class SupervisionListingSerializer(BrigadeRecordSerializer):
    progress_reports = SupervisionProgressSerializer(many=True, read_only=True)

    class Meta:
        model = SupervisionListing
        fields = [
            "id", "brigade", "brigade_name", "hazard", "level", "supervising_unit", "listed_on", "supervision_deadline",
            "requirements", "lifted_on", "lift_note", "progress_reports",
        ]
        read_only_fields = fields


# Reference data: what the forms offer, for clients that fill in ids ----------------------------


class HazardCategorySerializer(ReferenceDataSerializer):
    class Meta(ReferenceDataSerializer.Meta):
        model = HazardCategory
        fields = [*ReferenceDataSerializer.Meta.fields, "is_black_spot"]
        read_only_fields = fields


class ResponsiblePartySerializer(ReferenceDataSerializer):
    class Meta(ReferenceDataSerializer.Meta):
        model = ResponsibleParty


class MeasureKindSerializer(ReferenceDataSerializer):
    class Meta(ReferenceDataSerializer.Meta):
        model = MeasureKind
        fields = [*ReferenceDataSerializer.Meta.fields, "unit"]
        read_only_fields = fields


class AccidentCauseSerializer(ReferenceDataSerializer):
    class Meta(ReferenceDataSerializer.Meta):
        model = AccidentCause
