from django.db import models
from django.utils.translation import gettext_lazy as _


class KindCode(models.TextChoices):
    """Stable codes of the violation kinds the rules and figures look for. Admins may add
    other kinds (with other codes); these must exist (seeded by migration 0002)."""

    DRINK_DRIVING = "drink_driving", _("Drink driving")
    DRUNK_DRIVING = "drunk_driving", _("Drunk driving")
    OVERCROWDING = "overcrowding", _("Overcrowding")
    OVERLOADING = "overloading", _("Overloading / over-limit")
    STREET_RACING = "street_racing", _("Street racing / loud motorbikes")


ALCOHOL_CODES = (KindCode.DRINK_DRIVING, KindCode.DRUNK_DRIVING)
OVERLOAD_CODES = (KindCode.OVERLOADING, KindCode.OVERCROWDING)


class Measurement(models.TextChoices):
    """What a kind of violation is measured by: it decides which fields the record needs."""

    NONE = "none", _("Nothing measured")
    ALCOHOL = "alcohol", _("Alcohol reading")
    LOAD_MASS = "load_mass", _("Load (tonnes)")
    PASSENGERS = "passengers", _("Passengers (seats)")


class PlateType(models.TextChoices):
    SMALL_CAR = "small_car", _("Small car (blue)")
    LARGE_CAR = "large_car", _("Large vehicle (yellow)")
    NEW_ENERGY_SMALL = "new_energy_small", _("New-energy small car")
    NEW_ENERGY_LARGE = "new_energy_large", _("New-energy large vehicle")
    TRAILER = "trailer", _("Trailer")
    LEARNER = "learner", _("Driving-school car")
    POLICE = "police", _("Police vehicle")
    MOTORCYCLE = "motorcycle", _("Motorcycle")
    NONE = "none", _("No plate")


class VehicleType(models.TextChoices):
    CAR = "car", _("Car")
    HEAVY_TRUCK = "heavy_truck", _("Heavy truck")
    LIGHT_TRUCK = "light_truck", _("Light truck")
    BUS = "bus", _("Bus / coach")
    MINIBUS = "minibus", _("Minibus / van")
    MOTORCYCLE = "motorcycle", _("Motorcycle")
    E_BIKE = "e_bike", _("Electric bicycle")
    TRICYCLE = "tricycle", _("Tricycle")
    NON_MOTOR = "non_motor", _("Non-motor vehicle")
    PEDESTRIAN = "pedestrian", _("Pedestrian (no vehicle)")
    OTHER = "other", _("Other")


class Disposition(models.TextChoices):
    """How the case was closed on the spot. Fines, points, detention and licence measures are
    recorded beside it: a penalty may carry all of them."""

    WARNING = "warning", _("First-offence warning")
    EDUCATION = "education", _("Education, no penalty (minor)")
    PENALTY = "penalty", _("Administrative penalty")
    CRIMINAL_REFERRAL = "criminal_referral", _("Criminal referral")


LENIENT_DISPOSITIONS = (Disposition.WARNING, Disposition.EDUCATION)


class LicenceAction(models.TextChoices):
    NONE = "none", _("None")
    SUSPENDED = "suspended", _("Licence suspended")
    REVOKED = "revoked", _("Licence revoked")


class OverloadBand(models.TextChoices):
    """Bands of the 记分管理办法 wording: "未达30%", "30%以上未达50%", "50%以上未达100%",
    "100%以上". In Chinese legal usage "以上" includes the figure, so each band is closed below
    and open above: exactly 30% is in the 30–50% band, exactly 100% in the 100%+ band."""

    UNDER_30 = "under_30", _("Under 30%")
    FROM_30 = "30_50", _("30% to under 50%")
    FROM_50 = "50_100", _("50% to under 100%")
    FROM_100 = "100_plus", _("100% and over")


class CaseGroup(models.TextChoices):
    """Groups of kinds the figures count together (a list filter)."""

    ALCOHOL = "alcohol", _("Alcohol (drink and drunk driving)")
    OVERLOAD = "overload", _("Overcrowding and overloading")


class OperationKind(models.TextChoices):
    SUMMER_CAMPAIGN = "summer", _("Summer campaign")
    NIGHT_ALCOHOL = "night_alcohol", _("Night drink-driving checks")
    HELMET_BELT = "helmet_belt", _("Helmet and seat-belt safety guard")
    HUNDRED_DAY = "hundred_day", _("Hundred-day campaign")
    OVER_LIMIT = "over_limit", _("Over-limit truck campaign")
    STREET_RACING = "street_racing", _("Street-racing crackdown")
    OTHER = "other", _("Other")


class DeploymentKind(models.TextChoices):
    CHECKPOINT = "checkpoint", _("Checkpoint")
    PATROL = "patrol", _("Patrol")
