from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from brigades.records.api.scoping import BrigadeScopedModelViewSet
from brigades.models import Brigade

from .. import operations
from ..filtersets import (
    EscortDutyLogFilterSet,
    EscortPostFilterSet,
    EscortShiftFilterSet,
    EventFilterSet,
    MediaArticleFilterSet,
    SchoolFilterSet,
)
from ..models import EscortDutyLog, EscortPost, EscortShift, Event, EventMaterial, EventPhoto, MediaArticle, School
from .serializers import (
    AllStaffedSerializer,
    EscortDutyLogSerializer,
    EscortPostSerializer,
    EscortShiftSerializer,
    EventPhotoSerializer,
    EventSerializer,
    MediaArticleSerializer,
    SchoolSerializer,
)

NO_DELETE = ["get", "post", "put", "patch", "head", "options"]


class EventViewSet(BrigadeScopedModelViewSet):
    queryset = Event.objects.select_related("brigade", "operation").prefetch_related(
        "target_groups", "officers", "photos", Prefetch("materials", queryset=EventMaterial.objects.select_related("material")),
    )
    serializer_class = EventSerializer
    filterset_class = EventFilterSet
    http_method_names = NO_DELETE


class EventPhotoViewSet(BrigadeScopedModelViewSet):
    """Photos are uploaded one by one (multipart: event, file, caption)."""

    queryset = EventPhoto.objects.select_related("event")
    serializer_class = EventPhotoSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    filterset_fields = ["event"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]


class MediaArticleViewSet(BrigadeScopedModelViewSet):
    queryset = MediaArticle.objects.select_related("brigade")
    serializer_class = MediaArticleSerializer
    filterset_class = MediaArticleFilterSet
    http_method_names = NO_DELETE


class SchoolViewSet(BrigadeScopedModelViewSet):
    queryset = School.objects.select_related("brigade")
    serializer_class = SchoolSerializer
    filterset_class = SchoolFilterSet
    http_method_names = NO_DELETE


class EscortPostViewSet(BrigadeScopedModelViewSet):
    queryset = EscortPost.objects.select_related("brigade")
    serializer_class = EscortPostSerializer
    filterset_class = EscortPostFilterSet
    http_method_names = NO_DELETE


class EscortShiftViewSet(BrigadeScopedModelViewSet):
    queryset = EscortShift.objects.select_related("brigade").prefetch_related("officers")
    serializer_class = EscortShiftSerializer
    filterset_class = EscortShiftFilterSet
    http_method_names = NO_DELETE


class EscortDutyLogViewSet(BrigadeScopedModelViewSet):
    queryset = EscortDutyLog.objects.select_related("brigade").prefetch_related("officers")
    serializer_class = EscortDutyLogSerializer
    filterset_class = EscortDutyLogFilterSet
    http_method_names = NO_DELETE

    @extend_schema(request=AllStaffedSerializer, responses={201: EscortDutyLogSerializer(many=True)})
    @action(detail=False, methods=["post"], url_path="all-staffed", pagination_class=None)  # answers a plain list
    def all_staffed(self, request):
        """Record every school-escort shift planned on the day and not yet recorded as staffed as planned, in
        one go (the same as the button on the coverage page). Answers the duty records created (none when every
        shift was already recorded)."""
        params = AllStaffedSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        brigade_id = params.validated_data.get("brigade") or request.user.brigade_id
        if request.user.brigade_id:
            brigade_id = request.user.brigade_id
        brigade = get_object_or_404(Brigade.objects.for_user(request.user), pk=brigade_id)
        created = operations.duty_log_all_staffed(brigade=brigade, date=params.validated_data["date"], user=request.user)
        data = EscortDutyLogSerializer(created, many=True, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)
