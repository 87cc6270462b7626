"""Receivers connected to every concrete brigade record model (BrigadeRecord subclasses of all apps).

- Rollup dirty marking: a save or delete marks (brigade, day) dirty for every rollup date field of
  the record, the new values and the previous ones (a record whose date or brigade moved refreshes
  its old day too), on commit of the transaction. The previous values are remembered when the
  instance is loaded (post_init, from the instance's __dict__, so no query and no deferred-field
  load) and after each save.
- Cached figures (brigades.records.caching): a save or delete of any row of the apps moves the data
  version on, on commit, so the home page and dashboards read them again.
- Month lock: the last line of defence (admin, operations, imports, shell): a save or delete that
  would change a day of an approved month raises MonthLocked, a ValidationError
  (brigades.records.month_lock decides which writes those are, from the same pairs as the marking). Child
  rows that a month's figures are made of (a model with `lock_pairs()`) are guarded too.

Writes that send no signals (bulk_create, queryset.update, raw SQL) must call
`brigades.figures.rollups.mark_dirty(brigade_id, days)` themselves; demo loaders rebuild the rollups.
django-import-export imports save row by row (no `use_bulk`), so they are covered.
"""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save, pre_delete, pre_save

from .records.caching import data_changed
from .records.month_lock import check_child_unlocked, check_record_unlocked, record_days, remember_facts
from .records.record_days import PREVIOUS
from .figures.rollups import mark_dirty_pairs, record_models


def _snapshot(instance):
    """(brigade_id, {field: day}) from what the instance holds, without touching the database."""
    return record_days(instance)


def _pairs(*snapshots):
    pairs = set()
    for brigade_id, days in snapshots:
        if brigade_id is None:
            continue
        pairs.update((brigade_id, day) for day in days.values() if day is not None)
    return pairs


def remember_values(sender, instance, **kwargs):
    instance.__dict__[PREVIOUS] = _snapshot(instance)
    remember_facts(instance)


def mark_saved_record_dirty(sender, instance, raw=False, **kwargs):
    current = _snapshot(instance)
    pairs = _pairs(current, instance.__dict__.get(PREVIOUS, (None, {})))
    instance.__dict__[PREVIOUS] = current
    remember_facts(instance)
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


def guard_child_on_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    check_child_unlocked(instance)


def guard_child_on_delete(sender, instance, **kwargs):
    check_child_unlocked(instance, deleting=True)


def connect_child_signals(model):
    """Guard a child row whose `lock_pairs()` say which days of its record's figures it is part of."""
    uid = model._meta.label_lower
    pre_save.connect(guard_child_on_save, sender=model, dispatch_uid=f"lock-child-save-{uid}")
    pre_delete.connect(guard_child_on_delete, sender=model, dispatch_uid=f"lock-child-delete-{uid}")


def connect_record_signals(model):
    """Connect the receivers to one record model (done for all of them in BrigadesConfig.ready)."""
    uid = model._meta.label_lower
    post_init.connect(remember_values, sender=model, dispatch_uid=f"rollup-init-{uid}")
    post_save.connect(mark_saved_record_dirty, sender=model, dispatch_uid=f"rollup-save-{uid}")
    post_delete.connect(mark_deleted_record_dirty, sender=model, dispatch_uid=f"rollup-delete-{uid}")
    pre_save.connect(guard_locked_month_on_save, sender=model, dispatch_uid=f"lock-save-{uid}")
    pre_delete.connect(guard_locked_month_on_delete, sender=model, dispatch_uid=f"lock-delete-{uid}")


# Apps whose rows the home page and dashboards show; a change to any of their rows (a record, a
# hazard's re-inspection, a reference row) makes the cached figures be read again.
DATA_APPS = ("brigades", "hazards", "enforcement", "outreach", "services")
# The rollup tables move the version themselves; a user's login (last_login) changes no figure,
# and a cached figure's key names the user's brigade and role.
NOT_DATA = {"brigades.dailyfigure", "brigades.monthlyfigure", "brigades.dirtyday", "brigades.user"}


def data_changed_on_commit(sender, **kwargs):
    transaction.on_commit(data_changed)


def connect_all():
    for model in record_models():
        connect_record_signals(model)
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in DATA_APPS and label not in NOT_DATA and not label.split(".")[1].startswith("historical"):
            post_save.connect(data_changed_on_commit, sender=model, dispatch_uid=f"cache-save-{label}")
            post_delete.connect(data_changed_on_commit, sender=model, dispatch_uid=f"cache-delete-{label}")
        if callable(getattr(model, "lock_pairs", None)):
            connect_child_signals(model)
