"""Receivers connected to every concrete brigade record model (BrigadeRecord subclasses of all apps).

- Rollup dirty marking: a save or delete marks (brigade, day) dirty for every rollup date field of
  the record, the new values and the previous ones (a record whose date or brigade moved refreshes
  its old day too), on commit of the transaction. The previous values are remembered when the
  instance is loaded (post_init, from the instance's __dict__, so no query and no deferred-field
  load) and after each save.
- Month lock: the last line of defence (admin, operations, shell): saving or deleting a record
  dated in an approved month raises ValidationError (brigades.month_lock).

Writes that send no signals (bulk_create, queryset.update, raw SQL) must call
`brigades.rollups.mark_dirty(brigade_id, days)` themselves; demo loaders rebuild the rollups.
django-import-export imports save row by row (no `use_bulk`), so they are covered.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save, pre_delete, pre_save

from .month_lock import check_record_unlocked
from .record_days import PREVIOUS, local_day
from .rollups import mark_dirty_pairs, record_models


def _snapshot(instance):
    """(brigade_id, {field: day}) from what the instance holds, without touching the database."""
    values = instance.__dict__
    days = {}
    for name in type(instance).all_rollup_date_fields():
        field = instance._meta.get_field(name)
        days[name] = local_day(field, values.get(field.attname))
    return values.get("brigade_id"), days


def _pairs(*snapshots):
    pairs = set()
    for brigade_id, days in snapshots:
        if brigade_id is None:
            continue
        pairs.update((brigade_id, day) for day in days.values() if day is not None)
    return pairs


def remember_values(sender, instance, **kwargs):
    instance.__dict__[PREVIOUS] = _snapshot(instance)


def mark_saved_record_dirty(sender, instance, raw=False, **kwargs):
    current = _snapshot(instance)
    pairs = _pairs(current, instance.__dict__.get(PREVIOUS, (None, {})))
    instance.__dict__[PREVIOUS] = current
    if pairs:
        transaction.on_commit(lambda: mark_dirty_pairs(pairs))


def mark_deleted_record_dirty(sender, instance, **kwargs):
    pairs = _pairs(_snapshot(instance), instance.__dict__.get(PREVIOUS, (None, {})))
    if pairs:
        transaction.on_commit(lambda: mark_dirty_pairs(pairs))


def guard_locked_month_on_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    check_record_unlocked(instance)


def guard_locked_month_on_delete(sender, instance, **kwargs):
    check_record_unlocked(instance, deleting=True)


def connect_record_signals(model):
    """Connect the receivers to one record model (done for all of them in BrigadesConfig.ready)."""
    uid = model._meta.label_lower
    post_init.connect(remember_values, sender=model, dispatch_uid=f"rollup-init-{uid}")
    post_save.connect(mark_saved_record_dirty, sender=model, dispatch_uid=f"rollup-save-{uid}")
    post_delete.connect(mark_deleted_record_dirty, sender=model, dispatch_uid=f"rollup-delete-{uid}")
    pre_save.connect(guard_locked_month_on_save, sender=model, dispatch_uid=f"lock-save-{uid}")
    pre_delete.connect(guard_locked_month_on_delete, sender=model, dispatch_uid=f"lock-delete-{uid}")


def connect_all():
    for model in record_models():
        connect_record_signals(model)
