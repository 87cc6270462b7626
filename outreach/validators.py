"""Checks of uploaded event photos: Pillow is not installed, so the photo is recognised by its
extension and by the signature of its first bytes (a renamed .exe is refused)."""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from brigades.uploads import MaxUploadSize

PHOTO_EXTENSIONS = ("jpg", "jpeg", "png", "gif", "webp", "heic")

validate_photo_extension = FileExtensionValidator(
    allowed_extensions=PHOTO_EXTENSIONS,
    message=_("Only photos can be attached (%(allowed_extensions)s); “%(extension)s” files are not accepted."),
)


def looks_like_image(head: bytes) -> bool:
    return (
        head.startswith(b"\xff\xd8\xff")  # JPEG
        or head.startswith(b"\x89PNG\r\n\x1a\n")
        or head.startswith((b"GIF87a", b"GIF89a"))
        or (head.startswith(b"RIFF") and head[8:12] == b"WEBP")
        or head[4:8] == b"ftyp"  # HEIC/HEIF from phones
    )


def validate_photo_content(file):
    MaxUploadSize("PHOTO_MAX_BYTES")(file)  # also refuses what the upload handler did not keep
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(16)
    file.seek(position)
    if not looks_like_image(head):
        raise ValidationError(_("This file is not a photo."), code="not_a_photo")
