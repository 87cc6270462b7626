"""The one check of an uploaded photo (hazard evidence, event photos), on Pillow.

A file is a photo when Pillow can read it as JPEG, PNG, WebP or HEIC/HEIF (what phones save;
read through pillow-heif) and its extension says the same family; a renamed document or a
truncated upload is refused. The checks read the header and verify the file, they do not decode
every pixel, so a 10 MB photo is checked in milliseconds.
"""

from io import BytesIO
from pathlib import Path

import pillow_heif
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from .uploads import MaxUploadSize

pillow_heif.register_heif_opener()

#: Pillow's format name → the extensions a file of that format may carry.
PHOTO_FORMATS = {
    "JPEG": {".jpg", ".jpeg"},
    "PNG": {".png"},
    "WEBP": {".webp"},
    "HEIF": {".heic", ".heif"},
}
PHOTO_EXTENSIONS = sorted(ext for extensions in PHOTO_FORMATS.values() for ext in extensions)


def photo_format(upload):
    """Pillow's name of the photo's format, or None when the file is not a readable photo."""
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            found = image.format
            image.verify()
        return found if found in PHOTO_FORMATS else None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    finally:
        upload.seek(position)


def validate_photo(upload):
    """Refuse anything but a JPEG, PNG, WebP or HEIC/HEIF photo within the PHOTO_MAX_BYTES cap (checked
    first: an oversized upload is refused for its size, not opened)."""
    extension = Path(getattr(upload, "name", "") or "").suffix.lower()
    if extension not in PHOTO_EXTENSIONS:
        raise ValidationError(_("Only photos can be uploaded (JPG, PNG, WEBP or HEIC)."), code="invalid_image_extension")
    MaxUploadSize("PHOTO_MAX_BYTES")(upload)
    found = photo_format(upload)
    if found is None or extension not in PHOTO_FORMATS[found]:
        raise ValidationError(_("This file is not a photo."), code="invalid_image_content")


def image_bytes(image, image_format="PNG"):
    """A Pillow image as the bytes of a file (for the demo's pictures and the tests' uploads)."""
    buffer = BytesIO()
    image.save(buffer, format=image_format)
    return buffer.getvalue()
