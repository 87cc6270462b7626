"""Link the events entered before enforcement existed to their operation: an event whose free-text
campaign names an operation its brigade takes part in gets that operation, and the text (now
redundant) is cleared; an audit-trail row says why. Text that names no operation, or that could
mean several (the same name in two years, none of them running on the event's day), is left as
it is: the clerk links it by hand. Reversing puts the operation's name back into the text."""

import re

from django.db import migrations
from django.utils import timezone

# Whitespace and quote marks are typed inconsistently (“百日行动” / "百日行动" / 百日行动).
IGNORED = re.compile(r"[\s\"'“”‘’「」『』]+")
REASON = "Linked to the operation named in its campaign text (data migration)"


def normalized(name):
    return IGNORED.sub("", name or "")


def visible_to(operation, brigade, covered):
    """Frozen copy of enforcement.models.OperationQuerySet.for_brigades for one brigade (a
    migration cannot use the model's current queryset)."""
    if operation.brigade_id == brigade.pk:
        return True
    if operation.is_detachment_wide:
        return operation.brigade.detachment_id == brigade.detachment_id
    return brigade.pk in covered.get(operation.pk, ())


def choose(candidates, day):
    running = [op for op in candidates if op.start_date <= day <= op.end_date]
    if len(running) == 1:
        return running[0]
    if not running and len(candidates) == 1:
        return candidates[0]
    return None


def link(apps, schema_editor):
    Event = apps.get_model("outreach", "Event")
    HistoricalEvent = apps.get_model("outreach", "HistoricalEvent")
    Operation = apps.get_model("enforcement", "Operation")
    Covered = Operation.covered_brigades.through

    by_name = {}
    for operation in Operation.objects.select_related("brigade"):
        by_name.setdefault(normalized(operation.name), []).append(operation)
    if not by_name:
        return
    covered = {}
    for operation_id, brigade_id in Covered.objects.values_list("operation_id", "brigade_id"):
        covered.setdefault(operation_id, set()).add(brigade_id)

    linked = []
    events = Event.objects.filter(operation__isnull=True).exclude(campaign="").select_related("brigade")
    for event in events.iterator(chunk_size=2000):
        candidates = [op for op in by_name.get(normalized(event.campaign), []) if visible_to(op, event.brigade, covered)]
        operation = choose(candidates, event.date)
        if operation is not None:
            event.operation = operation
            event.campaign = ""
            linked.append(event)
    if not linked:
        return
    Event.objects.bulk_update(linked, ["operation", "campaign"], batch_size=1000)
    now = timezone.now()
    fields = [field.attname for field in Event._meta.concrete_fields]
    HistoricalEvent.objects.bulk_create([
        HistoricalEvent(
            **{name: getattr(event, name) for name in fields},
            history_date=now, history_type="~", history_change_reason=REASON,
        )
        for event in linked
    ], batch_size=1000)


def unlink(apps, schema_editor):
    Event = apps.get_model("outreach", "Event")
    events = list(Event.objects.filter(operation__isnull=False, campaign="").select_related("operation"))
    for event in events:
        event.campaign = event.operation.name[:100]
    Event.objects.bulk_update(events, ["campaign"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0003_event_operation"),
        ("enforcement", "0002_seed_violation_kinds"),
    ]

    operations = [migrations.RunPython(link, unlink)]
