from datetime import date

import tablib
from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.template.response import TemplateResponse
from django.views.generic import FormView, TemplateView, View

from brigades.records import permissions
from brigades.records.generic import RecordCreateView, RecordDetailView, RecordListView, RecordUpdateView
from brigades.records.mixins import BrigadeScopedMixin, RecordWriteMixin
from brigades.records import personal_numbers, spreadsheets
from brigades.models import Brigade
from brigades.figures.periods import month_end

from . import importing, operations, selectors
from .choices import Disposition, PlateType, VehicleType
from .filtersets import HelmetObservationFilterSet, OperationFilterSet, ViolationFilterSet
from .forms import (
    DeploymentForm,
    HelmetObservationForm,
    OperationForm,
    QuickViolationForm,
    ViolationForm,
    ViolationImportForm,
)
from .models import Deployment, HelmetObservation, Operation, Violation
from .resources import COLUMNS, ViolationResource
from .tables import HelmetObservationTable, OperationTable, ViolationTable

# --- Violations ---------------------------------------------------------------------------------


class ViolationListView(RecordListView):
    model = Violation
    table_class = ViolationTable
    filterset_class = ViolationFilterSet
    list_select_related = selectors.VIOLATION_LIST_RELATED
    create_url_name = "enforcement:violation_create"
    template_name = "enforcement/violation_list.html"


class ViolationDetailView(RecordDetailView):
    model = Violation
    edit_url_name = "enforcement:violation_update"
    list_select_related = ("brigade", "kind", "squadron", "town", "operation", "deployment", "created_by")
    template_name = "enforcement/violation_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["driver_id_number"] = personal_numbers.personal_number_for(
            self.request.user, self.object, "driver_id_number", context="detail"
        )
        context["officers"] = self.object.officers.all()
        return context


class ViolationFormMixin:
    """A case is saved by operations.violation_record, with its officers, in one transaction."""

    model = Violation
    form_class = ViolationForm
    template_name = "enforcement/violation_form.html"

    def form_valid(self, form):
        self.object = operations.violation_record(
            violation=form.instance, by=self.request.user, officers=form.cleaned_data.get("officers"),
        )
        messages.success(self.request, _("Saved: %(record)s") % {"record": self.object})
        return redirect(self.object.get_absolute_url())


class ViolationCreateView(ViolationFormMixin, RecordCreateView):
    pass


class ViolationUpdateView(ViolationFormMixin, RecordUpdateView):
    pass


class ViolationPreviewView(RecordWriteMixin, View):
    """The class and legal consequences of the case being typed, before it is saved: the form posts
    itself here (htmx) as the clerk types. When the case's code changes (a reading of 85 turns
    drink into drunk driving), the code's fine, points and licence measure are filled in."""

    model = Violation
    PREFILLED = "prefilled_code"

    def post(self, request, *args, **kwargs):
        data = request.POST.copy()
        form = self.bound_form(data)
        code = form.instance.violation_code
        prefill = code is not None and data.get(self.PREFILLED, "") != str(code.pk)
        if prefill:
            data["fine_amount"] = f"{code.fine_min:f}"
            data["points"] = str(code.points)
            data["licence_action"] = code.licence_action
            form = self.bound_form(data)
        context = selectors.violation_preview(form)
        # Out-of-band swaps (htmx) put the code's penalty into the form's own inputs.
        context["prefilled_widgets"] = [
            form[name].as_widget(attrs={"hx-swap-oob": "true", "class": css})
            for name, css in (("fine_amount", "numberinput form-control"), ("points", "numberinput form-control"),
                              ("licence_action", "select form-select"))
            if name in form.fields
        ] if prefill else []
        return TemplateResponse(request, "enforcement/_violation_preview.html", context)

    def bound_form(self, data):
        form_class = QuickViolationForm if data.get("quick") else ViolationForm
        form = form_class(data, user=self.request.user, instance=Violation())
        form.is_valid()
        return form


QUICK_SESSION_KEY = "enforcement_quick_entry"
QUICK_RECENT = 50


