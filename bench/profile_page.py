"""Where one page's server time goes: the Django test client (real middleware, view, queries,
template), DEBUG off, logged in as --user, under cProfile. Timing on this shared machine is noisy;
the profile's call counts and its split (queries, template, Python) are not.

    .venv/bin/python bench/profile_page.py /enforcement/violations/ [--user gxq_staff] [--repeat 5]
        [--sort tottime] [--limit 40] [--callers FUNCTION]

Prints the median wall time and CPU time (of this process: Python, not PostgreSQL) of --repeat requests after a warm-up, the number of queries and their
time, the number of Python function calls of one request, and the top of the profile.
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import time

import _setup  # noqa: F401
from django.conf import settings
from django.db import connection
from django.test import Client

from brigades.models import User


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--user", default="gxq_staff")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--callers", default="")
    parser.add_argument("--tree", action="store_true", help="pyinstrument's call tree instead (pip install pyinstrument)")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    client = Client()
    client.force_login(User.objects.get(username=args.user))
    response = client.get(args.url)  # warm-up
    times, cpu = [], []
    for _ in range(args.repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(args.url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    timings = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append(time.perf_counter() - started)

    # An execute wrapper, not CaptureQueriesContext: the request_started signal empties the
    # connection's query log in the middle of the request.
    with connection.execute_wrapper(timed):
        client.get(args.url)
    query_ms = sum(timings) * 1000
    if args.tree:
        from pyinstrument import Profiler

        tree = Profiler(interval=0.0005)
        tree.start()
        for _ in range(args.repeat):
            client.get(args.url)
        tree.stop()
        print(tree.output_text(unicode=True, color=False, show_all=False))
    # CPU time, not wall time: on a shared machine the wall clock counts the other processes too.
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    client.get(args.url)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    print(f"{args.url} as {args.user}: HTTP {response.status_code}, {len(response.content) / 1024:.1f} KB; "
          f"median {statistics.median(times):.1f} ms of {args.repeat} (min {min(times):.1f}), "
          f"CPU of this process {statistics.median(cpu):.1f} ms; "
          f"{len(timings)} queries, {query_ms:.1f} ms in the database; "
          f"{stats.total_calls} Python calls; load %.2f %.2f %.2f" % os.getloadavg())
    stats.sort_stats(args.sort).print_stats(args.limit)
    if args.callers:
        stats.print_callers(args.callers)
    print(out.getvalue())


if __name__ == "__main__":
    main()
