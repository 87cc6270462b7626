"""Thin views: gather input, call an operation or a selector, render. Scoping comes from the
brigades mixins (every view declares its model); state changes go through services.operations."""

from datetime import date as date_cls

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, TemplateView

from brigades.records import permissions
from brigades.records.forms import form_errors
from brigades.records.generic import RecordActionView, RecordCreateView, RecordDetailView, RecordListView, RecordUpdateView
from brigades.records.mixins import BrigadeScopedMixin, RecordWriteMixin
from brigades.models import Brigade

from . import operations, selectors
from .choices import PermitStatus, WorkOrderStatus
from .filtersets import (
    CommandCentreDayFilterSet,
    CounterDayFilterSet,
    FastAccidentFilterSet,
    PermitFilterSet,
    ReliefAdvanceFilterSet,
    ReliefTargetFilterSet,
    ServicePointFilterSet,
    WorkOrderFilterSet,
)
from .forms import (
    DATE,
    GRID_COLUMNS,
    CommandCentreDayForm,
    CounterTallyForm,
    FastAccidentForm,
    PermitDecisionForm,
    PermitForm,
    ReliefAdvanceForm,
    ReliefApproveForm,
    ReliefPayForm,
    ReliefRecoverForm,
    ReliefRefuseForm,
    ReliefTargetForm,
    ServicePointForm,
    WorkOrderCloseForm,
    WorkOrderForm,
    WorkOrderReopenForm,
    WorkOrderReplyForm,
    WorkOrderTakeForm,
    active_business_types,
)
from .models import (
    CommandCentreDay,
    CounterDay,
    FastAccident,
    Permit,
    ReliefAdvance,
    ReliefTarget,
    ServicePoint,
    WorkOrder,
)
from .tables import (
    CommandCentreDayTable,
    CounterDayTable,
    FastAccidentTable,
    PermitTable,
    ReliefAdvanceTable,
    ReliefTargetTable,
    ServicePointTable,
    WorkOrderTable,
)


# --- Service points ------------------------------------------------------------------------------------


class ServicePointListView(RecordListView):
    model = ServicePoint
    table_class = ServicePointTable
    filterset_class = ServicePointFilterSet
    list_select_related = ("brigade",)
    create_url_name = "services:servicepoint_create"


class ServicePointDetailView(RecordDetailView):
    model = ServicePoint
    edit_url_name = "services:servicepoint_update"
    list_select_related = ("brigade",)


class ServicePointCreateView(RecordCreateView):
    model = ServicePoint
    form_class = ServicePointForm


class ServicePointUpdateView(RecordUpdateView):
    model = ServicePoint
    form_class = ServicePointForm


# --- The daily counter tally ----------------------------------------------------------------------------


class CounterTallyView(RecordWriteMixin, FormView):
    """One screen per service point and day: pick both at the top (today by default), fill the grid,
    save. Opening a day that was already entered loads it for editing; saving never duplicates."""

    model = CounterDay
    form_class = CounterTallyForm
    template_name = "services/counter_tally.html"

    def get_queryset(self):
        return CounterDay.objects.for_user(self.request.user).select_related("service_point").prefetch_related("counts")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.business_types = list(active_business_types())

    def picked(self):
        """The service point and day named in the address, defaulting to the user's only point and today."""
        points = ServicePoint.objects.for_user(self.request.user).filter(is_active=True)
        point = None
        point_id = self.request.GET.get("service_point")
        if point_id and point_id.isdigit():
            point = ServicePoint.objects.for_user(self.request.user).filter(pk=point_id).first()
        elif len(points[:2]) == 1:
            point = points.first()
        try:
            day = date_cls.fromisoformat(self.request.GET.get("date", ""))
        except ValueError:
            day = timezone.localdate()
        return point, day

    def existing_day(self, point, day):
        if point is None:
            return None
        return self.get_queryset().filter(service_point=point, date=day).first()

    def get_initial(self):
        point, day = self.picked()
        self.day = self.existing_day(point, day)
        return CounterTallyForm.initial_for(self.day, self.business_types, service_point=point, date=day)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, business_types=self.business_types)
        return kwargs

    def post(self, request, *args, **kwargs):
        self.day = None
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        point = data["service_point"]
        try:
            day, created = operations.counter_day_record(
                brigade=point.brigade, service_point=point, date=data["date"], counts=form.counts(),
                extended_hours=data["extended_hours"], weekend_service=data["weekend_service"], note=data["note"],
                by=self.request.user,
            )
        except ValidationError as error:
            form_errors(form, error)
            return self.form_invalid(form)
        message = _("Tally saved: %(day)s.") if created else _("Tally updated: %(day)s.")
        messages.success(self.request, message % {"day": day})
        query = urlencode({"service_point": point.pk, "date": day.date.isoformat()})
        return HttpResponseRedirect(f"{reverse('services:counter_tally')}?{query}")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(day=getattr(self, "day", None), columns=GRID_COLUMNS,
                       has_points=ServicePoint.objects.for_user(self.request.user).exists())
        return context


