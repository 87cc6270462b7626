"""Thin views: gather input, call an operation or selector, render. Scoping comes from the mixins."""

from pathlib import Path


from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, View
from django_filters.views import FilterView

from brigades.records import permissions
from brigades.basemap import map_config
from brigades.records.caching import cached_figures
from brigades.records.forms import form_errors
from brigades.records.generic import (
    RecordActionView,
    RecordCreateView,
    RecordDetailView,
    RecordFileView,
    RecordListView,
    RecordUpdateView,
)
from brigades.records.mixins import BrigadeScopedMixin
from brigades.figures.report_pdf import html_to_pdf, pdf_available

from . import operations, rules, selectors
from .templatetags.hazards_tags import attention
from .choices import (
    BlackSpotStatus,
    DeliveryMethod,
    HazardAction,
    HazardStatus,
    ImportStatus,
    KeyItemStatus,
    PhotoStage,
    allowed_hazard_actions,
)
from .filtersets import (
    AccidentFilterSet,
    BlackSpotFilterSet,
    EnterpriseFilterSet,
    HazardFilterSet,
    KeyDriverFilterSet,
    KeyItemImportFilterSet,
    KeyVehicleFilterSet,
    NoticeFilterSet,
    ReinspectionFilterSet,
    RiskChangeFilterSet,
    SupervisionActionFilterSet,
    SupervisionListingFilterSet,
    map_filter_data,
)
from .forms import (
    AccidentForm,
    DismissForm,
    DoneForm,
    EnterpriseForm,
    HazardAssignForm,
    HazardCloseForm,
    HazardForm,
    HazardMeasureForm,
    HazardPhotoForm,
    HazardRectifyForm,
    HazardSignOffForm,
    KeyDriverClearForm,
    KeyDriverForm,
    KeyItemAssignForm,
    KeyItemImportForm,
    KeyVehicleClearForm,
    KeyVehicleForm,
    NoteForm,
    NoticeReceiptForm,
    ReinspectionForm,
    RequiredNoteForm,
    RiskChangeForm,
    SupervisionActionForm,
    SupervisionLiftForm,
    SupervisionListForm,
    SupervisionProgressForm,
)
from .models import (
    Accident,
    BlackSpotSuggestion,
    Enterprise,
    EnterpriseRiskChange,
    Hazard,
    HazardMeasure,
    HazardPhoto,
    KeyDriver,
    KeyItemImport,
    KeyVehicle,
    Notice,
    Reinspection,
    SupervisionAction,
    SupervisionListing,
)
from .tables import (
    AccidentTable,
    BlackSpotTable,
    EnterpriseTable,
    HazardTable,
    KeyDriverTable,
    KeyItemImportTable,
    KeyVehicleTable,
    NoticeTable,
    ReinspectionTable,
    RiskChangeTable,
    SupervisionActionTable,
    SupervisionListingTable,
)
from .reports import key_item_feedback_workbook


# ============================================================== hazards


class HazardListView(RecordListView):
    model = Hazard
    table_class = HazardTable
    filterset_class = HazardFilterSet
    list_select_related = ("brigade", "town", "category", "responsible_party")
    create_url_name = "hazards:hazard_create"
    template_name = "hazards/hazard_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        # Counted once per data change, not on every page of the list (brigades.records.caching).
        counts = cached_figures("hazards.status_counts", user, lambda: selectors.hazard_status_counts(user))
        context["status_counts"] = counts
        context["in_progress"] = counts.get("assigned", 0) + counts.get("rectifying", 0)
        context["attention"] = attention(user)
        return context


class HazardMapView(BrigadeScopedMixin, FilterView):
    """The filtered hazards on a Leaflet map; with no tile server configured they are drawn over the
    offline base map (brigades.basemap), or on a blank background when none is loaded.
    The page carries no markers: the map asks `hazard_map_data` for what its view shows, clustered
    on the server, each time it is moved or zoomed (300 000 hazards of a detachment would be 13 MB)."""

    model = Hazard
    filterset_class = HazardFilterSet
    template_name = "hazards/hazard_map.html"

    def get_context_data(self, **kwargs):
        # The filter form only: the hazards are read per view by the map (HazardMapDataView).
        context = super().get_context_data(**kwargs)
        query = self.request.GET.urlencode()
        context.update(
            map_config={**map_config(), "dataUrl": reverse("hazards:hazard_map_data") + (f"?{query}" if query else "")},
        )
        return context

    def get_queryset(self):
        # The filter form needs no rows (the map reads them per view); the list stays unread.
        return super().get_queryset().none()

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["data"] = map_filter_data(self.request.GET)
        return kwargs


