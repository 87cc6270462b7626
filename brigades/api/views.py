import django_filters

from ..filtersets import OfficerFilterSet
from ..models import Brigade, BrigadeJurisdiction, Officer, Squadron, Town
from .scoping import BrigadeScopedModelViewSet, BrigadeScopedReadOnlyViewSet
from .serializers import (
    BrigadeSerializer,
    JurisdictionSerializer,
    OfficerSerializer,
    SquadronSerializer,
    TownSerializer,
)


class BrigadeViewSet(BrigadeScopedReadOnlyViewSet):
    queryset = Brigade.objects.all()
    serializer_class = BrigadeSerializer


class JurisdictionViewSet(BrigadeScopedReadOnlyViewSet):
    queryset = BrigadeJurisdiction.objects.all()
    serializer_class = JurisdictionSerializer
    filterset_fields = ["brigade", "year"]


class SquadronViewSet(BrigadeScopedReadOnlyViewSet):
    queryset = Squadron.objects.all()
    serializer_class = SquadronSerializer
    filterset_fields = ["brigade", "kind", "is_active"]


class TownFilterSet(django_filters.FilterSet):
    class Meta:
        model = Town
        fields = ["brigade", "parent", "kind"]


class TownViewSet(BrigadeScopedReadOnlyViewSet):
    queryset = Town.objects.all()
    serializer_class = TownSerializer
    filterset_class = TownFilterSet


class OfficerViewSet(BrigadeScopedModelViewSet):
    queryset = Officer.objects.select_related("brigade")
    serializer_class = OfficerSerializer
    filterset_class = OfficerFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
