"""Vehicle-and-driver administration services (车驾管业务与便民服务): counter business per service
point and day, hotline work orders, fast-processed minor accidents, the command-centre log, permits
and accident relief fund advances."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from brigades.records import identifiers
from brigades.records.input_rules import DateRules
from brigades.records.scoping import BrigadeRecord, BrigadeScopedQuerySet

from . import rules
from .choices import (
    ONLINE_ACCIDENT_CHANNELS,
    RELIEF_RECOVERING,
    RELIEF_TRANSITIONS,
    WORK_ORDER_TRANSITIONS,
    AccidentChannel,
    CountScheme,
    LiabilityOutcome,
    PermitStatus,
    PermitVehicleType,
    RecoverySource,
    ReliefStatus,
    Satisfaction,
    ServicePointKind,
    WorkOrderCategory,
    WorkOrderChannel,
    WorkOrderStatus,
)

# --- Counter business ---------------------------------------------------------------------------


class ServicePoint(BrigadeRecord):
    """A place where a brigade serves the public: the vehicle-admin office (车管所), a self-service
    area, an inspection station (检测机构), an exam ground. Reference data kept by brigade staff;
    a point that closes is made inactive, never deleted, so its past tallies keep their place."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=30, choices=ServicePointKind.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    opening_hours = models.CharField(
        _("opening hours"), max_length=100, blank=True, help_text=_("e.g. Mon–Fri 8:30–17:30")
    )
    offers_extended_hours = models.BooleanField(_("offers extended hours"), default=False)
    offers_weekend_service = models.BooleanField(_("offers weekend service"), default=False)
    self_service_machines = models.PositiveSmallIntegerField(_("self-service machines"), default=0)
    self_exam_machines = models.PositiveSmallIntegerField(_("self-service medical check machines"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        ordering = ["brigade", "name"]
        constraints = [
            models.UniqueConstraint(fields=["brigade", "name"], name="servicepoint_unique_name"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("services:servicepoint_detail", args=[self.pk])

    def clean(self):
        # Checked here (not only by the constraint) so that the message sits next to the name.
        if self.brigade_id and self.name:
            taken = ServicePoint.objects.filter(brigade_id=self.brigade_id, name=self.name).exclude(pk=self.pk)
            if taken.exists():
                raise ValidationError({"name": _("The brigade already has a service point of this name.")})


class BusinessType(models.Model):
    """A kind of counter business (摩托车D本考试, 科目一, 电动自行车挂牌, 换证, 审验, 检验...) and the
    counts its tally needs. Detachment-wide reference data kept by the administrator; the standard
    types are seeded by migration and the headline figures are keyed on their codes."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    count_scheme = models.CharField(_("counts recorded"), max_length=30, choices=CountScheme.choices)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("business type")
        verbose_name_plural = _("business types")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    @property
    def is_exam(self):
        return self.count_scheme in (CountScheme.EXAM, CountScheme.EXAM_WITH_LICENCE)

    @property
    def makes_licences(self):
        return self.count_scheme == CountScheme.EXAM_WITH_LICENCE

    def count_fields(self):
        """The counts this type's row of the daily tally shows, in tab order."""
        if self.count_scheme == CountScheme.EXAM_WITH_LICENCE:
            return ("sat", "passed", "licences_made")
        if self.count_scheme == CountScheme.EXAM:
            return ("sat", "passed")
        return ("handled",)


class CounterDay(BrigadeRecord):
    """One service point's day at the counter (日清日结): whether it worked extended hours or a weekend,
    with one CounterCount per business type done that day. Entered by the counter clerk on one
    screen; entering the same point and day again edits this record (unique point and day)."""

    # Free-text search over millions of rows: a bigram index on these fields (brigades.records.search).
    search_index = ('note',)

    date_field = "date"
    # The counts are the day: their changes belong in the day's history.
    history_children = ("counts",)

    service_point = models.ForeignKey(
        ServicePoint, on_delete=models.PROTECT, related_name="counter_days", verbose_name=_("service point")
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    extended_hours = models.BooleanField(_("extended hours worked"), default=False)
    weekend_service = models.BooleanField(_("weekend or holiday service"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("counter day")
        verbose_name_plural = _("counter days")
        ordering = ["-date", "service_point__name"]
        constraints = [
            models.UniqueConstraint(fields=["service_point", "date"], name="counterday_one_per_point_day"),
        ]
        indexes = [
            # The list's own order, newest first (and the API cursor's, which ends in the id).
            models.Index(fields=["-date", "-id"], name="svc_counterday_order"),
            models.Index(fields=["brigade", "date"], name="svc_counterday_brig_date"),
        ]

    def __str__(self):
        return f"{self.service_point} {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("services:counterday_detail", args=[self.pk])


class CounterCount(BrigadeRecord):
    """The counts of one business type on one counter day. Written only by `counter_day_record`;
    the brigade and date are copied from the day so that figures group by them in one query and a
    change marks the right brigade-day for the rollups."""

    date_field = "date"

    counter_day = models.ForeignKey(
        CounterDay, on_delete=models.CASCADE, related_name="counts", verbose_name=_("counter day")
    )
    business_type = models.ForeignKey(
        BusinessType, on_delete=models.PROTECT, related_name="counts", verbose_name=_("business type")
    )
    date = models.DateField(_("date"), editable=False)
    sat = models.PositiveIntegerField(_("sat"), default=0)
    passed = models.PositiveIntegerField(_("passed"), default=0)
    licences_made = models.PositiveIntegerField(_("licences made"), default=0)
    handled = models.PositiveIntegerField(_("handled"), default=0)

    class Meta:
        verbose_name = _("counter count")
        verbose_name_plural = _("counter counts")
        ordering = ["counter_day", "business_type__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["counter_day", "business_type"], name="countercount_one_per_type"),
            models.CheckConstraint(condition=Q(passed__lte=F("sat")), name="countercount_passed_le_sat"),
            models.CheckConstraint(
                condition=Q(licences_made__lte=F("passed")), name="countercount_licences_le_passed"
            ),
        ]
        indexes = [models.Index(fields=["brigade", "date"], name="svc_countercount_brig_date")]

    def __str__(self):
        return f"{self.counter_day} {self.business_type}"

    def get_absolute_url(self):
        return self.counter_day.get_absolute_url()

    @property
    def total(self):
        """How many people this business served: candidates for exams, handled for the rest."""
        return self.sat if self.business_type.is_exam else self.handled


# --- Hotline work orders -------------------------------------------------------------------------


class WorkOrderDueRule(models.Model):
    """How many hours a work order of a channel and category gives the brigade to reply: detachment
    reference data kept by the administrator. A rule with no category covers every category of its
    channel; with no rule at all an order is due in rules.DEFAULT_REPLY_HOURS."""

    channel = models.CharField(_("channel"), max_length=30, choices=WorkOrderChannel.choices)
    category = models.CharField(
        _("category"), max_length=30, choices=WorkOrderCategory.choices, blank=True,
        help_text=_("Empty: every category of the channel."),
    )
    hours_allowed = models.PositiveIntegerField(_("hours allowed"), validators=[MinValueValidator(1)])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work-order due-time rule")
        verbose_name_plural = _("work-order due-time rules")
        ordering = ["channel", "category"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "category"], name="workorderduerule_unique"),
            models.CheckConstraint(condition=Q(hours_allowed__gte=1), name="workorderduerule_hours_positive"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} {self.get_category_display() or '*'}: {self.hours_allowed}h"

    @classmethod
    def hours_for(cls, channel, category):
        rules_found = {r.category: r.hours_allowed for r in cls.objects.filter(channel=channel)}
        if category in rules_found:
            return rules_found[category]
        return rules_found.get("", rules.DEFAULT_REPLY_HOURS)


class WorkOrder(BrigadeRecord):
    """A citizen's request through the 12345 hotline, the 12123 app, a letter or at the counter.
    Registered by brigade staff with the channel's own number; its due time comes from the due-time
    rules. A handler takes it (received → handling), replies (→ replied) and, after the return visit
    records the caller's satisfaction, closes it (→ closed); a dissatisfied caller may send it back
    to handling. Every step is a WorkOrderTransition; status changes only through operations."""

    # Free-text search over millions of rows: a bigram index on these fields (brigades.records.search).
    search_index = ('number', 'subject', 'request', 'caller_name', 'caller_phone', 'reply')

    date_field = "received_at"
    lifecycle_fields = ("handler",)  # set by take and reply
    date_rules = DateRules(deadlines=("due_at",), order=(("received_at", "replied_at", "closed_at"), ("received_at", "due_at")))

    channel = models.CharField(_("channel"), max_length=30, choices=WorkOrderChannel.choices)
    number = models.CharField(_("work-order number"), max_length=40, help_text=_("The number the channel gave it."))
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    category = models.CharField(_("category"), max_length=30, choices=WorkOrderCategory.choices)
    subject = models.CharField(_("subject"), max_length=200)
    caller_name = models.CharField(_("caller"), max_length=50, blank=True)
    caller_phone = models.CharField(_("caller's phone"), max_length=30, blank=True)
    request = models.TextField(_("the caller's request"))
    due_at = models.DateTimeField(_("reply due by"), editable=False)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="handled_work_orders", verbose_name=_("handler"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=WorkOrderStatus.choices, default=WorkOrderStatus.RECEIVED, editable=False
    )
    reply = models.TextField(_("reply"), blank=True, editable=False)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True, editable=False)
    # Whole minutes from receipt to reply, kept with the reply so that the average time to reply
    # is a plain sum in one query on every database.
    reply_minutes = models.PositiveIntegerField(_("minutes to reply"), null=True, blank=True, editable=False)
    satisfaction = models.CharField(
        _("caller's satisfaction"), max_length=30, choices=Satisfaction.choices, blank=True, editable=False
    )
    follow_up = models.TextField(_("follow-up"), blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("hotline work order")
        verbose_name_plural = _("hotline work orders")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "number"], name="workorder_unique_channel_number"),
            models.CheckConstraint(
                condition=Q(replied_at__isnull=True) | Q(replied_at__gte=F("received_at")),
                name="workorder_reply_after_receipt",
            ),
        ]
        indexes = [
            # The list's own order, newest first (and the API cursor's, which ends in the id).
            models.Index(fields=["-received_at", "-id"], name="svc_workorder_order"),
            models.Index(fields=["brigade", "-received_at", "-id"], name="svc_workorder_brig_order"),
            models.Index(fields=["brigade", "received_at"], name="svc_workorder_brig_recv"),
            models.Index(fields=["status", "due_at"], name="svc_workorder_status_due"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} {self.number}"

    def get_absolute_url(self):
        return reverse("services:workorder_detail", args=[self.pk])

    def is_overdue(self, now=None):
        return rules.is_overdue(self.status, self.due_at, now or timezone.now())

    def is_due_soon(self, now=None):
        return rules.is_due_soon(self.status, self.due_at, now or timezone.now())

    @property
    def replied_on_time(self):
        return rules.replied_on_time(self.replied_at, self.due_at)

    def clean(self):
        # A channel numbers its own orders: the same number twice is the same order registered twice.
        if self.channel and self.number:
            taken = WorkOrder.objects.filter(channel=self.channel, number=self.number.strip()).exclude(pk=self.pk)
            if taken.exists():
                raise ValidationError({"number": _("This channel's work order of this number is already registered.")})
        if self.replied_at and self.received_at and self.replied_at < self.received_at:
            raise ValidationError({"received_at": _("The order was replied to before this time: check the time received.")})

    def allowed_transitions(self):

        return WORK_ORDER_TRANSITIONS[self.status]


class TransitionQuerySet(BrigadeScopedQuerySet):
    brigade_lookup = "record__brigade_id"


class Transition(models.Model):
    """One state change of a record: who, when, from, to, and a note. Written only by operations;
    it is itself the record's history, so it has no audit trail of its own."""

    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    objects = TransitionQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_status or '—'} → {self.to_status}"


class WorkOrderTransition(Transition):
    record = models.ForeignKey(
        WorkOrder, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("work order")
    )

    class Meta(Transition.Meta):
        verbose_name = _("work-order transition")
        verbose_name_plural = _("work-order transitions")

    def from_label(self):
        return WorkOrderStatus(self.from_status).label if self.from_status else "—"

    def to_label(self):
        return WorkOrderStatus(self.to_status).label


# --- Fast-processed minor accidents ----------------------------------------------------------------


class FastAccident(BrigadeRecord):
    """A minor accident with property damage only, settled by fast processing (快处快赔): reported
    through the 12123 video channel or on site, liability agreed or determined (a dispute goes to
    the ordinary procedure), the insurer told. Entered by the fast-processing seat or the officer."""

    # Free-text search over millions of rows: a bigram index on these fields (brigades.records.search).
    search_index = ('place', 'note')

    date_field = "reported_at"
    rollup_date_fields = ("liability_noticed_at",)
    date_rules = DateRules(order=(("reported_at", "liability_noticed_at", "closed_at"),))

    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    channel = models.CharField(_("channel"), max_length=30, choices=AccidentChannel.choices)
    place = models.CharField(_("place"), max_length=200)
    town = models.ForeignKey(
        "brigades.Town", on_delete=models.PROTECT, null=True, blank=True, related_name="fast_accidents",
        verbose_name=_("town"),
    )
    vehicles_involved = models.PositiveSmallIntegerField(
        _("vehicles involved"), default=2, validators=[MinValueValidator(1)]
    )
    liability_outcome = models.CharField(_("liability outcome"), max_length=30, choices=LiabilityOutcome.choices)
    liability_noticed_at = models.DateTimeField(
        _("liability notice issued at"), null=True, blank=True,
        help_text=_("When the parties received the liability notice (责任认定书)."),
    )
    # Kept with the notice time so that figures sum minutes in one query (see reply_minutes).
    minutes_to_liability = models.PositiveIntegerField(
        _("minutes to liability notice"), null=True, blank=True, editable=False
    )
    insurer_notified = models.BooleanField(_("insurer notified"), default=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("fast-processed accident")
        verbose_name_plural = _("fast-processed accidents")
        ordering = ["-reported_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(liability_noticed_at__isnull=True) | Q(liability_noticed_at__gte=F("reported_at")),
                name="fastaccident_notice_after_report",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(closed_at__gte=F("reported_at")),
                name="fastaccident_closed_after_report",
            ),
            models.CheckConstraint(condition=Q(vehicles_involved__gte=1), name="fastaccident_vehicles_positive"),
        ]
        indexes = [
            # The list's own order, newest first (and the API cursor's, which ends in the id).
            models.Index(fields=["-reported_at", "-id"], name="svc_fastacc_order"),
            models.Index(fields=["brigade", "-reported_at", "-id"], name="svc_fastacc_brig_order"),
            models.Index(fields=["brigade", "reported_at"], name="svc_fastacc_brig_rep"),
        ]

    def __str__(self):
        return f"{timezone.localtime(self.reported_at):%Y-%m-%d %H:%M} {self.place}"

    def get_absolute_url(self):
        return reverse("services:fastaccident_detail", args=[self.pk])

    @property
    def handled_online(self):

        return self.channel in ONLINE_ACCIDENT_CHANNELS

    def clean(self):
        errors = {}
        if self.reported_at and self.liability_noticed_at and self.liability_noticed_at < self.reported_at:
            errors["liability_noticed_at"] = _("The liability notice cannot come before the report.")
        if self.reported_at and self.closed_at and self.closed_at < self.reported_at:
            errors["closed_at"] = _("A case cannot be closed before it was reported.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.minutes_to_liability = rules.minutes_between(self.reported_at, self.liability_noticed_at)
        super().save(*args, **kwargs)


# --- Command-centre log -------------------------------------------------------------------------


class CommandCentreDay(BrigadeRecord):
    """The command centre's (指挥中心) tally of one day: calls by kind, escorts of critically ill
    patients (护航), bad-weather responses, video patrols and bulletins. Entered by the duty officer
    once a day; one per brigade and day (a second entry for the day is refused: edit the first)."""

    date_field = "date"

    date = models.DateField(_("date"), default=timezone.localdate)
    consultation_calls = models.PositiveIntegerField(_("consultation calls"), default=0)
    help_calls = models.PositiveIntegerField(_("requests for help"), default=0)
    complaint_calls = models.PositiveIntegerField(_("complaint calls"), default=0)
    congestion_reports = models.PositiveIntegerField(_("reports of congestion"), default=0)
    accident_reports = models.PositiveIntegerField(_("reports of accidents"), default=0)
    other_calls = models.PositiveIntegerField(_("other calls"), default=0)
    patient_escorts = models.PositiveIntegerField(_("patient escorts"), default=0)
    people_helped = models.PositiveIntegerField(_("people helped"), default=0)
    bad_weather_responses = models.PositiveIntegerField(_("bad-weather responses"), default=0)
    video_patrols = models.PositiveIntegerField(_("video patrols"), default=0)
    bulletins_issued = models.PositiveIntegerField(_("bulletins issued"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)

    CALL_FIELDS = (
        "consultation_calls", "help_calls", "complaint_calls", "congestion_reports", "accident_reports", "other_calls",
    )

    class Meta:
        verbose_name = _("command-centre day")
        verbose_name_plural = _("command-centre log")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["brigade", "date"], name="commandcentreday_one_per_day"),
        ]
        indexes = [
            models.Index(fields=["-date"], name="svc_cmdday_order"),  # the leader's list, newest first
            models.Index(fields=["brigade", "date"], name="svc_cmdday_brig_date"),
        ]

    def __str__(self):
        return f"{self.brigade} {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("services:commandcentreday_detail", args=[self.pk])

    def clean(self):
        if self.brigade_id and self.date:
            taken = CommandCentreDay.objects.filter(brigade_id=self.brigade_id, date=self.date).exclude(pk=self.pk)
            if taken.exists():
                raise ValidationError({"date": _("The log of this day is already entered: edit it instead.")})

    @property
    def total_calls(self):
        return sum(getattr(self, name) for name in self.CALL_FIELDS)


# --- Permits ------------------------------------------------------------------------------------


class Permit(BrigadeRecord):
    """A road permit (通行证) for a truck, muck truck or works vehicle: applied for by an enterprise
    (from the registry where it is one) or a person, approved or refused (with a reason) by the
    brigade, revocable. Expiry is not a status: it is computed from valid_to and today."""

    date_field = "applied_on"
    rollup_date_fields = ("approved_at",)
    date_rules = DateRules(plans=("valid_from", "valid_to"), order=(("valid_from", "valid_to"), ("applied_on", "approved_at")))

    # Issued on approval (see operations.permit_approve); empty while applied or refused.
    number = models.CharField(_("permit number"), max_length=40, blank=True, editable=False)
    applied_on = models.DateField(_("applied on"), default=timezone.localdate)
    enterprise = models.ForeignKey(
        "hazards.Enterprise", on_delete=models.PROTECT, null=True, blank=True, related_name="permits",
        verbose_name=_("enterprise"),
    )
    applicant = models.CharField(
        _("applicant"), max_length=200, blank=True, help_text=_("Filled from the enterprise when one is chosen.")
    )
    plate_number = models.CharField(_("plate number"), max_length=20, validators=[identifiers.validate_plate])
    vehicle_type = models.CharField(_("vehicle type"), max_length=30, choices=PermitVehicleType.choices)
    routes = models.TextField(_("routes or zones"))
    daily_from = models.TimeField(_("daily from"), null=True, blank=True)
    daily_until = models.TimeField(
        _("daily until"), null=True, blank=True, help_text=_("May be past midnight (e.g. 22:00 to 06:00).")
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    status = models.CharField(
        _("status"), max_length=20, choices=PermitStatus.choices, default=PermitStatus.APPLIED, editable=False
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    decision_reason = models.TextField(_("reason"), blank=True, editable=False)

    class Meta:
        verbose_name = _("permit")
        verbose_name_plural = _("permits")
        ordering = ["-applied_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__gte=F("valid_from")), name="permit_ends_after_start"),
            models.UniqueConstraint(
                fields=["brigade", "number"], condition=~Q(number=""), name="permit_unique_number"
            ),
        ]
        indexes = [
            # The list's own order, newest first (and the API cursor's, which ends in the id).
            models.Index(fields=["-applied_on", "-id"], name="svc_permit_order"),
            models.Index(fields=["brigade", "-applied_on", "-id"], name="svc_permit_brig_order"),
            models.Index(fields=["brigade", "applied_on"], name="svc_permit_brig_applied"),
            models.Index(fields=["status", "valid_to"], name="svc_permit_status_to"),
        ]

    def __str__(self):
        return f"{self.number or self.plate_number} ({self.get_vehicle_type_display()})"

    def get_absolute_url(self):
        return reverse("services:permit_detail", args=[self.pk])

    def state(self, today=None):
        return rules.permit_state(self.status, self.valid_from, self.valid_to, today or timezone.localdate())

    def clean(self):
        errors = {}
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("A permit cannot end before it starts.")
        if not self.enterprise_id and not self.applicant.strip():
            errors["applicant"] = _("Name the applicant, or choose the enterprise.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.enterprise_id and not self.applicant:
            self.applicant = self.enterprise.name
        self.plate_number = identifiers.normalize_plate(self.plate_number)
        super().save(*args, **kwargs)


class PermitTransition(Transition):
    record = models.ForeignKey(Permit, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("permit"))

    class Meta(Transition.Meta):
        verbose_name = _("permit transition")
        verbose_name_plural = _("permit transitions")

    def from_label(self):
        return PermitStatus(self.from_status).label if self.from_status else "—"

    def to_label(self):
        return PermitStatus(self.to_status).label


# --- Accident relief fund -----------------------------------------------------------------------


class ReliefAdvanceQuerySet(BrigadeScopedQuerySet):
    def recovery_overdue(self, today=None, after_days=None):
        """Paid at least `after_days` days ago (settings.RELIEF_RECOVERY_DUE_DAYS) and not fully
        recovered: the advances whose recovery (追偿) is overdue."""
        today = today or timezone.localdate()
        after_days = settings.RELIEF_RECOVERY_DUE_DAYS if after_days is None else after_days
        return self.filter(status__in=RELIEF_RECOVERING, advanced_on__lte=today - timedelta(days=after_days))


class ReliefAdvance(BrigadeRecord):
    """An advance from the road-accident social relief fund (道路交通事故社会救助基金垫付) for a
    victim's rescue or funeral costs, followed from the request to its recovery.

    The accident squadron registers the request (linked to the accident record) with the amount the
    hospital or family needs; the brigade leader approves it for an amount (or refuses it); the
    clerk records the fund's payment; the fund then recovers (追偿) what it paid from the liable party
    or the insurer, often in several instalments (`ReliefRecovery`). Every step is a transition with
    its amount, day and who; status and amounts change only through operations.
    """

    date_field = "requested_on"
    rollup_date_fields = ("approved_on", "advanced_on")
    date_rules = DateRules(order=(("requested_on", "approved_on", "advanced_on", "recovered_on"),))
    # A recovery is part of the advance's story: its rows show in the advance's history.
    history_children = ("recoveries",)

    accident = models.ForeignKey(
        "hazards.Accident", on_delete=models.PROTECT, null=True, blank=True, related_name="relief_advances",
        verbose_name=_("accident"),
    )
    case_reference = models.CharField(_("accident case reference"), max_length=50)
    beneficiary = models.CharField(_("beneficiary"), max_length=100, blank=True, help_text=_("Victim or hospital."))
    liable_party = models.CharField(
        _("liable party"), max_length=100, blank=True, help_text=_("Whom the fund recovers the advance from."),
    )
    insurer = models.CharField(_("insurer"), max_length=100, blank=True, help_text=_("The liable vehicle's insurer, if any."))
    requested_on = models.DateField(_("requested on"), default=timezone.localdate)
    amount_requested = models.DecimalField(
        _("amount requested (yuan)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReliefStatus.choices, default=ReliefStatus.REQUESTED, editable=False
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True, editable=False)
    amount_approved = models.DecimalField(
        _("amount approved (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True, editable=False
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False,
        related_name="+", verbose_name=_("approved by"),
    )
    advanced_on = models.DateField(_("paid on"), null=True, blank=True, editable=False)
    amount_advanced = models.DecimalField(
        _("amount paid (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True, editable=False
    )
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False,
        related_name="+", verbose_name=_("payment recorded by"),
    )
    # The sum of the recoveries, kept with the advance (written under its row lock by
    # operations.relief_recover) so that lists, filters and the overdue query need no join.
    amount_recovered = models.DecimalField(
        _("amount recovered (yuan)"), max_digits=12, decimal_places=2, default=0, editable=False
    )
    recovered_on = models.DateField(_("fully recovered on"), null=True, blank=True, editable=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ReliefAdvanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("relief fund advance")
        verbose_name_plural = _("relief fund advances")
        ordering = ["-requested_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_approved__isnull=True) | Q(amount_approved__lte=F("amount_requested")),
                name="reliefadvance_approved_le_req",
            ),
            models.CheckConstraint(
                condition=Q(amount_advanced__isnull=True) | Q(amount_advanced__lte=F("amount_approved")),
                name="reliefadvance_paid_le_approved",
            ),
            models.CheckConstraint(
                condition=Q(amount_recovered=0) | Q(amount_recovered__lte=F("amount_advanced")),
                name="reliefadvance_recovered_le_paid",
            ),
            models.CheckConstraint(
                condition=Q(amount_requested__gte=0) & (Q(amount_advanced__isnull=True) | Q(amount_advanced__gte=0))
                & Q(amount_recovered__gte=0),
                name="reliefadvance_not_negative",
            ),
        ]
        indexes = [
            # The leader's list, newest first: without it every page sorted all advances (134 ms at
            # 26 000; a province's fund pays tens of thousands a year).
            models.Index(fields=["-requested_on", "-id"], name="svc_relief_order"),
            models.Index(fields=["brigade", "requested_on"], name="svc_relief_brig_req"),
            models.Index(fields=["brigade", "advanced_on"], name="svc_relief_brig_date"),
            models.Index(fields=["status", "advanced_on"], name="svc_relief_status_paid"),
        ]

    def __str__(self):
        return f"{self.case_reference} ¥{self.amount_advanced if self.amount_advanced is not None else self.amount_requested}"

    def get_absolute_url(self):
        return reverse("services:reliefadvance_detail", args=[self.pk])

    @property
    def amount_outstanding(self):
        """What the fund has still to recover (0 before it pays)."""
        if self.amount_advanced is None:
            return 0
        return self.amount_advanced - self.amount_recovered

    def recovery_due_on(self):
        """The day the recovery becomes overdue (paid + RELIEF_RECOVERY_DUE_DAYS), None before payment."""
        if self.advanced_on is None:
            return None
        return self.advanced_on + timedelta(days=settings.RELIEF_RECOVERY_DUE_DAYS)

    def is_recovery_overdue(self, today=None):
        due = self.recovery_due_on()
        return self.status in RELIEF_RECOVERING and due is not None and due <= (today or timezone.localdate())

    def allowed_transitions(self):
        return RELIEF_TRANSITIONS[self.status]

    def clean(self):
        if self.accident_id and self.brigade_id and self.accident.brigade_id != self.brigade_id:
            raise ValidationError({"accident": _("This belongs to another brigade.")})
        if self.amount_requested is not None and self.amount_approved is not None and self.amount_approved > self.amount_requested:
            raise ValidationError({"amount_requested": _("The request cannot be less than the amount already approved.")})


class ReliefRecovery(BrigadeRecord):
    """One recovery (追偿) of an advance: money the fund got back from the liable party or the
    insurer, on a day. Several make a partial recovery; together they never exceed what was paid.
    Written only by operations.relief_recover; the brigade is the advance's."""

    date_field = "recovered_on"

    advance = models.ForeignKey(
        ReliefAdvance, on_delete=models.CASCADE, related_name="recoveries", verbose_name=_("relief fund advance")
    )
    recovered_on = models.DateField(_("recovered on"))
    amount = models.DecimalField(_("amount recovered (yuan)"), max_digits=12, decimal_places=2)
    source = models.CharField(_("recovered from"), max_length=20, choices=RecoverySource.choices)
    payer = models.CharField(_("payer"), max_length=100, blank=True, help_text=_("The person or insurer who paid."))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("relief fund recovery")
        verbose_name_plural = _("relief fund recoveries")
        ordering = ["recovered_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="reliefrecovery_amount_positive")]
        indexes = [models.Index(fields=["brigade", "recovered_on"], name="svc_reliefrec_brig_date")]

    def __str__(self):
        return f"{self.advance.case_reference} {self.recovered_on:%Y-%m-%d} ¥{self.amount}"

    def get_absolute_url(self):
        return self.advance.get_absolute_url() + f"#recovery-{self.pk}"


class ReliefAdvanceTransition(Transition):
    """A step of an advance (requested, approved, refused, paid, a recovery), with its amount and day."""

    record = models.ForeignKey(
        ReliefAdvance, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("relief fund advance")
    )
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    day = models.DateField(_("day"), null=True, blank=True)

    class Meta(Transition.Meta):
        verbose_name = _("relief fund advance step")
        verbose_name_plural = _("relief fund advance steps")

    def from_label(self):
        return ReliefStatus(self.from_status).label if self.from_status else "—"

    def to_label(self):
        return ReliefStatus(self.to_status).label


class ReliefTarget(BrigadeRecord):
    """The number of relief fund advances a brigade is set to handle in a month (垫付任务数), as the
    fund's management centre assigns it: the denominator of the completion rate
    (救助基金垫付完成率 = advances paid ÷ target; 直属二 reports 142 %, so it may exceed 100 %).
    Entered by the brigade clerk from the assignment, one row per month."""

    date_field = "month"
    # A target is set ahead of its month (up to the end of next year is plausible).
    date_rules = DateRules(plans=("month",))

    month = models.DateField(_("month"), help_text=_("Any day of the month: the first day is kept."))
    advances_target = models.PositiveIntegerField(_("target: advances"), validators=[MinValueValidator(1)])
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("relief fund target")
        verbose_name_plural = _("relief fund targets")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["brigade", "month"], name="relieftarget_one_per_month"),
            models.CheckConstraint(condition=Q(advances_target__gte=1), name="relieftarget_positive"),
        ]
        indexes = [models.Index(fields=["brigade", "month"], name="svc_relieftarget_brig_month")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.advances_target}"

    def get_absolute_url(self):
        return reverse("services:relieftarget_detail", args=[self.pk])

    def clean(self):
        if self.month:
            self.month = self.month.replace(day=1)
        if self.brigade_id and self.month:
            taken = ReliefTarget.objects.filter(brigade_id=self.brigade_id, month=self.month).exclude(pk=self.pk)
            if taken.exists():
                raise ValidationError({"month": _("The target of this month is already entered: edit it instead.")})

    def save(self, *args, **kwargs):
        if self.month:
            self.month = self.month.replace(day=1)
        super().save(*args, **kwargs)
