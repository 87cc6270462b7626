"""Error pages that say what happened in plain words and leak nothing about the system."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from security.choices import EventKind
from security.operations import security_event_record


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    # Every refusal of a page is kept with the user who asked (the API's are in its exception handler).
    security_event_record(kind=EventKind.PERMISSION_DENIED, request=request, target=request.path,
                          detail={"reason": str(exception or ""), "method": request.method})
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors: the failure may be the database they would read.

    return HttpResponseServerError(loader.get_template("500.html").render())
