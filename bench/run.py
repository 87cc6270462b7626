"""Issue 16's benchmark in one command: `bench/run` (this script).

1. The data sets: the big one (`--db`, default brigades_bench: load_demo + generate.py --brigades 12
   --years 3 --factor 252, 13 M record rows) and the small one (`--small-db`, load_demo --scale 0.033
   + --factor 36, ~120 k rows). Each is reused when it already holds its violations, else built
   (createdb, migrate, load_demo, generate: ~20 minutes on this 2-core machine); `migrate` runs on
   both every time (new indexes).
2. Single requests: bench/pages.py on both sets (every list, API list, the home page, dashboards,
   searches, the map), as the detachment leader and as 高新区 staff, median of --repeat after a
   warm-up, server time through the Django test client.
3. Under load: gunicorn with 3 workers on --port against the big set (DEBUG off, Redis cache),
   wrk with 20 connections for --seconds per group (HTML lists and dashboards; API lists), 20
   logged-in sessions of 高新区 staff taking the pages in turn (bench/load.lua).
4. The table: every page's medians at 13 M and 10 k, their ratio, and the load runs, against the
   goals (≤ 100 ms, ≤ 1.5×; 0 errors, p95 ≤ 500 ms, ≥ 40 / ≥ 80 req/s), with the load average.

    bench/run [--skip-load] [--skip-small] [--repeat 3] [--seconds 60] [--out bench/results/x]
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PG = "postgres://postgres@127.0.0.1:5432"

# The load runs: as 高新区 staff (the "staff under 20 clients").
LOAD_GROUPS = {
    "lists and dashboards": [
        "/", "/organisation/1/dashboard/", "/enforcement/violations/", "/services/work-orders/",
        "/hazards/", "/hazards/key-vehicles/", "/services/fast-accidents/", "/outreach/events/",
    ],
    "API lists": [
        "/api/violations/", "/api/work-orders/", "/api/hazards/", "/api/key-vehicles/",
    ],
}
GOALS = {"lists and dashboards": 40, "API lists": 80}


def load():
    return "%.2f %.2f %.2f" % os.getloadavg()


def cache_url(database):
    """Each data set its own Redis database: the cached figures and fragments are keyed on the user,
    day and data version, not on the database, so a shared cache served the 10 k run the 13 M
    run's filter forms and dashboards (and flattered its times)."""
    base = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/8")
    prefix, number = base.rsplit("/", 1)
    return base if database == CACHE_OWNER[0] else f"{prefix}/{int(number) + 1}"


CACHE_OWNER = ["brigades_bench"]  # the big set: BENCH_CACHE_URL itself; the small set the next number


def fresh_cache(database):
    """An empty cache before a set's run: its warm-up request fills it as a first visitor would."""
    import redis

    redis.Redis.from_url(cache_url(database)).flushdb()


def env_for(database):
    return {**os.environ, "DJANGO_ENV": "local", "DEBUG": "false", "DATABASE_URL": f"{PG}/{database}",
            "CACHE_URL": cache_url(database)}


def run(args, database, **kwargs):
    print("$", " ".join(args), flush=True)
    return subprocess.run(args, cwd=ROOT, env=env_for(database), check=True, **kwargs)


def violations_in(database):
    found = subprocess.run(["psql", f"{PG}/{database}", "-Atc", "SELECT count(*) FROM enforcement_violation"],
                           capture_output=True, text=True)
    return int(found.stdout.strip() or 0) if found.returncode == 0 else None


def ensure(database, *, scale, factor, minimum):
    """Reuse the data set when it holds at least `minimum` violations, else build it."""
    count = violations_in(database)
    if count is None:
        subprocess.run(["psql", f"{PG}/postgres", "-c", f'CREATE DATABASE "{database}"'], check=True)
    run([PYTHON, "manage.py", "migrate", "-v0"], database)
    if count is not None and count >= minimum:
        print(f"{database}: {count} violations, reused", flush=True)
        return
    run([PYTHON, "manage.py", "load_demo", *(["--scale", str(scale)] if scale else [])], database)
    run([PYTHON, "bench/generate.py", "--brigades", "12", "--years", "3", "--factor", str(factor)], database)


def pages(database, repeat, out):
    run([PYTHON, "bench/pages.py", "--repeat", str(repeat), "--json", str(out)], database)
    return json.loads(out.read_text())


def sessions(database, username, count):
    """`count` logged-in session keys of `username` (one per simulated user)."""
    code = (
        "import sys; sys.path.insert(0, 'bench'); import _setup\n"
        "from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY\n"
        "from django.contrib.sessions.backends.db import SessionStore\n"
        "from brigades.models import User\n"
        f"user = User.objects.get(username={username!r})\n"
        f"for _ in range({count}):\n"
        "    s = SessionStore(); s[SESSION_KEY] = str(user.pk)\n"
        "    s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'\n"
        "    s[HASH_SESSION_KEY] = user.get_session_auth_hash(); s.create(); print(s.session_key)\n"
    )
    result = subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=env_for(database), capture_output=True, text=True, check=True)
    return result.stdout.split()


