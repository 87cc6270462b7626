"""Account pages (password, second factor, API tokens), the login's second step, and the security
log. Thin: the writes are in operations, the rules in rules."""

import base64

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from django_tables2 import RequestConfig

from .choices import EventKind
from .filtersets import SecurityEventFilterSet
from .forms import OTPTokenForm
from .operations import (
    otp_device_pending, otp_devices_remove, otp_enrol_confirm, recovery_codes_issue,
    security_event_record, tokens_revoke,
)
from .rules import has_second_factor, may_read_security_log, second_factor_required
from .selectors import api_tokens_of, security_events
from .tables import SecurityEventTable


def next_url(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return reverse(default)


def otp_login(request, device):
    from django_otp import login as django_otp_login

    django_otp_login(request, device)
    security_event_record(kind=EventKind.OTP_VERIFIED, request=request, target=device.persistent_id)


class AccountView(LoginRequiredMixin, TemplateView):
    """The user's own security: password, second factor, recovery codes, API tokens."""

    template_name = "security/account.html"

    def get_context_data(self, **kwargs):
        from django_otp.plugins.otp_static.models import StaticToken

        user = self.request.user
        return super().get_context_data(
            has_second_factor=has_second_factor(user),
            second_factor_required=second_factor_required(user),
            recovery_codes_left=StaticToken.objects.filter(device__user=user).count(),
            api_tokens=api_tokens_of(user),
            **kwargs,
        )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "security/password_change.html"
    success_url = reverse_lazy("security:account")

    def form_valid(self, form):
        response = super().form_valid(form)
        security_event_record(kind=EventKind.PASSWORD_CHANGED, request=self.request,
                              target=self.request.user.get_username())
        messages.success(self.request, _("Your password has been changed."))
        return response


class LogoutView(auth_views.LogoutView):
    """Logging out also revokes the user's API tokens: nothing signed in survives a logout."""

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            tokens_revoke(user=request.user, request=request, reason="logout")
        return super().post(request, *args, **kwargs)


class OTPSetupView(LoginRequiredMixin, View):
    """Enrolment: a QR code (drawn here, no internet) for the authenticator app, then one code to
    confirm; the recovery codes are shown once."""

    template_name = "security/otp_setup.html"

    def dispatch(self, request, *args, **kwargs):
        # A password alone must not replace an enrolled phone: prove the old factor first.
        if request.user.is_authenticated and not request.user.is_verified() and has_second_factor(request.user):
            return redirect(f"{reverse('security:otp_verify')}?next={reverse('security:otp_setup')}")
        return super().dispatch(request, *args, **kwargs)

    def context(self, device, form):
        import segno

        qr = segno.make(device.config_url, error="m")
        return {
            "form": form,
            "qr_svg": qr.svg_inline(scale=5, dark="#000", light="#fff"),
            "secret": base64.b32encode(device.bin_key).decode(),
            "required": second_factor_required(self.request.user),
            "next": next_url(self.request),
        }

    def get(self, request):
        device = otp_device_pending(user=request.user)
        return render(request, self.template_name, self.context(device, OTPTokenForm()))

    def post(self, request):
        device = otp_device_pending(user=request.user)
        form = OTPTokenForm(request.POST)
        if form.is_valid():
            codes = otp_enrol_confirm(user=request.user, device=device, token=form.cleaned_data["otp_token"],
                                      request=request)
            if codes is not None:
                device.refresh_from_db()
                otp_login(request, device)
                return render(request, "security/recovery_codes.html", {"codes": codes, "next": next_url(request)})
            form.add_error("otp_token", _("The code is wrong or has expired. Check the phone's clock and try the next code."))
        return render(request, self.template_name, self.context(device, form), status=400)


class OTPVerifyView(LoginRequiredMixin, View):
    """The login's second step: a code of the authenticator app or one recovery code."""

    template_name = "security/otp_verify.html"

    def get(self, request):
        if request.user.is_verified() or not has_second_factor(request.user):
            return redirect(next_url(request))
        return render(request, self.template_name, {"form": OTPTokenForm(), "next": next_url(request)})

    def post(self, request):
        from django_otp import match_token

        form = OTPTokenForm(request.POST)
        if form.is_valid():
            device = match_token(request.user, form.cleaned_data["otp_token"])
            if device is not None:
                otp_login(request, device)
                return redirect(next_url(request))
            security_event_record(kind=EventKind.OTP_FAILED, request=request, target=_("login"))
            form.add_error("otp_token", _("The code is wrong or has expired."))
        return render(request, self.template_name, {"form": form, "next": next_url(request)}, status=400)


class RecoveryCodesView(LoginRequiredMixin, View):
    def post(self, request):
        if not has_second_factor(request.user):
            return redirect("security:otp_setup")
        codes = recovery_codes_issue(user=request.user, request=request)
        return render(request, "security/recovery_codes.html", {"codes": codes, "next": reverse("security:account")})


class OTPRemoveView(LoginRequiredMixin, View):
    def post(self, request):
        if second_factor_required(request.user):
            raise PermissionDenied(_("Your role must keep a second factor; enrol a new phone instead."))
        otp_devices_remove(user=request.user, request=request)
        messages.success(request, _("The second factor has been removed."))
        return redirect("security:account")


class TokensRevokeView(LoginRequiredMixin, View):
    def post(self, request):
        count = tokens_revoke(user=request.user, request=request, reason="revoked by the user")
        messages.success(request, _("%(count)s API token(s) revoked.") % {"count": count})
        return redirect("security:account")


class SecurityLogView(LoginRequiredMixin, TemplateView):
    """The security log, read-only, for administrators and auditors."""

    template_name = "security/security_log.html"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_read_security_log(request.user):
            raise PermissionDenied(_("Only administrators and auditors read the security log."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        filterset = SecurityEventFilterSet(self.request.GET or None, queryset=security_events())
        table = SecurityEventTable(filterset.qs)
        RequestConfig(self.request, paginate={"per_page": self.paginate_by}).configure(table)
        return super().get_context_data(filter=filterset, table=table, **kwargs)