class CounterDayListView(RecordListView):
    model = CounterDay
    table_class = CounterDayTable
    filterset_class = CounterDayFilterSet
    list_select_related = ("brigade", "service_point")
    list_prefetch_related = ("counts__business_type",)
    create_url_name = "services:counter_tally"


class CounterDayDetailView(RecordDetailView):
    model = CounterDay
    list_select_related = ("brigade", "service_point")
    list_prefetch_related = ("counts__business_type",)
    template_name = "services/counterday_detail.html"


class CounterDayUpdateView(BrigadeScopedMixin, DetailView):
    """Editing a day is the tally screen opened on that point and day."""

    model = CounterDay

    def get(self, request, *args, **kwargs):
        day = self.get_object()
        permissions.require(request.user, permissions.CHANGE, day)
        query = urlencode({"service_point": day.service_point_id, "date": day.date.isoformat()})
        return redirect(f"{reverse('services:counter_tally')}?{query}")


# --- Hotline work orders -----------------------------------------------------------------------------------


class WorkOrderListView(RecordListView):
    model = WorkOrder
    table_class = WorkOrderTable
    filterset_class = WorkOrderFilterSet
    list_select_related = ("brigade", "handler")
    create_url_name = "services:workorder_create"
    template_name = "services/workorder_list.html"


class WorkOrderQueueView(BrigadeScopedMixin, TemplateView):
    """My orders: what I have in hand, most urgent first, and what nobody has taken yet."""

    model = WorkOrder
    template_name = "services/workorder_queue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mine, waiting = selectors.workorder_queue(self.request.user)
        context.update(mine=mine, waiting=waiting[:50], now=timezone.now())
        return context


class WorkOrderDetailView(RecordDetailView):
    model = WorkOrder
    edit_url_name = "services:workorder_update"
    list_select_related = ("brigade", "handler")
    template_name = "services/workorder_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = self.object
        context["transitions"] = order.transitions.select_related("by")
        status = order.status
        forms_ = {}
        if status == WorkOrderStatus.RECEIVED:
            forms_["take_form"] = WorkOrderTakeForm()
        if status == WorkOrderStatus.HANDLING:
            forms_["reply_form"] = WorkOrderReplyForm(initial={"reply": order.reply})
        if status == WorkOrderStatus.REPLIED:
            forms_["close_form"] = WorkOrderCloseForm()
            forms_["reopen_form"] = WorkOrderReopenForm()
        for name, form in forms_.items():
            context.setdefault(name, form)
        context["overdue"] = order.is_overdue()
        context["due_soon"] = order.is_due_soon()
        return context


class WorkOrderCreateView(RecordCreateView):
    model = WorkOrder
    form_class = WorkOrderForm

    def form_valid(self, form):
        try:
            self.object = operations.workorder_receive(order=form.instance, by=self.request.user)
        except ValidationError as error:
            form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Work order registered: %(order)s, reply due by %(due)s.") % {
            "order": self.object, "due": timezone.localtime(self.object.due_at).strftime("%Y-%m-%d %H:%M"),
        })
        return HttpResponseRedirect(self.object.get_absolute_url())


class WorkOrderUpdateView(RecordUpdateView):
    model = WorkOrder
    form_class = WorkOrderForm

    def form_valid(self, form):
        self.object = operations.workorder_edit(order=form.instance, by=self.request.user)
        messages.success(self.request, _("Saved: %(record)s") % {"record": self.object})
        return HttpResponseRedirect(self.object.get_absolute_url())


