"""The API mirrors the pages: the same FilterSets, the same operations (as @actions), the same scoping."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from brigades.records.api.scoping import (
    BrigadeScopedModelViewSet,
    BrigadeScopedReadOnlyViewSet,
    BrigadeScopedViewSetMixin,
    ReferenceDataViewSet,
)

from .. import operations
from ..filtersets import (
    AccidentFilterSet,
    BlackSpotFilterSet,
    EnterpriseFilterSet,
    HazardFilterSet,
    KeyDriverFilterSet,
    KeyVehicleFilterSet,
    NoticeFilterSet,
    ReinspectionFilterSet,
    SupervisionActionFilterSet,
    SupervisionListingFilterSet,
)
from ..models import (
    Accident,
    AccidentCause,
    BlackSpotSuggestion,
    Enterprise,
    Hazard,
    HazardCategory,
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
)
from brigades.records.photos import validate_photo
from . import serializers as s

WRITE_METHODS = ["get", "post", "put", "patch", "head", "options"]


def run_action(request, serializer_class, perform, result_serializer, context):
    """Validate the action's input, call the operation, answer with the record as it now is."""
    serializer = serializer_class(data=request.data, context=context)
    serializer.is_valid(raise_exception=True)
    record = perform(serializer.validated_data)
    return Response(result_serializer(record, context=context).data)


