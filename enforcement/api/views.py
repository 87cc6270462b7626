from rest_framework import mixins, permissions, viewsets

from brigades.records.api.scoping import BrigadeScopedModelViewSet, ReferenceDataViewSet

from .. import operations, selectors
from ..filtersets import DeploymentFilterSet, HelmetObservationFilterSet, OperationFilterSet, ViolationFilterSet
from ..models import Deployment, HelmetObservation, Operation, Violation, ViolationCode, ViolationKind
from ..selectors import VIOLATION_LIST_RELATED
from .serializers import (
    DeploymentSerializer,
    HelmetObservationSerializer,
    OperationSerializer,
    ViolationCodeSerializer,
    ViolationKindSerializer,
    ViolationSerializer,
)

# Records are corrected, never deleted: a case's audit trail must survive.
NO_DELETE = ["get", "post", "put", "patch", "head", "options"]


class ViolationViewSet(BrigadeScopedModelViewSet):
    """Cases. Created and edited through operations.violation_record, as the form saves them."""

    queryset = Violation.objects.select_related(*VIOLATION_LIST_RELATED).prefetch_related("officers")
    serializer_class = ViolationSerializer
    filterset_class = ViolationFilterSet
    ordering_fields = ["date", "bac", "overload_percent", "fine_amount"]
    http_method_names = NO_DELETE

    def perform_create(self, serializer):
        self.record(serializer, Violation())

    def perform_update(self, serializer):
        self.record(serializer, serializer.instance)

    def record(self, serializer, violation):
        data = dict(serializer.validated_data)
        officers = data.pop("officers", None)
        for name, value in data.items():
            setattr(violation, name, value)
        serializer.instance = operations.violation_record(violation=violation, by=self.request.user, officers=officers)


class OperationViewSet(BrigadeScopedModelViewSet):
    """Visible to every brigade it covers; written only by its own brigade and the detachment."""

    queryset = Operation.objects.select_related("brigade").prefetch_related("covered_brigades")
    serializer_class = OperationSerializer
    filterset_class = OperationFilterSet
    http_method_names = NO_DELETE

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            return queryset & Operation.objects.owned_by(self.request.user)
        # The campaign results of the cases the caller may see, as on the operation's page.
        return selectors.with_campaign_results(queryset, self.request.user)


class DeploymentViewSet(BrigadeScopedModelViewSet):
    queryset = Deployment.objects.select_related("brigade").prefetch_related("officers")
    serializer_class = DeploymentSerializer
    filterset_class = DeploymentFilterSet
    http_method_names = NO_DELETE


class HelmetObservationViewSet(BrigadeScopedModelViewSet):
    queryset = HelmetObservation.objects.select_related("brigade")
    serializer_class = HelmetObservationSerializer
    filterset_class = HelmetObservationFilterSet
    http_method_names = NO_DELETE


class ViolationCodeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The violation codes (违法行为代码) in use: fine range, points, licence measure and whether the
    offence is a crime. Reference data shared by every brigade, read-only (kept in the admin)."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = ViolationCodeSerializer

    def get_queryset(self):
        return ViolationCode.objects.filter(is_active=True).select_related("kind")


class ViolationKindViewSet(ReferenceDataViewSet):
    queryset = ViolationKind.objects.all()
    serializer_class = ViolationKindSerializer