class WorkOrderActionView(RecordActionView):
    """A form on the order's page (take, reply, close, reopen): refused, the page shows it again."""

    model = WorkOrder
    detail_view_class = WorkOrderDetailView


class WorkOrderTakeView(WorkOrderActionView):
    permission_action = "take"
    form_class = WorkOrderTakeForm
    form_context_name = "take_form"
    success_message = gettext_lazy("Taken: %(record)s. It is in your queue.")

    def perform(self, form):
        return operations.workorder_take(order=self.object, by=self.request.user, note=form.cleaned_data["note"])


class WorkOrderReplyView(WorkOrderActionView):
    permission_action = "reply"
    form_class = WorkOrderReplyForm
    form_context_name = "reply_form"
    success_message = gettext_lazy("Reply recorded: %(record)s.")

    def perform(self, form):
        return operations.workorder_reply(
            order=self.object, by=self.request.user, reply=form.cleaned_data["reply"],
            replied_at=form.cleaned_data["replied_at"],
        )


class WorkOrderCloseView(WorkOrderActionView):
    permission_action = "close"
    form_class = WorkOrderCloseForm
    form_context_name = "close_form"
    success_message = gettext_lazy("Closed: %(record)s.")

    def perform(self, form):
        return operations.workorder_close(
            order=self.object, by=self.request.user, satisfaction=form.cleaned_data["satisfaction"],
            follow_up=form.cleaned_data["follow_up"],
        )


class WorkOrderReopenView(WorkOrderActionView):
    permission_action = "reopen"
    form_class = WorkOrderReopenForm
    form_context_name = "reopen_form"
    success_message = gettext_lazy("Handled again: %(record)s.")

    def perform(self, form):
        return operations.workorder_reopen(order=self.object, by=self.request.user, note=form.cleaned_data["note"])


# --- Fast-processed accidents ---------------------------------------------------------------------------------


class FastAccidentListView(RecordListView):
    model = FastAccident
    table_class = FastAccidentTable
    filterset_class = FastAccidentFilterSet
    list_select_related = ("brigade", "town")
    create_url_name = "services:fastaccident_create"


class FastAccidentDetailView(RecordDetailView):
    model = FastAccident
    edit_url_name = "services:fastaccident_update"
    list_select_related = ("brigade", "town")


class FastAccidentCreateView(RecordCreateView):
    model = FastAccident
    form_class = FastAccidentForm


class FastAccidentUpdateView(RecordUpdateView):
    model = FastAccident
    form_class = FastAccidentForm


# --- Command centre ----------------------------------------------------------------------------------------------


class CommandCentreDayListView(RecordListView):
    model = CommandCentreDay
    table_class = CommandCentreDayTable
    filterset_class = CommandCentreDayFilterSet
    list_select_related = ("brigade",)
    create_url_name = "services:commandcentreday_create"


class CommandCentreDayDetailView(RecordDetailView):
    model = CommandCentreDay
    edit_url_name = "services:commandcentreday_update"
    list_select_related = ("brigade",)


class CommandCentreDayCreateView(RecordCreateView):
    model = CommandCentreDay
    form_class = CommandCentreDayForm


class CommandCentreDayUpdateView(RecordUpdateView):
    model = CommandCentreDay
    form_class = CommandCentreDayForm


# --- Permits -----------------------------------------------------------------------------------------------------


class PermitListView(RecordListView):
    model = Permit
    table_class = PermitTable
    filterset_class = PermitFilterSet
    list_select_related = ("brigade", "enterprise")
    create_url_name = "services:permit_create"
    template_name = "services/permit_list.html"


class PermitDetailView(RecordDetailView):
    model = Permit
    edit_url_name = "services:permit_update"
    list_select_related = ("brigade", "enterprise")
    template_name = "services/permit_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["transitions"] = self.object.transitions.select_related("by")
        context["state"] = self.object.state()
        context.setdefault("decision_form", PermitDecisionForm())
        if self.object.status != PermitStatus.APPLIED:
            context["edit_url_name"] = None
        return context


