from django.apps import apps
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, JsonResponse
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from .basemap import base_map_features
from .filtersets import OfficerFilterSet
from .forms import OfficerForm
from .records.generic import RecordCreateView, RecordDetailView, RecordListView, RecordUpdateView
from .records.mixins import BrigadeScopedMixin
from .models import Brigade, Officer
from .records.search import text_search
from .selectors import brigades_with_counts, officers_for_brigade
from .tables import OfficerTable


class HomeView(LoginRequiredMixin, TemplateView):
    """The user's start page: their brigade, and a panel from each app (overdue hazards...)."""

    template_name = "brigades/home.html"


class BrigadeListView(BrigadeScopedMixin, ListView):
    model = Brigade
    template_name = "brigades/brigade_list.html"

    def get_queryset(self):
        return brigades_with_counts(self.request.user).select_related("detachment")


class BrigadeDetailView(BrigadeScopedMixin, DetailView):
    """A brigade's page: its squadrons, towns and districts, and its officers with search and filters."""

    model = Brigade
    template_name = "brigades/brigade_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        brigade = self.object
        officers = OfficerFilterSet(
            self.request.GET, queryset=officers_for_brigade(brigade), request=self.request
        )
        table = OfficerTable(officers.qs, exclude=("brigade",))
        table.paginate(page=self.request.GET.get("page", 1), per_page=25)
        context.update(
            squadrons=brigade.squadrons.all(),
            towns=brigade.towns.filter(parent__isnull=True).prefetch_related("districts"),
            jurisdictions=brigade.jurisdictions.all()[:3],
            officer_filter=officers,
            officer_table=table,
        )
        return context


class OfficerListView(RecordListView):
    model = Officer
    table_class = OfficerTable
    filterset_class = OfficerFilterSet
    list_select_related = ("brigade", "squadron")
    create_url_name = "brigades:officer_create"


class OfficerDetailView(RecordDetailView):
    model = Officer
    edit_url_name = "brigades:officer_update"
    list_select_related = ("brigade", "squadron")


class OfficerCreateView(RecordCreateView):
    model = Officer
    form_class = OfficerForm


class OfficerUpdateView(RecordUpdateView):
    model = Officer
    form_class = OfficerForm


class ChoicesView(LoginRequiredMixin, View):
    """`/organisation/choices/?model=<app>.<model>&q=…[&brigade=<id>]`: at most 20 options whose name
    contains `q`, in the user's scope (and, for a form, those a record of that brigade may reference),
    for a SearchSelect filter or form field. Only models that declare `choice_search_fields` answer
    (a detachment's operations, enterprises, schools, hazards…); anything else is a 404."""

    limit = 20

    def get(self, request):
        try:
            model = apps.get_model(request.GET.get("model", ""))
        except (LookupError, ValueError):
            raise Http404 from None
        fields = getattr(model, "choice_search_fields", None)
        if not fields:
            raise Http404
        queryset = model.objects.all()
        if hasattr(queryset, "for_user"):
            queryset = queryset.for_user(request.user)
        brigade = request.GET.get("brigade", "")
        if brigade.isdigit() and hasattr(queryset, "for_brigades"):
            # A form's choice: what a record of that brigade may reference.
            queryset = queryset.for_brigades([int(brigade)])
        value = request.GET.get("q", "").strip()
        if value:
            queryset = text_search(queryset, fields, value)
        key = request.GET.get("key") if request.GET.get("key") in fields else "pk"
        results = [{"id": str(getattr(obj, key)), "text": str(obj)} for obj in queryset[: self.limit]]
        return JsonResponse({"results": results})


class BaseMapView(LoginRequiredMixin, View):
    """The offline base map (town boundaries and main roads, brigades.basemap) as GeoJSON, drawn
    under the markers when no tile server is configured and read by the location picker to
    suggest the town of a point. A boundary names its town's id only for the user's own towns."""

    def get(self, request):
        response = JsonResponse(base_map_features(request.user))
        response["Cache-Control"] = "private, max-age=300"
        return response
