"""Time of a large list export through the background job (the path a user's export of more than
settings.EXPORT_ASYNC_ROWS rows takes), on PostgreSQL, DEBUG off:

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/brigades_bench DEBUG=false
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_demo --scale 0.2
    .venv/bin/python bench/export.py --rows 100000

If the first brigade has fewer violations than --rows, copies of its existing cases are added
(bulk_create, dates kept) until it has them; then the violations list of that brigade's staff is
exported to xlsx and csv by `export_job_run`, the Celery task's body (the worker's own overhead is
not counted). Prints rows, seconds, rows per second and the file size.
"""

import argparse
import os
import time

import _setup  # noqa: F401
from django.db import connection

from brigades.choices import Role
from brigades.records.export_jobs import export_job_run
from brigades.models import Brigade, ExportJob, User
from enforcement.models import Violation


def ensure_violations(brigade, rows):
    have = Violation.objects.filter(brigade=brigade).count()
    if have >= rows:
        return have
    sample = list(Violation.objects.filter(brigade=brigade)[:500])
    if not sample:
        raise SystemExit(f"{brigade} has no violations to copy: load the demo data first")
    skip = {"id"}
    batch = []
    for n in range(rows - have):
        source = sample[n % len(sample)]
        values = {f.attname: getattr(source, f.attname) for f in Violation._meta.concrete_fields if f.attname not in skip}
        batch.append(Violation(**values))
        if len(batch) == 5000:
            Violation.objects.bulk_create(batch)
            batch = []
    if batch:
        Violation.objects.bulk_create(batch)
    return Violation.objects.filter(brigade=brigade).count()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    brigade = Brigade.objects.order_by("pk").first()
    total = ensure_violations(brigade, args.rows)
    user = User.objects.filter(brigade=brigade, role=Role.STAFF, is_active=True).first()
    print(f"{connection.vendor}; {brigade}: {total} violations; load average %.2f %.2f %.2f" % os.getloadavg())
    for export_format in ("xlsx", "csv"):
        job = ExportJob.objects.create(user=user, list_name="enforcement:violation_list", title="违法记录",
                                       export_format=export_format, total=total)
        started, cpu = time.perf_counter(), time.process_time()
        export_job_run(job_id=job.pk)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        job.refresh_from_db()
        print(f"{export_format}: {job.done} rows in {seconds:.1f} s wall, {cpu:.1f} s CPU of this process "
              f"({job.done / seconds:,.0f} rows/s), {job.file.size / 1e6:.1f} MB, status {job.status}; "
              "load average %.2f %.2f %.2f" % os.getloadavg())


if __name__ == "__main__":
    main()
