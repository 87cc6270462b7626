import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ..factories import JPEG_BYTES as JPEG


@pytest.fixture(autouse=True)
def _own_media_root(media_root):
    yield media_root
    shutil.rmtree(media_root, ignore_errors=True)


@pytest.fixture
def jpeg():
    def make(name="after.jpg"):
        return SimpleUploadedFile(name, JPEG, content_type="image/jpeg")

    return make
