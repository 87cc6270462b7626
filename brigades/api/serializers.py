from django.utils.translation import gettext as _
from rest_framework import serializers

from ..models import Brigade, BrigadeJurisdiction, Officer, Squadron, Town
from ..records.api.scoping import BrigadeRecordSerializer


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


class PeriodSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["month", "quarter", "year", "custom"])
    start = serializers.DateField()
    end = serializers.DateField(help_text="The last day counted: today's date for a period not over yet.")
    label = serializers.CharField()
    partial = serializers.BooleanField(help_text="The period has not ended: it is counted to `end`.")


class MetricSerializer(serializers.Serializer):
    key = serializers.CharField(help_text='The metric\'s key, "<app>.<name>".')
    label = serializers.CharField()
    unit = serializers.CharField(allow_blank=True)
    aggregation = serializers.ChoiceField(
        choices=["sum", "ratio", "per_capita"],
        help_text="`sum`: a count or total; `ratio`: numerator ÷ denominator × scale; `per_capita`: per population.",
    )


class FigureSerializer(serializers.Serializer):
    brigade = serializers.IntegerField(allow_null=True, help_text="The brigade; null for the brigades together.")
    metric = serializers.CharField()
    value = serializers.DecimalField(
        max_digits=30, decimal_places=4, allow_null=True,
        help_text="The figure; null for a rate whose base is zero or too small (`insufficient`).",
    )
    numerator = serializers.DecimalField(max_digits=30, decimal_places=4, allow_null=True)
    denominator = serializers.DecimalField(max_digits=30, decimal_places=4, allow_null=True)
    insufficient = serializers.BooleanField()


class FiguresSerializer(serializers.Serializer):
    period = PeriodSerializer()
    metrics = MetricSerializer(many=True)
    figures = FigureSerializer(many=True)


class FiguresQuerySerializer(serializers.Serializer):
    """The period as the dashboards take it, the metrics and the brigade."""

    period = serializers.ChoiceField(choices=["month", "quarter", "year", "custom"], default="month")
    month = serializers.RegexField(r"^\d{4}-\d{2}$", required=False, help_text="With period=month: `2026-10`.")
    quarter = serializers.RegexField(r"^\d{4}-[Qq][1-4]$", required=False, help_text="With period=quarter: `2026-Q3`.")
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100, help_text="With period=year.")
    start = serializers.DateField(required=False, help_text="With period=custom: the first day.")
    end = serializers.DateField(required=False, help_text="With period=custom: the last day (at most three years on).")
    metric = serializers.ListField(
        child=serializers.CharField(), required=False,
        help_text="Metric keys (repeat the parameter for several); every metric the dashboards show if left out.",
    )
    brigade = serializers.IntegerField(
        required=False, help_text="One brigade (detachment-level users; a brigade user always gets their own).",
    )
