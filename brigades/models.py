"""The organisation: the detachment, its brigades, their squadrons, towns and officers, and users."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import DETACHMENT_ROLES, WRITING_ROLES, OfficerKind, Role, SquadronKind, TownKind
from .scoping import BrigadeScopedQuerySet


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
        from django.core.exceptions import ValidationError

        if self.parent_id and self.parent.brigade_id != self.brigade_id:
            raise ValidationError({"parent": _("A district must lie in a town of the same brigade.")})


class Officer(models.Model):
    """A police or auxiliary officer (民警 / 辅警) of a brigade, who acts in and enters records."""

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
        from django.core.exceptions import ValidationError

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
    def can_write_records(self):
        return self.is_superuser or self.role in WRITING_ROLES

    @property
    def is_leader(self):
        return self.role in (Role.LEADER, Role.DETACHMENT_LEADER)

    def scope_label(self):
        return str(self.brigade) if self.brigade_id else _("Detachment")
