from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from brigades.uploads import MaxUploadSize

from .rules import is_valid_credit_code, is_valid_licence_number, is_valid_plate

# WGS-84 ranges; anything outside is a typo (or latitude and longitude swapped).
latitude_validators = [
    MinValueValidator(-90, message=_("Latitude must lie between -90 and 90.")),
    MaxValueValidator(90, message=_("Latitude must lie between -90 and 90.")),
]
longitude_validators = [
    MinValueValidator(-180, message=_("Longitude must lie between -180 and 180.")),
    MaxValueValidator(180, message=_("Longitude must lie between -180 and 180.")),
]


def validate_credit_code(value):
    if not is_valid_credit_code(value):
        raise ValidationError(
            _("%(value)s is not a valid unified social credit code (18 characters, check character wrong)."),
            code="invalid_credit_code",
            params={"value": value},
        )


def validate_plate(value):
    if not is_valid_plate(value):
        raise ValidationError(
            _("%(value)s is not a valid plate number (e.g. 鲁P12345)."), code="invalid_plate", params={"value": value}
        )


def validate_licence_number(value):
    if not is_valid_licence_number(value):
        raise ValidationError(
            _("%(value)s is not a valid licence number (18-digit identity number, check digit wrong)."),
            code="invalid_licence_number",
            params={"value": value},
        )


# Photos: Pillow is not available, so a file is accepted as an image when its extension and its
# first bytes (the format's signature) both say so; a renamed document is refused.
IMAGE_SIGNATURES = {
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
}
IMAGE_CONTENT_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}


def validate_image_file(upload):
    extension = Path(upload.name).suffix.lower()
    if extension not in IMAGE_SIGNATURES:
        raise ValidationError(
            _("Only photos can be uploaded (JPG, PNG, GIF or WEBP)."), code="invalid_image_extension"
        )
    MaxUploadSize("PHOTO_MAX_BYTES")(upload)  # also refuses what the upload handler did not keep
    content_type = getattr(upload, "content_type", None)
    if content_type and content_type not in IMAGE_CONTENT_TYPES:
        raise ValidationError(_("This file is not a photo."), code="invalid_image_type")
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(12)
    upload.seek(position)
    if not any(head.startswith(signature) for signature in IMAGE_SIGNATURES[extension]):
        raise ValidationError(_("This file is not a photo."), code="invalid_image_content")
    if extension == ".webp" and head[8:12] != b"WEBP":
        raise ValidationError(_("This file is not a photo."), code="invalid_image_content")


def validate_receipt_file(upload):
    """A signed receipt comes back as a photo or as a scanned PDF."""
    if Path(upload.name).suffix.lower() == ".pdf":
        MaxUploadSize("PHOTO_MAX_BYTES")(upload)
        position = upload.tell() if hasattr(upload, "tell") else 0
        upload.seek(0)
        head = upload.read(5)
        upload.seek(position)
        if head != b"%PDF-":
            raise ValidationError(_("This file is not a PDF scan."), code="invalid_pdf")
        return
    validate_image_file(upload)
