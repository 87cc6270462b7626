"""The Celery app of the worker that test_worker.py kills mid-task: the test worker's app, whose
rollup refresh stops once at its worst moment, inside its transaction (the day's old rows deleted
and the new ones written, nothing committed), and waits there to be killed.

Before it waits, the process running the task writes its pid to the file named by
ROLLUP_STALL_FILE, so that the test knows whom to kill and when. The file is created exclusively:
a task run again after the kill finds it there and goes through.
"""

import os
import time
from pathlib import Path

from .worker_app import app  # first: it sets Django up

from brigades.figures import rollups  # noqa: E402  isort: skip

STALL_SECONDS = 300
_rollup_months = rollups.rollup_months


def _rollup_months_then_stall_once(*args, **kwargs):
    _rollup_months(*args, **kwargs)
    try:
        marker = os.open(Path(os.environ["ROLLUP_STALL_FILE"]), os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return
    os.write(marker, str(os.getpid()).encode())
    os.close(marker)
    time.sleep(STALL_SECONDS)


# rollup_refresh calls rollup_months by its module-level name, inside its transaction.
rollups.rollup_months = _rollup_months_then_stall_once

__all__ = ["app"]
