"""The API mirrors the pages: the same FilterSets, the same scoping, the same operations
(lifecycle steps are POST actions; a refusal is a JSON 400 with field messages)."""

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from brigades.records.api.scoping import BrigadeScopedModelViewSet

from .. import operations
from ..filtersets import (
    CommandCentreDayFilterSet,
    CounterDayFilterSet,
    FastAccidentFilterSet,
    PermitFilterSet,
    ReliefAdvanceFilterSet,
    ReliefTargetFilterSet,
    ServicePointFilterSet,
    WorkOrderFilterSet,
)
from ..models import (
    CommandCentreDay,
    CounterDay,
    FastAccident,
    Permit,
    ReliefAdvance,
    ReliefTarget,
    ServicePoint,
    WorkOrder,
)
from . import serializers as s

NO_DELETE = ["get", "post", "put", "patch", "head", "options"]


class ServicePointViewSet(BrigadeScopedModelViewSet):
    queryset = ServicePoint.objects.select_related("brigade")
    serializer_class = s.ServicePointSerializer
    filterset_class = ServicePointFilterSet
    http_method_names = NO_DELETE


class CounterDayViewSet(BrigadeScopedModelViewSet):
    """POST writes a point's day through operations.counter_day_record: a point and day entered
    before are updated (200), a new one is created (201)."""

    queryset = CounterDay.objects.select_related("brigade", "service_point").prefetch_related("counts__business_type")
    serializer_class = s.CounterDaySerializer
    filterset_class = CounterDayFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        point = data["service_point"]
        counts = {row["business_type"]: row for row in data["counts"]}
        day, created = operations.counter_day_record(
            brigade=point.brigade, service_point=point, date=data["date"], counts=counts, by=request.user,
            extended_hours=data.get("extended_hours", False), weekend_service=data.get("weekend_service", False),
            note=data.get("note", ""),
        )
        day = self.get_queryset().get(pk=day.pk)
        return Response(self.get_serializer(day).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class WorkOrderViewSet(BrigadeScopedModelViewSet):
    queryset = WorkOrder.objects.select_related("brigade", "handler")
    serializer_class = s.WorkOrderSerializer
    filterset_class = WorkOrderFilterSet
    http_method_names = NO_DELETE

    def perform_create(self, serializer):
        order = WorkOrder(**serializer.validated_data)
        serializer.instance = operations.workorder_receive(order=order, by=self.request.user)

    def perform_update(self, serializer):
        order = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(order, name, value)
        serializer.instance = operations.workorder_edit(order=order, by=self.request.user)

    def _step(self, request, serializer_class, run):
        order = self.get_object()  # 404 outside the caller's scope, before anything else is said
        payload = serializer_class(data=request.data)
        payload.is_valid(raise_exception=True)
        with transaction.atomic():
            order = run(order, payload.validated_data)
        order = self.get_queryset().get(pk=order.pk)
        return Response(self.get_serializer(order).data)

    @extend_schema(request=s.WorkOrderTakeSerializer, responses=s.WorkOrderSerializer, description="Take a received work order on: the caller's brigade handles it. Answers the work order as it now is.")
    @action(detail=True, methods=["post"])
    def take(self, request, pk=None):
        return self._step(request, s.WorkOrderTakeSerializer,
                          lambda order, data: operations.workorder_take(order=order, by=request.user, note=data["note"]))

    @extend_schema(request=s.WorkOrderReplySerializer, responses=s.WorkOrderSerializer, description="Record the reply given to the caller of a work order (and when). Answers the work order as it now is.")
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        return self._step(request, s.WorkOrderReplySerializer, lambda order, data: operations.workorder_reply(
            order=order, by=request.user, reply=data["reply"], replied_at=data.get("replied_at")))

    @extend_schema(request=s.WorkOrderCloseSerializer, responses=s.WorkOrderSerializer, description="Close a replied work order with the caller's satisfaction and any follow-up. Answers the work order as it now is.")
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._step(request, s.WorkOrderCloseSerializer, lambda order, data: operations.workorder_close(
            order=order, by=request.user, satisfaction=data["satisfaction"], follow_up=data["follow_up"]))

    @extend_schema(request=s.WorkOrderReopenSerializer, responses=s.WorkOrderSerializer, description="Reopen a closed work order, saying why. Answers the work order as it now is.")
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._step(request, s.WorkOrderReopenSerializer,
                          lambda order, data: operations.workorder_reopen(order=order, by=request.user, note=data["note"]))


class FastAccidentViewSet(BrigadeScopedModelViewSet):
    queryset = FastAccident.objects.select_related("brigade", "town")
    serializer_class = s.FastAccidentSerializer
    filterset_class = FastAccidentFilterSet
    http_method_names = NO_DELETE


class CommandCentreDayViewSet(BrigadeScopedModelViewSet):
    queryset = CommandCentreDay.objects.select_related("brigade")
    serializer_class = s.CommandCentreDaySerializer
    filterset_class = CommandCentreDayFilterSet
    http_method_names = NO_DELETE


class PermitViewSet(BrigadeScopedModelViewSet):
    queryset = Permit.objects.select_related("brigade", "enterprise")
    serializer_class = s.PermitSerializer
    filterset_class = PermitFilterSet
    http_method_names = NO_DELETE

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action in ("update", "partial_update"):
            # Only an application is edited; a decided permit is revoked and applied for again.
            queryset = queryset.filter(status="applied")
        return queryset

    def perform_create(self, serializer):
        serializer.instance = operations.permit_apply(permit=Permit(**serializer.validated_data), by=self.request.user)

    def _decide(self, request, run):
        permit = self.get_object()
        payload = s.PermitDecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        with transaction.atomic():
            permit = run(permit, payload.validated_data["reason"])
        return Response(self.get_serializer(self.get_queryset().get(pk=permit.pk)).data)

    @extend_schema(request=s.PermitDecisionSerializer, responses=s.PermitSerializer, description="Approve a permit application (a leader's decision), with an optional note. Answers the permit as it now is.")
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(request, lambda permit, reason: operations.permit_approve(permit=permit, by=request.user, note=reason))

    @extend_schema(request=s.PermitDecisionSerializer, responses=s.PermitSerializer, description="Refuse a permit application, saying why. Answers the permit as it now is.")
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        return self._decide(request, lambda permit, reason: operations.permit_refuse(permit=permit, by=request.user, reason=reason))

    @extend_schema(request=s.PermitDecisionSerializer, responses=s.PermitSerializer, description="Revoke an approved permit, saying why. Answers the permit as it now is.")
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        return self._decide(request, lambda permit, reason: operations.permit_revoke(permit=permit, by=request.user, reason=reason))


class ReliefAdvanceViewSet(BrigadeScopedModelViewSet):
    """POST registers a request (operations.relief_request); the steps are POST actions calling the
    same operations as the advance's page: approve, refuse, pay, recover."""

    queryset = ReliefAdvance.objects.select_related("brigade").prefetch_related("recoveries")
    serializer_class = s.ReliefAdvanceSerializer
    filterset_class = ReliefAdvanceFilterSet
    http_method_names = NO_DELETE

    def perform_create(self, serializer):
        advance = ReliefAdvance(**serializer.validated_data)
        serializer.instance = operations.relief_request(advance=advance, by=self.request.user)

    def perform_update(self, serializer):
        advance = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(advance, name, value)
        serializer.instance = operations.relief_edit(advance=advance, by=self.request.user)

    def _step(self, request, serializer_class, run):
        advance = self.get_object()  # 404 outside the caller's scope, before anything else is said
        payload = serializer_class(data=request.data)
        payload.is_valid(raise_exception=True)
        with transaction.atomic():
            advance = run(advance, payload.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=advance.pk)).data)

    @extend_schema(request=s.ReliefApproveSerializer, responses=s.ReliefAdvanceSerializer, description=(
        "Approve a requested relief fund advance (a leader of the brigade): the approved amount, at most the "
        "amount requested, and the day. Answers the advance as it now is."))
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._step(request, s.ReliefApproveSerializer, lambda advance, data: operations.relief_approve(
            advance=advance, by=request.user, amount=data["amount"], day=data.get("day"), note=data["note"]))

    @extend_schema(request=s.ReliefRefuseSerializer, responses=s.ReliefAdvanceSerializer, description=(
        "Refuse a requested relief fund advance (a leader of the brigade), saying why. Answers the advance as "
        "it now is."))
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        return self._step(request, s.ReliefRefuseSerializer, lambda advance, data: operations.relief_refuse(
            advance=advance, by=request.user, reason=data["reason"], day=data.get("day")))

    @extend_schema(request=s.ReliefPaySerializer, responses=s.ReliefAdvanceSerializer, description=(
        "Record the payment of an approved advance: the amount paid, at most the amount approved, and the day. "
        "Answers the advance as it now is."))
    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        return self._step(request, s.ReliefPaySerializer, lambda advance, data: operations.relief_pay(
            advance=advance, by=request.user, amount=data["amount"], day=data.get("day"), note=data["note"]))

    @extend_schema(request=s.ReliefRecoverSerializer, responses=s.ReliefAdvanceSerializer, description=(
        "Record money recovered (追偿) on a paid advance, from the liable party or the insurer: the amount (all "
        "recoveries together at most the amount paid), the day, who paid. Once the whole amount paid is "
        "recovered the advance is recovered. Answers the advance as it now is."))
    @action(detail=True, methods=["post"])
    def recover(self, request, pk=None):
        return self._step(request, s.ReliefRecoverSerializer, lambda advance, data: operations.relief_recover(
            advance=advance, by=request.user, amount=data["amount"], day=data.get("day"), source=data["source"],
            payer=data["payer"], note=data["note"]))


class ReliefTargetViewSet(BrigadeScopedModelViewSet):
    queryset = ReliefTarget.objects.select_related("brigade")
    serializer_class = s.ReliefTargetSerializer
    filterset_class = ReliefTargetFilterSet
