"""Generic record pages every app subclasses: a filtered, sortable, exportable list, a detail page
with the audit trail, and create/edit forms. Scoping comes from the mixins, never the subclass."""

from django.views.generic import CreateView, DetailView, UpdateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from .export_views import RecordExportMixin
from .mixins import BrigadeScopedMixin, HistoryContextMixin, RecordWriteMixin


class GenericTemplateMixin:
    """Use templates/<app>/<model><suffix>.html when an app has one, else the shared generic page."""

    generic_template = None

    def get_template_names(self):
        names = super().get_template_names()
        return [*names, self.generic_template]


class RecordListView(GenericTemplateMixin, BrigadeScopedMixin, RecordExportMixin, SingleTableMixin, FilterView):
    generic_template = "generic/record_list.html"
    template_name_suffix = "_list"
    paginate_by = 25
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
