"""Thin views of 待办 and the reminders: each user sees only their own."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, TemplateView

from . import operations
from .forms import MuteForm
from .models import MutedCategory, Notification
from .selectors import todo_by_category, todo_items


class TodoView(LoginRequiredMixin, TemplateView):
    """待办: what needs this user now, each line with its record and its next action."""

    template_name = "notifications/todo.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        items = todo_items(self.request.user)
        context.update(items=items, groups=todo_by_category(items))
        return context


class NotificationListView(LoginRequiredMixin, ListView):
    model = Notification
    template_name = "notifications/notification_list.html"
    paginate_by = 30

    def get_queryset(self):
        return Notification.objects.for_user(self.request.user).prefetch_related("deliveries")


class NotificationDetailView(LoginRequiredMixin, DetailView):
    model = Notification
    template_name = "notifications/notification_detail.html"

    def get_queryset(self):
        return Notification.objects.for_user(self.request.user).prefetch_related("deliveries")

    def get_object(self, queryset=None):
        notification = super().get_object(queryset)
        return operations.notification_mark_read(notification=notification, by=self.request.user)


class MuteSettingsView(LoginRequiredMixin, FormView):
    """Which reminder categories this user does not want."""

    form_class = MuteForm
    template_name = "notifications/mute_settings.html"

    def get_initial(self):
        return {"muted": list(MutedCategory.objects.filter(user=self.request.user).values_list("category", flat=True))}

    def form_valid(self, form):
        operations.mutes_set(user=self.request.user, categories=form.cleaned_data["muted"])
        messages.success(self.request, _("Your reminder settings are saved."))
        return redirect("notifications:mute_settings")


