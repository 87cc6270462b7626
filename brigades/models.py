"""The organisation: the detachment, its brigades, their squadrons, towns and officers, and users."""

import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import (
    DETACHMENT_ROLES,
    Direction,
    MapLayerKind,
    OfficerKind,
    ReportStatus,
    Role,
    ScoringMethod,
    SquadronKind,
    TownKind,
)
from .figures.registry import registry
from .records.querysets import BrigadeScopedQuerySet
from .records.versioning import VersionedModel


class Detachment(models.Model):
    """The city traffic & patrol police detachment (支队); one per deployment, usually."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("detachment")
        verbose_name_plural = _("detachments")

    def __str__(self):
        return self.name


class BrigadeQuerySet(BrigadeScopedQuerySet):
    brigade_lookup = "pk"


class Brigade(models.Model):
    """A county or district brigade (大队), the unit every record belongs to."""

    detachment = models.ForeignKey(
        Detachment, on_delete=models.PROTECT, related_name="brigades", verbose_name=_("detachment")
    )
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=30)
    code = models.SlugField(_("code"), max_length=30, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    # Which staff members, besides leaders, may sign off (销号) a rectified hazard.
    staff_may_sign_off = models.BooleanField(_("staff may sign off hazards"), default=False)

    history = HistoricalRecords()
    objects = BrigadeQuerySet.as_manager()

    class Meta:
        verbose_name = _("brigade")
        verbose_name_plural = _("brigades")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["detachment", "name"], name="brigade_unique_name"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("brigades:brigade_detail", args=[self.pk])


class BrigadeJurisdiction(models.Model):
    """A brigade's yearly jurisdiction figures: the denominators of 万人死亡率 and similar rates."""

    brigade = models.ForeignKey(
        Brigade, on_delete=models.CASCADE, related_name="jurisdictions", verbose_name=_("brigade")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    population = models.PositiveIntegerField(_("population"))
    motor_vehicles = models.PositiveIntegerField(_("registered motor vehicles"))

    history = HistoricalRecords()
    objects = BrigadeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("jurisdiction figures")
        verbose_name_plural = _("jurisdiction figures")
        ordering = ["brigade", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["brigade", "year"], name="jurisdiction_one_per_year"),
        ]

    def __str__(self):
        return f"{self.brigade} {self.year}"


class Squadron(models.Model):
    """A squadron (中队) inside a brigade: territorial, crime investigation, legal, night duty..."""

    brigade = models.ForeignKey(
        Brigade, on_delete=models.PROTECT, related_name="squadrons", verbose_name=_("brigade")
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=30, choices=SquadronKind.choices, default=SquadronKind.TERRITORIAL)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = BrigadeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("squadron")
        verbose_name_plural = _("squadrons")
        ordering = ["brigade", "name"]
        constraints = [
            models.UniqueConstraint(fields=["brigade", "name"], name="squadron_unique_name"),
        ]

    def __str__(self):
        return self.name


