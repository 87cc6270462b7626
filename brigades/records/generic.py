"""Generic record pages every app subclasses: a filtered, sortable, exportable list, a detail page
with the audit trail, and create/edit forms. Scoping comes from the mixins, never the subclass."""

from pathlib import PurePosixPath

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, UpdateView
from django.views.generic.detail import SingleObjectMixin
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from . import caching
from . import files, permissions
from .export_views import RecordExportMixin
from .forms import form_errors
from .mixins import BrigadeScopedMixin, HistoryContextMixin, RecordWriteMixin
from .pagination import SEARCH_COUNT_CAP, CappedPaginator
from .replica import ReplicaReadMixin


class GenericTemplateMixin:
    """Use templates/<app>/<model><suffix>.html when an app has one, else the shared generic page."""

    generic_template = None

    def get_template_names(self):
        names = super().get_template_names()
        return [*names, self.generic_template]


class RecordListView(ReplicaReadMixin, GenericTemplateMixin, BrigadeScopedMixin, RecordExportMixin, SingleTableMixin, FilterView):
    generic_template = "generic/record_list.html"
    template_name_suffix = "_list"
    # The table paginates (25 a page); the ListView underneath does not paginate object_list a
    # second time (its count was a second COUNT(*) of the whole list). Counts stop at 10 000
    # ("more than 10 000"): an exact count of millions of rows costs seconds.
    paginate_by = None
    table_pagination = {"per_page": 25, "paginator_class": CappedPaginator}
    create_url_name = None

    # The first filters (after the free-text search) show; the rest fold under "more filters".
    primary_filter_count = 5

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["opts"] = self.model._meta
        context["create_url_name"] = self.create_url_name
        if context.get("filter") is not None:
            context.update(self.split_filters(context["filter"].form))
            # The filter form (a few hundred options, a template per field) is the same for the same
            # user, query and data: rendered once, then read from the cache until the data changes.
            context["filters_cache_key"] = caching.fragment_key(
                "list-filters", self.request.user, type(self).__module__, type(self).__qualname__, self.request.get_full_path())
        return context

    def get_table_pagination(self, table):
        pagination = super().get_table_pagination(table)
        if pagination is not False and self.request.GET.get("q", "").strip():
            pagination = {**pagination, "cap": SEARCH_COUNT_CAP}
        return pagination

    def split_filters(self, form):
        user = self.request.user
        visible = [
            field for field in form
            # A user of one brigade has nothing to choose; the parameter still works from links.
            if not (field.name == "brigade" and not user.sees_all_brigades)
        ]
        visible.sort(key=lambda field: field.name != "q")
        primary, more = visible[: self.primary_filter_count], visible[self.primary_filter_count:]
        used = {key for key, value in self.request.GET.items() if value}
        more_active = any(key == f.name or key.startswith(f"{f.name}_") for f in more for key in used)
        hidden = [field for field in form if field not in visible]
        return {"primary_filters": primary, "more_filters": more, "more_filters_active": more_active,
                "hidden_filters": hidden}


class RecordDetailView(GenericTemplateMixin, BrigadeScopedMixin, HistoryContextMixin, DetailView):
    generic_template = "generic/record_detail.html"
    edit_url_name = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["opts"] = self.model._meta
        context["edit_url_name"] = self.edit_url_name
        return context


class RecordCreateView(GenericTemplateMixin, RecordWriteMixin, CreateView):
    generic_template = "generic/record_form.html"
    permission_action = permissions.ADD


class RecordUpdateView(GenericTemplateMixin, RecordWriteMixin, UpdateView):
    generic_template = "generic/record_form.html"


class RecordFileView(BrigadeScopedMixin, SingleObjectMixin, View):
    """Sends the file of one record the user may see; subclasses set `model` (and `thumbnail`)."""

    file_field = "file"
    thumbnail = False

    def get(self, request, *args, **kwargs):
        record = self.get_object()
        field_file = getattr(record, self.file_field)
        if not field_file:
            raise Http404("no file")
        name = None
        if self.thumbnail:
            try:
                name = files.thumbnail(field_file)
            except FileNotFoundError:
                raise Http404("file missing from storage") from None
        return files.file_response(request, field_file, name=name, download_name=self.download_name(record, field_file))

    def download_name(self, record, field_file):
        return PurePosixPath(field_file.name).name


class RecordActionView(BrigadeScopedMixin, SingleObjectMixin, FormView):
    """One operation on one record (assign, sign off, clear, take, approve...): the one action view.

    The record is read in the user's scope first (another brigade's answers 404 whatever the role),
    then brigades.records.permissions is asked for `permission_action` on it (403 with the reason). A valid
    form calls `perform(form)` in one transaction; an operation's ValidationError shows on the form.
    `perform` may return the record as it now is.

    The form has its own page (templates/generic/record_action.html: title, intro, submit label),
    or, with `detail_view_class`, it is a form on the record's page: GET goes to that page, and a
    refused form shows that page again with the form under `form_context_name`.
    """

    template_name = "generic/record_action.html"
    permission_action = None
    title = ""
    intro = ""
    submit_label = gettext_lazy("Save")
    button_class = "btn-primary"
    success_message = None
    detail_view_class = None
    form_context_name = "form"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.get_object()
        permissions.require(request.user, self.permission_action, self.object)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if self.detail_view_class is not None:
            return redirect(self.object.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=self.title, intro=self.intro, submit_label=self.submit_label, button_class=self.button_class)
        return context

    def form_valid(self, form):
        try:
            with transaction.atomic():
                result = self.perform(form)
        except ValidationError as error:
            form_errors(form, error)
            return self.form_invalid(form)
        if isinstance(result, type(self.object)):
            self.object = result
        messages.success(self.request, self.success_text())
        return redirect(self.get_success_url())

    def form_invalid(self, form):
        if self.detail_view_class is None:
            return super().form_invalid(form)
        messages.error(self.request, " ".join(str(m) for m in form.non_field_errors()) or _("Please correct the errors below."))
        self.object.refresh_from_db()
        page = self.detail_view_class()
        page.setup(self.request, *self.args, **self.kwargs)
        page.object = self.object
        return page.render_to_response(page.get_context_data(object=self.object, **{self.form_context_name: form}))

    def success_text(self):
        return (self.success_message or _("Saved: %(record)s")) % {"record": self.object}

    def get_success_url(self):
        """Back to the record, or to a `next` page of this site (the queue an order was taken from)."""
        target = self.request.POST.get("next") or self.request.GET.get("next")
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts={self.request.get_host()}):
            return target
        return self.object.get_absolute_url()

    def perform(self, form):
        raise NotImplementedError
