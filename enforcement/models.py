"""Enforcement (违法查处): violation records with the legal rules applied, operations (专项行动)
and their checkpoints/patrols (卡点), and helmet-wearing surveys (头盔佩戴率)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from brigades.models import Brigade
from brigades.records.reference import EnglishNameMixin
from brigades.records.input_rules import DateRules
from brigades.records.scoping import BrigadeRecord, BrigadeScopedQuerySet

from . import rules
from .choices import (
    DeploymentKind,
    Disposition,
    LicenceAction,
    Measurement,
    OperationKind,
    OverloadBand,
    PlateType,
    VehicleType,
)

#: Used when the detachment has not stored its own helmet-survey policy yet.
DEFAULT_MIN_RIDERS_SEEN = 100


class ViolationKind(EnglishNameMixin, models.Model):
    """A kind of traffic violation (饮酒驾驶, 超载, 未戴头盔…): reference data an admin extends.

    The kinds the rules and figures look for carry a stable `code` (choices.KindCode), seeded
    by a data migration; `measurement` says which readings a case of this kind records.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    measurement = models.CharField(
        _("measured by"), max_length=20, choices=Measurement.choices, default=Measurement.NONE
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("violation kind")
        verbose_name_plural = _("violation kinds")
        ordering = ["sort_order", "name"]


class ViolationCode(models.Model):
    """A line of the public table of traffic-violation codes (违法行为代码): what the offence is, the
    article it breaks, the fine range, the points and the licence measure the law attaches to it,
    and whether it is a crime. Reference data an admin maintains (seeded by a data migration with
    the common offences); a case names its code and its penalty is checked against it."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    description = models.CharField(_("description"), max_length=200)
    kind = models.ForeignKey(
        ViolationKind, on_delete=models.PROTECT, related_name="codes", verbose_name=_("kind"),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    fine_min = models.DecimalField(_("fine from (yuan)"), max_digits=8, decimal_places=2, default=0)
    fine_max = models.DecimalField(_("fine up to (yuan)"), max_digits=8, decimal_places=2, default=0)
    points = models.PositiveSmallIntegerField(_("points"), default=0, validators=[MaxValueValidator(12)])
    licence_action = models.CharField(
        _("licence"), max_length=20, choices=LicenceAction.choices, default=LicenceAction.NONE,
        help_text=_("The least licence measure the law requires for this offence."),
    )
    is_criminal = models.BooleanField(_("criminal offence"), default=False)
    commercial_vehicle = models.BooleanField(
        _("commercial vehicle"), default=False, help_text=_("The offence committed with a commercial (营运) vehicle."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("violation code")
        verbose_name_plural = _("violation codes")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(fine_max__gte=models.F("fine_min")), name="violationcode_fine_range"),
            models.CheckConstraint(condition=Q(points__lte=12), name="violationcode_points_at_most_12"),
        ]

    def __str__(self):
        return f"{self.code} {self.description}"

    def clean(self):
        if self.fine_min is not None and self.fine_max is not None and self.fine_max < self.fine_min:
            raise ValidationError({"fine_max": _("The upper end of the fine cannot be below the lower end.")})

    @property
    def terms(self):
        return rules.PenaltyTerms(
            fine_min=self.fine_min, fine_max=self.fine_max, points=self.points,
            licence_action=self.licence_action, is_criminal=self.is_criminal,
        )


class OperationQuerySet(BrigadeScopedQuerySet):
    """An operation is visible to its own brigade and, when detachment-wide, to every brigade
    of the detachment, or when it names covered brigades, to each of them. Only its own brigade
    (and the detachment) edits it: see `owned_by`."""

    def for_brigades(self, brigade_ids):
        brigade_ids = list(brigade_ids)
        covered = Operation.covered_brigades.through.objects.filter(brigade_id__in=brigade_ids)
        detachments = Brigade.objects.filter(pk__in=brigade_ids).values("detachment_id")
        return self.filter(
            Q(brigade_id__in=brigade_ids)
            | Q(pk__in=covered.values("operation_id"))
            | Q(is_detachment_wide=True, brigade__detachment_id__in=detachments)
        )


class Operation(BrigadeRecord):
    """A named campaign (专项行动 / 集中整治) with a date range: 夏季行动, 夜查酒驾, 一盔一带…

    Entered by a brigade clerk (its own brigade's operation) or by the detachment (naming an
    organising brigade and either every brigade — detachment-wide — or a few covered brigades).
    Every covered brigade sees it, adds its own checkpoints and patrols and links its own cases
    to it; only the organising brigade and the detachment edit it. Its page counts the cases the
    viewer may see, so a brigade sees its own share of a detachment-wide campaign.
    """

    date_field = "start_date"
    # Thousands over the years: filters search them (brigades.records.widgets.SearchSelect).
    choice_search_fields = ("name",)
    date_rules = DateRules(plans=("start_date", "end_date"), order=(("start_date", "end_date"),))

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=OperationKind.choices)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    is_detachment_wide = models.BooleanField(
        _("detachment-wide"), default=False, help_text=_("Every brigade of the detachment takes part.")
    )
    covered_brigades = models.ManyToManyField(
        "brigades.Brigade", blank=True, related_name="covered_enforcement_operations",
        verbose_name=_("other brigades taking part"),
    )
    lead = models.ForeignKey(
        "brigades.Officer", on_delete=models.PROTECT, null=True, blank=True,
        related_name="led_enforcement_operations", verbose_name=_("lead"),
    )
    description = models.TextField(_("description"), blank=True)
    goal_cases = models.PositiveIntegerField(_("goal: cases"), null=True, blank=True)
    goal_alcohol_cases = models.PositiveIntegerField(_("goal: alcohol cases"), null=True, blank=True)
    goal_overload_cases = models.PositiveIntegerField(_("goal: overload cases"), null=True, blank=True)

    objects = OperationQuerySet.as_manager()

    class Meta:
        verbose_name = _("operation")
        verbose_name_plural = _("operations")
        ordering = ["-start_date", "name"]
        indexes = [
            models.Index(fields=["-start_date", "name"], name="enf_operation_order"),
            models.Index(fields=["brigade", "start_date"], name="enf_operation_brigade_date"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="operation_end_after_start"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("enforcement:operation_detail", args=[self.pk])

    def covers(self, brigade):
        """Whether records of this brigade (cases, deployments, outreach events) may belong to this
        operation. The shared form and serializer bases ask this (brigades.records.scoping.may_reference)."""
        if brigade is None:
            return False
        if brigade.pk == self.brigade_id:
            return True
        if self.is_detachment_wide:
            return brigade.detachment_id == self.brigade.detachment_id
        return self.covered_brigades.filter(pk=brigade.pk).exists()

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})


class Deployment(BrigadeRecord):
    """A checkpoint (定点设卡) or patrol (流动执法) of an operation: place, time window, the
    officers and vehicles deployed. Entered by the brigade that staffs it (which the operation
    must cover). A window whose end time is earlier than its start runs past midnight."""

    date_field = "date"
    # Each change of the officers is a version in the history (simple-history's m2m tracking).
    _history_m2m_fields = ["officers"]
    # Tens of thousands over the years: a case's form searches them (SearchSelect).
    choice_search_fields = ("place",)
    # Checkpoints and patrols are planned ahead of the night they run.
    date_rules = DateRules(plans=("date",))

    operation = models.ForeignKey(
        Operation, on_delete=models.CASCADE, related_name="deployments", verbose_name=_("operation")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DeploymentKind.choices, default=DeploymentKind.CHECKPOINT)
    place = models.CharField(_("place"), max_length=100)
    town = models.ForeignKey(
        "brigades.Town", on_delete=models.PROTECT, null=True, blank=True, related_name="enforcement_deployments",
        verbose_name=_("town"),
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    officers = models.ManyToManyField(
        "brigades.Officer", blank=True, related_name="enforcement_deployments", verbose_name=_("officers")
    )
    vehicles_deployed = models.PositiveSmallIntegerField(_("police vehicles"), default=0)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("deployment")
        verbose_name_plural = _("deployments")
        ordering = ["-date", "start_time"]
        indexes = [
            models.Index(fields=["-date", "start_time"], name="enf_deployment_order"),
            models.Index(fields=["brigade", "date"], name="enf_deployment_brigade_date"),
        ]

    def __str__(self):
        return f"{self.place}（{self.date:%Y-%m-%d} {self.start_time:%H:%M}–{self.end_time:%H:%M}）"

    def get_absolute_url(self):
        return reverse("enforcement:operation_detail", args=[self.operation_id]) + f"#deployment-{self.pk}"

    @property
    def crosses_midnight(self):
        return self.end_time < self.start_time

    def clean(self):
        errors = {}
        if self.operation_id and self.brigade_id and not self.operation.covers(self.brigade):
            errors["operation"] = _("This operation does not include your brigade.")
        if self.operation_id and self.date and not (self.operation.start_date <= self.date <= self.operation.end_date):
            errors["date"] = _("The date lies outside the operation (%(start)s – %(end)s).") % {
                "start": f"{self.operation.start_date:%Y-%m-%d}", "end": f"{self.operation.end_date:%Y-%m-%d}"}
        if self.start_time and self.end_time and self.start_time == self.end_time:
            errors["end_time"] = _("The end time must differ from the start time.")
        if errors:
            raise ValidationError(errors)


class Violation(BrigadeRecord):
    """One enforcement case (违法查处): who was stopped, for what, the measurement, the outcome.

    Entered by a brigade clerk after the stop (often dozens after a night operation, through
    the quick-entry page or a spreadsheet import). The rules of `rules.py` are applied on every
    save through `operations.violation_apply_rules`: the alcohol kind is derived from the
    reading (never typed), drunk driving is referred, overloads get their percent, band and
    "百吨王" mark. Corrections are edits, kept in the audit trail.
    """

    # Free-text search over millions of rows: a bigram index on these fields (brigades.records.search).
    search_index = ('plate', 'driver_name', 'road', 'note')

    date_field = "date"
    # Each change of the officers is a version in the history (simple-history's m2m tracking).
    _history_m2m_fields = ["officers"]
    # Masked by role in every list, page, export and API answer (brigades.records.personal_numbers).
    personal_number_fields = ("driver_id_number",)

    date = models.DateField(_("date"))
    time = models.TimeField(_("time"), null=True, blank=True)
    squadron = models.ForeignKey(
        "brigades.Squadron", on_delete=models.PROTECT, null=True, blank=True, related_name="violations",
        verbose_name=_("squadron"),
    )
    officers = models.ManyToManyField(
        "brigades.Officer", blank=True, related_name="violations", verbose_name=_("officers"),
    )
    town = models.ForeignKey(
        "brigades.Town", on_delete=models.PROTECT, null=True, blank=True, related_name="violations",
        verbose_name=_("town"),
    )
    road = models.CharField(_("road / place"), max_length=100, blank=True)
    operation = models.ForeignKey(
        Operation, on_delete=models.PROTECT, null=True, blank=True, related_name="violations",
        verbose_name=_("operation"),
    )
    deployment = models.ForeignKey(
        Deployment, on_delete=models.SET_NULL, null=True, blank=True, related_name="violations",
        verbose_name=_("checkpoint / patrol"),
    )
    kind = models.ForeignKey(ViolationKind, on_delete=models.PROTECT, related_name="violations", verbose_name=_("kind"))
    violation_code = models.ForeignKey(
        ViolationCode, on_delete=models.PROTECT, null=True, blank=True, related_name="violations",
        verbose_name=_("violation code"),
        help_text=_("The code of the offence: its fine range, points and licence measure are checked."),
    )

    plate = models.CharField(_("plate number"), max_length=10, blank=True)
    plate_type = models.CharField(_("plate type"), max_length=20, choices=PlateType.choices, default=PlateType.SMALL_CAR)
    vehicle_type = models.CharField(_("vehicle type"), max_length=20, choices=VehicleType.choices, default=VehicleType.CAR)
    driver_name = models.CharField(_("driver"), max_length=50, blank=True)
    driver_id_number = models.CharField(
        _("ID / licence number"), max_length=18, blank=True,
        help_text=_("The 18-character citizen ID number, which is also the driving licence number."),
    )

    blood_alcohol = models.DecimalField(
        _("blood alcohol (mg/100 mL)"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    # Four decimals: some breathalysers print 0.3636 mg/L.
    breath_alcohol = models.DecimalField(_("breath alcohol (mg/L)"), max_digits=8, decimal_places=4, null=True, blank=True)
    bac = models.DecimalField(_("BAC (mg/100 mL)"), max_digits=7, decimal_places=1, null=True, blank=True, editable=False)

    rated_load = models.DecimalField(
        _("rated load (t) / seats"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    actual_load = models.DecimalField(
        _("actual load (t) / passengers"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    gross_mass = models.DecimalField(
        _("gross mass (t)"), max_digits=8, decimal_places=2, null=True, blank=True,
        help_text=_("Vehicle and load on the scale; 100 t and over is a “百吨王”."),
    )
    overload_percent = models.DecimalField(
        _("percent over"), max_digits=8, decimal_places=1, null=True, blank=True, editable=False
    )
    overload_band = models.CharField(
        _("overload band"), max_length=10, choices=OverloadBand.choices, blank=True, editable=False
    )
    hundred_tonne = models.BooleanField(_("“百吨王”"), default=False, editable=False)
    panels_cut = models.BooleanField(_("panels cut"), default=False)
    tonnes_unloaded = models.DecimalField(_("tonnes unloaded"), max_digits=8, decimal_places=2, null=True, blank=True)

    disposition = models.CharField(_("outcome"), max_length=20, choices=Disposition.choices, default=Disposition.PENALTY)
    fine_amount = models.DecimalField(_("fine (yuan)"), max_digits=8, decimal_places=2, default=0)
    points = models.PositiveSmallIntegerField(_("points"), default=0, validators=[MaxValueValidator(12)])
    vehicle_detained = models.BooleanField(_("vehicle detained"), default=False)
    licence_action = models.CharField(
        _("licence"), max_length=20, choices=LicenceAction.choices, default=LicenceAction.NONE
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("violation")
        verbose_name_plural = _("violations")
        ordering = ["-date", "-time", "-pk"]
        indexes = [
            # The list's own order, newest first (and the API cursor's, which ends in the id).
            models.Index(fields=["-date", "-time", "-id"], name="enf_violation_order"),
            models.Index(fields=["brigade", "-date", "-time", "-id"], name="enf_violation_brig_order"),
            models.Index(fields=["brigade", "date"], name="enf_violation_brigade_date"),
            models.Index(fields=["plate"], name="enf_violation_plate"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(fine_amount__gte=0), name="violation_fine_not_negative"),
            models.CheckConstraint(condition=Q(points__lte=12), name="violation_points_at_most_12"),
            models.CheckConstraint(
                condition=Q(rated_load__isnull=True) | Q(rated_load__gt=0), name="violation_rated_load_positive"
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.plate or self.driver_name or '—'} {self.kind}"

    def get_absolute_url(self):
        return reverse("enforcement:violation_detail", args=[self.pk])

    @property
    def is_criminal_referral(self):
        return self.disposition == Disposition.CRIMINAL_REFERRAL

    @property
    def masked_driver_id_number(self):
        return rules.mask_id_number(self.driver_id_number)


class HelmetSurveyPolicy(models.Model):
    """The detachment's rule for ranking helmet-wearing rates: a town, 管区 or brigade whose
    period saw fewer riders than `min_riders_seen` is shown as insufficient and not ranked.
    Reference data an admin edits (with history), not a setting."""

    detachment = models.OneToOneField(
        "brigades.Detachment", on_delete=models.CASCADE, related_name="helmet_survey_policy",
        verbose_name=_("detachment"),
    )
    min_riders_seen = models.PositiveIntegerField(
        _("minimum riders seen to rank"), default=DEFAULT_MIN_RIDERS_SEEN, validators=[MinValueValidator(1)]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("helmet survey policy")
        verbose_name_plural = _("helmet survey policies")

    def __str__(self):
        return f"{self.detachment}: ≥ {self.min_riders_seen}"

    @classmethod
    def min_riders_seen_for(cls, detachment_id):
        policy = cls.objects.filter(detachment_id=detachment_id).first()
        return policy.min_riders_seen if policy else DEFAULT_MIN_RIDERS_SEEN


class HelmetObservation(BrigadeRecord):
    """A helmet-wearing count (头盔佩戴率调查): at a place of a town / 管区, on a day and in a time
    window, an observer counts the e-bike and motorcycle riders passing and those wearing a
    helmet (and optionally passengers). Entered by the brigade; the town's and brigade's rates
    are weighted by riders seen."""

    # Free-text search over millions of rows: a bigram index on these fields (brigades.records.search).
    search_index = ('place', 'note')

    date_field = "date"

    town = models.ForeignKey(
        "brigades.Town", on_delete=models.PROTECT, related_name="helmet_observations", verbose_name=_("town / district")
    )
    place = models.CharField(_("place"), max_length=100, blank=True)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("from"), null=True, blank=True)
    end_time = models.TimeField(_("until"), null=True, blank=True)
    observer = models.ForeignKey(
        "brigades.Officer", on_delete=models.PROTECT, null=True, blank=True, related_name="helmet_observations",
        verbose_name=_("observer"),
    )
    riders_seen = models.PositiveIntegerField(_("riders seen"))
    riders_wearing = models.PositiveIntegerField(_("riders wearing helmets"))
    passengers_seen = models.PositiveIntegerField(_("passengers seen"), null=True, blank=True)
    passengers_wearing = models.PositiveIntegerField(_("passengers wearing helmets"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("helmet observation")
        verbose_name_plural = _("helmet observations")
        ordering = ["-date", "town__name"]
        indexes = [
            # The list's own order, newest first (and the API cursor's, which ends in the id).
            models.Index(fields=["-date", "-id"], name="enf_helmet_order"),
            models.Index(fields=["brigade", "date"], name="enf_helmet_brigade_date"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(riders_wearing__lte=models.F("riders_seen")), name="helmet_riders_wearing_le_seen"),
            models.CheckConstraint(
                condition=Q(passengers_wearing__isnull=True) | Q(passengers_wearing__lte=models.F("passengers_seen")),
                name="helmet_passengers_wearing_le_seen",
            ),
        ]

    def __str__(self):
        return f"{self.town} {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("enforcement:helmet_detail", args=[self.pk])

    @property
    def rate(self):
        return rules.helmet_rate(wearing=self.riders_wearing, seen=self.riders_seen)

    def clean(self):
        errors = {}
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("The date cannot be in the future.")
        if self.riders_seen is not None and self.riders_wearing is not None and self.riders_wearing > self.riders_seen:
            errors["riders_wearing"] = _("Riders wearing helmets cannot be more than riders seen.")
        if self.passengers_wearing is not None:
            if self.passengers_seen is None:
                errors["passengers_seen"] = _("Enter the passengers seen as well.")
            elif self.passengers_wearing > self.passengers_seen:
                errors["passengers_wearing"] = _("Passengers wearing helmets cannot be more than passengers seen.")
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("The end time must be after the start time.")
        if errors:
            raise ValidationError(errors)
