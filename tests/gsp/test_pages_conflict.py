"""Edit pages detect a concurrent change (gsp/pages/conflicts.py): a form opened on a version that is no longer the
row's answers 409, saves nothing, keeps the user's input and shows the current values; saving again then replaces
them knowingly. A form posted without the version (an old page) is not checked."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django import forms
from django.db import models

from partnerships.models import Partnership
from tests.partnerships.pages import browser, element, make_partnership, make_users

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

MESSAGE = "This record was changed by someone else since you opened it"


@pytest.fixture
def partnership():
    return make_partnership()


@pytest.fixture
def editor(partnership):
    return make_users(partnership)["origin_editor"]


def _posted(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else None
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, (list, tuple)):
        return [_posted(v) for v in value]
    if isinstance(value, (dt.date, Decimal)):
        return str(value)
    return str(value)


def opened(client, partnership) -> tuple[dict, str]:
    """The edit form as the browser shows it: its values, and the version it carries."""
    page = client.get(f"/partnerships/{partnership.pk}/edit/")
    assert page.status_code == 200
    form = page.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.ModelMultipleChoiceField):
            value = list(value or [])
        data[name] = _posted(value)
    version = re.search(r'name="_version" value="([0-9a-f]+)"', page.content.decode()).group(1)
    return {k: v for k, v in data.items() if v is not None}, version


def someone_else_renames(partnership, title="Theirs"):
    row = Partnership.objects.get(pk=partnership.pk)
    row.title = title
    row.save()


def test_a_form_opened_before_another_change_is_refused_with_409_and_nothing_saved(partnership, editor):
    client = browser(editor)
    data, version = opened(client, partnership)
    someone_else_renames(partnership)

    response = client.post(f"/partnerships/{partnership.pk}/edit/", data | {"title": "Mine", "_version": version})

    assert response.status_code == 409
    assert Partnership.objects.get(pk=partnership.pk).title == "Theirs"
    conflict = element(response, "edit-conflict")
    assert conflict.startswith(MESSAGE)
    # The field changed meanwhile, its current value and the user's; the input is kept in the form.
    assert "Title Theirs Mine" in conflict
    assert response.context["form"]["title"].value() == "Mine"
    assert 'value="Mine"' in response.content.decode()


def test_saving_again_after_the_conflict_replaces_the_other_change(partnership, editor):
    client = browser(editor)
    data, version = opened(client, partnership)
    someone_else_renames(partnership)
    refused = client.post(f"/partnerships/{partnership.pk}/edit/", data | {"title": "Mine", "_version": version})
    current = re.search(r'name="_version" value="([0-9a-f]+)"', refused.content.decode()).group(1)

    assert current != version
    response = client.post(f"/partnerships/{partnership.pk}/edit/", data | {"title": "Mine", "_version": current})

    assert response.status_code == 302
    assert Partnership.objects.get(pk=partnership.pk).title == "Mine"


def test_an_unchanged_row_saves(partnership, editor):
    client = browser(editor)
    data, version = opened(client, partnership)

    response = client.post(f"/partnerships/{partnership.pk}/edit/", data | {"title": "Mine", "_version": version})

    assert response.status_code == 302
    assert Partnership.objects.get(pk=partnership.pk).title == "Mine"


def test_a_form_with_errors_keeps_the_version_it_was_opened_on(partnership, editor):
    client = browser(editor)
    data, version = opened(client, partnership)
    someone_else_renames(partnership)

    invalid = client.post(f"/partnerships/{partnership.pk}/edit/", data | {"title": "", "_version": version})
    kept = re.search(r'name="_version" value="([0-9a-f]+)"', invalid.content.decode()).group(1)
    again = client.post(f"/partnerships/{partnership.pk}/edit/", data | {"title": "Mine", "_version": kept})

    assert invalid.status_code == 400
    assert kept == version
    assert again.status_code == 409
    assert Partnership.objects.get(pk=partnership.pk).title == "Theirs"


def test_a_post_without_the_version_is_not_checked(partnership, editor):
    client = browser(editor)
    data, _version = opened(client, partnership)
    someone_else_renames(partnership)

    response = client.post(f"/partnerships/{partnership.pk}/edit/", data | {"title": "Mine"})

    assert response.status_code == 302
    assert Partnership.objects.get(pk=partnership.pk).title == "Mine"


def test_the_add_form_carries_no_version(editor):
    page = browser(editor).get("/partnerships/add/")

    assert page.status_code == 200
    assert 'name="_version"' not in page.content.decode()
