#!/usr/bin/env python
"""The large API lists one request at a time, as the three tokens of `bench_lists.py` see them: total time, SQL time
and queries of each first page (median of 4), to tell the database's share from Django's (docs/PERFORMANCE.md).

    BENCH_LISTS_DATABASE_URL=postgres://… DJANGO_DEBUG=1 python scripts/profile_lists.py [list …] [--show N]

Uses the database `bench_lists.py` builds (run that first); DEBUG must be on (Django records the queries only then).
`--show N` prints the first N characters of each query.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gsp.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")


def main() -> int:
    import bench_lists

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("lists", nargs="*", default=list(bench_lists.LISTS))
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_LISTS_DATABASE_URL", bench_lists.DEFAULT_URL)
    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import override_settings

    override_settings(ALLOWED_HOSTS=["*"]).enable()
    tokens = bench_lists.create_tokens()
    client = Client()
    try:
        for name in args.lists:
            for token in tokens:
                headers = {"HTTP_AUTHORIZATION": f"Token {token['key']}", "HTTP_ACCEPT": "application/json"}
                totals, sqls = [], []
                for _ in range(4):
                    reset_queries()
                    started = time.perf_counter()
                    response = client.get(f"/api/v1/{name}/?limit=50", **headers)
                    totals.append((time.perf_counter() - started) * 1000)
                    sqls.append(sum(float(q["time"]) for q in connection.queries) * 1000)
                print(
                    f"{name:16} {token['label']:9} {response.status_code} total {statistics.median(totals):7.1f} ms"
                    f"  sql {statistics.median(sqls):7.1f} ms  queries {len(connection.queries)}",
                    flush=True,
                )
                for query in connection.queries if args.show else ():
                    print("     ", query["time"], query["sql"][: args.show])
    finally:
        bench_lists.delete_tokens()
    return 0


if __name__ == "__main__":
    sys.exit(main())
