from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("Staff")
    LEADER = "leader", _("Brigade leader")
    DETACHMENT_LEADER = "detachment_leader", _("Detachment leader")
    ADMIN = "admin", _("Administrator")
    # Reads every brigade and the security log, changes nothing (等级保护: the security auditor).
    AUDITOR = "auditor", _("Auditor")


# Roles that see every brigade; everyone else sees only their own.
DETACHMENT_ROLES = frozenset({Role.DETACHMENT_LEADER, Role.ADMIN, Role.AUDITOR})
# Roles that enter and edit records; leaders read and approve.
WRITING_ROLES = frozenset({Role.STAFF, Role.ADMIN})


class SquadronKind(models.TextChoices):
    TERRITORIAL = "territorial", _("Territorial squadron")
    CRIME_INVESTIGATION = "crime_investigation", _("Crime investigation squadron")
    LEGAL = "legal", _("Legal squadron")
    NIGHT_DUTY = "night_duty", _("Night duty squadron")
    COMMAND_CENTRE = "command_centre", _("Command centre")
    VEHICLE_ADMIN = "vehicle_admin", _("Vehicle administration")
    OTHER = "other", _("Other")


class TownKind(models.TextChoices):
    TOWN = "town", _("Town")
    STREET = "street", _("Sub-district (street)")
    DISTRICT = "district", _("Management district")


class OfficerKind(models.TextChoices):
    POLICE = "police", _("Police officer")
    AUXILIARY = "auxiliary", _("Auxiliary officer")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved (locked)")
    UNLOCKED = "unlocked", _("Unlocked for correction")


# Who may move a monthly report from one status to the next is checked by the operations.
REPORT_TRANSITIONS = {
    ReportStatus.DRAFT: {ReportStatus.APPROVED},
    ReportStatus.APPROVED: {ReportStatus.UNLOCKED},
    ReportStatus.UNLOCKED: {ReportStatus.APPROVED},
}


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class ScoringMethod(models.TextChoices):
    RANK = "rank", _("By rank among brigades")
    TARGET = "target", _("Against a target")


class MapLayerKind(models.TextChoices):
    """What an offline base-map layer draws (brigades.MapLayer)."""

    BOUNDARIES = "boundaries", _("Town boundaries")
    ROADS = "roads", _("Main roads")
