"""Coordinates: the WGS-84 ranges of a hazard's or an accident's position."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

# WGS-84 ranges; anything outside is a typo (or latitude and longitude swapped).
latitude_validators = [
    MinValueValidator(-90, message=_("Latitude must lie between -90 and 90.")),
    MaxValueValidator(90, message=_("Latitude must lie between -90 and 90.")),
]
longitude_validators = [
    MinValueValidator(-180, message=_("Longitude must lie between -180 and 180.")),
    MaxValueValidator(180, message=_("Longitude must lie between -180 and 180.")),
]
