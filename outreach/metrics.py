"""The headline figures of outreach work, per brigade and day (see brigades/figures/registry.py)."""

from django.db.models import Sum
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from brigades.figures.registry import RatioMetric, RecordsLink, SumMetric, daily_values, register

from .choices import STANDARD_MATERIALS, STANDARD_TARGET_GROUPS, EventKind, Staffing, VenueKind
from .models import EscortDutyLog, Event, MediaArticle
from .selectors import planned_shift_days


def event_count(**filters):
    def compute(start, end, brigade_ids):
        return daily_values(Event.objects.filter(**filters), "date", start, end, brigade_ids)

    return compute


def audience(start, end, brigade_ids):
    return daily_values(Event.objects.all(), "date", start, end, brigade_ids, value=Sum("audience"))


def material_quantity(code):
    # The filter precedes the Sum, so the sum runs over that material's rows only.
    def compute(start, end, brigade_ids):
        events = Event.objects.filter(materials__material__code=code)
        return daily_values(events, "date", start, end, brigade_ids, value=Sum("materials__quantity"))

    return compute


def media_articles(start, end, brigade_ids):
    return daily_values(MediaArticle.objects.all(), "published_on", start, end, brigade_ids)


def escort_planned(start, end, brigade_ids):
    """Shift-days planned: one query of the active shifts, expanded over their weekdays."""
    return [(brigade_id, day, n) for (brigade_id, day), n in planned_shift_days(brigade_ids, start, end).items()]


def escort_staffed(start, end, brigade_ids):
    return daily_values(EscortDutyLog.objects.filter(staffing=Staffing.STAFFED), "date", start, end, brigade_ids)


def events_link(**params):
    return RecordsLink("outreach:event_list", params)


register(
    SumMetric("outreach.events", _("Publicity events"), _("events"), event_count(), records=events_link()),
    SumMetric("outreach.audience", _("Outreach audience"), _("people"), audience, records=events_link()),
    SumMetric("outreach.media_articles", _("Media articles"), _("articles"), media_articles,
              records=RecordsLink("outreach:article_list")),
    SumMetric("outreach.escort_shifts_planned", _("School-escort shifts planned"), _("shifts"), escort_planned,
              records=RecordsLink("outreach:shift_list", date_param="active"), higher_is_better=None),
    SumMetric("outreach.escort_shifts_staffed", _("School-escort shifts staffed"), _("shifts"), escort_staffed,
              records=RecordsLink("outreach:dutylog_list", {"staffing": Staffing.STAFFED})),
    RatioMetric("outreach.escort_coverage", _("School-escort coverage rate"), "%",
                numerator="outreach.escort_shifts_staffed", denominator="outreach.escort_shifts_planned",
                records=RecordsLink("outreach:dutylog_list", {"staffing": Staffing.UNSTAFFED})),
)

# Events by kind: the articles count themed events, volunteer services and lectures separately.
EVENT_KIND_KEYS = {
    EventKind.THEMED: ("outreach.themed_events", _("Themed publicity events")),
    EventKind.LECTURE: ("outreach.lectures", _("Safety lectures")),
    EventKind.VOLUNTEER: ("outreach.volunteer_services", _("Volunteer services")),
    EventKind.WARNING_MEETING: ("outreach.warning_meetings", _("Warning-education meetings")),
    EventKind.MEDIA_CAMPAIGN: ("outreach.media_campaigns", _("Media campaigns")),
}
register(*[
    SumMetric(key, label, _("events"), event_count(event_kind=kind), records=events_link(event_kind=kind))
    for kind, (key, label) in EVENT_KIND_KEYS.items()
])

# Events by venue kind (进校园、进社区、进企业、进村庄...).
register(*[
    SumMetric(f"outreach.events_at_{kind}", format_lazy("{}：{}", _("Events by venue"), label), _("events"), event_count(venue_kind=kind), records=events_link(venue_kind=kind))
    for kind, label in VenueKind.choices
])

# Events by standard target group; groups an administrator adds later have no headline key.
register(*[
    SumMetric(f"outreach.events_for_{code}", format_lazy("{}：{}", _("Events by target group"), name), _("events"), event_count(target_groups__code=code),
              records=events_link(target_group=code))
    for code, name in STANDARD_TARGET_GROUPS
])

# Quantity handed out of each standard material (reflective stickers, leaflets, helmets...).
register(*[
    SumMetric(f"outreach.material_{code}", format_lazy("{}：{}", _("Handed out"), name), unit.label, material_quantity(code), records=events_link(material=code))
    for code, name, unit in STANDARD_MATERIALS
])
