from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework import serializers

from brigades.records.api.scoping import BrigadeRecordSerializer

from .. import operations, rules
from ..choices import Staffing, Weekday
from ..models import EscortDutyLog, EscortPost, EscortShift, Event, EventPhoto, Material, MediaArticle, School, TargetGroup

NOT_NEGATIVE = {"min_value": _("This cannot be below zero.")}


def model_clean(instance):
    """Run the model's own clean() (the same rules as the web form), as DRF field errors."""
    try:
        instance.clean()
    except DjangoValidationError as error:
        raise serializers.ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages)


class EventMaterialSerializer(serializers.Serializer):
    material = serializers.SlugRelatedField(
        slug_field="code", queryset=Material.objects.filter(is_active=True),
        help_text="Material code: leaflet, reflective_sticker, helmet, poster, reflective_vest…",
    )
    # A number both ways: sent as 300 or "300.5", answered as a plain number (rules.plain_number).
    quantity = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, error_messages=NOT_NEGATIVE,
                                        coerce_to_string=False)
    material_name = serializers.CharField(read_only=True)
    unit = serializers.CharField(read_only=True)

    def validate(self, attrs):
        material, quantity = attrs["material"], attrs["quantity"]
        if rules.quantity_needs_whole_number(material.unit, quantity):
            raise serializers.ValidationError({"quantity": _("%(material)s is counted in %(unit)s: enter a whole number.") % {
                "material": material.name, "unit": material.get_unit_display()}})
        return attrs

    def to_representation(self, row):
        return {"material": row.material.code, "material_name": row.material.name,
                "unit": row.material.unit, "quantity": rules.plain_number(row.quantity)}


class EventPhotoSerializer(serializers.ModelSerializer):
    class Meta:
        model = EventPhoto
        fields = ["id", "event", "file", "caption", "uploaded_at"]

    def get_fields(self):
        fields = super().get_fields()
        user = getattr(self.context.get("request"), "user", None)
        fields["event"].queryset = Event.objects.for_user(user)
        return fields

    def validate_event(self, event):
        if self.instance is not None and event != self.instance.event:
            raise serializers.ValidationError(_("A photo stays with its event."))
        return event


class EventPhotoBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = EventPhoto
        fields = ["id", "file", "caption"]


class EventSerializer(BrigadeRecordSerializer):
    target_groups = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=TargetGroup.objects.filter(is_active=True),
    )
    materials = EventMaterialSerializer(many=True, required=False)
    photos = EventPhotoBriefSerializer(many=True, read_only=True)
    operation_name = serializers.CharField(source="operation.name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = Event
        fields = [
            "id", "brigade", "brigade_name", "title", "date", "start_time", "event_kind", "venue_kind", "school",
            "enterprise", "venue_name", "town", "target_groups", "operation", "operation_name", "campaign", "officers",
            "audience", "summary", "materials", "photos",
        ]
        extra_kwargs = {"audience": {"error_messages": NOT_NEGATIVE}}

    def validate_materials(self, rows):
        codes = [row["material"].code for row in rows]
        if len(codes) != len(set(codes)):
            raise serializers.ValidationError(_("Each material is entered once per event."))
        return rows

    def validate(self, attrs):
        attrs = super().validate(attrs)
        plain = {k: v for k, v in attrs.items() if k not in ("target_groups", "officers", "materials")}
        current = {f.attname: getattr(self.instance, f.attname) for f in Event._meta.concrete_fields} if self.instance else {}
        probe = Event(**current)
        for name, value in plain.items():
            setattr(probe, name, value)
        model_clean(probe)
        return attrs

    @transaction.atomic
    def create(self, validated_data):
        return self._save(Event(), validated_data)

    @transaction.atomic
    def update(self, instance, validated_data):
        return self._save(instance, validated_data)

    def _save(self, event, data):
        groups = data.pop("target_groups", None)
        officers = data.pop("officers", None)
        materials = data.pop("materials", None)
        for name, value in data.items():
            setattr(event, name, value)
        event.save()
        if groups is not None:
            event.target_groups.set(groups)
        if officers is not None:
            event.officers.set(officers)
        if materials is not None:
            operations.event_set_materials(event=event, quantities={row["material"]: row["quantity"] for row in materials})
        return event


class MediaArticleSerializer(BrigadeRecordSerializer):
    class Meta:
        model = MediaArticle
        fields = ["id", "brigade", "brigade_name", "title", "outlet_kind", "outlet_name", "published_on", "url", "subject", "event", "reach"]
        extra_kwargs = {"reach": {"error_messages": NOT_NEGATIVE}}


class SchoolSerializer(BrigadeRecordSerializer):
    class Meta:
        model = School
        fields = ["id", "brigade", "brigade_name", "name", "kind", "town", "address", "pupils", "is_active"]


class EscortPostSerializer(BrigadeRecordSerializer):
    class Meta:
        model = EscortPost
        fields = ["id", "brigade", "brigade_name", "school", "name", "location", "is_active"]


class EscortShiftSerializer(BrigadeRecordSerializer):
    """Saved through operations.shift_save: a shift ending before it starts, or an officer already
    on a clashing shift, is a 400 with the message on the field."""

    class Meta:
        model = EscortShift
        fields = ["id", "brigade", "brigade_name", "post", "period", "weekdays", "starts_at", "ends_at", "officers", "active_from", "active_until"]

    def validate_weekdays(self, value):
        if not value or not set(value) <= set(Weekday.values):
            raise serializers.ValidationError(_("Choose weekdays from Monday to Sunday."))
        return "".join(sorted(set(value)))

    def create(self, validated_data):
        return self._save(EscortShift(), validated_data)

    def update(self, instance, validated_data):
        return self._save(instance, validated_data)

    def _save(self, shift, data):
        officers = data.pop("officers", None)
        if officers is None:
            officers = list(shift.officers.all()) if shift.pk else []
        for name, value in data.items():
            setattr(shift, name, value)
        return operations.shift_save(shift=shift, officers=officers, user=data.get("created_by"))


class EscortDutyLogSerializer(BrigadeRecordSerializer):
    """Saved through operations.duty_log_record: a future day or a shift not planned that day is
    refused; staffed with no officers named means staffed by the shift's officers."""

    class Meta:
        model = EscortDutyLog
        fields = ["id", "brigade", "brigade_name", "shift", "date", "staffing", "officers", "incident", "congestion", "note"]
        extra_kwargs = {"officers": {"required": False}}
        validators = []  # one row per shift and day: duty_log_record updates the existing row

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None:
            for fixed in ("shift", "date"):
                if fixed in attrs and attrs[fixed] != getattr(self.instance, fixed):
                    raise serializers.ValidationError({fixed: _("Which shift and day a log is about is fixed once recorded.")})
        return attrs

    def create(self, validated_data):
        return self._record(validated_data)

    def update(self, instance, validated_data):
        data = {"shift": instance.shift, "date": instance.date, "staffing": instance.staffing, "incident": instance.incident,
                "congestion": instance.congestion, "note": instance.note, **validated_data}
        if "officers" not in validated_data:
            data["officers"] = list(instance.officers.all())
        return self._record(data)

    def _record(self, data):
        return operations.duty_log_record(
            shift=data["shift"], date=data["date"], staffing=data.get("staffing", Staffing.STAFFED),
            officers=list(data.get("officers") or []), incident=data.get("incident", False),
            congestion=data.get("congestion", False), note=data.get("note", ""), user=data.get("created_by"),
        )


class AllStaffedSerializer(serializers.Serializer):
    date = serializers.DateField()
    brigade = serializers.IntegerField(required=False)
