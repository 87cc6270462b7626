"""Server time of every page and API list a user opens, as the detachment leader and as 高新区 staff
(issue 16). Run on a generated data set (bench/generate.py), DEBUG off:

    .venv/bin/python bench/pages.py --repeat 3 [--only violation] [--json out.json]

Each URL goes through the Django test client (the real middleware, view, queries and template),
logged in with the user's session; the median of --repeat runs after one warm-up is printed with
the number of queries and the size of the answer. The list URLs are found, not listed: every named
URL of the apps whose view is a list (RecordListView and friends, the API's list routes), plus
the home page, the dashboards, free-text searches, the map's data and a deep API page.
`os.getloadavg()` is printed: the machine is shared, read the medians against it.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import _setup  # noqa: F401
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from brigades.models import User

sys.path.insert(0, str(_setup.ROOT))
from tests.url_walk import endpoints  # noqa: E402

LEADER, STAFF = "zhidui_leader", "gxq_staff"


def load():
    return "%.2f %.2f %.2f" % os.getloadavg()


def pages():
    """[(group, label, url, who)] — who: "both", "leader" or "staff"."""
    found = []
    for endpoint in endpoints():
        if endpoint.kwargs or not endpoint.is_list or endpoint.model is None:
            continue
        group = "api" if endpoint.is_api else "list"
        found.append((group, endpoint.name, reverse(endpoint.name), "both"))
    found.sort()
    return [
        ("page", "home", reverse("home"), "both"),
        ("page", "brigade dashboard", reverse("brigades:brigade_dashboard", kwargs={"pk": 1}), "both"),
        ("page", "detachment dashboard, year", reverse("brigades:detachment_dashboard") + "?period=year", "leader"),
        ("search", "work orders ?q=路灯", reverse("services:workorder_list") + "?q=路灯", "both"),
        ("search", "work orders ?q=信号灯", reverse("services:workorder_list") + "?q=信号灯", "both"),
        ("search", "violations ?q=鲁P", reverse("enforcement:violation_list") + "?q=鲁P", "both"),
        ("search", "hazards ?q=路口", reverse("hazards:hazard_list") + "?q=路口", "both"),
        ("search", "key vehicles ?q=鲁P0", reverse("hazards:keyvehicle_list") + "?q=鲁P0", "both"),
        ("map", "open hazards GeoJSON (whole scope)", reverse("hazards:open_hazards_geojson"), "both"),
        ("map", "open hazards GeoJSON, a city view z12",
         reverse("hazards:open_hazards_geojson") + "?zoom=12&bbox=115.8,36.3,116.2,36.6", "both"),
        ("map", "hazard map data (whole scope)", reverse("hazards:hazard_map_data"), "both"),
        ("page", "hazard map page", reverse("hazards:hazard_map"), "both"),
        ("page", "violations list page 400 (the cap)", reverse("enforcement:violation_list") + "?page=400", "both"),
        ("api", "API violations, 2nd page (cursor)", "cursor:" + reverse("api:violation-list"), "both"),
        # The entry forms a clerk opens all day (a leader enters nothing: 403).
        *(("form", f"form: {name}", reverse(name), "staff") for name in (
            "enforcement:violation_create", "enforcement:quick_entry", "hazards:hazard_create",
            "hazards:accident_create", "outreach:event_create", "services:workorder_create",
            "services:fastaccident_create", "services:reliefadvance_create")),
        *found,
    ]


def resolve(client, url):
    """A "cursor:" URL is the next page of the API list: its `next` link."""
    if url.startswith("cursor:"):
        return client.get(url[len("cursor:"):]).json().get("next") or url[len("cursor:"):]
    return url


def measure(client, url, repeat):
    client.get(url)  # warm-up
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    # Counted now: the next request's request_started signal empties the connection's query log.
    queries = len(captured.captured_queries)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return response.status_code, len(response.content), queries, statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default="", help="URLs whose label or path contains this")
    parser.add_argument("--json", default="", help="write the results to this file")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=_setup.ROOT).stdout.strip()
    print(f"commit {commit}, database {connection.settings_dict['NAME']}, load {load()}")
    clients = {}
    for who in (LEADER, STAFF):
        clients[who] = Client()
        clients[who].force_login(User.objects.get(username=who))
    results = []
    print(f"{'group':7} {'page':58} {'user':14} {'median ms':>9} {'queries':>7} {'KB':>7} load")
    for group, label, url, users in pages():
        if args.only and args.only not in label and args.only not in url:
            continue
        for who in (LEADER, STAFF):
            if users != "both" and users != {LEADER: "leader", STAFF: "staff"}[who]:
                continue
            client = clients[who]
            target = resolve(client, url)
            status, size, queries, median = measure(client, target, args.repeat)
            line = (f"{group:7} {label[:58]:58} {who:14} {median:9.1f} {queries:7d} {size / 1024:7.1f} {load()}"
                    f"{'' if status == 200 else f' HTTP {status}'}")
            print(line, flush=True)
            results.append({"group": group, "label": label, "url": target, "user": who, "status": status,
                            "median_ms": round(median, 1), "queries": queries, "bytes": size, "load": load()})
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"commit": commit, "database": connection.settings_dict["NAME"], "results": results}, out,
                      ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
