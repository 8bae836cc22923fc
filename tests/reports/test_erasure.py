"""Erasing people's data (issue "hostile input": a person's right to erasure) changes no figure of either report:
reports count enrollments, placements and journeys, never names, contacts or IDs."""

import pytest

from reports.computations import compute
from tests.reports.scenario import D1, D2, build
from training.models import Trainee
from training.services import trainee_erase

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["cost_sharing", "placement"])
def test_erasing_every_trainee_changes_no_figure(kind):
    world = build()
    before = {day: compute(world.run(kind, day)) for day in (D1, D2)}

    for trainee in Trainee.objects.all():
        trainee_erase(trainee=trainee)

    assert Trainee.objects.exclude(erased_at=None).count() == Trainee.objects.count() > 0
    assert {day: compute(world.run(kind, day)) for day in (D1, D2)} == before


def test_no_result_holds_personal_data():
    world = build()
    names = {name for t in Trainee.objects.all() for name in (t.given_name, t.family_name, t.email) if name}
    text = str([compute(world.run(kind, D2)) for kind in ("cost_sharing", "placement")])
    assert names and not [name for name in names if name in text]
