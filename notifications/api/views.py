from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from ..models import Notification
from ..selectors import todo_items
from .serializers import NotificationSerializer, TodoItemSerializer


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """The caller's own reminders, newest first, with how each was delivered."""

    queryset = Notification.objects.prefetch_related("deliveries")
    serializer_class = NotificationSerializer

    def get_queryset(self):
        return super().get_queryset().for_user(self.request.user)


class TodoView(APIView):
    """The caller's 待办, as on the page."""

    @extend_schema(responses=TodoItemSerializer(many=True), description=(
        "The caller's to-do list (待办), as on the home page: what waits for them, most urgent first, "
        "each with a link to the record."))
    def get(self, request):
        return Response(TodoItemSerializer(todo_items(request.user), many=True).data)
