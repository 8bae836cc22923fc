"""Every page makes as many queries for 20 rows as for 2 (issue 9, DESIGN §8): no query per row.

The pages come from the URL resolver (tests/pages.py), so a page routed later is checked too, as the API's lists
are in tests/test_query_counts.py; its model needs a row maker in tests/rows.py (the API resource's, found through
the router), and the test fails until it has one.

- A list page (`<app>:<model>_list`), as staff and as a member who sees the rows (tests/rows.py
  `member_who_sees`): the same queries for 2 rows as for 20.
- A detail page and its history tab: the same queries with 2 related rows of each kind as with 20. The related
  rows are made generically: for every one-to-many relation into the model whose model has a row maker, rows are
  made and then pointed at the object; for every many-to-many field of the model, rows are made and added. A
  history grows by versions saved by different people.
"""

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.api_helpers import member_of
from tests.identity.factories import OrganisationFactory, UserFactory
from tests.pages import PAGES
from tests.rows import member_who_sees, row_maker

pytestmark = pytest.mark.django_db

#: Pages known to make a query per row, with why; strict, so a fix turns the case red until it leaves this list.
KNOWN_N_PLUS_ONE: dict[str, str] = {}


def with_known(pages):
    return [
        pytest.param(p, id=str(p), marks=pytest.mark.xfail(strict=True, reason=KNOWN_N_PLUS_ONE[p.url_name]))
        if p.url_name in KNOWN_N_PLUS_ONE
        else pytest.param(p, id=str(p))
        for p in pages
    ]


LISTS = with_known(p for p in PAGES if p.kind == "list")
DETAILS = with_known(p for p in PAGES if p.kind in ("detail", "history"))
WHO = ("staff", "member")
#: Indexes of related rows start here, away from the object's own (a maker numbers its rows by index).
RELATED_FROM = 100


def no_maker(page) -> str:
    return (
        f"add a row maker for {page.label} (the model of {page.url_name}) to tests/rows.py: to ROWS under its API "
        f"basename, or to PAGE_ROWS for a model without an API endpoint"
    )


def signed_in(who: str, model) -> Client:
    user = UserFactory(username="page-staff", is_staff=True) if who == "staff" else member_who_sees(model)
    client = Client()
    client.force_login(user)
    return client


def get_counting(client: Client, url: str, **params) -> tuple[object, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code, response.content[:2000])
    return response, [q["sql"] for q in captured.captured_queries]


def rows_shown(response) -> int:
    """How many rows the list says it has (the page's paginator counts the filtered visible rows; a large list's
    page, which counts nothing, shows them all on one page here)."""
    page = response.context["page"]
    if getattr(page, "paginator", None) is None:
        assert not page.has_next()
        return len(page.object_list)
    return page.paginator.count


# --- lists -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("page", LISTS)
def test_a_list_page_makes_as_many_queries_for_20_rows_as_for_2(page, who):
    make = row_maker(page.model)
    assert make is not None, no_maker(page)
    assert not page.arguments, f"{page.url_name} takes {page.arguments}: teach this test how to fill them"
    client = signed_in(who, page.model)
    url = reverse(page.url_name)
    client.get(url)  # per-user caches (the user's scope) fill on the first request
    for i in range(2):
        make(i)

    response, two = get_counting(client, url, per_page=50)
    assert rows_shown(response) == 2, f"the {who} does not see the 2 rows made (tests/rows.py MEMBERS)"
    for i in range(2, 20):
        make(i)
    response, twenty = get_counting(client, url, per_page=50)
    assert rows_shown(response) == 20

    assert len(twenty) == len(two), "\n".join(twenty)


# --- details and history --------------------------------------------------------------------------------------


def the_object(page, made):
    """What a maker made, as an instance of the page's model (a maker may return a loader's count instead)."""
    if isinstance(made, page.model):
        return made
    latest = page.model.objects.order_by("-pk").first()
    assert latest is not None, f"the row maker of {page.label} made no {page.label}"
    return latest


def related_kinds(model) -> list:
    """The relations a detail page may list: one-to-many into the model, many-to-many of the model; each with a
    row maker for the related model."""
    kinds = [r for r in model._meta.related_objects if r.one_to_many and row_maker(r.related_model)]
    kinds += [f for f in model._meta.many_to_many if row_maker(f.related_model)]
    return kinds


def grow(obj, kinds: list, start: int, count: int) -> None:
    """`count` more related rows of each kind. A row that cannot belong to `obj` (a uniqueness the move breaks) is
    left out: the page is checked on the rows that can."""
    for kind in kinds:
        make = row_maker(kind.related_model)
        for i in range(start, start + count):
            try:
                with transaction.atomic():
                    made = make(RELATED_FROM + i)
                    if kind.many_to_many:
                        getattr(obj, kind.name).add(made)
                    else:
                        kind.related_model.objects.filter(pk=made.pk).update(**{kind.field.name: obj})
            except (DatabaseError, AttributeError, TypeError, ValueError):
                continue


def add_versions(obj, start: int, count: int) -> None:
    """`count` more versions of `obj`, each saved by another person (the history names who changed what)."""
    for i in range(start, start + count):
        obj._history_user = member_of_somewhere(i)
        obj.save()


def member_of_somewhere(i: int):
    return member_of(OrganisationFactory(), first_name=f"Editor{i}", last_name="Page")


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("page", DETAILS)
def test_a_detail_page_makes_as_many_queries_for_20_related_rows_as_for_2(page, who):
    make = row_maker(page.model)
    assert make is not None, no_maker(page)
    assert page.arguments == ("pk",), f"{page.url_name} takes {page.arguments}: teach this test how to fill them"
    obj = the_object(page, make(0))
    client = signed_in(who, page.model)
    url = reverse(page.url_name, kwargs={"pk": obj.pk})
    grow_page = add_versions if page.kind == "history" else lambda o, s, c: grow(o, related_kinds(page.model), s, c)
    client.get(url)

    grow_page(obj, 0, 2)
    _response, two = get_counting(client, url)
    grow_page(obj, 2, 18)
    _response, twenty = get_counting(client, url)

    assert len(twenty) == len(two), "\n".join(twenty)
