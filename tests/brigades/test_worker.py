"""A real Celery worker (a subprocess, against the configured broker: the filesystem transport by
default, Redis when CELERY_BROKER_URL says so) refreshes a dirty day into the rollup table."""

import os
import subprocess
import sys
import time
import uuid
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from brigades.models import DailyFigure, DirtyDay
from brigades.rollups import mark_dirty
from brigades.tasks import refresh_dirty_days

from .rollup_metrics import ENTERPRISES, make_enterprise

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

WAIT_SECONDS = 60


def database_url():
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    auth = db["USER"] or ""
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    host = f"{auth}@" if auth else ""
    return f"postgres://{host}{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(tmp_path):
    queue = f"rollup-test-{uuid.uuid4().hex[:8]}"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(DJANGO_ENV="test", DATABASE_URL=database_url(), PYTHONPATH=str(settings.BASE_DIR))
    celery = Path(sys.executable).with_name("celery")
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [str(celery), "-A", "tests.brigades.worker_app", "worker", "--pool=solo", "--concurrency=1",
         "-Q", queue, "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"],
        cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        yield queue
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        # the filesystem transport keeps a binding file per named queue
        (Path(settings.VAR_DIR) / "celery" / "control" / f"{queue}.exchange").unlink(missing_ok=True)
    if process.returncode not in (0, -15):
        print((tmp_path / "worker.log").read_text())


def test_a_real_worker_refreshes_a_dirty_day(worker, enterprise_metrics, brigade_a, tmp_path):
    day = date(2026, 10, 14)
    make_enterprise(brigade_a, day, risk="high")
    mark_dirty(brigade_a.pk, [day])
    refresh_dirty_days.apply_async(queue=worker)
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if DailyFigure.objects.filter(brigade=brigade_a, day=day, metric=ENTERPRISES, value=1).exists():
            break
        time.sleep(0.25)
    else:
        log = (tmp_path / "worker.log").read_text()
        pytest.fail(f"the worker did not refresh the day within {WAIT_SECONDS} s\n{log[-3000:]}")
    deadline = time.monotonic() + WAIT_SECONDS
    while DirtyDay.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not DirtyDay.objects.exists()