class PermitCreateView(RecordCreateView):
    model = Permit
    form_class = PermitForm

    def form_valid(self, form):
        try:
            self.object = operations.permit_apply(permit=form.instance, by=self.request.user)
        except ValidationError as error:
            form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Application registered: %(record)s") % {"record": self.object})
        return HttpResponseRedirect(self.object.get_absolute_url())


class PermitUpdateView(RecordUpdateView):
    """Only an application is edited; a decided permit is revoked and applied for again."""

    model = Permit
    form_class = PermitForm

    def get_queryset(self):
        return super().get_queryset().filter(status=PermitStatus.APPLIED)


class PermitActionView(RecordActionView):
    """A decision on the permit's page: refused, the page shows it again with the reason."""

    model = Permit
    detail_view_class = PermitDetailView


class PermitApproveView(PermitActionView):
    permission_action = "approve"
    form_class = PermitDecisionForm
    form_context_name = "decision_form"
    success_message = gettext_lazy("Approved: %(record)s.")

    def perform(self, form):
        return operations.permit_approve(permit=self.object, by=self.request.user, note=form.cleaned_data["reason"])


class PermitRefuseView(PermitActionView):
    permission_action = "refuse"
    form_class = PermitDecisionForm
    form_context_name = "decision_form"
    success_message = gettext_lazy("Refused: %(record)s.")

    def perform(self, form):
        return operations.permit_refuse(permit=self.object, by=self.request.user, reason=form.cleaned_data["reason"])


class PermitRevokeView(PermitActionView):
    permission_action = "revoke"
    form_class = PermitDecisionForm
    form_context_name = "decision_form"
    success_message = gettext_lazy("Revoked: %(record)s.")

    def perform(self, form):
        return operations.permit_revoke(permit=self.object, by=self.request.user, reason=form.cleaned_data["reason"])


# --- Relief fund ---------------------------------------------------------------------------------------------------


class ReliefAdvanceListView(RecordListView):
    model = ReliefAdvance
    table_class = ReliefAdvanceTable
    filterset_class = ReliefAdvanceFilterSet
    list_select_related = ("brigade", "accident")
    create_url_name = "services:reliefadvance_create"


class ReliefAdvanceDetailView(RecordDetailView):
    """The advance with its steps (who, when, how much), its recoveries and the next step's form."""

    model = ReliefAdvance
    edit_url_name = "services:reliefadvance_update"
    list_select_related = ("brigade", "accident", "approved_by", "paid_by")
    template_name = "services/reliefadvance_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        advance = self.object
        context["transitions"] = advance.transitions.select_related("by")
        context["recoveries"] = advance.recoveries.select_related("created_by")
        context["recovery_due_on"] = advance.recovery_due_on()
        context["recovery_overdue"] = advance.is_recovery_overdue()
        outstanding = advance.amount_outstanding
        context.setdefault("approve_form", ReliefApproveForm(initial={"amount": advance.amount_requested}))
        context.setdefault("refuse_form", ReliefRefuseForm())
        context.setdefault("pay_form", ReliefPayForm(initial={"amount": advance.amount_approved}))
        context.setdefault("recover_form", ReliefRecoverForm(initial={"amount": outstanding or None}))
        return context


class ReliefAdvanceCreateView(RecordCreateView):
    model = ReliefAdvance
    form_class = ReliefAdvanceForm

    def form_valid(self, form):
        try:
            self.object = operations.relief_request(advance=form.instance, by=self.request.user)
        except ValidationError as error:
            form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Request registered: %(record)s") % {"record": self.object})
        return HttpResponseRedirect(self.object.get_absolute_url())


class ReliefAdvanceUpdateView(RecordUpdateView):
    model = ReliefAdvance
    form_class = ReliefAdvanceForm

    def form_valid(self, form):
        try:
            self.object = operations.relief_edit(advance=form.instance, by=self.request.user)
        except ValidationError as error:
            form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved: %(record)s") % {"record": self.object})
        return HttpResponseRedirect(self.object.get_absolute_url())


class ReliefAdvanceActionView(RecordActionView):
    """A step on the advance's page: refused, the page shows it again with the form's errors."""

    model = ReliefAdvance
    detail_view_class = ReliefAdvanceDetailView


