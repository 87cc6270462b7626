"""Hazards: road hazard points rectified until sign-off, accidents and black spots, key enterprises,
key vehicles and drivers (隐患排查整治, DOMAIN.md section 2)."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from brigades.records import identifiers
from brigades.records.files import ProtectedFileField, UnguessablePath
from brigades.records.identifiers import validate_credit_code, validate_licence_number, validate_plate
from brigades.records.input_rules import DateRules
from brigades.records.month_lock import day_of
from brigades.records.photos import validate_photo
from brigades.records.reference import EnglishNameMixin
from brigades.records.scoping import BrigadeRecord, BrigadeScopedQuerySet
from brigades.records.uploads import MaxUploadSize
from brigades.records.versioning import VersionedModel

from . import rules
from .choices import (
    OPEN_FOR_RECTIFICATION,
    AccidentSeverity,
    BlackSpotStatus,
    ClosureReason,
    DeliveryMethod,
    DriverClearance,
    DriverProblem,
    EnterpriseKind,
    FollowUpStatus,
    HazardAction,
    HazardLevel,
    HazardSource,
    HazardStatus,
    ImportKind,
    ImportStatus,
    KeyItemStatus,
    NoticeKind,
    PhotoStage,
    PlateType,
    ReinspectionResult,
    RiskLevel,
    SupervisionKind,
    SupervisionLevel,
    VehicleClearance,
    VehicleProblem,
    VehicleType,
)
from .validators import latitude_validators, longitude_validators

# ============================================================== reference data (admin extends)


class ReferenceData(EnglishNameMixin, models.Model):
    """A term an administrator can add to (seeded from DOMAIN.md); retired terms are deactivated, not deleted.
    Its English name (`name_en`) is shown in English mode (brigades.records.reference)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]


class HazardCategory(ReferenceData):
    """A kind of road hazard point: 平交路口通视距离不足, 校园周边, 马路市场, 事故多发点段..."""

    is_black_spot = models.BooleanField(
        _("accident black spot"), default=False,
        help_text=_("Hazards confirmed from a black-spot suggestion get this category."),
    )
    history = HistoricalRecords()

    class Meta(ReferenceData.Meta):
        verbose_name = _("hazard category")
        verbose_name_plural = _("hazard categories")


class ResponsibleParty(ReferenceData):
    """Who must rectify a hazard: the town, the transport bureau, the highway bureau, a school..."""

    history = HistoricalRecords()

    class Meta(ReferenceData.Meta):
        verbose_name = _("responsible party")
        verbose_name_plural = _("responsible parties")


class MeasureKind(ReferenceData):
    """A rectification measure and the unit it is counted in: 爆闪警示灯 (盏), 平安哨兵 (处)..."""

    unit = models.CharField(_("unit"), max_length=10, default="处")
    history = HistoricalRecords()

    class Meta(ReferenceData.Meta):
        verbose_name = _("measure kind")
        verbose_name_plural = _("measure kinds")


class AccidentCause(ReferenceData):
    """The main cause of an accident as the statistics count it."""

    history = HistoricalRecords()

    class Meta(ReferenceData.Meta):
        verbose_name = _("accident cause")
        verbose_name_plural = _("accident causes")


class HazardPolicy(models.Model):
    """The detachment's settings for hazard work (the row without a brigade), or a brigade's own.

    Re-inspection (回头看) is due `reinspection_days` after sign-off; a black spot is suggested
    when accidents of the last `black_spot_window_days` within `black_spot_radius_m` metres weigh
    at least `black_spot_min_weight` (a fatal accident weighs `black_spot_fatal_weight`).
    """

    brigade = models.OneToOneField(
        "brigades.Brigade", on_delete=models.CASCADE, null=True, blank=True, related_name="hazard_policy",
        verbose_name=_("brigade"), help_text=_("Empty: the detachment's default for every brigade."),
    )
    reinspection_days = models.PositiveSmallIntegerField(_("re-inspection after (days)"), default=30)
    black_spot_window_days = models.PositiveSmallIntegerField(_("black-spot window (days)"), default=365)
    black_spot_radius_m = models.PositiveSmallIntegerField(_("black-spot radius (m)"), default=200)
    black_spot_min_weight = models.PositiveSmallIntegerField(_("black-spot threshold (weighted accidents)"), default=3)
    black_spot_fatal_weight = models.PositiveSmallIntegerField(_("weight of a fatal accident"), default=3)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hazard policy")
        verbose_name_plural = _("hazard policies")
        constraints = [
            models.UniqueConstraint(fields=["brigade"], condition=Q(brigade__isnull=True), name="hazard_policy_one_default"),
            models.CheckConstraint(condition=Q(reinspection_days__gte=1), name="hazard_policy_reinspection_days"),
            models.CheckConstraint(condition=Q(black_spot_min_weight__gte=2), name="hazard_policy_black_spot_min"),
        ]

    def __str__(self):
        return str(self.brigade) if self.brigade_id else str(_("Detachment default"))

    @classmethod
    def for_brigade(cls, brigade_id):
        """The brigade's own policy, else the detachment default, else the built-in defaults."""
        policies = {p.brigade_id: p for p in cls.objects.filter(Q(brigade_id=brigade_id) | Q(brigade__isnull=True))}
        return policies.get(brigade_id) or policies.get(None) or cls()


# ============================================================== road hazard points