def load_run(database, port, seconds, connections=20):
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi", "--workers", "3", "--bind", f"127.0.0.1:{port}",
         "--timeout", "60", "--log-level", "warning"],
        cwd=ROOT, env=env_for(database), start_new_session=True,
    )
    results = {}
    try:
        time.sleep(5)
        cookies = sessions(database, "gxq_staff", connections)
        for group, paths in LOAD_GROUPS.items():
            env = {**os.environ, "BENCH_PATHS": " ".join(paths), "BENCH_COOKIES": " ".join(cookies)}
            # A short warm-up of every worker, then the measured run.
            subprocess.run(["wrk", "-t2", "-c6", "-d5s", "-s", "bench/load.lua", f"http://127.0.0.1:{port}/"],
                           cwd=ROOT, env=env, capture_output=True)
            before = load()
            output = subprocess.run(
                ["wrk", "-t4", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", "bench/load.lua",
                 f"http://127.0.0.1:{port}/"], cwd=ROOT, env=env, capture_output=True, text=True,
            ).stdout
            line = next((x for x in output.splitlines() if x.startswith("RESULT")), "")
            values = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", line)}
            values["rps"] = values["requests"] / (values["duration_us"] / 1e6) if values else 0
            values["errors"] = sum(values.get(k, 0) for k in ("connect", "read", "write", "status", "timeout"))
            values["load"] = f"{before} → {load()}"
            results[group] = values
            print(f"[load] {group}: {values}", flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return results


def table(big, small, runs, seconds):
    small_by = {(r["label"], r["user"]): r for r in (small or {}).get("results", [])}
    lines = [
        f"commit {big['commit']}; big set {big['database']}, small set {(small or {}).get('database', '—')}; load now {load()}",
        "",
        "| page | user | 13 M: median ms | queries | KB | 10 k: median ms | 13 M ÷ 10 k | ≤ 100 ms & ≤ 1.5× | load (1/5/15 min) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    missed = 0
    for row in big["results"]:
        other = small_by.get((row["label"], row["user"]))
        ratio = row["median_ms"] / other["median_ms"] if other and other["median_ms"] else None
        ok = row["status"] == 200 and row["median_ms"] <= 100 and (ratio is None or ratio <= 1.5)
        missed += not ok
        who = "leader" if row["user"] == "zhidui_leader" else "高新区 staff"
        lines.append(
            f"| {row['label']} | {who} | {row['median_ms']:.1f}{'' if row['status'] == 200 else ' HTTP ' + str(row['status'])} "
            f"| {row['queries']} | {row['bytes'] / 1024:.0f} | {other['median_ms'] if other else '—'} "
            f"| {f'{ratio:.2f}' if ratio else '—'} | {'yes' if ok else '**no**'} | {row['load']} |"
        )
    lines.append(f"\n{len(big['results']) - missed} of {len(big['results'])} page × user medians meet ≤ 100 ms and ≤ 1.5×.")
    if runs:
        lines += ["", f"Under load (gunicorn 3 workers, wrk 20 connections, {seconds} s, 20 sessions of 高新区 staff):", "",
                  "| group | req/s | goal | errors | p50 ms | p95 ms | p99 ms | met | load (before → after) |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for group, v in runs.items():
            met = v["errors"] == 0 and v["p95"] <= 500_000 and v["rps"] >= GOALS[group]
            lines.append(f"| {group} | {v['rps']:.1f} | ≥ {GOALS[group]} | {v['errors']} | {v['p50'] / 1000:.0f} "
                         f"| {v['p95'] / 1000:.0f} | {v['p99'] / 1000:.0f} | {'yes' if met else '**no**'} | {v['load']} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description="issue 16's benchmark: data sets, single requests, load, table")
    parser.add_argument("--db", default=os.environ.get("BENCH_DB", "brigades_bench"))
    parser.add_argument("--small-db", default=os.environ.get("BENCH_SMALL_DB", "brigades_bench_small"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8118)))
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--skip-small", action="store_true")
    parser.add_argument("--out", default="", help="a path prefix for the JSON and the table (default: a temporary one)")
    args = parser.parse_args()
    out = Path(args.out or f"/tmp/bench-{time.strftime('%Y%m%d-%H%M')}")
    out.parent.mkdir(parents=True, exist_ok=True)
    CACHE_OWNER[0] = args.db
    ensure(args.db, scale=None, factor=252, minimum=2_000_000)
    if not args.skip_small:
        ensure(args.small_db, scale=0.033, factor=36, minimum=5_000)
    fresh_cache(args.db)
    big = pages(args.db, args.repeat, Path(f"{out}-13M.json"))
    if not args.skip_small:
        fresh_cache(args.small_db)
    small = None if args.skip_small else pages(args.small_db, args.repeat, Path(f"{out}-10k.json"))
    runs = None if args.skip_load else load_run(args.db, args.port, args.seconds)
    if runs:
        Path(f"{out}-load.json").write_text(json.dumps(runs, indent=1))
    text = table(big, small, runs, args.seconds)
    Path(f"{out}-table.md").write_text(text + "\n")
    print("\n" + text)


if __name__ == "__main__":
    sys.exit(main())
