from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from brigades.records import permissions
from brigades.records.mixins import BrigadeScopedMixin
from brigades.records.generic import RecordCreateView, RecordDetailView, RecordFileView, RecordListView, RecordUpdateView
from brigades.models import Brigade
from brigades.figures.periods import add_months

from . import operations, selectors
from .filtersets import (
    EscortDutyLogFilterSet,
    EscortPostFilterSet,
    EscortShiftFilterSet,
    EventFilterSet,
    MediaArticleFilterSet,
    SchoolFilterSet,
)
from .forms import (
    EscortDutyLogForm,
    EscortPostForm,
    EscortShiftForm,
    EventForm,
    EventMaterialFormSet,
    EventPhotoFormSet,
    MediaArticleForm,
    SchoolForm,
)
from .models import EscortDutyLog, EscortPost, EscortShift, Event, EventPhoto, MediaArticle, School
from .tables import (
    EscortDutyLogTable,
    EscortPostTable,
    EscortShiftTable,
    EventTable,
    MediaArticleTable,
    SchoolTable,
)


def brigade_ids_in_view(request):
    """The brigades a page's figures cover: the `brigade` parameter when within the user's scope,
    else every brigade the user sees."""
    brigades = Brigade.objects.for_user(request.user)
    chosen = request.GET.get("brigade")
    if chosen:
        if not chosen.isdigit() or not brigades.filter(pk=chosen).exists():
            raise Http404
        return [int(chosen)]
    return list(brigades.values_list("pk", flat=True))


# Events ---------------------------------------------------------------------------------------


class EventListView(RecordListView):
    model = Event
    table_class = EventTable
    filterset_class = EventFilterSet
    list_select_related = ("brigade", "school", "enterprise", "operation")
    list_prefetch_related = ("target_groups", "materials__material")
    create_url_name = "outreach:event_create"
    template_name = "outreach/event_list.html"


class EventDetailView(RecordDetailView):
    model = Event
    edit_url_name = "outreach:event_update"
    list_select_related = ("brigade", "school", "enterprise", "town", "operation")
    list_prefetch_related = ("target_groups", "officers", "materials__material", "photos", "articles")
    template_name = "outreach/event_detail.html"


