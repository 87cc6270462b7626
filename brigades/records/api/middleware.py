"""Every answer under /api/ is JSON, errors included: a URL that matches nothing (404), a method a plain
view refuses (405), a body too large (413), a server error (500) — never Django's HTML pages."""

from http import HTTPStatus

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
# Bodies read as files are bounded by the upload limits (brigades.records.uploads), not by this one.
STREAMED_TYPES = ("multipart/form-data",)


def body_too_large(request):
    """Django refuses a non-file body over DATA_UPLOAD_MAX_MEMORY_SIZE when it is read (RequestDataTooBig),
    wherever that happens: refuse it before any middleware or view reads it."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is None or request.content_type in STREAMED_TYPES:
        return False
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > limit
    except ValueError:
        return False


def json_error(status, detail=None):
    if detail is None:
        try:
            detail = HTTPStatus(status).phrase
        except ValueError:
            detail = _("Error")
    return JsonResponse({"detail": detail}, status=status)


class ApiJsonErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if body_too_large(request):
            return json_error(413, _("The request body is larger than %(limit)s bytes.")
                              % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE})
        response = self.get_response(request)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith("application/json"):
            messages = {
                404: _("Not found."),
                405: _("This method is not allowed here."),
                500: _("A server error occurred; it has been logged."),
            }
            replacement = json_error(response.status_code, messages.get(response.status_code))
            for header in ("Allow", "WWW-Authenticate", "Retry-After"):
                if header in response:
                    replacement[header] = response[header]
            return replacement
        return response