class HazardQuerySet(BrigadeScopedQuerySet):
    def open_for_rectification(self):
        return self.filter(status__in=OPEN_FOR_RECTIFICATION)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.open_for_rectification().filter(rectification_deadline__lt=today)

    def due_soon(self, today=None, days=rules.DUE_SOON_DAYS):
        today = today or timezone.localdate()
        return self.open_for_rectification().filter(
            rectification_deadline__gte=today, rectification_deadline__lte=today + timedelta(days=days)
        )


class Hazard(BrigadeRecord):
    """A road hazard point (隐患点) found by the brigade and tracked until it is signed off (销号).

    Entered by brigade staff from a patrol, a hotline call, a school survey, an accident review, an
    inspection or a higher-level notice. Lifecycle (choices.HAZARD_TRANSITIONS): reported → assigned
    (notice issued to the responsible party, deadline set) → rectifying → rectified (with evidence)
    → signed off; or closed without rectification with a reason. A re-inspection (回头看) due some
    days after sign-off confirms it or reopens it. `status` and the dates of the lifecycle are
    written only by the operations in `operations.py`.
    """

    # Free-text search over millions of rows: a bigram index on these fields (brigades.records.search).
    search_index = ('road', 'place', 'description', 'notice_number', 'responsible_party_detail')
    # Hundreds of thousands across a detachment: an accident's form searches them (SearchSelect).
    choice_search_fields = ("road", "place", "notice_number")

    date_field = "found_on"
    rollup_date_fields = ("rectified_on", "signed_off_on", "closed_on", "rectification_deadline")
    # The measures taken and the photos are the rectification: they show in the hazard's history.
    history_children = ("measures", "photos")
    lifecycle_fields = ("responsible_party", "signed_off_by")  # set by assign and sign-off
    date_rules = DateRules(deadlines=("rectification_deadline",), order=(
        ("found_on", "notice_issued_on", "rectified_on", "signed_off_on"),
        ("found_on", "notice_issued_on", "rectification_deadline"),
        ("found_on", "closed_on"),
    ))

    town = models.ForeignKey(
        "brigades.Town", on_delete=models.PROTECT, related_name="hazards", verbose_name=_("town / district")
    )
    road = models.CharField(_("road"), max_length=100)
    place = models.CharField(_("place"), max_length=200, help_text=_("e.g. the intersection with 振兴路, 200 m east of the school gate"))
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=latitude_validators)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=longitude_validators)
    category = models.ForeignKey(HazardCategory, on_delete=models.PROTECT, related_name="hazards", verbose_name=_("category"))
    level = models.CharField(_("level"), max_length=10, choices=HazardLevel.choices, default=HazardLevel.GENERAL)
    source = models.CharField(_("source"), max_length=20, choices=HazardSource.choices, default=HazardSource.PATROL)
    found_on = models.DateField(_("found on"), default=timezone.localdate)
    finder = models.ForeignKey(
        "brigades.Officer", on_delete=models.PROTECT, null=True, blank=True, related_name="hazards_found",
        verbose_name=_("found by"),
    )
    description = models.TextField(_("description"))
    # Kept in step with the listings in force by the 挂牌督办 operations (SupervisionListing).
    is_supervised = models.BooleanField(_("listed for supervision"), default=False, editable=False, help_text=_("挂牌督办"))

    status = models.CharField(_("status"), max_length=20, choices=HazardStatus.choices, default=HazardStatus.REPORTED, editable=False)
    responsible_party = models.ForeignKey(
        ResponsibleParty, on_delete=models.PROTECT, null=True, blank=True, related_name="hazards",
        verbose_name=_("responsible party"),
    )
    responsible_party_detail = models.CharField(_("responsible unit"), max_length=100, blank=True, help_text=_("e.g. the name of the school or company"))
    notice_number = models.CharField(_("notice number"), max_length=40, blank=True, editable=False)
    notice_year = models.PositiveSmallIntegerField(_("notice year"), null=True, blank=True, editable=False)
    notice_serial = models.PositiveIntegerField(_("notice serial"), null=True, blank=True, editable=False)
    notice_issued_on = models.DateField(_("notice issued on"), null=True, blank=True, editable=False)
    notice_requirements = models.TextField(_("rectification requirements"), blank=True, editable=False)
    rectification_deadline = models.DateField(_("rectification deadline"), null=True, blank=True, editable=False)
    rectified_on = models.DateField(_("rectified on"), null=True, blank=True, editable=False)
    rectification_note = models.TextField(_("rectification done"), blank=True, editable=False)
    signed_off_on = models.DateField(_("signed off on"), null=True, blank=True, editable=False)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, editable=False,
        related_name="+", verbose_name=_("signed off by"),
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    closure_reason = models.CharField(_("closure reason"), max_length=30, choices=ClosureReason.choices, blank=True, editable=False)
    closure_note = models.TextField(_("closure note"), blank=True, editable=False)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0, editable=False)

    objects = HazardQuerySet.as_manager()

    class Meta:
        verbose_name = _("hazard point")
        verbose_name_plural = _("hazard points")
        ordering = ["-found_on", "-pk"]
        indexes = [
            # The list's own order, newest first (and the API cursor's, which ends in the id).
            models.Index(fields=["-found_on", "-id"], name="hazard_order"),
            models.Index(fields=["brigade", "-found_on", "-id"], name="hazard_brig_order"),
            models.Index(fields=["brigade", "found_on"], name="hazard_brigade_found"),
            models.Index(fields=["brigade", "status", "rectification_deadline"], name="hazard_brigade_deadline"),
            # The rollups count hazards on these days too: refreshing one brigade-day reads them.
            models.Index(fields=["brigade", "rectified_on"], name="hazard_brigade_rectified"),
            models.Index(fields=["brigade", "signed_off_on"], name="hazard_brigade_signed_off"),
            # The map of open hazards (selectors.map_features) clusters every open hazard with a
            # position in scope: read from this small index alone (an index-only scan of the open
            # ones, not a scan of all 300 000 hazards of the detachment).
            models.Index(
                fields=["brigade", "longitude", "latitude"], include=["id", "status", "rectification_deadline"],
                condition=~Q(status__in=["signed_off", "closed"]) & Q(latitude__isnull=False, longitude__isnull=False),
                name="hazard_open_map",
            ),
            # The map's "n without coordinates": a count of a few rows, not a scan of all hazards.
            models.Index(fields=["brigade"], condition=Q(latitude__isnull=True), name="hazard_without_position"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["brigade", "notice_year", "notice_serial"], condition=Q(notice_serial__isnull=False),
                name="hazard_notice_unique_per_year",
            ),
            models.CheckConstraint(
                condition=Q(rectification_deadline__isnull=True) | Q(rectification_deadline__gte=models.F("found_on")),
                name="hazard_deadline_after_found",
            ),
            models.CheckConstraint(
                condition=Q(status="closed", closed_on__isnull=False) | ~Q(status="closed"),
                name="hazard_closed_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.road} {self.place}"

    def get_absolute_url(self):
        return reverse("hazards:hazard_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.found_on and self.found_on > timezone.localdate():
            errors["found_on"] = _("The found date cannot be in the future.")
        if (self.latitude is None) != (self.longitude is None):
            errors["latitude"] = _("Give both latitude and longitude, or neither.")
        if errors:
            raise ValidationError(errors)

    @property
    def deadline_state(self):
        return rules.deadline_state(
            self.rectification_deadline, timezone.localdate(),
            open_for_rectification=self.status in OPEN_FOR_RECTIFICATION,
        )

    @property
    def is_overdue(self):
        return self.deadline_state == "overdue"

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None


class HazardChildQuerySet(BrigadeScopedQuerySet):
    brigade_lookup = "hazard__brigade_id"


class HazardTransition(models.Model):
    """One step of a hazard's lifecycle: who did what, when, from which status to which, and why."""

    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("hazard point"))
    action = models.CharField(_("action"), max_length=20, choices=HazardAction.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=HazardStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=HazardStatus.choices)
    note = models.TextField(_("note"), blank=True)
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by")
    )
    acted_at = models.DateTimeField(_("at"), default=timezone.now)

    objects = HazardChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("hazard transition")
        verbose_name_plural = _("hazard transitions")
        ordering = ["acted_at", "pk"]
        indexes = [models.Index(fields=["hazard", "acted_at"], name="hazard_transition_at")]

    def __str__(self):
        return f"{self.hazard}: {self.get_action_display()}"


class HazardMeasure(VersionedModel):
    """A rectification measure planned for a hazard and how much of it is done (180 flashing lights...)."""

    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="measures", verbose_name=_("hazard point"))
    kind = models.ForeignKey(MeasureKind, on_delete=models.PROTECT, related_name="measures", verbose_name=_("measure"))
    planned_quantity = models.PositiveIntegerField(_("planned"), default=1)
    done_quantity = models.PositiveIntegerField(_("done"), default=0)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = HazardChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification measure")
        verbose_name_plural = _("rectification measures")
        ordering = ["hazard", "kind__sort_order", "pk"]

    def __str__(self):
        return f"{self.kind} × {self.planned_quantity}"

    def get_absolute_url(self):
        return self.hazard.get_absolute_url()

    def clean(self):
        if self.done_quantity and not self.done_on:
            raise ValidationError({"done_on": _("Give the date the measure was done.")})

    def lock_pairs(self):
        """A measure is part of the facts of the day it was done (brigades.records.month_lock): a plan is
        work in progress, not a fact of any month."""
        return day_of(self.hazard.brigade_id if self.hazard_id else None, self._meta.get_field("done_on"), self.done_on)


