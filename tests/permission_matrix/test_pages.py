"""The permission matrix through the HTML pages: every role × every resource with pages × own/other × every page
action (list, export, detail, history, add, edit, delete), with the answers the API gives (issue 9: a page outside a
user's view answers 404, like the API).

The cases are generated from the table in cases.py (`PAGE_CASES`) and the pages routed today (tests/pages.py): a
page merged later gets its cases without a change here. This module only knows how to run one case of each action.
"""

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django import forms
from django.db import models
from django.test import Client, RequestFactory
from django.urls import reverse

from gsp.pages.exports import _plain
from tests.pages import pages_of

from .cases import LOGIN, MODELS, PAGE_CASES, PEERS, REFUSED, RESOURCES, SAVED, SIDE, PageCase, grant_for

pytestmark = pytest.mark.django_db

ROWS_PER_PAGE = 100  # more than any list of the world has


def client_as(role_name: str, world) -> Client:
    client = Client()
    if role_name != "anonymous":
        client.force_login(world.user(role_name))
    return client


def url_of(page, obj=None, **kwargs) -> str:
    if obj is not None and "pk" in page.arguments:
        kwargs["pk"] = obj.pk
    return reverse(page.url_name, kwargs=kwargs or None)


def parent_of(case: PageCase, body: dict) -> dict:
    """The URL arguments of an add page under a parent: `pk` is the parent's, named by the row's `page_parent` or
    else by the body's first foreign key."""
    if "pk" not in case.page.arguments:
        return {}
    model = case.page.model
    fields = {f.name: f for f in model._meta.get_fields()}
    keys = [n for n in body if getattr(fields.get(n), "many_to_one", False)]
    name = case.resource.page_parent or (keys[0] if keys else "")
    assert name in body, f"{case.page.url_name} is an add page under a parent: give the row a page_parent"
    return {"pk": body[name]}


def assert_sent_to_login(response) -> None:
    assert response.status_code == 302, response.status_code
    assert response["Location"].startswith(reverse("login")), response["Location"]


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


# --- form data: the form's own initial values, overlaid with the row's body ----------------------------------


def as_staff_view(page, world, obj=None, **kwargs):
    request = RequestFactory().get("/")
    request.user = world.user("staff")
    view = page.view_class()
    view.setup(request, **({"pk": obj.pk} if obj is not None else kwargs))
    return view


def form_value(value):
    """A value as a browser would post it (None: leave the field out)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else None
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, (list, tuple, set)):
        return [form_value(v) for v in value]
    if isinstance(value, dict):
        return json.dumps(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def shown_values(form: forms.BaseForm) -> dict:
    """The values a form shows, by the names its inputs post them under."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        many = isinstance(field, (forms.MultipleChoiceField, forms.ModelMultipleChoiceField))
        data[form.add_prefix(name)] = form_value([] if many and value in (None, "") else value)
    return data


def form_data(page, world, body: dict, obj=None, **kwargs) -> dict:
    """What the page's form shows staff (initial values and the model's defaults), with `body` typed over it. A
    formset the form carries (a course's cost lines) is posted as a browser posts it: its management form and every
    row as shown (the saved rows, and blank ones left blank)."""
    data = {}
    view = as_staff_view(page, world, obj, **kwargs)
    if hasattr(view, "get_form"):
        form = view.get_form(obj)
        data.update(shown_values(form))
        for formset in (v for v in vars(form).values() if isinstance(v, forms.BaseFormSet)):
            for row in (formset.management_form, *formset.forms):
                data.update(shown_values(row))
    data.update({name: form_value(value) for name, value in body.items()})
    return {name: value for name, value in data.items() if value is not None}


# --- one runner per page action -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def list_responses():
    """List responses by (url name, role, export): reading does not change the world, so own and other share one."""
    return {}


def shown_pks(response) -> set:
    return {str(o.pk) for o in response.context["page"].object_list}


def check_list(case: PageCase, client: Client, obj, responses: dict) -> None:
    key = (case.page.url_name, case.role.name, "list")
    if key not in responses:
        responses[key] = client.get(url_of(case.page), {"per_page": ROWS_PER_PAGE})
    response = responses[key]
    if case.expected == LOGIN:
        assert_sent_to_login(response)
        return
    assert response.status_code == 200, response.content[:2000]
    assert (str(obj.pk) in shown_pks(response)) is case.expected
    if not grant_for(case.resource, case.role).read:
        assert len(response.context["page"].object_list) == 0 and not response.context["page"].has_next()


def export_row(page, world, obj) -> list[str]:
    """The CSV row the export writes for `obj` (its columns, read from the row as the list page reads it)."""
    view = as_staff_view(page, world)
    shown = view.visible().get(pk=obj.pk)
    buffer = io.StringIO()
    csv.writer(buffer).writerow([_plain(column.raw(shown)) for column in view.columns])
    return next(csv.reader(io.StringIO(buffer.getvalue())))


def check_export(case: PageCase, client: Client, obj, world, responses: dict) -> None:
    key = (case.page.url_name, case.role.name, "export")
    if key not in responses:
        response = client.get(url_of(case.page), {"export": "csv"})
        body = b"".join(response.streaming_content) if response.streaming else response.content
        responses[key] = (response, body)
    response, body = responses[key]
    if case.expected == LOGIN:
        assert_sent_to_login(response)
        return
    assert response.status_code == 200, body[:2000]
    assert response["Cache-Control"] == "private, no-store"
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    mine = export_row(case.page, world, obj)
    opposite = case.resource.key("other" if case.ownership == "own" else "own", case.role)
    assert mine != export_row(case.page, world, world.obj(opposite)), "the export's columns do not tell the rows apart"
    assert (mine in rows[1:]) is case.expected, rows
    if not grant_for(case.resource, case.role).read:
        assert rows[1:] == []


