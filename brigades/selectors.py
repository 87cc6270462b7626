"""Reads of the organisation that are more than one filter."""

from django.db.models import Count, Q

from .history import history_entries  # noqa: F401  (the audit trail: brigades.history)
from .models import Brigade, Officer


def brigades_with_counts(user):
    return Brigade.objects.for_user(user).annotate(
        officer_count=Count("officers", filter=Q(officers__is_active=True), distinct=True),
        squadron_count=Count("squadrons", distinct=True),
        town_count=Count("towns", distinct=True),
    )


def officers_for_brigade(brigade):
    return Officer.objects.filter(brigade=brigade).select_related("squadron")


def previous_imports(*, brigade, kind, sha256):
    """Earlier imports of the very same file (same content) into this brigade's `kind` import."""
    from .models import ImportedFile

    return ImportedFile.objects.filter(brigade=brigade, kind=kind, sha256=sha256).select_related("imported_by")