class QuickEntryView(RecordWriteMixin, FormView):
    """The quick entry of a night operation: the sticky part of the form (operation, checkpoint,
    date, squadron, officers, place, kind) is kept in the session between cases; the clerk
    types plate, driver, reading and outcome, presses Enter, and the case appears in the list
    below. With htmx the form and the list are swapped in place; without it, post-redirect-get."""

    model = Violation
    form_class = QuickViolationForm
    template_name = "enforcement/quick_entry.html"

    def state(self):
        return self.request.session.get(QUICK_SESSION_KEY, {"sticky": {}, "recent": []})

    def get_initial(self):
        sticky = dict(self.state()["sticky"])
        sticky.setdefault("date", timezone.localdate().isoformat())
        return sticky

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Violation()
        return kwargs

    def get_template_names(self):
        if self.request.htmx:
            return ["enforcement/_quick_entry_body.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        recent_ids = self.state()["recent"]
        context["recent"] = (
            Violation.objects.for_user(self.request.user).filter(pk__in=recent_ids)
            .select_related("kind").order_by("-pk")
        )
        # The "save anyway" tick of a duplicate warning is shown with the warning (generic/_duplicate_warning.html).
        context["case_fields"] = [
            f for f in context["form"] if f.name not in QuickViolationForm.STICKY and f.name != QuickViolationForm.confirm_field
        ]
        context["sticky_fields"] = [f for f in context["form"] if f.name in QuickViolationForm.STICKY]
        return context

    def form_valid(self, form):
        violation = operations.violation_record(
            violation=form.instance, by=self.request.user, officers=form.cleaned_data.get("officers"),
        )
        state = self.state()
        state["sticky"] = form.sticky_values()
        state["recent"] = [violation.pk, *state["recent"]][:QUICK_RECENT]
        self.request.session[QUICK_SESSION_KEY] = state
        if self.request.htmx:
            fresh = self.get_form_class()(initial=self.get_initial(), instance=Violation(), user=self.request.user)
            context = self.get_context_data(form=fresh, saved=violation)
            return self.render_to_response(context)
        messages.success(self.request, _("Saved: %(record)s") % {"record": violation})
        return redirect("enforcement:quick_entry")

    def post(self, request, *args, **kwargs):
        if request.POST.get("clear"):
            request.session.pop(QUICK_SESSION_KEY, None)
            return redirect("enforcement:quick_entry")
        return super().post(request, *args, **kwargs)


IMPORT_SESSION_KEY = "enforcement_import"
# The name under which imported files are remembered (brigades.ImportedFile.kind).
IMPORT_KIND = "enforcement.violation"


class ViolationImportView(RecordWriteMixin, FormView):
    """Spreadsheet import: upload → dry run (every row checked, errors by row and column) →
    confirm, which imports all rows or none. Between the two the rows wait in the session."""

    model = Violation
    form_class = ViolationImportForm
    template_name = "enforcement/violation_import.html"
    permission_action = "import"

    def brigade(self):
        user = self.request.user
        if user.brigade_id:
            return user.brigade
        brigade_id = self.request.POST.get("brigade") or self.request.GET.get("brigade")
        return get_object_or_404(Brigade.objects.for_user(user), pk=brigade_id)

    def resource(self):
        return ViolationResource(brigade=self.brigade(), user=self.request.user)

    def post(self, request, *args, **kwargs):
        if "confirm" in request.POST:
            return self.confirm()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            dataset = spreadsheets.read_dataset(upload.name, data, max_rows=settings.VIOLATION_IMPORT_MAX_ROWS)
        except spreadsheets.FileProblem as problem:
            form.add_error("file", problem.messages)
            return self.form_invalid(form)
        report = importing.violations_import(resource=self.resource(), dataset=dataset, dry_run=True)
        sha256 = spreadsheets.content_hash(data)
        # The same file imported before would add its cases a second time: say so before confirming.
        report["imported_before"] = list(spreadsheets.previous_imports(
            brigade=self.brigade(), kind=IMPORT_KIND, sha256=sha256))
        if report["ok"]:
            self.request.session[IMPORT_SESSION_KEY] = {
                "headers": dataset.headers, "rows": importing.rows_for_session(dataset), "sha256": sha256,
                "name": upload.name[:200],
            }
        else:
            self.request.session.pop(IMPORT_SESSION_KEY, None)
        return self.render_to_response(self.get_context_data(form=form, report=report))

    def confirm(self):
        stored = self.request.session.get(IMPORT_SESSION_KEY)
        if not stored:
            messages.error(self.request, _("Nothing to import: upload the spreadsheet again."))
            return redirect("enforcement:violation_import")
        dataset = tablib.Dataset(*stored["rows"], headers=stored["headers"])
        report = importing.violations_import(
            resource=self.resource(), dataset=dataset, dry_run=False,
            source=importing.ImportSource(kind=IMPORT_KIND, sha256=stored.get("sha256"), name=stored.get("name", "")),
        )
        self.request.session.pop(IMPORT_SESSION_KEY, None)
        if not report["ok"]:
            return self.render_to_response(self.get_context_data(form=self.get_form_class()(), report=report))
        messages.success(self.request, _("%(count)s cases imported.") % {"count": report["total"]})
        return redirect(reverse("enforcement:violation_list") + f"?date_after={report['first_date']}")


class ImportTemplateView(RecordWriteMixin, TemplateView):
    """An empty spreadsheet with the import columns and one example row."""

    model = Violation

    def get(self, request, *args, **kwargs):
        example = {
            "date": timezone.localdate().isoformat(), "time": "22:15", "kind": "", "plate": "鲁P12345",
            "plate_type": str(PlateType.SMALL_CAR.label), "vehicle_type": str(VehicleType.CAR.label), "driver_name": "张三",
            "driver_id_number": "", "breath_alcohol": "0.45", "disposition": str(Disposition.PENALTY.label), "fine_amount": "1500",
            "points": "12", "vehicle_detained": "是",
        }
        return spreadsheets.template_response(
            headers=list(COLUMNS.values()), rows=[[example.get(name, "") for name in COLUMNS]],
            sheet_title="违法记录", filename="violations-template.xlsx",
        )


# --- Operations ---------------------------------------------------------------------------------


class OperationListView(RecordListView):
    """The operations with their campaign results (the export has every figure of each)."""

    model = Operation
    table_class = OperationTable
    filterset_class = OperationFilterSet
    list_select_related = ("brigade", "lead")
    create_url_name = "enforcement:operation_create"

    def get_queryset(self):
        return selectors.with_campaign_results(super().get_queryset(), self.request.user)


class OperationDetailView(RecordDetailView):
    model = Operation
    edit_url_name = "enforcement:operation_update"
    list_select_related = ("brigade", "lead")
    template_name = "enforcement/operation_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = selectors.operation_page(self.object, self.request.user)
        context.update(page)
        context["chart"] = {
            "days": [row["date"].isoformat() for row in page["by_day"]],
            "counts": [row["n"] for row in page["by_day"]],
        }
        user = self.request.user
        context["may_edit"] = permissions.may(user, permissions.CHANGE, self.object)
        if not context["may_edit"]:
            context["edit_url_name"] = None
        context["may_deploy"] = permissions.may(user, "deploy", self.object)
        context["covered_brigades"] = self.object.covered_brigades.all()
        return context


class OperationCreateView(RecordCreateView):
    model = Operation
    form_class = OperationForm


class OperationUpdateView(RecordUpdateView):
    """Only the organising brigade (and the detachment) edits an operation."""

    model = Operation
    form_class = OperationForm

    def get_queryset(self):
        return Operation.objects.owned_by(self.request.user)


class DeploymentCreateView(RecordCreateView):
    model = Deployment
    form_class = DeploymentForm

    def dispatch(self, request, *args, **kwargs):
        self.operation = None
        if request.user.is_authenticated:
            self.operation = get_object_or_404(Operation.objects.for_user(request.user), pk=kwargs["operation_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["operation"] = self.operation
        if self.request.user.brigade_id is None and self.operation is not None:
            # A detachment user staffs a checkpoint for the operation's own brigade.
            kwargs["instance"] = Deployment(brigade=self.operation.brigade)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["operation"] = self.operation
        return context

    def get_success_url(self):
        return self.operation.get_absolute_url()


class DeploymentUpdateView(RecordUpdateView):
    model = Deployment
    form_class = DeploymentForm
    list_select_related = ("operation",)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["operation"] = self.object.operation
        return kwargs


# --- Helmet surveys -----------------------------------------------------------------------------


class HelmetListView(RecordListView):
    model = HelmetObservation
    table_class = HelmetObservationTable
    filterset_class = HelmetObservationFilterSet
    list_select_related = ("brigade", "town", "observer")
    create_url_name = "enforcement:helmet_create"
    template_name = "enforcement/helmetobservation_list.html"


class HelmetDetailView(RecordDetailView):
    model = HelmetObservation
    edit_url_name = "enforcement:helmet_update"
    list_select_related = ("brigade", "town", "observer")


class HelmetCreateView(RecordCreateView):
    model = HelmetObservation
    form_class = HelmetObservationForm


class HelmetUpdateView(RecordUpdateView):
    model = HelmetObservation
    form_class = HelmetObservationForm


class HelmetRankingView(BrigadeScopedMixin, TemplateView):
    """The monthly assessment: towns / 管区 of a brigade ranked by wearing rate with the top two
    and bottom two highlighted, insufficient bases shown apart; the brigade's rate by month;
    for the detachment, the brigades ranked citywide."""

    model = HelmetObservation
    template_name = "enforcement/helmet_ranking.html"

    def period(self):
        today = timezone.localdate()
        try:
            start = date.fromisoformat(self.request.GET.get("start", ""))
            end = date.fromisoformat(self.request.GET.get("end", ""))
        except ValueError:
            month = self.request.GET.get("month", "")
            try:
                start = date.fromisoformat(f"{month}-01")
            except ValueError:
                start = today.replace(day=1)
            start, end = start.replace(day=1), month_end(start)
        if end < start:
            start, end = end, start
        return start, end

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        brigades = Brigade.objects.for_user(user)
        brigade = None
        if user.brigade_id:
            brigade = user.brigade
        else:
            chosen = self.request.GET.get("brigade")
            brigade = brigades.filter(pk=chosen).first() if chosen and chosen.isdigit() else brigades.first()
        start, end = self.period()
        series = selectors.helmet_monthly_rates(brigade_ids=[brigade.pk] if brigade else [], end=end)
        context.update(
            brigade=brigade, brigades=brigades, start=start, end=end,
            month=start.strftime("%Y-%m"),
            ranking=selectors.helmet_town_ranking(brigade=brigade, start=start, end=end) if brigade else [],
            min_seen=selectors.min_riders_seen(brigade),
            brigade_ranking=(selectors.helmet_brigade_ranking(user=user, start=start, end=end)
                             if user.sees_all_brigades else None),
            figures=selectors.helmet_figures(brigade_ids=[brigade.pk] if brigade else [], start=start, end=end),
            chart={
                "months": [m.strftime("%Y-%m") for m, *_ in series],
                "rates": [None if rate is None else round(float(rate), 1) for *_, rate in series],
            },
        )
        return context
