"""API errors are JSON with field messages; a domain refusal is a 400 or 409, never a 500."""

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from security.choices import EventKind
from security.operations import security_event_record

from ..versioning import StaleEdit


def stale_detail(current):
    return {
        "detail": _("This record was changed by someone else since the version you sent: nothing was saved. "
                    "Read it again (its current version is given) and send your change with that version."),
        "version": current,
    }


class StaleVersion(APIException):
    """A PUT/PATCH made from an older version than the record's: 409 with the current version."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "stale_version"

    def __init__(self, current):
        super().__init__()
        self.detail = stale_detail(current)


class PreconditionFailed(StaleVersion):
    """The same, when the version came as If-Match (an ETag of GET): 412, as HTTP has it."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        return Response({"detail": _("The request body is too large.")}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, StaleEdit):
        # Lost the race between validation and the UPDATE ... WHERE version = ...
        return Response(stale_detail(exc.current), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = ValidationError(detail=detail)
    elif isinstance(exc, ProtectedError):
        return Response(
            {"detail": _("This record is still referenced by other records and cannot be deleted.")},
            status=status.HTTP_409_CONFLICT,
        )
    elif isinstance(exc, IntegrityError):
        return Response(
            {"detail": _("This conflicts with an existing record.")},
            status=status.HTTP_409_CONFLICT,
        )
    response = drf_exception_handler(exc, context)
    if response is not None and response.status_code == status.HTTP_403_FORBIDDEN:
        _log_denial(exc, context)
    return response


def _log_denial(exc, context):
    request = context.get("request")
    django_request = getattr(request, "_request", None)
    user = getattr(request, "user", None)
    security_event_record(kind=EventKind.PERMISSION_DENIED, request=django_request,
                          user=user if getattr(user, "is_authenticated", False) else None,
                          target=getattr(django_request, "path", ""),
                          detail={"reason": str(getattr(exc, "detail", exc)), "method": getattr(request, "method", ""), "api": True})
