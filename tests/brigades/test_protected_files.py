"""Uploaded files are records: each is served by its record's view, to the record's brigade only,
with no public /media/ in any mode, at an address nobody can guess; thumbnails for the galleries."""

import importlib
import re
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.urls import clear_url_caches, reverse
from django_sendfile.utils import _get_sendfile
from PIL import Image

from brigades.records.files import thumbnail_name
from tests.hazards.factories import HazardPhotoFactory, KeyItemImportFactory
from tests.outreach.factories import EventPhotoFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def png_bytes(width=1600, height=900):
    out = BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def content(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture(params=[False, True], ids=["production-mode", "debug-mode"])
def debug_mode(request, settings):
    """Both modes, with the URLconf loaded as it would be in each (the old DEBUG /media/ route lived there)."""
    import config.urls

    settings.DEBUG = request.param
    importlib.reload(config.urls)
    clear_url_caches()
    yield request.param
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()


@pytest.fixture
def records(brigade_a):
    data = png_bytes()
    hazard_photo = HazardPhotoFactory(brigade=brigade_a, file=ContentFile(data, name="IMG_0001.png"))
    event_photo = EventPhotoFactory(brigade=brigade_a, file=ContentFile(data, name="IMG_0002.png"))
    key_list = KeyItemImportFactory(brigade=brigade_a, original_name="重点车辆.csv")
    return {
        "hazards:hazardphoto_file": (hazard_photo, data),
        "hazards:hazardphoto_thumbnail": (hazard_photo, None),
        "outreach:eventphoto_file": (event_photo, data),
        "outreach:eventphoto_thumbnail": (event_photo, None),
        "hazards:keyimport_file": (key_list, key_list.file.open("rb").read()),
    }


VIEWS = ["hazards:hazardphoto_file", "hazards:hazardphoto_thumbnail", "outreach:eventphoto_file",
         "outreach:eventphoto_thumbnail", "hazards:keyimport_file"]


@pytest.mark.parametrize("view_name", VIEWS)
def test_a_file_is_served_to_its_brigade_only_in_both_modes(debug_mode, view_name, records, client, staff_a, staff_b, detachment_leader):
    record, expected = records[view_name]
    url = reverse(view_name, args=[record.pk])

    client.force_login(staff_a)
    response = client.get(url)
    assert response.status_code == 200
    if expected is not None:
        assert content(response) == expected
    client.force_login(detachment_leader)
    assert client.get(url).status_code == 200

    client.force_login(staff_b)
    assert client.get(url).status_code == 404

    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))

    # Nor is the file anywhere under /media/, whoever asks.
    client.force_login(staff_a)
    assert client.get(f"/media/{record.file.name}").status_code == 404


def test_a_records_file_url_is_its_view_not_a_storage_address(records, api_client_for, staff_a):
    photo, _data = records["hazards:hazardphoto_file"]
    assert photo.file.url == reverse("hazards:hazardphoto_file", args=[photo.pk])
    assert photo.file.thumbnail_url == reverse("hazards:hazardphoto_thumbnail", args=[photo.pk])
    detail = api_client_for(staff_a).get(f"/api/hazards/{photo.hazard_id}/").json()
    assert detail["photos"][0]["file"].endswith(photo.file.url)


def test_hazard_page_shows_thumbnails_linking_to_the_photo(records, client_for, staff_a):
    photo, _data = records["hazards:hazardphoto_file"]
    page = client_for(staff_a).get(reverse("hazards:hazard_detail", args=[photo.hazard_id])).content.decode()
    assert f'src="{photo.file.thumbnail_url}"' in page and f'href="{photo.file.url}"' in page
    assert "/media/" not in page


def test_upload_paths_cannot_be_guessed(brigade_a):
    first = HazardPhotoFactory(brigade=brigade_a, file=ContentFile(b"\xff\xd8\xff" + b"\0" * 20, name="a.jpg"))
    second = HazardPhotoFactory(hazard=first.hazard, file=ContentFile(b"\xff\xd8\xff" + b"\0" * 20, name="a.jpg"))
    for photo in (first, second):
        assert str(photo.hazard_id) not in photo.file.name.split("/")[:-1]
        assert re.fullmatch(r"hazards/photos/\d{4}/\d{2}/[0-9a-f]{32}/a\.jpg", photo.file.name)
    assert first.file.name != second.file.name


def test_a_thumbnail_is_made_once_small_and_kept_in_storage(records, client_for, staff_a):
    photo, _data = records["hazards:hazardphoto_file"]
    client = client_for(staff_a)
    response = client.get(photo.file.thumbnail_url)
    assert response["Content-Type"] == "image/jpeg"
    with Image.open(BytesIO(content(response))) as image:
        assert max(image.size) <= 480 and image.size[0] > image.size[1]
    stored = thumbnail_name(photo.file.name)
    assert photo.file.storage.exists(stored)
    # The second request sends the stored thumbnail (not a new one).
    modified = photo.file.storage.get_modified_time(stored)
    assert content(client.get(photo.file.thumbnail_url)) == photo.file.storage.open(stored).read()
    assert photo.file.storage.get_modified_time(stored) == modified


def test_a_picture_pillow_cannot_read_is_shown_as_it_is(client_for, staff_a, brigade_a):
    data = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 64  # a JPEG header and nothing more
    photo = HazardPhotoFactory(brigade=brigade_a, file=ContentFile(data, name="broken.jpg"))
    assert content(client_for(staff_a).get(photo.file.thumbnail_url)) == data


@pytest.fixture
def nginx_sends(settings):
    settings.SENDFILE_BACKEND = "django_sendfile.backends.nginx"
    settings.SENDFILE_URL = "/protected-media"
    _get_sendfile.cache_clear()
    yield
    _get_sendfile.cache_clear()


def test_in_production_nginx_sends_the_bytes_after_the_check(nginx_sends, records, client, staff_a, staff_b):
    photo, _data = records["hazards:hazardphoto_file"]
    client.force_login(staff_a)
    response = client.get(photo.file.url)
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/protected-media/{photo.file.name}"
    client.force_login(staff_b)
    response = client.get(photo.file.url)
    assert response.status_code == 404 and not response.has_header("X-Accel-Redirect")
