"""The one photo check (brigades.records.photos): what phones and cameras save is accepted, anything
else is refused, whatever its name says."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from brigades.records.photos import image_bytes, validate_photo

from ..factories import JPEG_BYTES, PNG_BYTES

HEIC_BYTES = image_bytes(Image.new("RGB", (16, 16), (30, 45, 90)), "HEIF")
WEBP_BYTES = image_bytes(Image.new("RGB", (16, 16), (30, 45, 90)), "WEBP")


@pytest.mark.parametrize(("name", "data"), [
    ("after.jpg", JPEG_BYTES), ("AFTER.JPEG", JPEG_BYTES), ("scene.png", PNG_BYTES), ("IMG_0001.HEIC", HEIC_BYTES),
    ("IMG_0002.heif", HEIC_BYTES), ("wechat.webp", WEBP_BYTES),
])
def test_photos_of_phones_and_cameras_are_accepted(name, data):
    validate_photo(SimpleUploadedFile(name, data))


@pytest.mark.parametrize(("name", "data"), [
    ("report.jpg", b"%PDF-1.7 not a picture"),
    ("cut.jpg", JPEG_BYTES[:40]),  # a truncated upload
    ("scene.jpg", PNG_BYTES),  # the name says JPEG, the content is PNG
    ("notes.txt", JPEG_BYTES),
    ("anim.gif", image_bytes(Image.new("RGB", (4, 4)), "GIF")),
])
def test_anything_else_is_refused(name, data):
    with pytest.raises(ValidationError):
        validate_photo(SimpleUploadedFile(name, data))


def test_a_photo_over_10_mb_is_refused():
    upload = SimpleUploadedFile("big.jpg", JPEG_BYTES)
    upload.size = 10 * 1024 * 1024 + 1
    with pytest.raises(ValidationError):
        validate_photo(upload)
