import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from brigades.records.tables import RecordTable

from .models import EscortDutyLog, EscortPost, EscortShift, Event, MediaArticle, School


class EventTable(RecordTable):
    date = tables.DateColumn(format="Y-m-d")
    title = tables.Column(linkify=True)
    venue = tables.Column(verbose_name=_("venue"), accessor="venue", orderable=False)
    target_groups = tables.ManyToManyColumn(verbose_name=_("target groups"), separator="、")
    materials = tables.ManyToManyColumn(verbose_name=_("materials handed out"), separator="、")
    audience = tables.Column(attrs={"td": {"class": "number"}, "th": {"class": "number"}})
    operation = tables.Column(linkify=True)

    class Meta:
        model = Event
        fields = ("date", "title", "brigade", "event_kind", "venue_kind", "venue", "target_groups", "audience", "materials",
                  "operation", "campaign")
        order_by = ("-date",)


class MediaArticleTable(RecordTable):
    published_on = tables.DateColumn(format="Y-m-d")
    title = tables.Column(linkify=True)
    url = tables.URLColumn(verbose_name=_("link"))
    reach = tables.Column(attrs={"td": {"class": "number"}, "th": {"class": "number"}})

    class Meta:
        model = MediaArticle
        fields = ("published_on", "title", "brigade", "outlet_kind", "outlet_name", "subject", "event", "reach", "url")
        order_by = ("-published_on",)


class SchoolTable(RecordTable):
    name = tables.Column(linkify=True)
    pupils = tables.Column(attrs={"td": {"class": "number"}, "th": {"class": "number"}})

    class Meta:
        model = School
        fields = ("name", "brigade", "kind", "town", "address", "pupils", "is_active")


class EscortPostTable(RecordTable):
    name = tables.Column(linkify=True)

    class Meta:
        model = EscortPost
        fields = ("name", "school", "brigade", "location", "is_active")


class EscortShiftTable(RecordTable):
    post = tables.Column(linkify=lambda record: record.get_absolute_url(), verbose_name=_("shift"))
    weekdays = tables.Column(accessor="weekday_labels", orderable=False, verbose_name=_("weekdays"))
    starts_at = tables.TimeColumn(format="H:i")
    ends_at = tables.TimeColumn(format="H:i")
    officers = tables.ManyToManyColumn(verbose_name=_("officers assigned"), separator="、", transform=lambda o: o.name)
    active_from = tables.DateColumn(format="Y-m-d")
    active_until = tables.DateColumn(format="Y-m-d")

    class Meta:
        model = EscortShift
        fields = ("post", "brigade", "period", "weekdays", "starts_at", "ends_at", "officers", "active_from", "active_until")


class EscortDutyLogTable(RecordTable):
    date = tables.DateColumn(format="Y-m-d", linkify=True)
    officers = tables.ManyToManyColumn(verbose_name=_("officers on duty"), separator="、", transform=lambda o: o.name)

    class Meta:
        model = EscortDutyLog
        fields = ("date", "shift", "brigade", "staffing", "officers", "incident", "congestion", "note")
        row_attrs = {"class": lambda record: "row-overdue" if record.staffing == "unstaffed" else ""}
