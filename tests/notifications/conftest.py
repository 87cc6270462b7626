import shutil

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache():
    """The navigation bar's count is cached; each test starts without it."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    yield settings.MEDIA_ROOT
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def jpeg():
    from ..hazards.conftest import jpeg as hazards_jpeg

    return hazards_jpeg.__wrapped__()