class HazardMapDataView(LoginRequiredMixin, View):
    """The hazard map's markers for one view (`?bbox=west,south,east,north&zoom=z` plus the list's
    filters) as GeoJSON, clustered on the server (selectors.map_features)."""

    model = Hazard

    def get(self, request, *args, **kwargs):
        scoped = Hazard.objects.for_user(request.user)
        filterset = HazardFilterSet(map_filter_data(request.GET), queryset=scoped, request=request)
        hazards = filterset.qs if filterset.is_valid() else scoped.none()
        data = selectors.map_features(hazards, **map_view(request))
        data["without_coordinates"] = None if "bbox" in request.GET else hazards.filter(latitude__isnull=True).count()
        return JsonResponse(data)


def map_view(request):
    zoom = request.GET.get("zoom", "")
    return {"bbox": selectors.parse_bbox(request.GET.get("bbox")), "zoom": int(zoom) if zoom.isdigit() else None}


class OpenHazardsGeoJsonView(LoginRequiredMixin, View):
    """Hazards not yet signed off or closed, with coordinates, as a GeoJSON FeatureCollection in the
    user's scope (`?brigade=` narrows it): the layer the detachment dashboard's map shows. Clustered
    on the server for the map's view (`?bbox=…&zoom=…`, selectors.map_features)."""

    model = Hazard

    def get(self, request, *args, **kwargs):
        hazards = Hazard.objects.for_user(request.user).exclude(status__in=(HazardStatus.SIGNED_OFF, HazardStatus.CLOSED))
        if request.GET.get("brigade", "").isdigit():
            hazards = hazards.filter(brigade_id=int(request.GET["brigade"]))
        return JsonResponse(selectors.map_features(hazards, **map_view(request)))


