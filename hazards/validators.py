"""Coordinates: the WGS-84 ranges of a hazard's or an accident's position; a notice's receipt scan."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from brigades.records.photos import validate_photo
from brigades.records.uploads import MaxUploadSize

# WGS-84 ranges; anything outside is a typo (or latitude and longitude swapped).
latitude_validators = [
    MinValueValidator(-90, message=_("Latitude must lie between -90 and 90.")),
    MaxValueValidator(90, message=_("Latitude must lie between -90 and 90.")),
]
longitude_validators = [
    MinValueValidator(-180, message=_("Longitude must lie between -180 and 180.")),
    MaxValueValidator(180, message=_("Longitude must lie between -180 and 180.")),
]


def validate_receipt_file(upload):
    """A signed receipt comes back as a photo or as a scanned PDF."""
    MaxUploadSize("PHOTO_MAX_BYTES")(upload)
    if Path(upload.name).suffix.lower() == ".pdf":
        position = upload.tell() if hasattr(upload, "tell") else 0
        upload.seek(0)
        head = upload.read(5)
        upload.seek(position)
        if head != b"%PDF-":
            raise ValidationError(_("This file is not a PDF scan."), code="invalid_pdf")
        return
    validate_photo(upload)
