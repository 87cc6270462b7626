"""Outreach (宣传教育): publicity events with the materials handed out and their photos, media
articles, and school escort (星空护学 / 护学岗): schools, posts, weekly shifts and the duty log."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from brigades.records.files import ProtectedFileField, UnguessablePath
from brigades.records.input_rules import DateRules
from brigades.records.month_lock import day_of
from brigades.records.photos import validate_photo
from brigades.records.uploads import MaxUploadSize
from brigades.records.scoping import BrigadeRecord, BrigadeScopedQuerySet

from . import rules
from .choices import EventKind, MaterialUnit, OutletKind, SchoolKind, ShiftPeriod, Staffing, VenueKind, Weekday

NOT_NEGATIVE = _("This cannot be below zero.")


# Reference data shared by all brigades ------------------------------------------------------------


class Material(models.Model):
    """An item handed out at events (宣传资料, 反光贴, 安全头盔...), with the unit it is counted in.
    Maintained by administrators; the standard items come from a data migration."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=50)
    unit = models.CharField(_("unit"), max_length=10, choices=MaterialUnit.choices, default=MaterialUnit.PIECE)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return f"{self.name}（{self.get_unit_display()}）"


class TargetGroup(models.Model):
    """A group an event addresses (e-bike riders, delivery riders, 一老一小...). Administrators
    maintain the list; the standard groups come from a data migration."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=50)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


# School escort ----------------------------------------------------------------------------------


class School(BrigadeRecord):
    """A school in a brigade's jurisdiction: the reference row its escort posts and school events
    point at. Entered by brigade staff; kept (inactive) when it closes, so history stays intact."""

    # Hundreds across a detachment: filters search them (brigades.records.widgets.SearchSelect).
    choice_search_fields = ("name",)

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=SchoolKind.choices, default=SchoolKind.PRIMARY)
    town = models.ForeignKey(
        "brigades.Town", on_delete=models.PROTECT, null=True, blank=True, related_name="schools",
        verbose_name=_("town"),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    pupils = models.PositiveIntegerField(_("pupils"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["brigade", "name"]
        constraints = [models.UniqueConstraint(
            fields=["brigade", "name"], name="outreach_school_unique_name",
            violation_error_message=_("The brigade already has a school of this name."),
        )]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("outreach:school_detail", args=[self.pk])


class EscortPost(BrigadeRecord):
    """A school-escort post (护学岗 / 助学岗): the gate or crossing where officers stand at arrival
    and dismissal. Set up by brigade staff; deactivated, never deleted, when it is given up."""

    choice_search_fields = ("name", "school__name")

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="posts", verbose_name=_("school"))
    name = models.CharField(_("post"), max_length=100, help_text=_("e.g. south gate, the crossing on Huixin Road"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("escort post")
        verbose_name_plural = _("escort posts")
        ordering = ["brigade", "school__name", "name"]
        constraints = [models.UniqueConstraint(
            fields=["school", "name"], name="outreach_post_unique_name",
            violation_error_message=_("This school already has a post of this name."),
        )]

    def __str__(self):
        return f"{self.school} · {self.name}"

    def get_absolute_url(self):
        return reverse("outreach:post_detail", args=[self.pk])


class EscortShift(BrigadeRecord):
    """A weekly shift at a post: the weekdays, the times (e.g. evening dismissal 20:40–21:20 for
    星空护学), the officers assigned and the dates it is active. Planned by brigade staff; a shift
    that changes is ended (active_until) and a new one begun, so past coverage stays true.
    Saved through operations.shift_save, which refuses double-booked officers."""

    # A filter of a detachment's shifts searches them (brigades.records.widgets.SearchSelect).
    choice_search_fields = ("post__name", "post__school__name")
    # Each change of the officers is a version in the history (simple-history's m2m tracking).
    _history_m2m_fields = ["officers"]
    date_rules = DateRules(plans=("active_from", "active_until"), order=(("active_from", "active_until"),))

    post = models.ForeignKey(EscortPost, on_delete=models.PROTECT, related_name="shifts", verbose_name=_("post"))
    period = models.CharField(_("period"), max_length=10, choices=ShiftPeriod.choices, default=ShiftPeriod.EVENING_DISMISSAL)
    weekdays = models.CharField(
        _("weekdays"), max_length=7, default="12345",
        help_text=_("ISO weekday numbers, Monday = 1"),
    )
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    officers = models.ManyToManyField(
        "brigades.Officer", related_name="escort_shifts", blank=True, verbose_name=_("officers assigned")
    )
    active_from = models.DateField(_("active from"))
    active_until = models.DateField(_("active until"), null=True, blank=True, help_text=_("Empty: until further notice"))

    class Meta:
        verbose_name = _("escort shift")
        verbose_name_plural = _("escort shifts")
        ordering = ["post__school__name", "post__name", "starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="outreach_shift_ends_after_start"),
            models.CheckConstraint(
                condition=Q(active_until__isnull=True) | Q(active_until__gte=models.F("active_from")),
                name="outreach_shift_active_range",
            ),
        ]
        indexes = [models.Index(fields=["brigade", "active_from"], name="outreach_shift_brig_from")]

    def __str__(self):
        return f"{self.post} {self.get_period_display()} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    def get_absolute_url(self):
        return reverse("outreach:shift_detail", args=[self.pk])

    def weekday_labels(self):
        labels = dict(Weekday.choices)
        return "、".join(str(labels[d]) for d in self.weekdays if d in labels)

    def runs_on(self, day):
        return rules.shift_runs_on(day, weekdays=self.weekdays, active_from=self.active_from, active_until=self.active_until)

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and not rules.shift_times_valid(self.starts_at, self.ends_at):
            errors["ends_at"] = _("A shift must end after it starts.")
        if self.active_from and self.active_until and self.active_until < self.active_from:
            errors["active_until"] = _("The active range must end on or after its first day.")
        if self.weekdays and not set(self.weekdays) <= set(Weekday.values):
            errors["weekdays"] = _("Choose weekdays from Monday to Sunday.")
        if self.post_id and self.brigade_id and self.post.brigade_id != self.brigade_id:
            errors["post"] = _("This belongs to another brigade.")
        if errors:
            raise ValidationError(errors)


class EscortDutyLog(BrigadeRecord):
    """One day of one shift: staffed or not, by whom, and anything noted (an incident, congestion).
    Entered by staff after the shift, most days in one click ("all staffed as planned"); one row
    per shift and day."""

    # Free-text search over millions of rows: a bigram index on these fields (brigades.records.search).
    search_index = ('note',)

    date_field = "date"
    # Each change of the officers is a version in the history (simple-history's m2m tracking).
    _history_m2m_fields = ["officers"]

    shift = models.ForeignKey(EscortShift, on_delete=models.PROTECT, related_name="duty_logs", verbose_name=_("shift"))
    date = models.DateField(_("date"))
    staffing = models.CharField(_("staffing"), max_length=10, choices=Staffing.choices, default=Staffing.STAFFED)
    officers = models.ManyToManyField(
        "brigades.Officer", related_name="escort_duty_logs", blank=True, verbose_name=_("officers on duty")
    )
    incident = models.BooleanField(_("incident"), default=False)
    congestion = models.BooleanField(_("congestion noted"), default=False)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("escort duty log")
        verbose_name_plural = _("escort duty logs")
        ordering = ["-date", "shift__post__school__name", "shift__starts_at"]
        constraints = [models.UniqueConstraint(
            fields=["shift", "date"], name="outreach_duty_one_per_day",
            violation_error_message=_("This shift is already recorded for that day: edit that entry instead."),
        )]
        indexes = [
            # The list's own order, newest first (and the API cursor's, which ends in the id).
            models.Index(fields=["-date", "-id"], name="outreach_duty_order"),
            models.Index(fields=["brigade", "date"], name="outreach_duty_brig_date"),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.shift}"

    def get_absolute_url(self):
        return reverse("outreach:dutylog_detail", args=[self.pk])

    @property
    def is_covered(self):
        return self.staffing == Staffing.STAFFED


# Events -----------------------------------------------------------------------------------------


class Event(BrigadeRecord):
    """A publicity event (宣传活动): a lecture at a school, themed publicity in a community, a
    warning-education meeting for parents, a volunteer service... Entered by brigade staff, usually
    the day it is held (or ahead, then it shows as upcoming in the calendar), with the materials
    handed out, the audience and photos. Counted on its date."""

    # Tens of thousands: a filter (a media article's event) searches them (brigades.records.widgets.SearchSelect).
    choice_search_fields = ("title",)

    # Free-text search over millions of rows: a bigram index on these fields (brigades.records.search).
    search_index = ('title', 'venue_name', 'summary', 'campaign')

    date_field = "date"
    # Materials and photos are part of the event: their changes show in its history, as do
    # changes of the officers and target groups.
    history_children = ("materials", "photos")
    _history_m2m_fields = ["officers", "target_groups"]
    # Entered ahead as well: an upcoming event shows in the calendar.
    date_rules = DateRules(plans=("date",))

    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    event_kind = models.CharField(_("event kind"), max_length=20, choices=EventKind.choices, default=EventKind.THEMED)
    venue_kind = models.CharField(_("venue kind"), max_length=20, choices=VenueKind.choices, default=VenueKind.COMMUNITY)
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="events", verbose_name=_("school"),
    )
    enterprise = models.ForeignKey(
        "hazards.Enterprise", on_delete=models.PROTECT, null=True, blank=True, related_name="outreach_events",
        verbose_name=_("enterprise"),
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True, help_text=_("When the venue is not a school or registered enterprise"))
    town = models.ForeignKey(
        "brigades.Town", on_delete=models.PROTECT, null=True, blank=True, related_name="outreach_events",
        verbose_name=_("town"),
    )
    target_groups = models.ManyToManyField(TargetGroup, related_name="events", blank=True, verbose_name=_("target groups"))
    operation = models.ForeignKey(
        "enforcement.Operation", on_delete=models.SET_NULL, null=True, blank=True, related_name="outreach_events",
        verbose_name=_("operation"),
        help_text=_("The enforcement operation this event is part of, if any."),
    )
    # Kept beside the operation for themes that are not an enforcement operation: 全国交通安全日
    # (122), 安全生产月, a school term's opening week. Cleared where an operation was linked by name.
    campaign = models.CharField(
        _("publicity theme"), max_length=100, blank=True,
        help_text=_("A theme that is not an enforcement operation, e.g. National Traffic Safety Day."),
    )
    officers = models.ManyToManyField(
        "brigades.Officer", related_name="outreach_events", blank=True, verbose_name=_("officers present")
    )
    audience = models.IntegerField(_("audience"), default=0, validators=[MinValueValidator(0, message=NOT_NEGATIVE)])
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("publicity event")
        verbose_name_plural = _("publicity events")
        ordering = ["-date", "-start_time", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(audience__gte=0), name="outreach_event_audience_not_negative")]
        indexes = [
            # The list's own order, newest first (and the API cursor's, which ends in the id).
            models.Index(fields=["-date", "-start_time", "-id"], name="outreach_event_order"),
            models.Index(fields=["brigade", "date"], name="outreach_event_brig_date"),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"

    def get_absolute_url(self):
        return reverse("outreach:event_detail", args=[self.pk])

    @property
    def venue(self):
        return self.school or self.enterprise or self.venue_name

    def clean(self):
        errors = {}
        if self.school_id and self.venue_kind != VenueKind.SCHOOL:
            errors["school"] = _("A school is named only for events held at a school.")
        if self.enterprise_id and self.venue_kind != VenueKind.ENTERPRISE:
            errors["enterprise"] = _("An enterprise is named only for events held at an enterprise.")
        if not (self.school_id or self.enterprise_id or self.venue_name) and self.venue_kind != VenueKind.ONLINE:
            errors["venue_name"] = _("Name the venue: choose the school or enterprise, or type the place.")
        if self.operation_id and self.brigade_id and not self.operation.covers(self.brigade):
            errors["operation"] = _("This operation does not include your brigade.")
        if errors:
            raise ValidationError(errors)


def event_day(child):
    if not child.event_id:
        return []
    return day_of(child.event.brigade_id, Event._meta.get_field("date"), child.event.date)


class EventChildQuerySet(BrigadeScopedQuerySet):
    brigade_lookup = "event__brigade_id"


class EventMaterial(models.Model):
    """How much of one material was handed out at an event (e.g. 2 000 reflective stickers)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials", verbose_name=_("event"))
    material = models.ForeignKey(Material, on_delete=models.PROTECT, related_name="event_rows", verbose_name=_("material"))
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=2,
        validators=[MinValueValidator(0, message=NOT_NEGATIVE)],
    )

    history = HistoricalRecords()
    objects = EventChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("material handed out")
        verbose_name_plural = _("materials handed out")
        ordering = ["material__sort_order", "material__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "material"], name="outreach_event_material_once",
                violation_error_message=_("Each material is entered once per event."),
            ),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="outreach_material_qty_not_negative"),
        ]

    def __str__(self):
        return f"{self.material.name} {self.amount}"

    @property
    def amount(self):
        """The quantity as people write it: 2000, not 2000.00."""
        return rules.plain_number(self.quantity)

    def lock_pairs(self):
        """Part of the event's figures (materials handed out): the event's day (brigades.records.month_lock)."""
        return event_day(self)

    def clean(self):
        if self.material_id and self.quantity is not None:
            if rules.quantity_needs_whole_number(self.material.unit, self.quantity):
                raise ValidationError({"quantity": _("%(material)s is counted in %(unit)s: enter a whole number.") % {
                    "material": self.material.name, "unit": self.material.get_unit_display()}})