class Town(models.Model):
    """A town or sub-district in a brigade's jurisdiction, or a 管区 inside one (parent set)."""

    brigade = models.ForeignKey(
        Brigade, on_delete=models.PROTECT, related_name="towns", verbose_name=_("brigade")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="districts",
        verbose_name=_("part of"),
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=TownKind.choices, default=TownKind.TOWN)

    history = HistoricalRecords()
    objects = BrigadeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("town")
        verbose_name_plural = _("towns")
        ordering = ["brigade", "parent_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["brigade", "name"], name="town_unique_name"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id and self.parent.brigade_id != self.brigade_id:
            raise ValidationError({"parent": _("A district must lie in a town of the same brigade.")})


class Officer(VersionedModel):
    """A police or auxiliary officer (民警 / 辅警) of a brigade, who acts in and enters records."""

    # Over a thousand across a detachment: filters search them (brigades.records.widgets.SearchSelect).
    choice_search_fields = ("name", "badge_number")

    detachment = models.ForeignKey(
        Detachment, on_delete=models.PROTECT, related_name="officers", editable=False,
        verbose_name=_("detachment"),
    )
    brigade = models.ForeignKey(
        Brigade, on_delete=models.PROTECT, related_name="officers", verbose_name=_("brigade")
    )
    squadron = models.ForeignKey(
        Squadron, on_delete=models.PROTECT, null=True, blank=True, related_name="officers",
        verbose_name=_("squadron"),
    )
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=20, choices=OfficerKind.choices, default=OfficerKind.POLICE)
    badge_number = models.CharField(_("badge number"), max_length=20)
    position = models.CharField(_("position"), max_length=50, blank=True, help_text=_("e.g. brigade chief, political commissar"))
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = BrigadeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        ordering = ["brigade", "squadron", "name"]
        constraints = [
            # Badge numbers are issued by the detachment, so they are unique across its brigades;
            # the detachment is stored here only so that the database can enforce this.
            models.UniqueConstraint(fields=["detachment", "badge_number"], name="officer_unique_badge"),
        ]

    def __str__(self):
        return f"{self.name} ({self.badge_number})"

    def get_absolute_url(self):
        return reverse("brigades:officer_detail", args=[self.pk])

    def clean(self):
        if self.brigade_id:
            self.detachment_id = self.brigade.detachment_id
            if self.badge_number_taken():
                raise ValidationError({"badge_number": _("This badge number is already used in the detachment.")})
        if self.squadron_id and self.brigade_id and self.squadron.brigade_id != self.brigade_id:
            raise ValidationError({"squadron": _("This belongs to another brigade.")})

    def badge_number_taken(self):
        others = Officer.objects.filter(
            detachment_id=self.brigade.detachment_id, badge_number=self.badge_number
        ).exclude(pk=self.pk)
        return others.exists()

    def save(self, *args, **kwargs):
        self.detachment_id = self.brigade.detachment_id
        super().save(*args, **kwargs)


class User(AbstractUser):
    """A person who logs in: one brigade's staff or leader, or detachment level (no brigade)."""

    brigade = models.ForeignKey(
        Brigade, on_delete=models.PROTECT, null=True, blank=True, related_name="users",
        verbose_name=_("brigade"), help_text=_("Empty for detachment-level users."),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, default=Role.STAFF)
    officer = models.OneToOneField(
        Officer, on_delete=models.SET_NULL, null=True, blank=True, related_name="user",
        verbose_name=_("officer"),
    )

    history = HistoricalRecords()
    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(brigade__isnull=False) | models.Q(role__in=sorted(DETACHMENT_ROLES)),
                name="user_brigade_roles_need_brigade",
            ),
        ]

    @property
    def sees_all_brigades(self):
        return self.is_superuser or self.role in DETACHMENT_ROLES

    @property
    def is_leader(self):
        return self.role in (Role.LEADER, Role.DETACHMENT_LEADER)

    def scope_label(self):
        return str(self.brigade) if self.brigade_id else _("Detachment")


class DailyFigure(models.Model):
    """The rollup: one sum metric's value for one brigade and one local day, computed in the
    background from the records (brigades.figures.rollups). Dashboards and reports read only these rows.
    Ratios are not stored: they are divided at read time from their two sums, so that any period
    and any group of brigades aggregates exactly. Zero values are not stored (absent means 0).

    The value is a decimal with three places: counts, tonnes (to the kilogram) and money (to the
    fen) all fit exactly; 18 digits leave room for any city's yearly totals.
    """

    brigade = models.ForeignKey(Brigade, on_delete=models.CASCADE, related_name="daily_figures", verbose_name=_("brigade"))
    day = models.DateField(_("day"))
    metric = models.CharField(_("metric"), max_length=80)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=3)

    class Meta:
        verbose_name = _("daily figure")
        verbose_name_plural = _("daily figures")
        constraints = [
            # Ordered (metric, day, brigade): the unique index also serves every dashboard read,
            # which filters by metric and a day range and groups by brigade.
            models.UniqueConstraint(fields=["metric", "day", "brigade"], name="dailyfigure_unique"),
        ]
        indexes = [models.Index(fields=["brigade", "day"], name="dailyfigure_brigade_day")]

    def __str__(self):
        return f"{self.brigade_id} {self.day} {self.metric}={self.value}"


