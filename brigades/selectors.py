"""Reads of the organisation that are more than one filter."""

from django.db.models import Count, Q

from .models import Brigade, Officer


def history_entries(record):
    """The record's audit trail, newest first, each with the fields that changed from the one before.

    One query for all versions; the differences are computed in memory.
    """
    if not hasattr(record, "history"):
        return []
    versions = list(record.history.select_related("history_user").order_by("history_date", "history_id"))
    entries = []
    previous = None
    for version in versions:
        changes = []
        if previous is not None:
            # The version goes up on every save: it is not a change anyone made.
            delta = version.diff_against(previous, excluded_fields=["version"])
            for change in delta.changes:
                field = version.instance_type._meta.get_field(change.field)
                changes.append({"field": field.verbose_name, "old": change.old, "new": change.new})
        entries.append({"version": version, "changes": changes})
        previous = version
    entries.reverse()
    return entries


def brigades_with_counts(user):
    return Brigade.objects.for_user(user).annotate(
        officer_count=Count("officers", filter=Q(officers__is_active=True), distinct=True),
        squadron_count=Count("squadrons", distinct=True),
        town_count=Count("towns", distinct=True),
    )


def officers_for_brigade(brigade):
    return Officer.objects.filter(brigade=brigade).select_related("squadron")
