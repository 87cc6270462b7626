import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _own_media_root(media_root):
    yield media_root
    shutil.rmtree(media_root, ignore_errors=True)


@pytest.fixture
def jpeg():
    def make(name="after.jpg"):
        return SimpleUploadedFile(name, JPEG, content_type="image/jpeg")

    return make
