"""Report files in the permission matrix: every role × own/other run, through the API route and the page route.
Files are streamed only to those who may read the run (ministries and donors of its partnership, staff); everyone
else is answered as if the run did not exist."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from reports.models import ReportRun

from .cases import OWNERSHIPS, SIDE
from .test_matrix import client_as
from .world import ROLES

pytestmark = pytest.mark.django_db
READERS = {"ministry", "donor"}


def expected(role, ownership: str) -> int:
    if role.family == "anonymous":
        return 401
    if role.family == "staff" or (role.family in READERS and ownership == "own"):
        return 200
    return 404


@pytest.mark.parametrize("ownership", OWNERSHIPS)
@pytest.mark.parametrize("role", list(ROLES.values()), ids=lambda r: r.name)
def test_report_files(role, ownership, world):
    run = ReportRun.objects.get(pk=world.obj(f"report:{SIDE[ownership]}").pk)
    run.csv_file.save("matrix.csv", ContentFile(b"figure,value\n"), save=False)
    run.xlsx_file.save("matrix.xlsx", ContentFile(b"PK matrix"), save=False)
    run.status, run.progress = "done", 100
    run.save()
    answer = expected(role, ownership)

    api = client_as(role.name, world)
    page = Client()
    if role.family != "anonymous":
        page.force_login(world.user(role.name))
    for fmt in ("csv", "xlsx"):
        assert api.get(f"/api/v1/reports/{run.pk}/download/{fmt}/").status_code == answer
        response = page.get(f"/reports/{run.pk}/download/{fmt}/")
        if answer == 401:
            assert response.status_code == 302 and "/login" in response["Location"]
        else:
            assert response.status_code == answer
            if answer == 200:
                assert response["Cache-Control"] == "private, no-store"