class EventFormsetsMixin:
    """The event, its materials and its photos in one form, saved together or not at all."""

    template_name = "outreach/event_form.html"

    def get_formsets(self, instance):
        data = self.request.POST if self.request.method == "POST" else None
        files = self.request.FILES if self.request.method == "POST" else None
        return {
            "material_formset": EventMaterialFormSet(data, instance=instance, prefix="materials"),
            "photo_formset": EventPhotoFormSet(data, files, instance=instance, prefix="photos"),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for name, formset in (kwargs.get("formsets") or self.get_formsets(self.object or None)).items():
            context[name] = formset
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object() if self.kwargs.get("pk") else None
        form = self.get_form()
        formsets = self.get_formsets(form.instance)
        if form.is_valid() and all(f.is_valid() for f in formsets.values()):
            return self.form_valid_with_formsets(form, formsets)
        messages.error(request, _("Nothing was saved: correct the fields marked in red."))
        return self.render_to_response(self.get_context_data(form=form, formsets=formsets))

    def form_valid_with_formsets(self, form, formsets):
        if form.instance.pk is None:
            form.instance.created_by = self.request.user
        with transaction.atomic():
            self.object = form.save()
            for formset in formsets.values():
                formset.instance = self.object
                formset.save()
        messages.success(self.request, _("Saved: %(record)s") % {"record": self.object})
        return HttpResponseRedirect(self.object.get_absolute_url())


class EventCreateView(EventFormsetsMixin, RecordCreateView):
    model = Event
    form_class = EventForm

    def get_initial(self):
        # "Record an event of this operation" on the operation's page.
        initial = super().get_initial()
        operation_id = self.request.GET.get("operation")
        if operation_id and operation_id.isdigit():
            initial["operation"] = operation_id
        return initial


class EventUpdateView(EventFormsetsMixin, RecordUpdateView):
    model = Event
    form_class = EventForm


class EventCalendarView(BrigadeScopedMixin, TemplateView):
    """A month grid of the brigade's events, past and upcoming, with the next events listed."""

    model = Event
    template_name = "outreach/event_calendar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        try:
            year = int(self.request.GET.get("year", today.year))
            month = int(self.request.GET.get("month", today.month))
            first = date(year, month, 1)
        except ValueError:
            raise Http404
        brigade_ids = brigade_ids_in_view(self.request)
        previous_month, next_month = add_months(first, -1), add_months(first, 1)
        context.update(
            month=first,
            today=today,
            weeks=selectors.month_calendar(brigade_ids, year, month),
            previous_month=previous_month,
            next_month=next_month,
            upcoming=Event.objects.filter(brigade_id__in=brigade_ids, date__gte=today)
            .select_related("brigade", "school", "enterprise").order_by("date", "start_time")[:10],
            brigades=Brigade.objects.for_user(self.request.user),
            chosen_brigade=self.request.GET.get("brigade", ""),
        )
        return context


class OverviewView(BrigadeScopedMixin, TemplateView):
    """The period's figures at a glance: events by kind, venue kind and target group, audience,
    materials, articles and school-escort coverage."""

    model = Event
    template_name = "outreach/overview.html"
    periods = (("month", _("This month")), ("quarter", _("This quarter")), ("year", _("This year")), ("12m", _("Last 12 months")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        period = self.request.GET.get("period", "year")
        if period not in dict(self.periods):
            period = "year"
        start, end = selectors.period_bounds(period)
        brigade_ids = brigade_ids_in_view(self.request)
        context.update(
            period=period,
            periods=[(key, str(label)) for key, label in self.periods],
            start=start,
            end=end,
            figures=selectors.event_figure_rows(brigade_ids, start, end),
            articles=selectors.article_figures(brigade_ids, start, end),
            coverage=selectors.escort_coverage(brigade_ids, start, end),
            brigades=Brigade.objects.for_user(self.request.user),
            chosen_brigade=self.request.GET.get("brigade", ""),
        )
        return context


# Media articles -------------------------------------------------------------------------------


class EventPhotoFileView(RecordFileView):
    """An event photo, to whoever may see its event."""

    model = EventPhoto


class EventPhotoThumbnailView(EventPhotoFileView):
    thumbnail = True


class MediaArticleListView(RecordListView):
    model = MediaArticle
    table_class = MediaArticleTable
    filterset_class = MediaArticleFilterSet
    list_select_related = ("brigade", "event")
    create_url_name = "outreach:article_create"


class MediaArticleDetailView(RecordDetailView):
    model = MediaArticle
    edit_url_name = "outreach:article_update"
    list_select_related = ("brigade", "event")


class MediaArticleCreateView(RecordCreateView):
    model = MediaArticle
    form_class = MediaArticleForm

    def get_initial(self):
        initial = super().get_initial()
        event_id = self.request.GET.get("event")
        if event_id and event_id.isdigit():
            event = Event.objects.for_user(self.request.user).filter(pk=event_id).first()
            if event:
                initial.update(event=event, subject=event.title)
        return initial


class MediaArticleUpdateView(RecordUpdateView):
    model = MediaArticle
    form_class = MediaArticleForm


# Schools and escort posts ---------------------------------------------------------------------


class SchoolListView(RecordListView):
    model = School
    table_class = SchoolTable
    filterset_class = SchoolFilterSet
    list_select_related = ("brigade", "town")
    create_url_name = "outreach:school_create"


class SchoolDetailView(RecordDetailView):
    model = School
    edit_url_name = "outreach:school_update"
    list_select_related = ("brigade", "town")
    template_name = "outreach/school_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["posts"] = self.object.posts.prefetch_related("shifts__officers")
        context["events"] = self.object.events.order_by("-date")[:10]
        return context


class SchoolCreateView(RecordCreateView):
    model = School
    form_class = SchoolForm


class SchoolUpdateView(RecordUpdateView):
    model = School
    form_class = SchoolForm


class EscortPostListView(RecordListView):
    model = EscortPost
    table_class = EscortPostTable
    filterset_class = EscortPostFilterSet
    list_select_related = ("brigade", "school")
    create_url_name = "outreach:post_create"


class EscortPostDetailView(RecordDetailView):
    model = EscortPost
    edit_url_name = "outreach:post_update"
    list_select_related = ("brigade", "school")
    template_name = "outreach/escortpost_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["shifts"] = self.object.shifts.prefetch_related("officers")
        context["logs"] = EscortDutyLog.objects.filter(shift__post=self.object).select_related("shift").prefetch_related("officers")[:14]
        return context


class EscortPostCreateView(RecordCreateView):
    model = EscortPost
    form_class = EscortPostForm

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("school", "").isdigit():
            initial["school"] = self.request.GET["school"]
        return initial


class EscortPostUpdateView(RecordUpdateView):
    model = EscortPost
    form_class = EscortPostForm


# Escort shifts ----------------------------------------------------------------------------------


class OperationFormMixin:
    """form_valid calls an operation; its refusal is shown on the form and nothing is saved."""

    def form_valid(self, form):
        try:
            self.object = self.run_operation(form)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved: %(record)s") % {"record": self.object})
        return HttpResponseRedirect(self.get_success_url())


class EscortShiftListView(RecordListView):
    model = EscortShift
    table_class = EscortShiftTable
    filterset_class = EscortShiftFilterSet
    list_select_related = ("brigade", "post__school")
    list_prefetch_related = ("officers",)
    create_url_name = "outreach:shift_create"


class EscortShiftDetailView(RecordDetailView):
    model = EscortShift
    edit_url_name = "outreach:shift_update"
    list_select_related = ("brigade", "post__school")
    list_prefetch_related = ("officers",)
    template_name = "outreach/escortshift_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["logs"] = self.object.duty_logs.prefetch_related("officers")[:20]
        return context


class EscortShiftFormMixin(OperationFormMixin):
    def run_operation(self, form):
        shift = form.save(commit=False)
        return operations.shift_save(shift=shift, officers=form.cleaned_data["officers"], user=self.request.user)

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("post", "").isdigit():
            initial["post"] = self.request.GET["post"]
        return initial


class EscortShiftCreateView(EscortShiftFormMixin, RecordCreateView):
    model = EscortShift
    form_class = EscortShiftForm


class EscortShiftUpdateView(EscortShiftFormMixin, RecordUpdateView):
    model = EscortShift
    form_class = EscortShiftForm


# Duty log and today's coverage ------------------------------------------------------------------


class EscortDutyLogListView(RecordListView):
    model = EscortDutyLog
    table_class = EscortDutyLogTable
    filterset_class = EscortDutyLogFilterSet
    list_select_related = ("brigade", "shift__post__school")
    list_prefetch_related = ("officers",)
    create_url_name = "outreach:dutylog_create"


class EscortDutyLogDetailView(RecordDetailView):
    model = EscortDutyLog
    edit_url_name = "outreach:dutylog_update"
    list_select_related = ("brigade", "shift__post__school")
    list_prefetch_related = ("officers",)
    template_name = "outreach/escortdutylog_detail.html"


class EscortDutyLogFormMixin(OperationFormMixin):
    def run_operation(self, form):
        data = form.cleaned_data
        return operations.duty_log_record(
            shift=data["shift"], date=data["date"], staffing=data["staffing"], officers=list(data["officers"]),
            incident=data["incident"], congestion=data["congestion"], note=data["note"], user=self.request.user,
        )

    def get_initial(self):
        initial = super().get_initial()
        for name in ("shift", "date", "staffing"):
            if self.request.GET.get(name):
                initial[name] = self.request.GET[name]
        return initial


class EscortDutyLogCreateView(EscortDutyLogFormMixin, RecordCreateView):
    model = EscortDutyLog
    form_class = EscortDutyLogForm


class EscortDutyLogUpdateView(EscortDutyLogFormMixin, RecordUpdateView):
    model = EscortDutyLog
    form_class = EscortDutyLogForm


class EscortCoverageView(BrigadeScopedMixin, TemplateView):
    """Today's school-escort coverage: every post of the brigade, each of today's shifts green
    (staffed), red (unstaffed, or over and not recorded) or amber (not yet recorded); and the
    coverage rate of this month and this year."""

    model = EscortDutyLog
    template_name = "outreach/escort_coverage.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        try:
            day = date.fromisoformat(self.request.GET["day"]) if self.request.GET.get("day") else today
        except ValueError:
            raise Http404
        brigade_ids = brigade_ids_in_view(self.request)
        context.update(
            coverage=selectors.day_coverage(brigade_ids, day),
            today=today,
            is_today=day == today,
            periods=[
                (_("This month"), selectors.escort_coverage(brigade_ids, *selectors.period_bounds("month"))),
                (_("This year"), selectors.escort_coverage(brigade_ids, *selectors.period_bounds("year"))),
            ],
            brigades=Brigade.objects.for_user(self.request.user),
            chosen_brigade=self.request.GET.get("brigade", ""),
            # One-click entry needs one brigade: the user's own, or the one chosen.
            quick_brigade=self.quick_brigade(brigade_ids),
        )
        return context

    def quick_brigade(self, brigade_ids):
        if len(brigade_ids) == 1 and permissions.may(self.request.user, permissions.ADD, EscortDutyLog):
            return brigade_ids[0]
        return None


class EscortAllStaffedView(BrigadeScopedMixin, View):
    """POST: record every not-yet-recorded shift of a day as staffed as planned."""

    model = EscortDutyLog
    http_method_names = ["post"]

    def post(self, request):
        permissions.require(request.user, permissions.ADD, EscortDutyLog)
        brigade = Brigade.objects.for_user(request.user).filter(pk=request.POST.get("brigade") or request.user.brigade_id).first()
        if brigade is None:
            raise Http404
        try:
            day = date.fromisoformat(request.POST.get("day", ""))
        except ValueError:
            day = timezone.localdate()
        target = reverse("outreach:escort_coverage") + f"?day={day:%Y-%m-%d}"
        if request.user.sees_all_brigades:
            target += f"&brigade={brigade.pk}"
        try:
            created = operations.duty_log_all_staffed(brigade=brigade, date=day, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(target)
        if created:
            messages.success(request, _("%(count)s shifts recorded as staffed as planned.") % {"count": len(created)})
        else:
            messages.info(request, _("Every shift of that day was already recorded."))
        return redirect(target)
