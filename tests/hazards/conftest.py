import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    yield settings.MEDIA_ROOT
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def jpeg():
    def make(name="after.jpg"):
        return SimpleUploadedFile(name, JPEG, content_type="image/jpeg")

    return make
