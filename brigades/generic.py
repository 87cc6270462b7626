"""Generic record pages every app subclasses: a filtered, sortable, exportable list, a detail page
with the audit trail, and create/edit forms. Scoping comes from the mixins, never the subclass."""

from pathlib import PurePosixPath

from django.http import Http404
from django.views import View
from django.views.generic import CreateView, DetailView, UpdateView
from django.views.generic.detail import SingleObjectMixin
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from . import files
from .export_views import RecordExportMixin
from .mixins import BrigadeScopedMixin, HistoryContextMixin, RecordWriteMixin
from .pagination import CappedPaginator
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
        return context

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
