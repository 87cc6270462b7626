"""No lost update: every editable record carries a version, and an edit carries the version it was made from.

Two clerks open the same hazard and change different fields: without a check the second save writes
back the first clerk's fields as they were when the second clerk opened the page, and the first
change is gone without a word. So a versioned model's row is only ever updated by

    UPDATE ... SET ..., version = <expected> + 1 WHERE id = <pk> AND version = <expected>

where <expected> is the version the instance holds: the version the edit was made from (the web form's
hidden field, the API's `version` or If-Match), or the one it was read with. Of two edits made from the
same version exactly one matches the WHERE; the other gets `StaleEdit`, whatever the timing, on every
database. Transitions read the row under `select_for_update`, so they hold the current version and keep
their row locks.

Writes that skip `save()` (queryset.update, bulk_update) must bump the version themselves:
`version=F("version") + 1`.
"""

from django.db import models
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class StaleEdit(Exception):
    """The record changed since the version this edit was made from: refused, never merged."""

    def __init__(self, instance, expected, current):
        self.instance = instance
        self.expected = expected
        self.current = current
        super().__init__(f"{type(instance).__name__} {instance.pk}: edited from version {expected}, now {current}")


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(
        _("version"), default=1, editable=False,
        help_text=_("Goes up by one on every save; an edit names the version it was made from."),
    )

    class Meta:
        abstract = True

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        field = self._meta.get_field("version")
        expected = self.version
        values = [value for value in values if value[0] is not field] + [(field, None, expected + 1)]
        rows = base_qs.filter(pk=pk_val)
        if rows.filter(version=expected)._update(values) > 0:
            self.version = expected + 1
            return True
        current = rows.values_list("version", flat=True).first()
        if current is None:
            return False  # the row is gone: Django inserts it again, as it would without a version
        raise StaleEdit(self, expected, current)

    def current_version(self):
        return type(self)._base_manager.filter(pk=self.pk).values_list("version", flat=True).first()


def display(field, value):
    """A field's value as a person reads it: the choice's label, the related record's name, a date."""
    if value is None or value == "":
        return "—"
    if hasattr(value, "all") and callable(value.all):
        value = list(value.all())
    if isinstance(value, (list, tuple, set)):
        return "、".join(str(item) for item in value) or "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "isoformat"):
        return formats.localize(value)
    return str(value)


def changes_since(record, version, submitted):
    """What the other person changed since `version`, against this edit's `submitted` values (field name
    → the value this edit gives it). One row per field they changed, with their value and yours, and
    whether yours differs from what you were shown:

    - `taken`: you left the field as you found it, so their value is the one to keep (the form takes it);
    - `conflict`: you both changed it, differently: the form keeps yours for you to decide.

    A field you both set to the same value is no row. Without the version you opened in the audit trail,
    every field whose current value differs from yours is a conflict."""
    current = type(record)._base_manager.get(pk=record.pk)
    snapshot = None
    if hasattr(current, "history"):
        snapshot = current.history.filter(version=version).order_by("-history_date", "-history_id").first()
    rows = []
    for name, yours in submitted.items():
        try:
            field = current._meta.get_field(name)
        except Exception:  # noqa: BLE001 (a form field that is not a model field: nothing to compare)
            continue
        if field.many_to_many or not getattr(field, "concrete", False):
            continue
        theirs = getattr(current, field.attname)
        mine = yours.pk if isinstance(yours, models.Model) else yours
        shown = getattr(snapshot, field.attname, theirs) if snapshot is not None else None
        if snapshot is not None and shown == theirs:
            continue  # they did not change this field
        if theirs == mine:
            continue  # they changed it to what you wanted too
        taken = snapshot is not None and mine == shown
        rows.append({
            "name": name,
            "field": str(field.verbose_name),
            "theirs": display(field, getattr(current, field.name)),
            "yours": display(field, yours),
            "current": getattr(current, field.name),
            "taken": taken,
        })
    latest = None
    if hasattr(current, "history"):
        latest = current.history.select_related("history_user").order_by("-history_date", "-history_id").first()
    return {
        "version": current.version,
        "from_version": version,
        "rows": rows,
        "by": getattr(latest, "history_user", None),
        "at": getattr(latest, "history_date", None),
        "record": current,
    }