class MonthlyFigure(models.Model):
    """The rollup summed by month: one sum metric's total for one brigade and one calendar month,
    always the sum of that month's `DailyFigure` rows (written with them, in the same transaction,
    by brigades.figures.rollups). A year's figures read about 12 rows per brigade and metric instead of
    365, so the dashboards cost the same whatever the number of records; days of a period that
    do not fill a whole month are still read from `DailyFigure`. Zero totals are not stored."""

    brigade = models.ForeignKey(Brigade, on_delete=models.CASCADE, related_name="monthly_figures", verbose_name=_("brigade"))
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    metric = models.CharField(_("metric"), max_length=80)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=3)

    class Meta:
        verbose_name = _("monthly figure")
        verbose_name_plural = _("monthly figures")
        constraints = [
            # Same order as DailyFigure's: every read filters by metric and a month range.
            models.UniqueConstraint(fields=["metric", "month", "brigade"], name="monthlyfigure_unique"),
        ]
        indexes = [models.Index(fields=["brigade", "month"], name="monthlyfigure_brigade_month")]

    def __str__(self):
        return f"{self.brigade_id} {self.month:%Y-%m} {self.metric}={self.value}"


class DirtyDay(models.Model):
    """A brigade-day whose records changed since its rollup was computed. Written on commit of every
    record save or delete; the refresh task takes these rows, recomputes the days and deletes the
    rows it took. `token` changes on every new marking, so a day marked again while it was being
    refreshed keeps its row and is refreshed once more."""

    brigade = models.ForeignKey(Brigade, on_delete=models.CASCADE, related_name="dirty_days", verbose_name=_("brigade"))
    day = models.DateField(_("day"))
    token = models.UUIDField(_("marking"), default=uuid.uuid4)
    marked_at = models.DateTimeField(_("marked at"), default=timezone.now)

    class Meta:
        verbose_name = _("day to refresh")
        verbose_name_plural = _("days to refresh")
        constraints = [models.UniqueConstraint(fields=["brigade", "day"], name="dirtyday_unique")]

    def __str__(self):
        return f"{self.brigade_id} {self.day}"


