from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

from .records.month_lock import MonthLocked


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Simplified Chinese unless the user picked another language with the switch.

    The browser's Accept-Language is ignored on purpose: shared police workstations often run
    English-language browsers, and the product's language is Chinese unless someone chooses.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class MonthLockedMiddleware:
    """A write refused by the month lock that no form caught (the admin's delete and its bulk
    delete action, any page that saves without a form) is shown as a message on the page the user
    came from, not as a server error.

    The admin's POSTs run in one transaction here: its changelist actions are not atomic, and the
    bulk delete writes its log entries before deleting, so a refused delete must roll them back too
    (the admin would otherwise log a deletion that did not happen)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "POST" or not request.path.startswith(reverse("admin:index")):
            return self.get_response(request)
        with transaction.atomic():
            response = self.get_response(request)
            if getattr(request, "month_locked", False):
                transaction.set_rollback(True)
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, MonthLocked) or request.path.startswith("/api/"):
            return None
        request.month_locked = True
        for text in exception.messages:
            messages.error(request, text)
        back = request.META.get("HTTP_REFERER") or request.path
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            back = "/"
        return HttpResponseRedirect(back)