def hazard_photo_path(instance, filename):
    """The old, guessable path (migration 0002 names it); new photos use UnguessablePath."""
    return f"hazards/{instance.hazard_id}/{instance.stage}/{filename}"


class HazardPhoto(models.Model):
    """A photo of a hazard before or after rectification; the after photos are the evidence for sign-off."""

    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="photos", verbose_name=_("hazard point"))
    stage = models.CharField(_("stage"), max_length=10, choices=PhotoStage.choices, default=PhotoStage.BEFORE)
    file = ProtectedFileField(
        _("photo"), upload_to=UnguessablePath("hazards/photos"), validators=[validate_photo, MaxUploadSize("PHOTO_MAX_BYTES")]
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    history = HistoricalRecords()
    objects = HazardChildQuerySet.as_manager()

    file_view_name = "hazards:hazardphoto_file"
    thumbnail_view_name = "hazards:hazardphoto_thumbnail"

    class Meta:
        verbose_name = _("hazard photo")
        verbose_name_plural = _("hazard photos")
        ordering = ["hazard", "stage", "uploaded_at"]

    def __str__(self):
        return f"{self.hazard} ({self.get_stage_display()})"

    def get_absolute_url(self):
        return self.hazard.get_absolute_url()

    def lock_pairs(self):
        """A photo before rectification is part of what was found (the hazard's found day); a photo
        after is the evidence of the rectification, work dated the day it is uploaded
        (brigades.records.month_lock)."""
        if not self.hazard_id:
            return []
        if self.stage == PhotoStage.AFTER:
            return day_of(self.hazard.brigade_id, self._meta.get_field("uploaded_at"), self.uploaded_at)
        return day_of(self.hazard.brigade_id, Hazard._meta.get_field("found_on"), self.hazard.found_on)


class NoticeCounter(models.Model):
    """The last rectification-notice serial a brigade issued in a year; locked while a number is drawn."""

    brigade = models.ForeignKey("brigades.Brigade", on_delete=models.CASCADE, related_name="+", verbose_name=_("brigade"))
    year = models.PositiveSmallIntegerField(_("year"))
    last_serial = models.PositiveIntegerField(_("last serial"), default=0)

    class Meta:
        verbose_name = _("notice counter")
        verbose_name_plural = _("notice counters")
        constraints = [models.UniqueConstraint(fields=["brigade", "year"], name="notice_counter_one_per_year")]

    def __str__(self):
        return f"{self.brigade} {self.year}: {self.last_serial}"


class Reinspection(models.Model):
    """A re-inspection (回头看) of a signed-off hazard, scheduled on sign-off and due on `due_on`.

    Whoever goes back records the result: the rectification holds, or it relapsed and the hazard is
    reopened. Until then it sits in the list of due re-inspections (no worker needed).
    """

    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="reinspections", verbose_name=_("hazard point"))
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=20, choices=ReinspectionResult.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    inspected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("inspected by"))
    flagged_due = models.BooleanField(_("flagged as due"), default=False, editable=False)

    history = HistoricalRecords()
    objects = HazardChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("re-inspection")
        verbose_name_plural = _("re-inspections")
        ordering = ["done_on", "due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["hazard"], condition=Q(done_on__isnull=True), name="reinspection_one_pending"),
        ]
        indexes = [models.Index(fields=["due_on"], name="reinspection_due")]

    def __str__(self):
        return f"{self.hazard} · {self.due_on:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("hazards:reinspection_record", args=[self.pk])

    @property
    def is_due(self):
        return self.done_on is None and self.due_on <= timezone.localdate()