class HazardViewSet(BrigadeScopedModelViewSet):
    """Hazard points. Creating one reports it; its status changes only through the actions."""

    queryset = Hazard.objects.select_related("brigade", "town", "category")
    serializer_class = s.HazardSerializer
    filterset_class = HazardFilterSet
    http_method_names = WRITE_METHODS
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action != "list":
            queryset = queryset.prefetch_related(
                Prefetch("transitions", queryset=HazardTransition.objects.select_related("acted_by")), "photos", "measures__kind"
            )
        return queryset

    def get_serializer_class(self):
        return s.HazardSerializer if self.action == "list" else s.HazardDetailSerializer

    def perform_create(self, serializer):
        hazard = Hazard(**serializer.validated_data, created_by=self.request.user)
        operations.hazard_report(hazard=hazard, by=self.request.user)
        serializer.instance = hazard

    def _act(self, request, serializer_class, perform):
        hazard = self.get_object()
        return run_action(
            request, serializer_class, lambda data: perform(hazard, data) or Hazard.objects.get(pk=hazard.pk),
            s.HazardDetailSerializer, self.get_serializer_context(),
        )

    @extend_schema(request=s.AssignSerializer, responses=s.HazardDetailSerializer, description=(
        "Assign a reported hazard to the party that must rectify it, with a deadline. Answers the hazard as it now is."))
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        return self._act(request, s.AssignSerializer, lambda hazard, d: operations.hazard_assign(hazard=hazard, by=request.user, **d))

    @extend_schema(request=s.NoteSerializer, responses=s.HazardDetailSerializer, description=(
        "Record that rectification of an assigned hazard has started. Answers the hazard as it now is."))
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._act(request, s.NoteSerializer, lambda hazard, d: operations.hazard_start(hazard=hazard, by=request.user, **d))

    @extend_schema(request=s.RectifySerializer, responses=s.HazardDetailSerializer, description=(
        "Record that a hazard has been rectified (its after-photo must be uploaded first, through `photos`). "
        "It then waits for a leader's sign-off. Answers the hazard as it now is."))
    @action(detail=True, methods=["post"])
    def rectify(self, request, pk=None):
        return self._act(request, s.RectifySerializer, lambda hazard, d: operations.hazard_rectify(hazard=hazard, by=request.user, **d))

    # Leaders return and sign off: brigades.records.permissions decides who may (Brigade.staff_may_sign_off).
    @extend_schema(request=s.NoteSerializer, responses=s.HazardDetailSerializer, description=(
        "Send a rectified hazard back for more work, saying why (a leader's decision, or staff's where the "
        "brigade allows it). Answers the hazard as it now is."))
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._act(request, s.NoteSerializer, lambda hazard, d: operations.hazard_return(hazard=hazard, by=request.user, **d))

    @extend_schema(request=s.SignOffSerializer, responses=s.HazardDetailSerializer, description=(
        "Sign off a rectified hazard as done (a leader's decision, or staff's where the brigade allows it); a "
        "re-inspection is scheduled. Answers the hazard as it now is."))
    @action(detail=True, methods=["post"], url_path="sign-off")
    def sign_off(self, request, pk=None):
        return self._act(request, s.SignOffSerializer, lambda hazard, d: operations.hazard_sign_off(hazard=hazard, by=request.user, **d))

    @extend_schema(request=s.CloseSerializer, responses=s.HazardDetailSerializer, description=(
        "Close a hazard without rectification (not a hazard, a duplicate, not our jurisdiction), with the "
        "reason. Answers the hazard as it now is."))
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._act(request, s.CloseSerializer, lambda hazard, d: operations.hazard_close(hazard=hazard, by=request.user, **d))

    @extend_schema(request={"multipart/form-data": s.PhotoUploadSerializer}, responses={201: s.HazardPhotoSerializer},
                   description="Upload a photo of the hazard (before, during or after rectification) as "
                   "multipart/form-data. Answers the photo as stored.")
    @action(detail=True, methods=["post"])
    def photos(self, request, pk=None):
        hazard = self.get_object()
        serializer = s.PhotoUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]

        try:
            validate_photo(upload)
        except DjangoValidationError as error:
            return Response({"file": error.messages}, status=status.HTTP_400_BAD_REQUEST)
        photo = HazardPhoto.objects.create(hazard=hazard, uploaded_by=request.user, **serializer.validated_data)
        return Response(s.HazardPhotoSerializer(photo, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED)


class ReinspectionViewSet(BrigadeScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Reinspection.objects.select_related("hazard")
    serializer_class = s.ReinspectionSerializer
    filterset_class = ReinspectionFilterSet

    @extend_schema(request=s.ReinspectionRecordSerializer, responses=s.ReinspectionSerializer, description=(
        "Record the result of a due re-inspection: the rectification held (confirmed), or the hazard came back "
        "(relapsed: the hazard is reopened). Answers the re-inspection as it now is."))
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        reinspection = self.get_object()
        return run_action(
            request, s.ReinspectionRecordSerializer,
            lambda d: operations.reinspection_record(reinspection=reinspection, by=request.user, **d),
            s.ReinspectionSerializer, self.get_serializer_context(),
        )


class AccidentViewSet(BrigadeScopedModelViewSet):
    queryset = Accident.objects.select_related("brigade", "town")
    serializer_class = s.AccidentSerializer
    filterset_class = AccidentFilterSet
    http_method_names = WRITE_METHODS

    def perform_create(self, serializer):
        super().perform_create(serializer)
        operations.black_spots_refresh(brigade=serializer.instance.brigade)


class BlackSpotViewSet(BrigadeScopedReadOnlyViewSet):
    queryset = BlackSpotSuggestion.objects.select_related("brigade").prefetch_related("accidents")
    serializer_class = s.BlackSpotSerializer
    filterset_class = BlackSpotFilterSet

    @extend_schema(request=s.NoteSerializer, responses={201: s.HazardSerializer}, description=(
        "Confirm a suggested accident black spot: a hazard point is reported for it. Answers the new hazard."))
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        suggestion = self.get_object()
        serializer = s.NoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        hazard = operations.black_spot_confirm(suggestion=suggestion, by=request.user, **serializer.validated_data)
        return Response(s.HazardSerializer(hazard, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.DismissSerializer, responses=s.BlackSpotSerializer, description=(
        "Dismiss a suggested accident black spot, saying why. Answers the suggestion as it now is."))
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        suggestion = self.get_object()
        return run_action(
            request, s.DismissSerializer, lambda d: operations.black_spot_dismiss(suggestion=suggestion, by=request.user, **d),
            s.BlackSpotSerializer, self.get_serializer_context(),
        )


class EnterpriseViewSet(BrigadeScopedModelViewSet):
    queryset = Enterprise.objects.select_related("brigade")
    serializer_class = s.EnterpriseSerializer
    filterset_class = EnterpriseFilterSet
    http_method_names = WRITE_METHODS

    def perform_create(self, serializer):
        enterprise = Enterprise(**serializer.validated_data, created_by=self.request.user)
        operations.enterprise_register(enterprise=enterprise, by=self.request.user)
        serializer.instance = enterprise

    @extend_schema(request=s.RiskChangeRequestSerializer, responses={201: s.RiskChangeSerializer}, description=(
        "Change an enterprise's risk level, with the reason. Answers the change as recorded."))
    @action(detail=True, methods=["post"], url_path="risk-level")
    def risk_level(self, request, pk=None):
        enterprise = self.get_object()
        serializer = s.RiskChangeRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        change = operations.enterprise_change_risk_level(enterprise=enterprise, by=request.user, **serializer.validated_data)
        return Response(s.RiskChangeSerializer(change).data, status=status.HTTP_201_CREATED)


class SupervisionActionViewSet(BrigadeScopedModelViewSet):
    queryset = SupervisionAction.objects.select_related("brigade", "enterprise").prefetch_related("officers")
    serializer_class = s.SupervisionActionSerializer
    filterset_class = SupervisionActionFilterSet
    http_method_names = WRITE_METHODS

    def perform_create(self, serializer):
        officers = serializer.validated_data.pop("officers", [])
        supervision = SupervisionAction(**serializer.validated_data, created_by=self.request.user)
        operations.supervision_action_record(action=supervision, by=self.request.user)
        supervision.officers.set(officers)
        serializer.instance = supervision

    @extend_schema(request=s.DoneSerializer, responses=s.SupervisionActionSerializer, description=(
        "Record that a supervision action has been carried out. Answers the action as it now is."))
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        supervision = self.get_object()
        return run_action(
            request, s.DoneSerializer, lambda d: operations.supervision_action_complete(action=supervision, by=request.user, **d),
            s.SupervisionActionSerializer, self.get_serializer_context(),
        )


class KeyItemViewSet(BrigadeScopedModelViewSet):
    http_method_names = WRITE_METHODS
    clear_serializer = None

    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        item = self.get_object()
        return run_action(
            request, s.KeyItemAssignSerializer, lambda d: operations.key_item_assign(item=item, by=request.user, **d),
            self.get_serializer_class(), self.get_serializer_context(),
        )

    @action(detail=True, methods=["post"])
    def clear(self, request, pk=None):
        item = self.get_object()
        return run_action(
            request, self.clear_serializer, lambda d: operations.key_item_clear(item=item, by=request.user, **d),
            self.get_serializer_class(), self.get_serializer_context(),
        )


KEY_ITEM_ASSIGN = ("Assign a key vehicle or driver to the squadron (and officer) that follows it up. "
                   "Answers the record as it now is.")
KEY_ITEM_CLEAR = ("Record that a key vehicle's or driver's hidden danger was cleared (inspected, scrapped, "
                  "reviewed…), with the outcome. Answers the record as it now is.")


@extend_schema_view(
    assign=extend_schema(request=s.KeyItemAssignSerializer, responses=s.KeyVehicleSerializer, description=KEY_ITEM_ASSIGN),
    clear=extend_schema(request=s.KeyVehicleClearSerializer, responses=s.KeyVehicleSerializer, description=KEY_ITEM_CLEAR),
)
class KeyVehicleViewSet(KeyItemViewSet):
    queryset = KeyVehicle.objects.select_related("brigade")
    serializer_class = s.KeyVehicleSerializer
    filterset_class = KeyVehicleFilterSet
    clear_serializer = s.KeyVehicleClearSerializer


@extend_schema_view(
    assign=extend_schema(request=s.KeyItemAssignSerializer, responses=s.KeyDriverSerializer, description=KEY_ITEM_ASSIGN),
    clear=extend_schema(request=s.KeyDriverClearSerializer, responses=s.KeyDriverSerializer, description=KEY_ITEM_CLEAR),
)
class KeyDriverViewSet(KeyItemViewSet):
    queryset = KeyDriver.objects.select_related("brigade")
    serializer_class = s.KeyDriverSerializer
    filterset_class = KeyDriverFilterSet
    clear_serializer = s.KeyDriverClearSerializer


class NoticeViewSet(BrigadeScopedReadOnlyViewSet):
    queryset = Notice.objects.select_related("brigade")
    serializer_class = s.NoticeSerializer
    filterset_class = NoticeFilterSet
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request=s.NoticeReceiptSerializer, responses=s.NoticeSerializer, description=(
        "Record that a rectification notice was received (how it was delivered, when, by whom). Answers the "
        "notice as it now is."))
    @action(detail=True, methods=["post"])
    def receipt(self, request, pk=None):
        notice = self.get_object()
        return run_action(
            request, s.NoticeReceiptSerializer, lambda d: operations.notice_record_receipt(notice=notice, by=request.user, **d),
            s.NoticeSerializer, self.get_serializer_context(),
        )


class SupervisionListingViewSet(BrigadeScopedReadOnlyViewSet):
    """挂牌督办: listed through a hazard's page or this API's `progress` action reads and reports."""

    queryset = SupervisionListing.objects.select_related("brigade").prefetch_related("progress_reports__reported_by")
    serializer_class = s.SupervisionListingSerializer
    filterset_class = SupervisionListingFilterSet

    @extend_schema(request=s.SupervisionProgressSerializer, responses=s.SupervisionListingSerializer, description=(
        "Report progress on a listed (挂牌督办) hazard. Answers the listing with its progress reports."))
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        listing = self.get_object()
        return run_action(
            request, s.SupervisionProgressSerializer,
            lambda d: (operations.supervision_progress_report(listing=listing, by=request.user, **d), self.get_object())[1],
            s.SupervisionListingSerializer, self.get_serializer_context(),
        )


class HazardCategoryViewSet(ReferenceDataViewSet):
    queryset = HazardCategory.objects.all()
    serializer_class = s.HazardCategorySerializer


class ResponsiblePartyViewSet(ReferenceDataViewSet):
    queryset = ResponsibleParty.objects.all()
    serializer_class = s.ResponsiblePartySerializer


class MeasureKindViewSet(ReferenceDataViewSet):
    queryset = MeasureKind.objects.all()
    serializer_class = s.MeasureKindSerializer


class AccidentCauseViewSet(ReferenceDataViewSet):
    queryset = AccidentCause.objects.all()
    serializer_class = s.AccidentCauseSerializer