def event_photo_path(instance, filename):
    """The old, guessable path (the first migration names it); new photos use UnguessablePath."""
    return f"outreach/events/{instance.event.date:%Y/%m}/{instance.event_id}/{filename}"


class EventPhoto(models.Model):
    """A photo taken at an event, for the brigade's records and articles."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="photos", verbose_name=_("event"))
    file = ProtectedFileField(
        _("photo"), upload_to=UnguessablePath("outreach/photos"), max_length=255,
        validators=[validate_photo, MaxUploadSize("PHOTO_MAX_BYTES")],
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = EventChildQuerySet.as_manager()

    file_view_name = "outreach:eventphoto_file"
    thumbnail_view_name = "outreach:eventphoto_thumbnail"

    class Meta:
        verbose_name = _("event photo")
        verbose_name_plural = _("event photos")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.caption or self.file.name.rsplit("/", 1)[-1]

    def lock_pairs(self):
        """Part of the event's record: the event's day (brigades.records.month_lock)."""
        return event_day(self)


# Media articles ---------------------------------------------------------------------------------


class MediaArticle(BrigadeRecord):
    """An article (稿件) about the brigade's work published by a newspaper, WeChat account, video
    account or website. Entered by the brigade's publicity staff when it appears; counted on its
    publication date."""

    date_field = "published_on"

    title = models.CharField(_("title"), max_length=300)
    outlet_kind = models.CharField(_("outlet kind"), max_length=20, choices=OutletKind.choices, default=OutletKind.WECHAT)
    outlet_name = models.CharField(_("outlet"), max_length=100, help_text=_("e.g. Liaocheng Daily, the brigade's WeChat account"))
    published_on = models.DateField(_("published on"))
    url = models.URLField(_("link"), max_length=500, blank=True)
    # What the article is about: free text (an operation, a hazard signed off...), or an event.
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="articles", verbose_name=_("event"),
    )
    reach = models.IntegerField(
        _("reach"), null=True, blank=True, validators=[MinValueValidator(0, message=NOT_NEGATIVE)],
        help_text=_("Reads or views, if known"),
    )

    class Meta:
        verbose_name = _("media article")
        verbose_name_plural = _("media articles")
        ordering = ["-published_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(reach__isnull=True) | Q(reach__gte=0), name="outreach_article_reach_not_negative"),
        ]
        indexes = [
            models.Index(fields=["-published_on", "-id"], name="outreach_article_order"),
            models.Index(fields=["brigade", "published_on"], name="outreach_article_brig_date"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("outreach:article_detail", args=[self.pk])
