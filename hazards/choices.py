from django.db import models
from django.utils.translation import gettext_lazy as _


class EnterpriseKind(models.TextChoices):
    DANGEROUS_GOODS = "dangerous_goods", _("Dangerous-goods transport")
    PASSENGER = "passenger", _("Passenger transport")
    FREIGHT = "freight", _("Freight transport")
    KEY_VEHICLE_USER = "key_vehicle_user", _("Key vehicle-using unit")
    CONSTRUCTION = "construction", _("Construction / muck transport")
    SCHOOL_BUS = "school_bus", _("School bus operator")
    OTHER = "other", _("Other")


class RiskLevel(models.TextChoices):
    HIGH = "high", _("High risk")
    MEDIUM = "medium", _("Medium risk")
    LOW = "low", _("Low risk")
