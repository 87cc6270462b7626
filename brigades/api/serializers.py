from django.utils.translation import gettext as _
from rest_framework import serializers

from ..models import Brigade, BrigadeJurisdiction, Officer, Squadron, Town
from .scoping import BrigadeRecordSerializer


class BrigadeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Brigade
        fields = ["id", "name", "short_name", "code", "detachment", "is_active"]


class JurisdictionSerializer(serializers.ModelSerializer):
    class Meta:
        model = BrigadeJurisdiction
        fields = ["id", "brigade", "year", "population", "motor_vehicles"]


class SquadronSerializer(serializers.ModelSerializer):
    class Meta:
        model = Squadron
        fields = ["id", "brigade", "name", "kind", "is_active"]


class TownSerializer(serializers.ModelSerializer):
    class Meta:
        model = Town
        fields = ["id", "brigade", "parent", "name", "kind"]


class OfficerSerializer(BrigadeRecordSerializer):
    class Meta:
        model = Officer
        fields = ["id", "brigade", "brigade_name", "squadron", "name", "kind", "badge_number", "position", "phone", "is_active"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        brigade = attrs.get("brigade") or self.instance.brigade
        number = attrs.get("badge_number", getattr(self.instance, "badge_number", None))
        probe = Officer(pk=getattr(self.instance, "pk", None), brigade=brigade, badge_number=number)
        if probe.badge_number_taken():
            raise serializers.ValidationError({"badge_number": [_("This badge number is already used in the detachment.")]})
        return attrs
