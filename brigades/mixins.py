"""The one place HTML views get their querysets: Model.objects.for_user(request.user)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from .selectors import history_entries


class BrigadeScopedMixin(LoginRequiredMixin):
    """Lists, details and edits see only what the user's scope holds; the rest answers 404."""

    list_select_related = ()
    list_prefetch_related = ()

    def get_queryset(self):
        queryset = super().get_queryset().for_user(self.request.user)
        if self.list_select_related:
            queryset = queryset.select_related(*self.list_select_related)
        if self.list_prefetch_related:
            queryset = queryset.prefetch_related(*self.list_prefetch_related)
        return queryset

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except Http404:
            log_out_of_scope(self.request, self.model, self.kwargs.get(self.pk_url_kwarg))
            raise


def log_out_of_scope(request, model, pk):
    """A 404 for a record that exists in another brigade is a scope refusal: the security log keeps
    it (one extra query, on 404s only). A record that does not exist at all is not logged."""
    if pk is None or model is None or not request.user.is_authenticated:
        return
    try:
        exists = model._default_manager.filter(pk=pk).exists()
    except (TypeError, ValueError):
        return
    if exists:
        from security.choices import EventKind
        from security.operations import security_event_record

        security_event_record(kind=EventKind.OUT_OF_SCOPE, request=request, target=f"{model._meta.label_lower} #{pk}",
                              detail={"method": request.method})


class RecordWriteMixin(BrigadeScopedMixin):
    """Create and edit: writing roles only; brigade and created_by are set here, not from the request."""

    success_message = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.can_write_records:
            raise PermissionDenied(_("Your role may read these records but not change them."))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def form_valid(self, form):
        if form.instance.pk is None and hasattr(form.instance, "created_by_id"):
            form.instance.created_by = self.request.user
        response = super().form_valid(form)
        messages.success(self.request, self.success_message or _("Saved: %(record)s") % {"record": self.object})
        return response


class HistoryContextMixin:
    """Adds the record's audit trail (who changed what, when) to a detail page."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history_entries"] = history_entries(self.object)
        return context