def check_read(case: PageCase, client: Client, obj) -> None:
    response = client.get(url_of(case.page, obj))
    if case.expected == LOGIN:
        assert_sent_to_login(response)
    else:
        assert response.status_code == case.expected, response.content[:2000]


def check_add(case: PageCase, client: Client, obj, world) -> None:
    model = type(obj)
    side, resource = SIDE[case.ownership], case.resource
    make = resource.page_create or resource.create
    body = make(world, side, case.role) if make else {}
    parent = parent_of(case, body)
    url = url_of(case.page, **parent)
    shown = client.get(url)
    before = model.objects.count()
    response = client.post(url, form_data(case.page, world, body, **parent))
    if case.expected == LOGIN:
        assert_sent_to_login(shown)
        assert_sent_to_login(response)
    elif case.expected == SAVED:
        assert shown.status_code == 200
        assert response.status_code == SAVED, _errors(response)
    else:
        assert shown.status_code in (200, 403, 404)
        expected = (400, 403, 404) if case.expected == REFUSED else (case.expected,)
        assert response.status_code in expected, _errors(response)
    assert model.objects.count() == before + (1 if case.expected == SAVED else 0)


def check_edit(case: PageCase, client: Client, obj, world) -> None:
    url = url_of(case.page, obj)
    change = case.resource.page_update if case.resource.page_update is not None else case.resource.update
    shown = client.get(url)
    data = form_data(case.page, world, change, obj)
    unknown = set(change) - set(data)
    assert not unknown, f"the form of {case.page.url_name} has no {unknown}: give the row a page_update"
    before = {name: getattr(obj, name) for name in change}
    response = client.post(url, data)
    after = fresh(obj)
    if case.expected == LOGIN:
        assert_sent_to_login(shown)
        assert_sent_to_login(response)
    else:
        assert shown.status_code == (200 if case.expected == SAVED else case.expected), shown.status_code
        assert response.status_code == case.expected, _errors(response)
    for name, value in change.items():
        if case.expected == SAVED:
            assert str(getattr(after, name)) == str(value)
        else:
            assert getattr(after, name) == before[name]


def check_delete(case: PageCase, client: Client, obj) -> None:
    model = type(obj)
    url = url_of(case.page, obj)
    shown = client.get(url)
    response = client.post(url)
    if case.expected == LOGIN:
        assert_sent_to_login(shown)
        assert_sent_to_login(response)
    else:
        assert shown.status_code == (200 if case.expected in (SAVED, 409) else case.expected), shown.status_code
        assert response.status_code == case.expected, _errors(response)
    assert model.objects.filter(pk=obj.pk).exists() is not (case.expected == SAVED and not case.resource.soft_delete)


def _errors(response) -> str:
    """The form's errors, or the start of the page: what a failing case needs to say."""
    context = getattr(response, "context", None)
    form = context.get("form") if context else None
    if form is not None and form.errors:
        return f"{response.status_code}: {form.errors.as_data()}"
    return f"{response.status_code}: {response.content[:1500]!r}"


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in PAGE_CASES])
def test_pages(case: PageCase, world, list_responses):
    client = client_as(case.role.name, world)
    obj = fresh(world.obj(case.resource.key(case.ownership, case.role)))
    if case.action == "list":
        check_list(case, client, obj, list_responses)
    elif case.action == "export":
        check_export(case, client, obj, world, list_responses)
    elif case.action in ("detail", "history"):
        check_read(case, client, obj)
    elif case.action == "add":
        check_add(case, client, obj, world)
    elif case.action == "edit":
        check_edit(case, client, obj, world)
    else:
        check_delete(case, client, obj)


def test_the_case_ids_are_unique():
    covered = {r.prefix: sorted({c.action for c in PAGE_CASES if c.resource is r}) for r in RESOURCES}
    print("\nHTML permission matrix:", {k: v for k, v in covered.items() if v}, f"({len(PAGE_CASES)} cases)")
    assert len({c.id for c in PAGE_CASES}) == len(PAGE_CASES)


# --- peers of the same partnership: their rows are invisible on the pages as in the API ----------------------


PAGE_PEERS = [(role, prefix, key) for role, prefix, key in PEERS if {"list", "detail"} & set(pages_of(MODELS[prefix]))]


@pytest.mark.parametrize(("role", "prefix", "key"), PAGE_PEERS, ids=lambda v: str(v))
def test_a_peer_organisations_rows_are_invisible_on_the_pages(role, prefix, key, world):
    client = client_as(role, world)
    pages = pages_of(MODELS[prefix])
    obj = world.obj(key)
    if "detail" in pages:
        assert client.get(url_of(pages["detail"], obj)).status_code == 404
    if "edit" in pages:
        assert client.get(url_of(pages["edit"], obj)).status_code == 404
    if "list" in pages:
        assert str(obj.pk) not in shown_pks(client.get(url_of(pages["list"]), {"per_page": ROWS_PER_PAGE}))
