from brigades.api.scoping import BrigadeScopedModelViewSet, ReferenceDataViewSet

from .. import operations
from ..filtersets import (
    DeploymentFilterSet,
    HelmetObservationFilterSet,
    OperationFilterSet,
    ViolationFilterSet,
)
from ..models import Deployment, HelmetObservation, Operation, Violation, ViolationKind
from ..selectors import VIOLATION_LIST_RELATED
from .serializers import (
    DeploymentSerializer,
    HelmetObservationSerializer,
    OperationSerializer,
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
            queryset = queryset & Operation.objects.owned_by(self.request.user)
        return queryset


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


class ViolationKindViewSet(ReferenceDataViewSet):
    queryset = ViolationKind.objects.all()
    serializer_class = ViolationKindSerializer
