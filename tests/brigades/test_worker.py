"""Real Celery workers (subprocesses, against the configured broker: the filesystem transport by
default, Redis when CELERY_BROKER_URL says so): one refreshes a dirty day into the rollup table,
and the rollups survive a worker killed in the middle of a refresh."""

import os
import signal
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
from brigades.figures.rollups import mark_dirty, rollup_refresh
from brigades.tasks import refresh_dirty_days

from .rollup_metrics import ENTERPRISES, make_enterprise

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

WAIT_SECONDS = 60
DAY = date(2026, 10, 14)


def database_url():
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    auth = db["USER"] or ""
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    host = f"{auth}@" if auth else ""
    return f"postgres://{host}{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """A `celery worker` subprocess consuming a queue of its own; `log()` is what it printed."""

    def __init__(self, log_path, queue, process):
        self.log_path, self.queue, self.process = log_path, queue, process

    def log(self):
        return self.log_path.read_text()


@pytest.fixture
def start_worker(tmp_path):
    """start_worker(app=…, pool=…, queue=…, env=…) starts a worker; every one is stopped at the end."""
    started = []

    def start(*, app="tests.brigades.worker_app", pool="solo", queue=None, env=None):
        queue = queue or f"rollup-test-{uuid.uuid4().hex[:8]}"
        environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        environment.update(DJANGO_ENV="test", DATABASE_URL=database_url(), PYTHONPATH=str(settings.BASE_DIR))
        environment.update(env or {})
        log_path = tmp_path / f"worker-{len(started)}.log"
        process = subprocess.Popen(
            [str(Path(sys.executable).with_name("celery")), "-A", app, "worker", f"--pool={pool}",
             "--concurrency=1", "-Q", queue, "--without-gossip", "--without-mingle", "--without-heartbeat",
             "--loglevel=INFO"],
            cwd=settings.BASE_DIR, env=environment, stdout=log_path.open("w"), stderr=subprocess.STDOUT,
        )
        started.append(Worker(log_path, queue, process))
        return started[-1]

    yield start
    for worker in started:
        if worker.process.poll() is None:
            worker.process.terminate()
            try:
                worker.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.process.kill()
                worker.process.wait()
        # the filesystem transport keeps a binding file per named queue
        (Path(settings.VAR_DIR) / "celery" / "control" / f"{worker.queue}.exchange").unlink(missing_ok=True)


def wait_for(condition, worker, what):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"{what}: not within {WAIT_SECONDS} s\n{worker.log()[-3000:]}")


def enterprises_on_the_day(brigade):
    return DailyFigure.objects.filter(brigade=brigade, day=DAY, metric=ENTERPRISES).values_list("value", flat=True).first()


def test_a_real_worker_refreshes_a_dirty_day(start_worker, enterprise_metrics, brigade_a):
    worker = start_worker()
    make_enterprise(brigade_a, DAY, risk="high")
    mark_dirty(brigade_a.pk, [DAY])
    refresh_dirty_days.apply_async(queue=worker.queue)
    wait_for(lambda: enterprises_on_the_day(brigade_a) == 1, worker, "the worker refreshes the day")
    wait_for(lambda: not DirtyDay.objects.exists(), worker, "the dirty marks are cleared")


@pytest.fixture
def refresh_under_way(start_worker, enterprise_metrics, brigade_a, tmp_path):
    """The day's rollup says 1 enterprise; a second one is added and the day marked dirty; a worker
    whose refresh stalls inside its transaction takes the task. Yields (worker, pid running the task)."""
    def start(pool):
        make_enterprise(brigade_a, DAY)
        rollup_refresh([brigade_a.pk], DAY, DAY)
        assert enterprises_on_the_day(brigade_a) == 1
        make_enterprise(brigade_a, DAY)
        mark_dirty(brigade_a.pk, [DAY])
        stall_file = tmp_path / "stalled.pid"
        worker = start_worker(app="tests.brigades.stalling_worker_app", pool=pool,
                              env={"ROLLUP_STALL_FILE": str(stall_file)})
        refresh_dirty_days.apply_async(queue=worker.queue)
        wait_for(lambda: stall_file.exists() and stall_file.read_text(), worker, "the refresh reaches its stall")
        return worker, int(stall_file.read_text())

    return start


def assert_nothing_half_saved(brigade):
    """While the refresh is stalled (and after it is killed), its deletes and writes are invisible:
    the old figure stands and the dirty mark is still there for the next run."""
    assert enterprises_on_the_day(brigade) == 1
    assert DirtyDay.objects.filter(brigade=brigade, day=DAY).exists()


def test_a_task_whose_pool_process_is_killed_is_run_again(refresh_under_way, brigade_a):
    """The pool process running the refresh is killed (as the OOM killer would): acks_late with
    reject_on_worker_lost puts the task back on the queue, a new pool process runs it again, and the
    day ends right with no one sending anything."""
    worker, pid = refresh_under_way("prefork")
    assert pid != worker.process.pid  # the pool's child, not the worker itself
    assert_nothing_half_saved(brigade_a)
    os.kill(pid, signal.SIGKILL)
    wait_for(lambda: enterprises_on_the_day(brigade_a) == 2, worker, "the task runs again and refreshes the day")
    wait_for(lambda: not DirtyDay.objects.exists(), worker, "the dirty marks are cleared")
    assert "WorkerLostError" in worker.log()


def test_a_killed_worker_leaves_the_day_dirty_for_the_next_run(refresh_under_way, start_worker, brigade_a):
    """The whole worker is killed mid-refresh: its transaction is rolled back, so the old figure
    stands and the day is still marked dirty; the next scheduled refresh, on a new worker, puts it right."""
    worker, pid = refresh_under_way("solo")
    assert pid == worker.process.pid
    worker.process.send_signal(signal.SIGKILL)
    worker.process.wait(timeout=20)
    assert_nothing_half_saved(brigade_a)

    replacement = start_worker()
    refresh_dirty_days.apply_async(queue=replacement.queue)  # what beat sends every 2 minutes
    wait_for(lambda: enterprises_on_the_day(brigade_a) == 2, replacement, "the next run refreshes the day")
    wait_for(lambda: not DirtyDay.objects.exists(), replacement, "the dirty marks are cleared")