# ============================================================== accidents and black spots


class Accident(BrigadeRecord):
    """A road traffic accident counted in the brigade's statistics (not the case file).

    Entered by brigade staff after the scene is handled. A fatal one is reviewed (死亡事故复盘) and
    the review's findings are recorded; a review often finds a hazard, linked here.
    """

    # Free-text search over millions of rows: a bigram index on these fields (brigades.records.search).
    search_index = ('road', 'place', 'parties', 'vehicle_types', 'review_findings')
    # A relief advance's form and filter search a brigade's accidents (SearchSelect).
    choice_search_fields = ("road", "place")

    date_field = "occurred_at"

    occurred_at = models.DateTimeField(_("occurred at"))
    town = models.ForeignKey("brigades.Town", on_delete=models.PROTECT, related_name="accidents", verbose_name=_("town / district"))
    road = models.CharField(_("road"), max_length=100)
    place = models.CharField(_("place"), max_length=200)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=latitude_validators)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=longitude_validators)
    severity = models.CharField(_("severity"), max_length=10, choices=AccidentSeverity.choices)
    deaths = models.PositiveSmallIntegerField(_("deaths"), default=0)
    injuries = models.PositiveSmallIntegerField(_("injuries"), default=0)
    parties = models.TextField(_("parties"), blank=True, help_text=_("Who was involved, one per line"))
    vehicle_types = models.CharField(_("vehicle types"), max_length=200, blank=True, help_text=_("e.g. heavy truck, e-bike"))
    main_cause = models.ForeignKey(AccidentCause, on_delete=models.PROTECT, null=True, blank=True, related_name="accidents", verbose_name=_("main cause"))
    is_reviewed = models.BooleanField(_("reviewed"), default=False, help_text=_("死亡事故复盘"))
    review_findings = models.TextField(_("review findings"), blank=True)
    hazard = models.ForeignKey(Hazard, on_delete=models.SET_NULL, null=True, blank=True, related_name="accidents", verbose_name=_("hazard found"))

    class Meta:
        verbose_name = _("accident")
        verbose_name_plural = _("accidents")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            # The list's own order, newest first (and the API cursor's, which ends in the id).
            models.Index(fields=["-occurred_at", "-id"], name="accident_order"),
            models.Index(fields=["brigade", "occurred_at"], name="accident_brigade_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(severity="fatal", deaths__gte=1) | (~Q(severity="fatal") & Q(deaths=0))),
                name="accident_deaths_match_severity",
            ),
        ]

    def __str__(self):
        return f"{timezone.localtime(self.occurred_at):%Y-%m-%d %H:%M} {self.road} {self.place}"

    def get_absolute_url(self):
        return reverse("hazards:accident_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.severity == AccidentSeverity.FATAL and not self.deaths:
            errors["deaths"] = _("A fatal accident has at least one death.")
        if self.severity != AccidentSeverity.FATAL and self.deaths:
            errors["severity"] = _("An accident with deaths is fatal.")
        if self.severity == AccidentSeverity.INJURY and not self.injuries:
            errors["injuries"] = _("An injury accident has at least one injured person.")
        if self.occurred_at and self.occurred_at > timezone.now():
            errors["occurred_at"] = _("The time cannot be in the future.")
        if (self.latitude is None) != (self.longitude is None):
            errors["latitude"] = _("Give both latitude and longitude, or neither.")
        if self.review_findings and not self.is_reviewed:
            errors["is_reviewed"] = _("Tick 'reviewed' when you record review findings.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_fatal(self):
        return self.severity == AccidentSeverity.FATAL


class BlackSpotSuggestion(BrigadeRecord):
    """A place where accidents cluster (事故多发点段), suggested by the software from the brigade's
    accidents of the last months (rules.find_black_spots). Staff confirm it into a hazard of the
    black-spot category or dismiss it with a reason; either way it is never suggested again."""

    date_field = "suggested_on"

    suggested_on = models.DateField(_("suggested on"), default=timezone.localdate)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, validators=latitude_validators)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, validators=longitude_validators)
    radius_m = models.PositiveSmallIntegerField(_("radius (m)"))
    weight = models.PositiveSmallIntegerField(_("weighted accidents"))
    accidents = models.ManyToManyField(Accident, related_name="black_spot_suggestions", verbose_name=_("accidents"))
    town = models.ForeignKey("brigades.Town", on_delete=models.PROTECT, related_name="+", verbose_name=_("town / district"))
    road = models.CharField(_("road"), max_length=100)
    place = models.CharField(_("place"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=BlackSpotStatus.choices, default=BlackSpotStatus.SUGGESTED, editable=False)
    hazard = models.OneToOneField(Hazard, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="black_spot_suggestion", verbose_name=_("hazard point"))
    dismissal_reason = models.TextField(_("dismissal reason"), blank=True, editable=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("black-spot suggestion")
        verbose_name_plural = _("black-spot suggestions")
        ordering = ["-suggested_on", "-weight", "-pk"]
        indexes = [
            models.Index(fields=["-suggested_on", "-weight", "-id"], name="blackspot_order"),
            models.Index(fields=["brigade", "suggested_on"], name="blackspot_brigade_on"),
        ]

    def __str__(self):
        return f"{self.road} {self.place} ({self.weight})"

    def get_absolute_url(self):
        return reverse("hazards:blackspot_detail", args=[self.pk])


# ============================================================== key enterprises


class Enterprise(BrigadeRecord):
    """A key enterprise (重点企业 / 源头企业) supervised by a brigade: dangerous goods, "两客一危",
    key vehicle-using units. Entered by brigade staff; its risk level changes over time through
    `operations.enterprise_change_risk_level`, which keeps each change as an EnterpriseRiskChange
    (the history a leader reads as "high-risk enterprises from 35 to 3"). Outreach events and permits
    refer to it too."""

    # Thousands across a detachment: filters search them (brigades.records.widgets.SearchSelect).
    choice_search_fields = ("name", "credit_code")

    name = models.CharField(_("name"), max_length=200)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, validators=[validate_credit_code]
    )
    kind = models.CharField(_("kind"), max_length=30, choices=EnterpriseKind.choices)
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    risk_level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices, default=RiskLevel.MEDIUM)
    is_active = models.BooleanField(_("active"), default=True)
    town = models.ForeignKey(
        "brigades.Town", on_delete=models.PROTECT, null=True, blank=True, related_name="enterprises",
        verbose_name=_("town / district"),
    )
    vehicle_count = models.PositiveIntegerField(_("vehicles"), default=0)

    class Meta:
        verbose_name = _("key enterprise")
        verbose_name_plural = _("key enterprises")
        ordering = ["brigade", "name"]
        constraints = [
            models.UniqueConstraint(fields=["credit_code"], name="enterprise_unique_credit_code"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("hazards:enterprise_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.credit_code = self.credit_code.upper()
        super().save(*args, **kwargs)


class EnterpriseRiskChange(BrigadeRecord):
    """One change of an enterprise's risk level (the first row records the level it was entered with).

    Counted by the metrics: the number of high-risk enterprises on a day is the sum of
    (+1 became high, −1 left high) over every change up to that day, so it adds up over any period.
    """

    date_field = "changed_on"

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="risk_changes", verbose_name=_("key enterprise"))
    from_level = models.CharField(_("from"), max_length=10, choices=RiskLevel.choices, blank=True)
    to_level = models.CharField(_("to"), max_length=10, choices=RiskLevel.choices)
    changed_on = models.DateField(_("changed on"), default=timezone.localdate)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("risk level change")
        verbose_name_plural = _("risk level changes")
        ordering = ["-changed_on", "-pk"]
        indexes = [
            models.Index(fields=["-changed_on", "-id"], name="riskchange_order"),
            models.Index(fields=["brigade", "changed_on"], name="riskchange_brigade_on"),
        ]

    def __str__(self):
        return f"{self.enterprise}: {self.get_from_level_display() or '—'} → {self.get_to_level_display()}"

    def get_absolute_url(self):
        return self.enterprise.get_absolute_url()


class SupervisionAction(BrigadeRecord):
    """A supervision action on a key enterprise: an inspection, an interview (约谈), a rectification
    notice, a warning, public exposure or joint punishment, with the officers and the outcome.
    A notice (or any action given a deadline) is followed until done (`follow_up_status`)."""

    # Free-text search over millions of rows: a bigram index on these fields (brigades.records.search).
    search_index = ('outcome', 'done_note')

    date_field = "acted_on"
    rollup_date_fields = ("done_on",)
    # Each change of the officers is a version in the history (simple-history's m2m tracking).
    _history_m2m_fields = ["officers"]
    date_rules = DateRules(deadlines=("deadline",), order=(("acted_on", "deadline"), ("acted_on", "done_on")))

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="supervision_actions", verbose_name=_("key enterprise"))
    kind = models.CharField(_("kind"), max_length=20, choices=SupervisionKind.choices)
    acted_on = models.DateField(_("date"), default=timezone.localdate)
    officers = models.ManyToManyField("brigades.Officer", blank=True, related_name="supervision_actions", verbose_name=_("officers"))
    outcome = models.TextField(_("outcome"), blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    follow_up_status = models.CharField(_("follow-up"), max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.NONE, editable=False)
    done_on = models.DateField(_("done on"), null=True, blank=True, editable=False)
    done_note = models.TextField(_("how it was done"), blank=True, editable=False)

    class Meta:
        verbose_name = _("supervision action")
        verbose_name_plural = _("supervision actions")
        ordering = ["-acted_on", "-pk"]
        indexes = [
            # The list's own order, newest first (and the API cursor's, which ends in the id).
            models.Index(fields=["-acted_on", "-id"], name="supervision_order"),
            models.Index(fields=["brigade", "-acted_on", "-id"], name="supervision_brig_order"),
            models.Index(fields=["brigade", "acted_on"], name="supervision_brigade_on"),
            # 待办 reads the followed actions by deadline.
            models.Index(fields=["brigade", "follow_up_status", "deadline"], name="supervision_brigade_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(deadline__gte=models.F("acted_on")), name="supervision_deadline_after_act"
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} · {self.get_kind_display()} · {self.acted_on:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("hazards:supervision_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.kind == SupervisionKind.NOTICE and not self.deadline:
            errors["deadline"] = _("A rectification notice needs a deadline.")
        if self.deadline and self.acted_on and self.deadline < self.acted_on:
            errors["deadline"] = _("The deadline cannot be before the date of the action.")
        if self.enterprise_id and self.brigade_id and self.enterprise.brigade_id != self.brigade_id:
            errors["enterprise"] = _("This belongs to another brigade.")
        if errors:
            raise ValidationError(errors)

    @property
    def deadline_state(self):
        return rules.deadline_state(
            self.deadline, timezone.localdate(), open_for_rectification=self.follow_up_status == FollowUpStatus.OPEN
        )


# ============================================================== 挂牌督办


class SupervisionListingQuerySet(BrigadeScopedQuerySet):
    def in_force(self):
        return self.filter(lifted_on__isnull=True)


class SupervisionListing(BrigadeRecord):
    """A hazard listed for supervision (挂牌督办) by the brigade, the detachment, the county or the
    city, with the supervising unit and a supervision deadline; the brigade reports progress until
    the listing is lifted (摘牌) when the hazard is rectified. Written by the operations
    `supervision_list`, `supervision_progress_report` and `supervision_lift`, which keep
    `Hazard.is_supervised` in step. The detachment's board lists every one in force, overdue first."""

    # Undated for the month lock, as notices: progress and lifting go on after the month is approved.
    date_field = None

    hazard = models.ForeignKey(Hazard, on_delete=models.PROTECT, related_name="supervision_listings", editable=False, verbose_name=_("hazard point"))
    level = models.CharField(_("level"), max_length=20, choices=SupervisionLevel.choices)
    supervising_unit = models.CharField(_("supervising unit"), max_length=100, help_text=_("e.g. 市安委会办公室, 支队事故预防处"))
    listed_on = models.DateField(_("listed on"), default=timezone.localdate)
    supervision_deadline = models.DateField(_("supervision deadline"))
    requirements = models.TextField(_("requirements"), blank=True)
    lifted_on = models.DateField(_("lifted on"), null=True, blank=True, editable=False)
    lift_note = models.TextField(_("why lifted"), blank=True, editable=False)

    objects = SupervisionListingQuerySet.as_manager()

    class Meta:
        verbose_name = _("listing for supervision")
        verbose_name_plural = _("listings for supervision")
        ordering = ["supervision_deadline", "pk"]
        indexes = [
            models.Index(fields=["brigade", "listed_on"], name="listing_brigade_listed"),
            models.Index(fields=["lifted_on", "supervision_deadline"], name="listing_in_force_due"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["hazard"], condition=Q(lifted_on__isnull=True), name="listing_one_in_force"),
            models.CheckConstraint(condition=Q(supervision_deadline__gte=models.F("listed_on")), name="listing_deadline_after_listed"),
        ]

    def __str__(self):
        return f"{self.get_level_display()}挂牌 · {self.hazard}"

    def get_absolute_url(self):
        return reverse("hazards:listing_detail", args=[self.pk])

    @property
    def deadline_state(self):
        return rules.deadline_state(self.supervision_deadline, timezone.localdate(), open_for_rectification=self.lifted_on is None)

    @property
    def is_overdue(self):
        return self.deadline_state == "overdue"


class SupervisionProgressQuerySet(BrigadeScopedQuerySet):
    brigade_lookup = "listing__brigade_id"


class SupervisionProgress(models.Model):
    """A progress report (督办进展) on a listed hazard: what was done by when, by whom."""

    listing = models.ForeignKey(SupervisionListing, on_delete=models.CASCADE, related_name="progress_reports", verbose_name=_("listing for supervision"))
    reported_on = models.DateField(_("reported on"), default=timezone.localdate)
    progress = models.TextField(_("progress"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("reported by"))

    history = HistoricalRecords()
    objects = SupervisionProgressQuerySet.as_manager()

    class Meta:
        verbose_name = _("supervision progress report")
        verbose_name_plural = _("supervision progress reports")
        ordering = ["-reported_on", "-pk"]

    def __str__(self):
        return f"{self.listing} · {self.reported_on:%Y-%m-%d}"

    def get_absolute_url(self):
        return self.listing.get_absolute_url()


# ============================================================== notices and their delivery


def notice_receipt_path(instance, filename):
    return f"notices/{instance.brigade_id}/{instance.year}/{instance.serial}/{filename}"


class Notice(BrigadeRecord):
    """A numbered document the brigade issues and serves (送达): a hazard rectification notice
    (issued when the hazard is assigned), an enterprise supervision notice or an interview (约谈)
    record. Printed on A4 with a place for the seal; its number is unique in the brigade's year.

    The 送达回执 comes back signed: who received it, when, how (in person, by post, electronically)
    and a photo or scan of the signed receipt, recorded by `operations.notice_record_receipt`.
    A notice still without a receipt some days after issue (settings.NOTICE_RECEIPT_DAYS) is in 待办.
    """

    # Undated for the month lock: a notice is no counted figure, and its receipt often comes back
    # after the month it was issued in has been approved.
    date_field = None

    kind = models.CharField(_("kind"), max_length=30, choices=NoticeKind.choices, editable=False)
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    serial = models.PositiveIntegerField(_("serial"), editable=False)
    number = models.CharField(_("number"), max_length=40, editable=False)
    issued_on = models.DateField(_("issued on"), default=timezone.localdate, editable=False)
    addressee = models.CharField(_("addressee"), max_length=200, help_text=_("Who the notice is served on"))
    hazard = models.ForeignKey(
        Hazard, on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="notices",
        verbose_name=_("hazard point"),
    )
    supervision_action = models.OneToOneField(
        SupervisionAction, on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="notice",
        verbose_name=_("supervision action"),
    )
    received_by = models.CharField(_("received by"), max_length=100, blank=True, editable=False)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True, editable=False)
    delivery_method = models.CharField(
        _("served"), max_length=20, choices=DeliveryMethod.choices, blank=True, editable=False
    )
    receipt_scan = models.FileField(
        _("signed receipt (photo or scan)"), upload_to=notice_receipt_path, blank=True, editable=False,
    )
    receipt_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+",
        verbose_name=_("receipt recorded by"),
    )

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-issued_on", "-serial"]
        indexes = [
            models.Index(fields=["-issued_on", "-serial"], name="notice_order"),
            models.Index(fields=["brigade", "issued_on"], name="notice_brigade_issued"),
            # 待办: notices still waiting for their receipt, by issue day.
            models.Index(fields=["brigade", "received_at", "issued_on"], name="notice_brigade_receipt"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["brigade", "year", "serial"], name="notice_unique_serial_per_year"),
            models.CheckConstraint(
                condition=Q(received_at__isnull=True) | (~Q(received_by="") & ~Q(delivery_method="")),
                name="notice_receipt_complete",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("hazards:notice_detail", args=[self.pk])

    @property
    def has_receipt(self):
        return self.received_at is not None


# ============================================================== key vehicles and drivers


class KeyItemImport(BrigadeRecord):
    """One upload of the detachment's weekly list (a CSV or .xlsx), previewed then confirmed."""

    date_field = "listed_on"

    kind = models.CharField(_("list"), max_length=10, choices=ImportKind.choices)
    listed_on = models.DateField(_("list date"), default=timezone.localdate)
    file = ProtectedFileField(_("file"), upload_to=UnguessablePath("hazards/key-lists"), validators=[MaxUploadSize("SPREADSHEET_MAX_BYTES")])
    original_name = models.CharField(_("file name"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED, editable=False)
    new_count = models.PositiveIntegerField(_("new"), default=0, editable=False)
    updated_count = models.PositiveIntegerField(_("updated"), default=0, editable=False)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0, editable=False)
    rejected_count = models.PositiveIntegerField(_("rejected"), default=0, editable=False)
    confirmed_at = models.DateTimeField(_("imported at"), null=True, blank=True, editable=False)
    # The dry run's verdict on each row ({number, outcome, item, reasons}), shown until confirmed.
    preview = models.JSONField(_("preview"), default=list, editable=False)

    file_view_name = "hazards:keyimport_file"

    class Meta:
        verbose_name = _("key vehicle/driver list import")
        verbose_name_plural = _("key vehicle/driver list imports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["brigade", "listed_on"], name="keyimport_brigade_on")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.listed_on:%Y-%m-%d} ({self.original_name})"

    def get_absolute_url(self):
        return reverse("hazards:keyimport_preview", args=[self.pk])


class KeyItem(BrigadeRecord):
    """What key vehicles and key drivers share: the list they came on, the squadron and officer they
    are handed to (分片包干) with a time limit, and how and when they were cleared (清理)."""

    date_field = "listed_on"
    rollup_date_fields = ("cleared_on", "handle_by")
    # Set by the assignment (分片包干) and by next week's list: work on the item, not its month's facts.
    lifecycle_fields = ("squadron", "officer", "handle_by", "due_date", "problem", "vehicle_type")
    # due_date is the inspection / scrapping / review date the list reports (often long past).
    date_rules = DateRules(deadlines=("due_date", "handle_by"), order=(("listed_on", "handle_by"), ("listed_on", "cleared_on")))

    listed_on = models.DateField(_("received on"), default=timezone.localdate)
    due_date = models.DateField(_("due date"), help_text=_("Inspection, scrapping, review or renewal due date"))
    squadron = models.ForeignKey("brigades.Squadron", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("squadron"))
    officer = models.ForeignKey("brigades.Officer", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("responsible officer"))
    handle_by = models.DateField(_("time limit"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=KeyItemStatus.choices, default=KeyItemStatus.RECEIVED, editable=False)
    cleared_on = models.DateField(_("cleared on"), null=True, blank=True, editable=False)
    clearance_note = models.CharField(_("clearance note"), max_length=200, blank=True, editable=False)
    last_import = models.ForeignKey(KeyItemImport, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+", verbose_name=_("last list"))

    class Meta:
        abstract = True

    @property
    def deadline_state(self):
        return rules.deadline_state(
            self.handle_by, timezone.localdate(), open_for_rectification=self.status != KeyItemStatus.CLEARED
        )


class KeyVehicle(KeyItem):
    """A key vehicle (重点车辆) on the detachment's weekly list: overdue for inspection or scrapping.
    A vehicle is its plate number and plate type; next week's list updates it, never duplicates it."""

    # Free-text search over millions of rows: a bigram index on these fields (brigades.records.search).
    search_index = ('plate_number', 'owner')

    plate_number = models.CharField(_("plate number"), max_length=10, validators=[validate_plate])
    plate_type = models.CharField(_("plate type"), max_length=2, choices=PlateType.choices)
    vehicle_type = models.CharField(_("vehicle type"), max_length=20, choices=VehicleType.choices)
    owner = models.CharField(_("owner"), max_length=100)
    problem = models.CharField(_("problem"), max_length=30, choices=VehicleProblem.choices)
    clearance = models.CharField(_("cleared by"), max_length=20, choices=VehicleClearance.choices, blank=True, editable=False)

    class Meta:
        verbose_name = _("key vehicle")
        verbose_name_plural = _("key vehicles")
        ordering = ["-listed_on", "plate_number"]
        indexes = [
            # The list's own order, newest first (and the API cursor's, which ends in the id).
            models.Index(fields=["-listed_on", "plate_number", "-id"], name="keyvehicle_order"),
            models.Index(fields=["brigade", "-listed_on", "plate_number", "-id"], name="keyvehicle_brig_order"),
            models.Index(fields=["brigade", "listed_on"], name="keyvehicle_brigade_on"),
            # The rollups count key vehicles on these days too (cleared, overdue).
            models.Index(fields=["brigade", "cleared_on"], name="keyvehicle_brigade_cleared"),
            models.Index(fields=["brigade", "handle_by"], name="keyvehicle_brigade_handle_by"),
        ]
        constraints = [models.UniqueConstraint(fields=["plate_number", "plate_type"], name="keyvehicle_unique_plate")]

    def __str__(self):
        return f"{self.plate_number} ({self.get_plate_type_display()})"

    def get_absolute_url(self):
        return reverse("hazards:keyvehicle_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.plate_number = identifiers.normalize_plate(self.plate_number)
        super().save(*args, **kwargs)


class KeyDriver(KeyItem):
    """A key driver (重点驾驶人) on the weekly list: overdue for review or renewal, full points, or a
    serious record. A driver is their licence number (the identity number)."""

    # Free-text search over millions of rows: a bigram index on these fields (brigades.records.search).
    search_index = ('licence_number', 'name')
    # Masked by role in every list, page, export, API answer and import preview (brigades.records.personal_numbers).
    personal_number_fields = ("licence_number",)

    licence_number = models.CharField(_("licence number"), max_length=18, validators=[validate_licence_number])
    name = models.CharField(_("name"), max_length=50)
    licence_class = models.CharField(_("licence class"), max_length=10, help_text=_("e.g. A2, B2, C1"))
    problem = models.CharField(_("problem"), max_length=30, choices=DriverProblem.choices)
    clearance = models.CharField(_("cleared by"), max_length=20, choices=DriverClearance.choices, blank=True, editable=False)

    class Meta:
        verbose_name = _("key driver")
        verbose_name_plural = _("key drivers")
        ordering = ["-listed_on", "name"]
        indexes = [
            # The list's own order, newest first (and the API cursor's, which ends in the id).
            models.Index(fields=["-listed_on", "name", "-id"], name="keydriver_order"),
            models.Index(fields=["brigade", "-listed_on", "name", "-id"], name="keydriver_brig_order"),
            models.Index(fields=["brigade", "listed_on"], name="keydriver_brigade_on"),
            # The rollups count key drivers on these days too (cleared, overdue).
            models.Index(fields=["brigade", "cleared_on"], name="keydriver_brigade_cleared"),
            models.Index(fields=["brigade", "handle_by"], name="keydriver_brigade_handle_by"),
        ]
        constraints = [models.UniqueConstraint(fields=["licence_number"], name="keydriver_unique_licence")]

    def __str__(self):
        return f"{self.name} ({self.licence_number[:6]}…{self.licence_number[-4:]})"

    def get_absolute_url(self):
        return reverse("hazards:keydriver_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.licence_number = self.licence_number.strip().upper()
        super().save(*args, **kwargs)
