from rest_framework import serializers

from ..models import Delivery, Notification


class DeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = Delivery
        fields = ["channel", "target", "status", "attempts", "delivered_at", "last_error"]


class NotificationSerializer(serializers.ModelSerializer):
    deliveries = DeliverySerializer(many=True, read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "day", "title", "lines", "created_at", "read_at", "deliveries"]
        read_only_fields = fields


class TodoItemSerializer(serializers.Serializer):
    category = serializers.CharField()
    title = serializers.CharField()
    detail = serializers.CharField()
    due = serializers.DateField(allow_null=True)
    overdue_days = serializers.IntegerField()
    url = serializers.CharField()
    action_url = serializers.CharField()
    action_label = serializers.CharField()
