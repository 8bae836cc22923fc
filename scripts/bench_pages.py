#!/usr/bin/env python
"""`make bench` (pages): the server time of every page a demo user reaches, against a baseline measured in the same
run (`/healthz`, one database round trip). Target (issue 9): every page answers within 200 ms on the demo data.

    DATABASE_URL=postgres://… python scripts/bench_pages.py [--repeat 5] [--markdown]

The demo is seeded into the database first if it is not there. For each demo login, the pages are: the dashboard,
every entry of its menu, and from each list the first rows' pages and history tabs. Each is requested in-process
through Django's test client (server time only: no network, no browser), `--repeat` times; the median counts.
"""

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gsp.settings")

TARGET_MS = 200.0
LOGINS = ("ministry.uk", "ministry.ng", "employer.uk", "centre.ng", "agency.ma", "donor.eu", "admin")
ROW_LINKS = 2  # rows followed from each list page


def setup():
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    # Served pages name hashed static files; without a collectstatic here, plain names (a dict lookup less).
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"], STORAGES=storages).enable()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    if not get_user_model().objects.filter(username="ministry.uk").exists():
        call_command("load_reference", verbosity=0)
        call_command("seed_demo", "--force", verbosity=0)  # a throwaway database of its own


def timed(client, url: str, repeat: int) -> tuple[int, float]:
    times, status = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        status = response.status_code
    return status, statistics.median(times)


def pages_of(client, username: str) -> list[str]:
    from django.contrib.auth import get_user_model

    from gsp.navigation import menu_for

    user = get_user_model().objects.get(username=username)
    urls = ["/dashboard/"]
    for _group, items in menu_for(user):
        for _label, url, _name in items:
            urls.append(url)
            html = client.get(url).content.decode()
            # Row links of the table: the first cell of each row links to the row's page.
            rows = re.findall(r'<td[^>]*><a href="(/[a-z-]+/[a-z-]*/?\d+/)">', html)
            for row_url in list(dict.fromkeys(rows))[:ROW_LINKS]:
                urls += [row_url, row_url + "history/"]
    return list(dict.fromkeys(urls))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    rows = []
    for username in LOGINS:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        _status, baseline = timed(client, "/healthz", args.repeat)
        for url in pages_of(client, username):
            status, ms = timed(client, url, args.repeat)
            rows.append((username, url, status, ms, baseline))
    slow = [r for r in rows if r[3] > TARGET_MS or r[2] >= 500]
    sep = " | " if args.markdown else "  "
    header = ("login", "page", "status", "median ms", "baseline ms (/healthz)", "ratio")
    if args.markdown:
        print("| " + " | ".join(header) + " |\n|" + "---|" * len(header))
    else:
        print(f"{'login':<12}{'page':<48}{'status':>7}{'ms':>9}{'base ms':>9}{'ratio':>8}")
    for username, url, status, ms, base in rows:
        ratio = ms / base if base else 0
        if args.markdown:
            print(
                "| " + sep.join([username, f"`{url}`", str(status), f"{ms:.1f}", f"{base:.1f}", f"{ratio:.0f}×"]) + " |"
            )
        else:
            print(f"{username:<12}{url:<48}{status:>7}{ms:>9.1f}{base:>9.1f}{ratio:>7.0f}×")
    worst = max(rows, key=lambda r: r[3])
    print(f"\n{len(rows)} pages; slowest {worst[1]} as {worst[0]}: {worst[3]:.1f} ms (target ≤ {TARGET_MS:.0f} ms)")
    for username, url, status, ms, _base in slow:
        print(f"OVER TARGET: {url} as {username}: {ms:.1f} ms, status {status}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
