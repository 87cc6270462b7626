"""A record's audit trail as people read it: its own changes and those of its child rows (a counter
day's counts, an event's materials and photos, a hazard's measures and photos), and its many-to-many
choices (a case's officers), each value as the page shows it: choice labels ("风险等级: 高 → 中"),
related objects by name, yes/no, personal numbers masked.

A model names the child rows that belong in its history with `history_children` (reverse relation
names whose models keep a simple-history trail) and its many-to-many fields with
`_history_m2m_fields` (simple-history's own attribute: each change of the set is a version).
"""

import datetime
from collections import defaultdict

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from . import personal_numbers

# Bookkeeping fields that change on every save and mean nothing to a reader.
# The version goes up on every save (brigades.records.versioning): it is not a change anyone made.
SKIPPED_FIELDS = {"id", "updated_at", "created_at", "created_by", "version"}


class _Names:
    """Related objects' names, read in one query per model for the whole trail."""

    def __init__(self):
        self.wanted = defaultdict(set)
        self.found = {}

    def want(self, model, pk):
        if pk not in (None, ""):
            self.wanted[model].add(pk)

    def resolve(self):
        for model, pks in self.wanted.items():
            for pk, obj in model._base_manager.in_bulk(list(pks)).items():
                self.found[(model, pk)] = obj

    def name(self, model, pk):
        obj = self.found.get((model, pk))
        if obj is None:
            return f"#{pk}"
        if isinstance(obj, AbstractBaseUser):
            return obj.get_full_name() or obj.get_username()
        return str(obj)


def _m2m_target(field):
    """The key of the target object in simple-history's rows of an m2m field ({"violation": 1, "officer": 3})."""
    return field.m2m_reverse_field_name()


def _want(names, field, value):
    if field.many_to_many:
        target = _m2m_target(field)
        for row in value or ():
            names.want(field.related_model, row.get(target))
    elif isinstance(field, models.ForeignKey):
        names.want(field.related_model, value)


def readable(model, field, value, names):
    """A stored value as the record's page shows it."""
    if value in (None, "") or (field.many_to_many and not value):
        return None
    if personal_numbers.is_personal_number(model, field.name):
        return personal_numbers.mask(value)
    if field.many_to_many:
        target = _m2m_target(field)
        return "、".join(sorted(names.name(field.related_model, row.get(target)) for row in value))
    if isinstance(field, models.ForeignKey):
        return names.name(field.related_model, value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(field, models.FileField):
        return str(value).rsplit("/", 1)[-1]
    return value


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except Exception:
        return None


def _diff(version, previous):
    """(field, old, new) of the fields that changed between two versions of one object."""
    model = version.instance_type
    delta = version.diff_against(previous, foreign_keys_are_objs=False)
    out = []
    for change in delta.changes:
        field = _field(model, change.field)
        if field is None or change.field in SKIPPED_FIELDS:
            continue
        out.append((field, change.old, change.new))
    return out


def _created(version, parent_fk=None):
    """The values a new child row was created with (those not empty)."""
    model = version.instance_type
    out = []
    for field in model._meta.concrete_fields:
        if field.name in SKIPPED_FIELDS or field.name == parent_fk or field.name in ("brigade", "date"):
            continue
        value = getattr(version, field.attname, None)
        if value in (None, "", 0, False):
            continue
        out.append((field, None, value))
    return out


def _trail(history_manager, parent_fk=None):
    """Entries (version, subject, raw changes) of one object's or one relation's versions."""
    versions = list(history_manager.select_related("history_user").order_by("history_date", "history_id"))
    previous_by_object = {}
    entries = []
    for version in versions:
        object_id = getattr(version, version.instance_type._meta.pk.attname)
        previous = previous_by_object.get(object_id)
        if version.history_type == "-":
            changes = []
        elif previous is None:
            changes = _created(version, parent_fk) if parent_fk else []
        else:
            changes = _diff(version, previous)
            if not changes and parent_fk:
                previous_by_object[object_id] = version
                continue  # a child saved unchanged is no news in the parent's trail
        previous_by_object[object_id] = version
        entries.append({"version": version, "subject": "", "raw": changes})
    return entries


def _naming_field(child_model, parent_fk):
    """The foreign key that names a child row (a count's business type, an event's material), so
    that the trail says which row changed without reading each row's neighbours."""
    for field in child_model._meta.concrete_fields:
        if (isinstance(field, models.ForeignKey) and field.name not in (parent_fk, "brigade", "created_by")
                and not issubclass(field.related_model, AbstractBaseUser)):
            return field
    return None


def history_entries(record):
    """The record's audit trail, newest first: its own versions and its child rows', each entry with
    the fields that changed from the version before, in readable values."""
    if not hasattr(record, "history"):
        return []
    entries = _trail(record.history)
    names = _Names()
    for relation_name in getattr(type(record), "history_children", ()):
        relation = record._meta.get_field(relation_name)
        child_model = relation.related_model
        if not hasattr(child_model, "history"):
            continue
        parent_fk = relation.field.name
        naming = _naming_field(child_model, parent_fk)
        child_entries = _trail(child_model.history.filter(**{relation.field.attname: record.pk}), parent_fk)
        for entry in child_entries:
            entry["label"] = str(child_model._meta.verbose_name)
            entry["naming"] = naming
            if naming is not None:
                names.want(naming.related_model, getattr(entry["version"], naming.attname))
        entries += child_entries
    for entry in entries:
        for field, old, new in entry["raw"]:
            _want(names, field, old)
            _want(names, field, new)
    names.resolve()
    for entry in entries:
        model = entry["version"].instance_type
        if "label" in entry:
            naming = entry.pop("naming")
            version = entry["version"]
            what = names.name(naming.related_model, getattr(version, naming.attname)) if naming else str(version.instance)
            entry["subject"] = f"{entry.pop('label')}：{what}"
        entry["changes"] = [
            {"field": field.verbose_name, "old": readable(model, field, old, names), "new": readable(model, field, new, names)}
            for field, old, new in entry.pop("raw")
        ]
    entries.sort(key=lambda e: (e["version"].history_date, e["version"].history_id))
    entries.reverse()
    return entries