class Assessment(models.Model):
    """An assessment (考核) the detachment defines: which figures count, with what weight, which way
    is better and how each is scored. The ranking page scores every brigade with it for a period."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-is_active", "name"]

    def __str__(self):
        return self.name


class AssessmentItem(models.Model):
    """One figure of an assessment: its weight (points), direction and scoring method.

    Rank-based: the best brigade gets the full weight, the worst none, the others in between by
    rank. Against a target: weight × achievement (value ÷ target, or target ÷ value when lower is
    better), at most the full weight."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="items", verbose_name=_("assessment"))
    metric = models.CharField(_("metric"), max_length=80)
    weight = models.DecimalField(_("weight (points)"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    method = models.CharField(_("scoring"), max_length=10, choices=ScoringMethod.choices, default=ScoringMethod.RANK)
    target = models.DecimalField(_("target"), max_digits=18, decimal_places=3, null=True, blank=True)
    min_base = models.PositiveIntegerField(
        _("minimum base"), null=True, blank=True,
        help_text=_("Below this base (e.g. hazards found) the item is left out for that brigade. Empty: the figure's own minimum."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment item")
        verbose_name_plural = _("assessment items")
        ordering = ["assessment", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "metric"], name="assessmentitem_unique_metric"),
            models.CheckConstraint(
                condition=~models.Q(method="target") | models.Q(target__gt=0), name="assessmentitem_target_set"
            ),
        ]

    def __str__(self):
        return f"{self.assessment}: {self.metric}"

    def clean(self):
        errors = {}
        if self.metric and not (self.metric in registry and registry.is_available(registry[self.metric])):
            errors["metric"] = _("No such figure is registered.")
        if self.method == ScoringMethod.TARGET and not (self.target and self.target > 0):
            errors["target"] = _("Scoring against a target needs a target above zero.")
        if errors:
            raise ValidationError(errors)


class MonthlyReportQuerySet(BrigadeScopedQuerySet):
    def locked(self):
        return self.filter(status=ReportStatus.APPROVED)


class MonthlyReport(models.Model):
    """A brigade's report for one month: the figures (read from the rollups), the brigade's notes,
    and its approval. A leader of the brigade approves it; the month is then final for the
    detachment and locked: records dated in it cannot be added, changed or deleted until an
    administrator unlocks it, with a reason (the audit trail keeps who, when and why)."""

    brigade = models.ForeignKey(Brigade, on_delete=models.PROTECT, related_name="monthly_reports", verbose_name=_("brigade"))
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT, editable=False)
    approved_by = models.ForeignKey(
        "brigades.User", on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)

    history = HistoricalRecords()
    objects = MonthlyReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        ordering = ["-month", "brigade"]
        constraints = [
            models.UniqueConstraint(fields=["brigade", "month"], name="monthlyreport_one_per_month"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="monthlyreport_first_day"),
        ]

    def __str__(self):
        return f"{self.brigade} {self.month:%Y-%m}"

    @property
    def is_locked(self):
        return self.status == ReportStatus.APPROVED

    def get_absolute_url(self):
        return reverse("brigades:monthly_report", args=[self.brigade_id]) + f"?month={self.month:%Y-%m}"


class ExportJobQuerySet(BrigadeScopedQuerySet):
    """An export belongs to the user who asked for it: nobody else sees it or downloads it, not
    even a leader of the same brigade (the file holds what that user's scope and filters chose)."""

    brigade_lookup = "user__brigade_id"

    def for_user(self, user):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(user=user)


class ExportJob(models.Model):
    """A list export too large to build in the request (more than settings.EXPORT_ASYNC_ROWS rows):
    a Celery task writes the file while the page shows its progress, then offers the download."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey("brigades.User", on_delete=models.CASCADE, related_name="export_jobs", verbose_name=_("user"))
    list_name = models.CharField(_("list"), max_length=100, help_text=_("The list page's URL name."))
    title = models.CharField(_("title"), max_length=100)
    query = models.TextField(_("filters"), blank=True)
    export_format = models.CharField(_("format"), max_length=5)
    language = models.CharField(_("language"), max_length=10, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("rows"), default=0)
    done = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(_("file"), upload_to="exports/%Y/%m/", blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "created_at"], name="exportjob_user_created")]

    def __str__(self):
        return f"{self.title} ({self.created_at:%Y-%m-%d %H:%M})" if self.created_at else self.title

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        return min(99, int(self.done * 100 / self.total)) if self.total else 0

    @property
    def filename(self):
        return f"{self.title}-{timezone.localtime(self.created_at):%Y%m%d-%H%M}.{self.export_format}"

    def get_absolute_url(self):
        return reverse("brigades:export_job", args=[self.pk])


class ImportedFile(models.Model):
    """The content hash of a spreadsheet once imported, so that uploading the same file again is
    flagged before anyone confirms it (a clerk who re-imports last week's list by mistake)."""

    brigade = models.ForeignKey(Brigade, on_delete=models.CASCADE, related_name="imported_files", verbose_name=_("brigade"))
    kind = models.CharField(_("import"), max_length=50)
    sha256 = models.CharField(_("content hash"), max_length=64)
    original_name = models.CharField(_("file name"), max_length=200)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    imported_by = models.ForeignKey("brigades.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("imported by"))
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    objects = BrigadeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("imported file")
        verbose_name_plural = _("imported files")
        ordering = ["-imported_at"]
        indexes = [models.Index(fields=["brigade", "kind", "sha256"], name="importedfile_hash")]

    def __str__(self):
        return f"{self.original_name} ({self.imported_at:%Y-%m-%d %H:%M})" if self.imported_at else self.original_name


class MonthApproval(models.Model):
    """One approval of a brigade's month: who approved it, when, and (in `figures`) every sum
    figure of the month as it stood then — the approved figures the report, its exports, the
    dashboards' month view and the ranking read while the month stays approved. An unlock ends it
    (who, when, why); re-approving stores a new one; the earlier ones stay as the report's history."""

    report = models.ForeignKey(MonthlyReport, on_delete=models.PROTECT, related_name="approvals", verbose_name=_("monthly report"))
    approved_by = models.ForeignKey(
        "brigades.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), default=timezone.now)
    population = models.PositiveIntegerField(
        _("population"), null=True, blank=True, help_text=_("The jurisdiction population the per-capita figures were computed with."),
    )
    is_current = models.BooleanField(_("in force"), default=True)
    unlocked_by = models.ForeignKey(
        "brigades.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unlocked by"),
    )
    unlocked_at = models.DateTimeField(_("unlocked at"), null=True, blank=True)
    unlock_reason = models.TextField(_("reason for unlocking"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("month approval")
        verbose_name_plural = _("month approvals")
        ordering = ["-approved_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["report"], condition=models.Q(is_current=True), name="monthapproval_one_current"),
        ]

    def __str__(self):
        return f"{self.report} {self.approved_at:%Y-%m-%d %H:%M}"


class ApprovedFigure(models.Model):
    """One sum figure of one brigade's month as approved (per brigade, metric and month; who and
    when are its approval's). Written once by the approval, never changed: later work moves the
    live figures (the rollups), not these. Zero values are not stored (absent means 0)."""

    approval = models.ForeignKey(MonthApproval, on_delete=models.CASCADE, related_name="figures", verbose_name=_("approval"))
    brigade = models.ForeignKey(Brigade, on_delete=models.PROTECT, related_name="+", verbose_name=_("brigade"))
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    metric = models.CharField(_("metric"), max_length=80)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=3)

    class Meta:
        verbose_name = _("approved figure")
        verbose_name_plural = _("approved figures")
        constraints = [models.UniqueConstraint(fields=["approval", "metric"], name="approvedfigure_unique")]
        indexes = [models.Index(fields=["month", "brigade"], name="approvedfigure_month_brigade")]

    def __str__(self):
        return f"{self.brigade_id} {self.month:%Y-%m} {self.metric}={self.value}"


class MapLayer(models.Model):
    """One layer of the offline base map (底图): the jurisdiction's town boundaries or its main
    roads, loaded by an administrator from a GeoJSON file (`manage.py load_base_map`). Drawn
    under the markers of every map when no tile server is configured; the boundaries also
    suggest the town of a point picked in a form. Loading a layer again replaces its features."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=MapLayerKind.choices)
    source = models.CharField(_("source file"), max_length=255, blank=True)
    is_synthetic = models.BooleanField(
        _("synthetic"), default=False, help_text=_("Made-up outlines for the demo, not surveyed boundaries.")
    )
    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("base map layer")
        verbose_name_plural = _("base map layers")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name


class MapFeature(models.Model):
    """One shape of a base-map layer: a town's outline (Polygon/MultiPolygon, linked to the town
    it bounds) or a road (LineString/MultiLineString). The geometry is kept as GeoJSON with its
    bounding box, so no GIS database is needed."""

    layer = models.ForeignKey(MapLayer, on_delete=models.CASCADE, related_name="features", verbose_name=_("layer"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    town = models.ForeignKey(
        Town, on_delete=models.CASCADE, null=True, blank=True, related_name="map_features", verbose_name=_("town")
    )
    geometry = models.JSONField(_("geometry"), help_text=_("GeoJSON geometry, longitude before latitude."))
    west = models.FloatField(_("west"))
    south = models.FloatField(_("south"))
    east = models.FloatField(_("east"))
    north = models.FloatField(_("north"))

    class Meta:
        verbose_name = _("base map feature")
        verbose_name_plural = _("base map features")
        ordering = ["layer", "pk"]

    def __str__(self):
        return self.name or f"{self.layer} #{self.pk}"
