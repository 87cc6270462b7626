import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ..factories import JPEG_BYTES as JPEG
from ..factories import PNG_BYTES as PNG


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