class HazardDetailView(RecordDetailView):
    model = Hazard
    edit_url_name = "hazards:hazard_update"
    template_name = "hazards/hazard_detail.html"
    list_select_related = ("brigade", "town", "category", "responsible_party", "finder", "signed_off_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        hazard = self.object
        user = self.request.user
        visible = [
            action for action in allowed_hazard_actions(hazard.status)
            # A re-inspection reopens; the other actions show to whom brigades.records.permissions lets do them.
            if action != HazardAction.REOPEN and permissions.may(user, action, hazard)
        ]
        photos = list(hazard.photos.all())  # one query for the two galleries and their remove links
        context.update(
            timeline=selectors.hazard_timeline(hazard),
            photos_before=[p for p in photos if p.stage == PhotoStage.BEFORE],
            photos_after=[p for p in photos if p.stage == PhotoStage.AFTER],
            measures=hazard.measures.select_related("kind"),
            reinspections=hazard.reinspections.select_related("inspected_by").order_by("due_on"),
            accidents=hazard.accidents.all()[:20],
            actions=[(a, HazardAction(a).label, ACTION_URLS[a]) for a in visible],
            photo_form=HazardPhotoForm(),
            measure_form=HazardMeasureForm(),
            removable_photos={
                p.pk for p in photos if rules.photo_removable(hazard.status, p.stage)
            } if permissions.may(user, "remove", HazardPhoto) else set(),
        )
        return context


ACTION_URLS = {
    HazardAction.ASSIGN: "hazards:hazard_assign",
    HazardAction.START: "hazards:hazard_start",
    HazardAction.RECTIFY: "hazards:hazard_rectify",
    HazardAction.RETURN: "hazards:hazard_return",
    HazardAction.SIGN_OFF: "hazards:hazard_sign_off",
    HazardAction.CLOSE: "hazards:hazard_close",
}


class HazardCreateView(RecordCreateView):
    model = Hazard
    form_class = HazardForm

    def form_valid(self, form):
        hazard = form.save(commit=False)
        hazard.created_by = self.request.user
        operations.hazard_report(hazard=hazard, by=self.request.user)
        for upload in form.cleaned_data.get("photos") or ():
            HazardPhoto.objects.create(hazard=hazard, stage=PhotoStage.BEFORE, file=upload, uploaded_by=self.request.user)
        self.object = hazard
        messages.success(self.request, _("Saved: %(record)s") % {"record": hazard})
        return redirect(hazard.get_absolute_url())


class HazardUpdateView(RecordUpdateView):
    model = Hazard
    form_class = HazardForm


class HazardAssignView(RecordActionView):
    permission_action = "assign"
    model = Hazard
    form_class = HazardAssignForm
    title = gettext_lazy("Assign and issue a rectification notice")
    intro = gettext_lazy("The notice number is drawn when you save, unique in the brigade and year.")

    def perform(self, form):
        data = form.cleaned_data
        self.object = operations.hazard_assign(
            hazard=self.object, by=self.request.user, responsible_party=data["responsible_party"],
            responsible_party_detail=data["responsible_party_detail"], deadline=data["deadline"],
            issued_on=data["issued_on"], requirements=data["requirements"], note=data["note"],
        )

    def success_text(self):
        return _("Notice %(number)s issued.") % {"number": self.object.notice_number}


class HazardStartView(RecordActionView):
    permission_action = "start"
    model = Hazard
    form_class = NoteForm
    title = gettext_lazy("Start rectification")

    def perform(self, form):
        operations.hazard_start(hazard=self.object, by=self.request.user, note=form.cleaned_data["note"])


class HazardRectifyView(RecordActionView):
    permission_action = "rectify"
    model = Hazard
    form_class = HazardRectifyForm
    title = gettext_lazy("Mark rectified")
    intro = gettext_lazy("Add photos taken after the rectification: they are the evidence for sign-off.")

    def perform(self, form):
        data = form.cleaned_data
        operations.hazard_rectify(
            hazard=self.object, by=self.request.user, rectified_on=data["rectified_on"], note=data["note"],
            photos=data["photos"],
        )


class HazardReturnView(RecordActionView):
    permission_action = "return"
    model = Hazard
    form_class = RequiredNoteForm
    title = gettext_lazy("Return for more work")
    button_class = "btn-warning"

    def perform(self, form):
        operations.hazard_return(hazard=self.object, by=self.request.user, note=form.cleaned_data["note"])


class HazardSignOffView(RecordActionView):
    permission_action = "sign_off"
    model = Hazard
    form_class = HazardSignOffForm
    title = gettext_lazy("Sign off")
    intro = gettext_lazy("Check the evidence below. A re-inspection is scheduled automatically.")
    button_class = "btn-success"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["evidence"] = self.object.photos.filter(stage=PhotoStage.AFTER)
        return context

    def perform(self, form):
        operations.hazard_sign_off(
            hazard=self.object, by=self.request.user, signed_off_on=form.cleaned_data["signed_off_on"],
            note=form.cleaned_data["note"],
        )


class HazardCloseView(RecordActionView):
    permission_action = "close"
    model = Hazard
    form_class = HazardCloseForm
    title = gettext_lazy("Close without rectification")
    intro = gettext_lazy("Closed hazards are left out of the rectification rate.")
    button_class = "btn-danger"

    def perform(self, form):
        data = form.cleaned_data
        operations.hazard_close(
            hazard=self.object, by=self.request.user, reason=data["reason"], note=data["note"],
            true_responsible_party=data["true_responsible_party"],
        )


class HazardPhotoAddView(RecordActionView):
    permission_action = "add_photos"
    model = Hazard
    form_class = HazardPhotoForm
    title = gettext_lazy("Add photos")

    def perform(self, form):
        data = form.cleaned_data
        for upload in data["photos"]:
            HazardPhoto.objects.create(
                hazard=self.object, stage=data["stage"], file=upload, caption=data["caption"], uploaded_by=self.request.user
            )

    def success_text(self):
        return _("Photos added.")


class HazardPhotoFileView(RecordFileView):
    """A hazard photo, to whoever may see its hazard."""

    model = HazardPhoto


class HazardPhotoThumbnailView(HazardPhotoFileView):
    thumbnail = True


class HazardPhotoRemoveView(RecordActionView):
    """Remove one photo uploaded by mistake, with the reason (kept in the audit trail)."""

    permission_action = "remove"
    model = HazardPhoto
    form_class = RequiredNoteForm
    title = gettext_lazy("Remove photo")
    intro = gettext_lazy("The photo leaves the hazard's page; the history keeps who removed it and why.")
    submit_label = gettext_lazy("Remove photo")
    button_class = "btn-danger"

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["note"].label = _("Why is it removed?")
        return form

    def get_context_data(self, **kwargs):
        return super().get_context_data(evidence=[self.object], evidence_title=_("The photo to remove"), **kwargs)

    def perform(self, form):
        operations.hazard_photo_remove(photo=self.object, by=self.request.user, reason=form.cleaned_data["note"])

    def success_text(self):
        return _("Photo removed.")


class HazardMeasureAddView(RecordActionView):
    permission_action = "add_measure"
    model = Hazard
    form_class = HazardMeasureForm
    title = gettext_lazy("Add a measure")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = HazardMeasure(hazard=self.object)
        return kwargs

    def perform(self, form):
        form.save()


class HazardMeasureUpdateView(RecordUpdateView):
    model = HazardMeasure
    form_class = HazardMeasureForm


class HazardNoticeView(BrigadeScopedMixin, DetailView):
    """The printable rectification notice (整改通知书)."""

    model = Hazard
    template_name = "hazards/hazard_notice.html"

    def get_queryset(self):
        return super().get_queryset().select_related("brigade", "town", "category", "responsible_party")

    def get_object(self, queryset=None):
        hazard = super().get_object(queryset)
        if not hazard.notice_number:
            raise Http404(_("No notice has been issued for this hazard yet."))
        return hazard

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["measures"] = self.object.measures.select_related("kind")
        return context


class ReinspectionListView(RecordListView):
    model = Reinspection
    table_class = ReinspectionTable
    filterset_class = ReinspectionFilterSet
    list_select_related = ("hazard", "hazard__town")

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        if not self.request.GET:
            kwargs["data"] = {"pending": "true"}
        return kwargs


class ReinspectionRecordView(RecordActionView):
    permission_action = "record"
    model = Reinspection
    form_class = ReinspectionForm
    title = gettext_lazy("Record the re-inspection")
    intro = gettext_lazy("If the hazard has relapsed it is reopened with a new deadline.")

    def get_queryset(self):
        return super().get_queryset().select_related("hazard")

    def perform(self, form):
        data = form.cleaned_data
        operations.reinspection_record(
            reinspection=self.object, by=self.request.user, result=data["result"], done_on=data["done_on"],
            note=data["note"], new_deadline=data["new_deadline"],
        )

    def get_success_url(self):
        return self.object.hazard.get_absolute_url()


# ============================================================== accidents and black spots


class AccidentListView(RecordListView):
    model = Accident
    table_class = AccidentTable
    filterset_class = AccidentFilterSet
    list_select_related = ("brigade", "town", "main_cause")
    create_url_name = "hazards:accident_create"


class AccidentDetailView(RecordDetailView):
    model = Accident
    edit_url_name = "hazards:accident_update"
    list_select_related = ("brigade", "town", "main_cause", "hazard")


class AccidentCreateView(RecordCreateView):
    model = Accident
    form_class = AccidentForm

    def get_initial(self):
        return {"occurred_at": timezone.localtime().replace(second=0, microsecond=0)}

    def form_valid(self, form):
        response = super().form_valid(form)
        created = operations.black_spots_refresh(brigade=self.object.brigade)
        if created:
            messages.warning(self.request, _("%(count)s new black spot(s) suggested from the accidents.") % {"count": len(created)})
        return response


class AccidentUpdateView(RecordUpdateView):
    model = Accident
    form_class = AccidentForm


class BlackSpotListView(RecordListView):
    model = BlackSpotSuggestion
    table_class = BlackSpotTable
    filterset_class = BlackSpotFilterSet
    list_select_related = ("brigade", "town")

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        if not self.request.GET:
            kwargs["data"] = {"status": BlackSpotStatus.SUGGESTED}
        return kwargs


class BlackSpotDetailView(RecordDetailView):
    model = BlackSpotSuggestion
    template_name = "hazards/blackspotsuggestion_detail.html"
    list_select_related = ("brigade", "town", "hazard")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["accidents"] = self.object.accidents.select_related("town").order_by("occurred_at")
        context["dismiss_form"] = DismissForm()
        context["confirm_form"] = NoteForm()
        return context


class BlackSpotConfirmView(RecordActionView):
    permission_action = "confirm"
    model = BlackSpotSuggestion
    form_class = NoteForm
    title = gettext_lazy("Confirm as a hazard point")

    def perform(self, form):
        self.hazard = operations.black_spot_confirm(suggestion=self.object, by=self.request.user, note=form.cleaned_data["note"])

    def get_success_url(self):
        return self.hazard.get_absolute_url()


class BlackSpotDismissView(RecordActionView):
    permission_action = "dismiss"
    model = BlackSpotSuggestion
    form_class = DismissForm
    title = gettext_lazy("Dismiss the suggestion")
    button_class = "btn-secondary"

    def perform(self, form):
        operations.black_spot_dismiss(suggestion=self.object, by=self.request.user, reason=form.cleaned_data["reason"])


# ============================================================== enterprises


class EnterpriseListView(RecordListView):
    model = Enterprise
    table_class = EnterpriseTable
    filterset_class = EnterpriseFilterSet
    list_select_related = ("brigade", "town")
    create_url_name = "hazards:enterprise_create"
    template_name = "hazards/enterprise_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scope = Enterprise.objects.for_user(self.request.user).filter(is_active=True)
        context["risk_counts"] = dict(scope.order_by().values_list("risk_level").annotate(n=Count("pk")))
        today = timezone.localdate()
        brigade_ids = None if self.request.user.sees_all_brigades else [self.request.user.brigade_id]
        # Thirteen points of the year, each counted from the risk-change history: read once per data change.
        context["high_risk_series"] = cached_figures("enterprise-high-risk", self.request.user, lambda: [
            {"day": day.isoformat(), "count": count}
            for day, count in selectors.high_risk_series(today - timezone.timedelta(days=365), today, brigade_ids)
        ])
        return context


class EnterpriseDetailView(RecordDetailView):
    model = Enterprise
    edit_url_name = "hazards:enterprise_update"
    template_name = "hazards/enterprise_detail.html"
    list_select_related = ("brigade", "town")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["risk_changes"] = self.object.risk_changes.select_related("created_by").order_by("-changed_on", "-pk")
        context["actions"] = self.object.supervision_actions.prefetch_related("officers").order_by("-acted_on")
        return context


class EnterpriseCreateView(RecordCreateView):
    model = Enterprise
    form_class = EnterpriseForm

    def form_valid(self, form):
        enterprise = form.save(commit=False)
        operations.enterprise_register(enterprise=enterprise, by=self.request.user)
        self.object = enterprise
        messages.success(self.request, _("Saved: %(record)s") % {"record": enterprise})
        return redirect(enterprise.get_absolute_url())


class EnterpriseUpdateView(RecordUpdateView):
    model = Enterprise
    form_class = EnterpriseForm


class EnterpriseRiskView(RecordActionView):
    permission_action = "change_risk_level"
    model = Enterprise
    form_class = RiskChangeForm
    title = gettext_lazy("Change the risk level")

    def get_initial(self):
        return {"to_level": self.object.risk_level}

    def perform(self, form):
        data = form.cleaned_data
        operations.enterprise_change_risk_level(
            enterprise=self.object, by=self.request.user, to_level=data["to_level"], reason=data["reason"],
            changed_on=data["changed_on"],
        )


class RiskChangeListView(RecordListView):
    model = EnterpriseRiskChange
    table_class = RiskChangeTable
    filterset_class = RiskChangeFilterSet
    list_select_related = ("brigade", "enterprise")


class SupervisionActionListView(RecordListView):
    model = SupervisionAction
    table_class = SupervisionActionTable
    filterset_class = SupervisionActionFilterSet
    list_select_related = ("brigade", "enterprise")
    create_url_name = "hazards:supervision_create"


class SupervisionActionDetailView(RecordDetailView):
    model = SupervisionAction
    edit_url_name = "hazards:supervision_update"
    template_name = "hazards/supervisionaction_detail.html"
    list_select_related = ("brigade", "enterprise")


class SupervisionActionCreateView(RecordCreateView):
    model = SupervisionAction
    form_class = SupervisionActionForm

    def get_initial(self):
        return {"enterprise": self.request.GET.get("enterprise")}

    def form_valid(self, form):
        action = form.save(commit=False)
        operations.supervision_action_record(action=action, by=self.request.user)
        form.save_m2m()
        self.object = action
        messages.success(self.request, _("Saved: %(record)s") % {"record": action})
        return redirect(action.get_absolute_url())


class SupervisionActionUpdateView(RecordUpdateView):
    model = SupervisionAction
    form_class = SupervisionActionForm


class SupervisionActionCompleteView(RecordActionView):
    permission_action = "complete"
    model = SupervisionAction
    form_class = DoneForm
    title = gettext_lazy("Follow-up done")

    def perform(self, form):
        operations.supervision_action_complete(
            action=self.object, by=self.request.user, done_on=form.cleaned_data["done_on"], note=form.cleaned_data["note"]
        )


# ============================================================== 挂牌督办


class SupervisionBoardView(RecordListView):
    """Everything under supervision in the user's scope (every brigade for the detachment),
    past the supervision deadline first."""

    model = SupervisionListing
    table_class = SupervisionListingTable
    filterset_class = SupervisionListingFilterSet

    def get_queryset(self):
        return selectors.supervision_board(self.request.user)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        if not self.request.GET:
            kwargs["data"] = {"in_force": "true"}
        return kwargs


class SupervisionListingDetailView(RecordDetailView):
    model = SupervisionListing
    template_name = "hazards/supervisionlisting_detail.html"
    list_select_related = ("brigade", "hazard", "hazard__town")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["progress_reports"] = self.object.progress_reports.select_related("reported_by")
        return context


class HazardSuperviseView(RecordActionView):
    model = Hazard
    form_class = SupervisionListForm
    title = gettext_lazy("List for supervision (挂牌督办)")

    def perform(self, form):
        self.listing = operations.supervision_list(hazard=self.object, by=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return self.listing.get_absolute_url()


class SupervisionProgressAddView(RecordActionView):
    model = SupervisionListing
    form_class = SupervisionProgressForm
    title = gettext_lazy("Report progress")

    def perform(self, form):
        operations.supervision_progress_report(listing=self.object, by=self.request.user, **form.cleaned_data)


class SupervisionLiftView(RecordActionView):
    model = SupervisionListing
    form_class = SupervisionLiftForm
    title = gettext_lazy("Lift the listing (摘牌)")

    def perform(self, form):
        operations.supervision_lift(listing=self.object, by=self.request.user, **form.cleaned_data)


# ============================================================== notices and their delivery receipts


class NoticeListView(RecordListView):
    model = Notice
    table_class = NoticeTable
    filterset_class = NoticeFilterSet
    list_select_related = ("brigade",)


class NoticeDetailView(RecordDetailView):
    model = Notice
    template_name = "hazards/notice_detail.html"
    list_select_related = ("brigade", "hazard", "supervision_action__enterprise", "receipt_recorded_by")


class NoticePrintView(BrigadeScopedMixin, DetailView):
    """The notice on A4, with the place for the seal and the receipt stub to be signed."""

    model = Notice
    template_name = "hazards/notice_print.html"

    def get_queryset(self):
        return super().get_queryset().select_related(
            "brigade", "hazard__town", "hazard__category", "supervision_action__enterprise"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pdf_offered"] = pdf_available()
        # Inlined, so that the PDF (which fetches nothing) is drawn with the same layout as the print.
        context["notice_css"] = Path(finders.find("hazards/notice.css")).read_text(encoding="utf-8")
        context["delivery_methods"] = DeliveryMethod.choices
        return context


class NoticePdfView(NoticePrintView):
    """The same page drawn as a PDF by WeasyPrint (brigades.figures.report_pdf)."""

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not pdf_available():
            messages.error(request, _("PDF export is not available on this server (WeasyPrint or a Chinese font is missing). Use the printable page and print it to PDF."))
            return redirect("hazards:notice_print", pk=self.object.pk)
        context = self.get_context_data(object=self.object, for_pdf=True)
        content = html_to_pdf(render_to_string(self.template_name, context, request=request))
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="notice-{self.object.year}-{self.object.serial:03d}.pdf"'
        return response


class NoticeReceiptView(RecordActionView):
    model = Notice
    form_class = NoticeReceiptForm
    title = gettext_lazy("Record the delivery receipt")
    intro = gettext_lazy("The signed 送达回执: who received the notice, when and how, with a photo or scan of it.")

    def perform(self, form):
        data = form.cleaned_data
        operations.notice_record_receipt(
            notice=self.object, by=self.request.user, received_by=data["received_by"], received_at=data["received_at"],
            delivery_method=data["delivery_method"], receipt_scan=data.get("receipt_scan"),
        )


# ============================================================== key vehicles and drivers


class KeyItemListView(RecordListView):
    list_select_related = ("brigade", "squadron", "officer")
    template_name = "hazards/keyitem_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, model = self.request.user, self.model
        # Every open item of the scope grouped (1.6 million key vehicles for the detachment):
        # counted once per data change, not on every page of the list (brigades.records.caching).
        context["by_squadron"] = cached_figures(
            f"hazards.by_squadron.{model._meta.model_name}", user, lambda: list(selectors.key_items_by_squadron(user, model))
        )
        return context


class KeyVehicleListView(KeyItemListView):
    model = KeyVehicle
    table_class = KeyVehicleTable
    filterset_class = KeyVehicleFilterSet
    create_url_name = "hazards:keyvehicle_create"


class KeyDriverListView(KeyItemListView):
    model = KeyDriver
    table_class = KeyDriverTable
    filterset_class = KeyDriverFilterSet
    create_url_name = "hazards:keydriver_create"


class KeyItemDroppedMixin:
    """Open items the latest weekly list no longer names (dropped from this week's list)."""

    dropped = True

    def get_queryset(self):
        return selectors.key_items_dropped(self.request.user, self.model).select_related(*self.list_select_related)


class KeyVehicleDroppedView(KeyItemDroppedMixin, KeyVehicleListView):
    pass


class KeyDriverDroppedView(KeyItemDroppedMixin, KeyDriverListView):
    pass


class KeyItemFeedbackView(LoginRequiredMixin, View):
    """The feedback sheet to the detachment (.xlsx): every item of the brigade's list with its
    status, squadron, officer, time limit and clearance, and whether the latest list still names it."""

    def get(self, request):
        kind = request.GET.get("kind", "vehicles")
        model = {"vehicles": KeyVehicle, "drivers": KeyDriver}.get(kind)
        if model is None:
            raise Http404
        content = key_item_feedback_workbook(request.user, model)
        response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        stamp = timezone.localdate().strftime("%Y%m%d")
        response["Content-Disposition"] = f'attachment; filename="key-{kind}-feedback-{stamp}.xlsx"'
        return response


class KeyItemDetailView(RecordDetailView):
    template_name = "hazards/keyitem_detail.html"
    list_select_related = ("brigade", "squadron", "officer", "last_import")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        prefix = "keyvehicle" if self.model is KeyVehicle else "keydriver"
        context["assign_url"] = reverse(f"hazards:{prefix}_assign", args=[self.object.pk])
        context["clear_url"] = reverse(f"hazards:{prefix}_clear", args=[self.object.pk])
        context["is_cleared"] = self.object.status == KeyItemStatus.CLEARED
        return context


class KeyVehicleDetailView(KeyItemDetailView):
    model = KeyVehicle
    edit_url_name = "hazards:keyvehicle_update"


class KeyDriverDetailView(KeyItemDetailView):
    model = KeyDriver
    edit_url_name = "hazards:keydriver_update"


class KeyVehicleCreateView(RecordCreateView):
    model = KeyVehicle
    form_class = KeyVehicleForm


class KeyVehicleUpdateView(RecordUpdateView):
    model = KeyVehicle
    form_class = KeyVehicleForm


class KeyDriverCreateView(RecordCreateView):
    model = KeyDriver
    form_class = KeyDriverForm


class KeyDriverUpdateView(RecordUpdateView):
    model = KeyDriver
    form_class = KeyDriverForm


class KeyItemAssignView(RecordActionView):
    permission_action = "assign"
    form_class = KeyItemAssignForm
    title = gettext_lazy("Hand to a squadron")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["brigade"] = self.object.brigade
        return kwargs

    def get_initial(self):
        item = self.object
        initial = {"squadron": item.squadron_id, "officer": item.officer_id}
        if item.handle_by:
            initial["handle_by"] = item.handle_by
        return initial

    def perform(self, form):
        data = form.cleaned_data
        operations.key_item_assign(
            item=self.object, by=self.request.user, squadron=data["squadron"], officer=data["officer"],
            handle_by=data["handle_by"], note=data["note"],
        )


class KeyVehicleAssignView(KeyItemAssignView):
    model = KeyVehicle


class KeyDriverAssignView(KeyItemAssignView):
    model = KeyDriver


class KeyItemClearView(RecordActionView):
    permission_action = "clear"
    title = gettext_lazy("Clear")
    button_class = "btn-success"

    def perform(self, form):
        data = form.cleaned_data
        operations.key_item_clear(
            item=self.object, by=self.request.user, clearance=data["clearance"], cleared_on=data["cleared_on"], note=data["note"]
        )


class KeyVehicleClearView(KeyItemClearView):
    model = KeyVehicle
    form_class = KeyVehicleClearForm


class KeyDriverClearView(KeyItemClearView):
    model = KeyDriver
    form_class = KeyDriverClearForm


class KeyItemImportListView(RecordListView):
    model = KeyItemImport
    table_class = KeyItemImportTable
    filterset_class = KeyItemImportFilterSet
    list_select_related = ("brigade", "created_by")
    create_url_name = "hazards:keyimport_upload"


class KeyItemImportUploadView(BrigadeScopedMixin, FormView):
    """Upload the weekly list: a dry run, then the preview page (nothing is imported yet)."""

    model = KeyItemImport
    form_class = KeyItemImportForm
    template_name = "hazards/keyimport_upload.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            permissions.require(request.user, permissions.ADD, KeyItemImport)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_initial(self):
        return {"kind": self.request.GET.get("kind", "vehicles")}

    def form_valid(self, form):
        try:
            batch = operations.key_item_import_preview(
                upload=form.cleaned_data["file"], kind=form.cleaned_data["kind"], brigade=form.target_brigade(),
                by=self.request.user, listed_on=form.cleaned_data["listed_on"],
            )
        except ValidationError as error:
            form_errors(form, error)
            return self.form_invalid(form)
        return redirect(batch.get_absolute_url())


class KeyItemImportPreviewView(BrigadeScopedMixin, DetailView):
    model = KeyItemImport
    template_name = "hazards/keyimport_preview.html"
    rows_per_page = 200

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        outcome = self.request.GET.get("outcome", "rejected" if self.object.rejected_count else "")
        rows = [r for r in self.object.preview if not outcome or r["outcome"] == outcome]
        context.update(
            outcome=outcome, rows=rows[: self.rows_per_page], row_total=len(rows),
            outcomes=[("new", _("New")), ("updated", _("Updated")), ("unchanged", _("Unchanged")), ("rejected", _("Rejected"))],
            can_confirm=self.object.status == ImportStatus.PREVIEWED and permissions.may(self.request.user, "confirm", self.object),
            imported_before=selectors.key_list_imported_before(self.object),
        )
        return context


class KeyItemImportFileView(RecordFileView):
    """The uploaded list as it came, under the name it was uploaded with."""

    model = KeyItemImport

    def download_name(self, record, field_file):
        return record.original_name


class KeyItemImportConfirmView(RecordActionView):
    permission_action = "confirm"
    model = KeyItemImport
    form_class = NoteForm
    title = gettext_lazy("Import the list")

    def get(self, request, *args, **kwargs):
        return redirect(self.object.get_absolute_url())

    def perform(self, form):
        operations.key_item_import_confirm(batch=self.object, by=self.request.user)

    def form_invalid(self, form):
        for error in form.non_field_errors():
            messages.error(self.request, error)
        return redirect(self.object.get_absolute_url())

    def success_text(self):
        self.object.refresh_from_db()
        return _("Imported: %(new)s new, %(updated)s updated, %(unchanged)s unchanged, %(rejected)s rejected.") % {
            "new": self.object.new_count, "updated": self.object.updated_count,
            "unchanged": self.object.unchanged_count, "rejected": self.object.rejected_count,
        }


