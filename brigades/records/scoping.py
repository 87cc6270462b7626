"""Brigade scoping, written once: what a user may see, and the abstract base of every brigade record.

Every list, detail, edit view and API viewset gets its queryset from `for_user`; nothing else
filters by brigade by hand. A record outside the user's scope is simply absent, so it answers 404.
"""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import input_rules
from .month_lock import MonthLocked, check_record_unlocked
from .querysets import BrigadeScopedQuerySet
from .record_days import local_day
from .versioning import VersionedModel

__all__ = ["BrigadeRecord", "BrigadeScopedQuerySet", "local_day", "may_reference"]


class BrigadeRecord(VersionedModel):
    """A record that belongs to one brigade, with who entered it and when, and its audit trail.

    `date_field` names the field whose day the record counts towards (rollups, month locks);
    leave it None for undated reference records. `rollup_date_fields` lists every date or
    datetime field whose day a figure is counted on (for example found and rectified dates),
    so that a change to any of them refreshes the right days.

    Every record carries a `version` (brigades.records.versioning): an edit made from an older version is
    refused, not merged.
    """

    date_field = None
    rollup_date_fields = ()
    # Editable fields that later work on the record sets (a hazard's responsible party, a key item's
    # squadron and time limit, next week's list): changing them is not a change of the facts of the
    # record's month (brigades.records.month_lock); a rollup date among them is checked only where it is set.
    lifecycle_fields = ()

    brigade = models.ForeignKey(
        "brigades.Brigade",
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_set",
        verbose_name=_("brigade"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # inherit=True gives every concrete record its own historical table.
    history = HistoricalRecords(inherit=True)

    objects = BrigadeScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def all_rollup_date_fields(cls):
        fields = tuple(cls.rollup_date_fields)
        if cls.date_field and cls.date_field not in fields:
            fields = (cls.date_field, *fields)
        return fields

    def full_clean(self, exclude=None, validate_unique=True, validate_constraints=True):
        """Model validation, plus the input rules of the record's dates (brigades.records.input_rules) and
        the month lock (so a ModelForm, the admin and every import show them on the field that
        matters instead of failing on save): a write that would change a day of an approved month
        is refused (brigades.records.month_lock)."""
        errors = {}
        try:
            super().full_clean(exclude=exclude, validate_unique=validate_unique, validate_constraints=validate_constraints)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            input_rules.validate_instance(self, exclude=exclude or (), skip=errors)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            check_record_unlocked(self)
        except MonthLocked as error:
            for name, messages in error.message_dict.items():
                # A field the form does not show cannot carry an error: the message goes above it.
                key = name if name != "__all__" and not (exclude and name in exclude) else NON_FIELD_ERRORS
                errors.setdefault(key, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # One transaction around the month-lock check (pre_save) and the write, so that the lock
        # the check takes on the record's months is held until the write commits.
        with transaction.atomic():
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            return super().delete(*args, **kwargs)

    def record_date(self):
        """The local day this record counts towards, or None for undated records."""
        if not self.date_field:
            return None
        return local_day(self._meta.get_field(self.date_field), getattr(self, self.date_field))


def may_reference(obj, brigade):
    """Whether a record of `brigade` may point at `obj`: reference data (no brigade), an object of
    the same brigade, or an object of another brigade that says it is shared with this one by a
    `covers(brigade)` method (a detachment-wide enforcement operation, or one naming the brigade
    among the brigades taking part). The form and serializer bases check every chosen object
    with this, so a model opts in to being shared by defining `covers`, not each form."""
    other = getattr(obj, "brigade_id", None)
    if other is None or brigade is None or other == brigade.pk:
        return True
    covers = getattr(obj, "covers", None)
    return callable(covers) and bool(covers(brigade))
