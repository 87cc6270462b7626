"""Every save or delete of a brigade record marks its brigade-days dirty, on commit."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from brigades.figures import rollups
from brigades.models import DirtyDay
from hazards.models import Enterprise

from .rollup_metrics import make_enterprise

pytestmark = pytest.mark.django_db

DAY = date(2026, 10, 14)


@pytest.fixture
def dated_enterprises(monkeypatch):
    """Enterprises counted by the day they were entered and the day they were last updated."""
    monkeypatch.setattr(Enterprise, "rollup_date_fields", ("created_at", "updated_at"))


def dirty():
    return set(DirtyDay.objects.values_list("brigade_id", "day"))


def noon(day):
    return timezone.make_aware(datetime.combine(day, time(12)))


def test_every_record_model_is_connected():
    from django.db.models.signals import post_save

    assert Enterprise in rollups.record_models()
    assert post_save.has_listeners(Enterprise)


def test_a_save_marks_its_days_dirty_on_commit(dated_enterprises, brigade_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_enterprise(brigade_a, DAY)
    assert not DirtyDay.objects.exists()  # nothing before the commit
    for callback in callbacks:
        callback()
    assert (brigade_a.pk, timezone.localdate()) in dirty()  # created_at at save, updated_at


def test_a_moved_date_marks_the_old_day_and_the_new_one(dated_enterprises, brigade_a, brigade_b, django_capture_on_commit_callbacks):
    enterprise = make_enterprise(brigade_a, DAY)
    enterprise = Enterprise.objects.get(pk=enterprise.pk)  # loaded: remembers DAY
    DirtyDay.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        enterprise.created_at = noon(date(2026, 9, 1))
        enterprise.brigade = brigade_b
        enterprise.save()
    marked = dirty()
    assert (brigade_a.pk, DAY) in marked
    assert (brigade_b.pk, date(2026, 9, 1)) in marked


def test_a_delete_marks_the_records_days(dated_enterprises, brigade_a, django_capture_on_commit_callbacks):
    enterprise = Enterprise.objects.get(pk=make_enterprise(brigade_a, DAY).pk)
    DirtyDay.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        enterprise.delete()
    assert (brigade_a.pk, DAY) in dirty()


def test_a_rolled_back_save_marks_nothing(dated_enterprises, brigade_a, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                make_enterprise(brigade_a, DAY)
                raise RuntimeError
    assert not DirtyDay.objects.exists()


def test_records_without_rollup_dates_mark_nothing(brigade_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_enterprise(brigade_a, DAY)
    assert not DirtyDay.objects.exists()


def test_mark_dirty_is_idempotent_and_renews_the_token(brigade_a):
    rollups.mark_dirty(brigade_a.pk, [DAY, DAY])
    token = DirtyDay.objects.get().token
    rollups.mark_dirty(brigade_a.pk, [DAY])
    assert DirtyDay.objects.count() == 1
    assert DirtyDay.objects.get().token != token