class ReliefAdvanceApproveView(ReliefAdvanceActionView):
    permission_action = "approve"
    form_class = ReliefApproveForm
    form_context_name = "approve_form"
    success_message = gettext_lazy("Approved: %(record)s.")

    def perform(self, form):
        data = form.cleaned_data
        return operations.relief_approve(advance=self.object, by=self.request.user, amount=data["amount"],
                                         day=data["day"], note=data["note"])


class ReliefAdvanceRefuseView(ReliefAdvanceActionView):
    permission_action = "refuse"
    form_class = ReliefRefuseForm
    form_context_name = "refuse_form"
    success_message = gettext_lazy("Refused: %(record)s.")

    def perform(self, form):
        data = form.cleaned_data
        return operations.relief_refuse(advance=self.object, by=self.request.user, reason=data["note"], day=data["day"])


class ReliefAdvancePayView(ReliefAdvanceActionView):
    permission_action = "pay"
    form_class = ReliefPayForm
    form_context_name = "pay_form"
    success_message = gettext_lazy("Payment recorded: %(record)s.")

    def perform(self, form):
        data = form.cleaned_data
        return operations.relief_pay(advance=self.object, by=self.request.user, amount=data["amount"],
                                     day=data["day"], note=data["note"])


class ReliefAdvanceRecoverView(ReliefAdvanceActionView):
    permission_action = "recover"
    form_class = ReliefRecoverForm
    form_context_name = "recover_form"
    success_message = gettext_lazy("Recovery recorded: %(record)s.")

    def perform(self, form):
        data = form.cleaned_data
        return operations.relief_recover(advance=self.object, by=self.request.user, amount=data["amount"],
                                         day=data["day"], source=data["source"], payer=data["payer"], note=data["note"])


class ReliefTargetListView(RecordListView):
    model = ReliefTarget
    table_class = ReliefTargetTable
    filterset_class = ReliefTargetFilterSet
    list_select_related = ("brigade",)
    create_url_name = "services:relieftarget_create"


class ReliefTargetDetailView(RecordDetailView):
    model = ReliefTarget
    edit_url_name = "services:relieftarget_update"
    list_select_related = ("brigade",)


class ReliefTargetCreateView(RecordCreateView):
    model = ReliefTarget
    form_class = ReliefTargetForm


class ReliefTargetUpdateView(RecordUpdateView):
    model = ReliefTarget
    form_class = ReliefTargetForm


# --- Figures --------------------------------------------------------------------------------------------------------


class PeriodForm(forms.Form):
    brigade = forms.ModelChoiceField(queryset=Brigade.objects.none(), required=False, label=gettext_lazy("Brigade"),
                                     empty_label=gettext_lazy("All brigades in my scope"))
    start = forms.DateField(label=gettext_lazy("From"), widget=DATE, required=False)
    end = forms.DateField(label=gettext_lazy("To"), widget=DATE, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["brigade"].queryset = Brigade.objects.for_user(user)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("The period cannot end before it starts."))
        return cleaned


class FiguresView(LoginRequiredMixin, TemplateView):
    """Every figure of the services app for a brigade (or the user's whole scope) and a period:
    counter business by type with pass rates, hotline, fast processing, command centre, permits, relief fund."""

    template_name = "services/figures.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        form = PeriodForm(self.request.GET or None, user=user)
        start, end, brigade = today.replace(month=1, day=1), today, None
        if form.is_valid():
            start = form.cleaned_data["start"] or start
            end = form.cleaned_data["end"] or end
            brigade = form.cleaned_data["brigade"]
        brigade_ids = [brigade.pk] if brigade else list(Brigade.objects.for_user(user).values_list("pk", flat=True))
        context.update(
            form=form, start=start, end=end, brigade=brigade,
            counter=selectors.counter_figures(brigade_ids, start, end),
            hotline=selectors.workorder_figures(brigade_ids, start, end),
            accidents=selectors.fast_accident_figures(brigade_ids, start, end),
            command=selectors.command_centre_figures(brigade_ids, start, end),
            permits=selectors.permit_figures(brigade_ids, start, end),
            relief=selectors.relief_figures(brigade_ids, start, end),
            period_query=urlencode({"date_after": start.isoformat(), "date_before": end.isoformat(),
                                    **({"brigade": brigade.pk} if brigade else {})}),
        )
        return context
