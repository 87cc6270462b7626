"""Personal numbers (citizen ID and driving-licence numbers): one rule for who sees them in full.

A model declares its personal-number fields once, `personal_number_fields = ("driver_id_number",)`,
and every way out of the system asks this module: list tables and exports (brigades.records.tables,
brigades.records.exports), the detail pages (the `record_fields` tag and `personal_number_for`), the API
(BrigadeRecordSerializer), import previews and the history. A future field is covered by naming it.

The rule (个人信息保护法 第6条: no more than the purpose needs):
- Lists, exports, API lists, import previews and history show the number masked to everyone:
  a spreadsheet travels, and a list is for finding a case, not identifying a person.
- One record's page or API record shows it in full only to the people who process that case: the
  brigade's staff (they call the driver, fill in the penalty decision, hand the file to the
  prosecutor; scoping already keeps them to their own brigade) and the administrator. Leaders and
  the detachment read figures and approve months; they see the mask, like everyone in a list.
Every full view is logged (who, which record, which field), so that a leak can be traced.
"""

import logging

from security.choices import EventKind
from security.operations import security_event_record

from ..choices import WRITING_ROLES

logger = logging.getLogger("brigades.records.personal_numbers")


def mask(value):
    """371502********123X: the region and the last four stay, so that a clerk can tell two
    people apart, but the number cannot be used. Short numbers keep only the last two."""
    if not value:
        return ""
    value = str(value)
    if len(value) >= 10:
        return value[:6] + "*" * (len(value) - 10) + value[-4:]
    return "*" * (len(value) - 2) + value[-2:]


def fields_of(model):
    """The personal-number field names a model declares (none for most)."""
    return tuple(getattr(model, "personal_number_fields", ()) or ())


def is_personal_number(model, field_name):
    return field_name in fields_of(model)


def shows_full(*, role, is_superuser=False, context):
    """Whether a user of `role` sees a full number in `context` ("list" or "detail")."""
    if context != "detail":
        return False
    return bool(is_superuser) or role in WRITING_ROLES


def user_shows_full(user, *, context):
    return shows_full(role=getattr(user, "role", None), is_superuser=getattr(user, "is_superuser", False),
                      context=context)


def log_full_view(user, record, field_name, *, channel):
    """Records that `user` saw `record`'s `field_name` in full (channel: page, api): a log line and
    an event in the security log (who, which record, which field; never the number itself)."""

    security_event_record(
        kind=EventKind.PERSONAL_NUMBER_SHOWN, user=user if getattr(user, "is_authenticated", False) else None,
        target=f"{record._meta.verbose_name} {record.pk}",
        detail={"record": record._meta.label_lower, "id": record.pk, "field": field_name, "channel": channel},
    )
    logger.info(
        "personal number shown in full: user=%s (id %s) record=%s.%s id=%s field=%s channel=%s",
        getattr(user, "username", "?"), getattr(user, "pk", None), record._meta.app_label,
        record._meta.model_name, record.pk, field_name, channel,
    )


def personal_number_for(user, record, field_name, *, context, channel="page"):
    """The value of `record.field_name` as `user` may see it; a full view is logged."""
    value = getattr(record, field_name, "") or ""
    if not value:
        return ""
    if user_shows_full(user, context=context):
        log_full_view(user, record, field_name, channel=channel)
        return value
    return mask(value)
