"""Helpers of the HTML page tests of the employer's and agency's pages: a browser client signed in as a user, the
visible text of a page, a POST with the page's own form, and list pages whose query count must not grow with rows."""

import csv
import html
import io
import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def browser(user=None) -> Client:
    """A browser-like client signed in as `user` (anonymous for None)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def text_of(response) -> str:
    """The page as a reader sees it: tags removed, entities decoded, spaces collapsed."""
    body = response.content.decode()
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries)


def assert_flat_page(client, url: str, make_row, *, shown: str) -> None:
    """A page issues as many queries for 20 rows as for 2; `shown` is a format of the row count the page prints
    (e.g. "{} rows") so the test knows the rows were really listed."""
    client.get(url)  # the first request signs in and warms what is per process
    for _ in range(2):
        make_row()
    response = client.get(url)
    assert shown.format(2) in text_of(response)
    queries_2 = queries_of(client, url)
    for _ in range(18):
        make_row()
    assert shown.format(20) in text_of(client.get(url))
    queries_20 = queries_of(client, url)
    assert queries_20 == queries_2
