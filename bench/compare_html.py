"""Every list page and dashboard as HTML, for comparing two versions of the rendering code: writes
one file per page and user under --out, with the CSRF token blanked and the white space between
tags collapsed. Run before and after a change on the same database, then `diff -r before after`.

    .venv/bin/python bench/compare_html.py --out /tmp/before
"""

import argparse
import re
import sys
from pathlib import Path

import _setup  # noqa: F401
from django.conf import settings
from django.test import Client
from django.urls import reverse

from brigades.models import User

sys.path.insert(0, str(_setup.ROOT))
from tests.url_walk import endpoints  # noqa: E402


def normalise(html):
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken" value=""', html)
    html = re.sub(r"\"X-CSRFToken\": \"[^\"]*\"", "\"X-CSRFToken\": \"\"", html)
    html = re.sub(r">\s+", ">", html)
    html = re.sub(r"\s+<", "<", html)
    html = re.sub(r"\s+", " ", html)
    return html.replace("><", ">\n<")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--users", default="zhidui_leader,gxq_staff")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    urls = [reverse("home"), reverse("brigades:brigade_dashboard", kwargs={"pk": 1}),
            reverse("brigades:detachment_dashboard") + "?period=year"]
    for endpoint in endpoints():
        if endpoint.kwargs or not endpoint.is_list or endpoint.is_api or endpoint.model is None:
            continue
        urls.append(reverse(endpoint.name))
    for username in args.users.split(","):
        client = Client()
        client.force_login(User.objects.get(username=username))
        for url in urls:
            for query in ("", "?page=2", "?sort=-date"):
                response = client.get(url + query if "?" not in url else url)
                name = f"{username}{url}{query}".replace("/", "_").replace("?", "_")
                (out / name).write_text(f"{response.status_code}\n" + normalise(response.content.decode()))
    print(f"{len(urls)} pages × {len(args.users.split(','))} users → {out}")


if __name__ == "__main__":
    main()
