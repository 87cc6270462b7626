"""The day a record counts towards: a leaf module the record base, the month lock and the rollup
signals share, so that none of them imports another to get it."""

import datetime

from django.utils import timezone

# Where an instance keeps its brigade and rollup days as loaded (or last saved): a record whose date or
# brigade moves refreshes, and is checked against the month lock on, its old day too.
PREVIOUS = "_rollup_previous"


def local_day(field, value):
    """The local day of a date or datetime field's value, also before the value has been cleaned
    (a factory or the shell may assign "2026-05-01")."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = field.to_python(value)
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value
