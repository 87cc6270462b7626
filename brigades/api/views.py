import django_filters
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ..figures import selectors as fig
from ..figures.registry import registry
from ..figures.periods import parse_period

from ..filtersets import OfficerFilterSet
from ..models import Brigade, BrigadeJurisdiction, Officer, Squadron, Town
from ..records.api.scoping import BrigadeScopedModelViewSet, BrigadeScopedReadOnlyViewSet
from .serializers import (
    BrigadeSerializer,
    FiguresQuerySerializer,
    FiguresSerializer,
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


class FiguresView(APIView):
    """The numbers the dashboards show: each metric over a period, per brigade the caller may see (a
    brigade user: their own; detachment-level users: every brigade, and the brigades together with
    `brigade` null). Read from the rollups, as the dashboards are; an approved month counts with its
    approved figures."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[FiguresQuerySerializer],
        responses=FiguresSerializer,
        description=(
            "The figures the dashboards show, for one period (`period=month&month=2026-10`, "
            "`period=quarter&quarter=2026-Q3`, `period=year&year=2026`, `period=custom&start=…&end=…`; "
            "the current month by default, counted to today). A brigade user gets their brigade's figures; "
            "a detachment-level user gets every brigade's and the brigades together (`brigade`: null), or one "
            "brigade's with `brigade=`. Sums are totals over the period; a rate is its numerator ÷ denominator "
            "× scale over the whole period, null when its base is too small (`insufficient`)."
        ),
    )
    def get(self, request):
        query = FiguresQuerySerializer(data={
            **request.query_params.dict(), "metric": request.query_params.getlist("metric"),
        })
        query.is_valid(raise_exception=True)
        params = query.validated_data
        today = timezone.localdate()
        period_params = {k: str(v) for k, v in params.items() if k in ("period", "month", "quarter", "year", "start", "end")}
        if params["period"] == "custom" and not ("start" in params and "end" in params):
            raise ValidationError({"start": [_("A custom period needs its start and end.")]})
        period, error = parse_period(period_params, today)
        if error:
            raise ValidationError({"period": [error]})
        keys = params.get("metric") or None
        if keys:
            unknown = [key for key in keys if key not in registry]
            if unknown:
                raise ValidationError({"metric": [_("Unknown metric: %(keys)s.") % {"keys": ", ".join(unknown)}]})
        metrics = fig.visible_metrics(keys)
        visible = list(Brigade.objects.for_user(request.user).filter(is_active=True).values_list("pk", flat=True))
        if request.user.brigade_id:
            ids, together = [request.user.brigade_id], False
        elif "brigade" in params:
            if params["brigade"] not in visible:
                raise NotFound(_("No such brigade."))
            ids, together = [params["brigade"]], False
        else:
            ids, together = visible, True
        rows = []
        if together:
            by_brigade, total = fig.figures_side_by_side(metrics, ids, period.start, period.end)
            rows += [figure_row(None, figure) for figure in total.values()]
        else:
            by_brigade = fig.figures_by_brigade(metrics, ids, period.start, period.end)
        for brigade_id, figures in by_brigade.items():
            rows += [figure_row(brigade_id, figure) for figure in figures.values()]
        return Response(FiguresSerializer({
            "period": {"kind": period.kind, "start": period.start, "end": period.end, "label": period.label(),
                       "partial": period.is_partial},
            "metrics": [{"key": m.key, "label": str(m.label), "unit": str(m.unit or ""), "aggregation": m.aggregation}
                        for m in metrics],
            "figures": rows,
        }).data)


def figure_row(brigade_id, figure):
    return {"brigade": brigade_id, "metric": figure.metric.key, "value": figure.value,
            "numerator": figure.numerator, "denominator": figure.denominator, "insufficient": figure.insufficient}
