"""The one place HTML views get their querysets: Model.objects.for_user(request.user)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from security.choices import EventKind
from security.operations import security_event_record

from . import permissions
from .history import history_entries
from .versioning import StaleEdit


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
        security_event_record(kind=EventKind.OUT_OF_SCOPE, request=request, target=f"{model._meta.label_lower} #{pk}",
                              detail={"method": request.method})


class RecordWriteMixin(BrigadeScopedMixin):
    """Create and edit: whom brigades.records.permissions lets add or change this model (the record itself is
    asked again once read); brigade and created_by are set here, not from the request."""

    success_message = None
    permission_action = permissions.CHANGE

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            permissions.require(request.user, self.permission_action, self.model)
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        permissions.require(self.request.user, self.permission_action, obj)
        return obj

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def post(self, request, *args, **kwargs):
        """The save, its many-to-many links and child rows in one transaction. An edit that lost the
        race to another (the row's version moved between reading and saving) is refused like a stale
        form: the record is read again and the form comes back with the other person's changes."""
        try:
            with transaction.atomic():
                return super().post(request, *args, **kwargs)
        except StaleEdit:
            if getattr(self, "object", None) is not None and self.object.pk is not None:
                self.object = self.get_object()
            form = self.get_form()
            if form.is_valid():
                form.add_error(None, _("Someone else saved this record at the same moment: your changes were not saved."))
            return self.form_invalid(form)

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
