"""Generic record pages every app subclasses: a filtered, sortable, exportable list, a detail page
with the audit trail, and create/edit forms. Scoping comes from the mixins, never the subclass."""

from django.views.generic import CreateView, DetailView, UpdateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export.views import ExportMixin

from .mixins import BrigadeScopedMixin, HistoryContextMixin, RecordWriteMixin


class GenericTemplateMixin:
    """Use templates/<app>/<model><suffix>.html when an app has one, else the shared generic page."""

    generic_template = None

    def get_template_names(self):
        names = super().get_template_names()
        return [*names, self.generic_template]


class RecordListView(GenericTemplateMixin, BrigadeScopedMixin, ExportMixin, SingleTableMixin, FilterView):
    generic_template = "generic/record_list.html"
    template_name_suffix = "_list"
    paginate_by = 25
    export_formats = ("xlsx", "csv")
    create_url_name = None

    def get_export_filename(self, export_format):
        return f"{self.model._meta.model_name}.{export_format}"

    def create_export(self, export_format):
        """The export, and a line in the security log: who, which list, which filters, how many rows."""
        from security.choices import EventKind
        from security.operations import security_event_record

        response = super().create_export(export_format)
        filters = {key: values if len(values) > 1 else values[0]
                   for key, values in self.request.GET.lists() if key != self.export_trigger_param and any(values)}
        security_event_record(
            kind=EventKind.EXPORT, request=self.request, target=str(self.model._meta.verbose_name_plural),
            detail={"list": self.model._meta.label_lower, "format": export_format, "filters": filters,
                    "rows": self.object_list.count()},
        )
        return response

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
