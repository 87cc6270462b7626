"""The account guard, after django-otp's OTPMiddleware: a user who has a second factor, or whose
role must have one (OTP_REQUIRED_ROLES), reaches nothing but the login steps until the code is
given; the Django admin included. It also keeps the auditor read-only on every page. Beside it:
the Permissions-Policy header and the sessions' idle timeout."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from .rules import has_second_factor, is_read_only, second_factor_required

NO_SECOND_FACTOR_KEY = "security_no_second_factor"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
# Pages a user may reach before the second factor: the login steps themselves.
OPEN_URL_NAMES = ("login", "logout", "set_language", "security:otp_verify", "security:otp_setup")
# Pages where the auditor may post: logging out, the language, their own password and second factor.
AUDITOR_POST_URL_NAMES = (*OPEN_URL_NAMES, "security:password_change", "security:recovery_codes",
                          "security:otp_remove", "security:tokens_revoke")


def remember_no_second_factor(request, user):
    """Asked once per session (at login, or on the first request of an older session), not on
    every request: enrolling verifies the session anyway."""
    request.session[NO_SECOND_FACTOR_KEY] = user.pk


class AccountGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def open_paths(self):
        return {reverse(name) for name in OPEN_URL_NAMES}

    @cached_property
    def auditor_post_paths(self):
        return {reverse(name) for name in AUDITOR_POST_URL_NAMES}

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            refusal = self.second_factor_step(request, user)
            if refusal is not None:
                return refusal
            if is_read_only(user) and request.method not in SAFE_METHODS and request.path not in self.auditor_post_paths:
                raise PermissionDenied(_("The auditor role reads records and changes nothing."))
        return self.get_response(request)

    def second_factor_step(self, request, user):
        if user.is_verified() or request.path in self.open_paths:
            return None
        if request.session.get(NO_SECOND_FACTOR_KEY) == user.pk:
            return None
        if has_second_factor(user):
            name = "security:otp_verify"
        elif second_factor_required(user):
            name = "security:otp_setup"
        else:
            remember_no_second_factor(request, user)
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": _("Give your second-factor code on the login page first.")}, status=403)
        return HttpResponseRedirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")


class PermissionsPolicyMiddleware:
    """Permissions-Policy on every response (Django has no setting for it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class IdleSessionMiddleware:
    """The 30-minute idle timeout (SESSION_COOKIE_AGE) without a database write on every request.

    Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) pushed its expiry forward but
    cost an UPDATE and a commit per page view, the only write of a read-only page. Here the session
    is saved when it was last refreshed at least REFRESH_SECONDS ago, so a user idle for 30 minutes
    is logged out after 29 to 30 minutes, and 20 clerks reading lists write once a minute each."""

    REFRESH_SECONDS = 60
    KEY = "_refreshed"

    @classmethod
    def fresh(cls, session):
        """Logging in has just saved the session: the next minute of pages need not save it again."""
        session[cls.KEY] = int(time.time())

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key:
            if int(time.time()) - session.get(self.KEY, 0) >= self.REFRESH_SECONDS:
                self.fresh(session)  # modified: SessionMiddleware saves it with a new expiry
        return response
