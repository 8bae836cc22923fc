"""`__in_ids`: membership in a list of ids read by the project, as one array on PostgreSQL and an IN list elsewhere;
an empty list matches nothing, also inside an OR."""

import pytest
from django.db.models import Q

from gsp.lookups import Ids
from tests.training.factories import CohortFactory
from training.models import Cohort

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


def test_ids_select_those_rows_on_a_key_and_on_a_foreign_key():
    a, b, c = CohortFactory(), CohortFactory(), CohortFactory()

    assert set(Cohort.objects.filter(pk__in_ids=Ids([a.pk, c.pk]))) == {a, c}
    assert set(Cohort.objects.filter(course__in_ids=Ids([b.course_id]))) == {b}
    assert Cohort.objects.filter(pk__in_ids=[b.pk]).get() == b  # a plain list works too


def test_no_ids_match_nothing_alone_and_leave_an_or_to_its_other_side():
    a = CohortFactory()

    assert list(Cohort.objects.filter(pk__in_ids=Ids([]))) == []
    assert list(Cohort.objects.filter(Q(pk__in_ids=Ids([])) | Q(code=a.code))) == [a]


def test_ids_are_opaque_to_the_query_builder_and_one_parameter_on_postgresql():
    ids = Ids(["3", 1, 2])
    sql, params = Cohort.objects.filter(pk__in_ids=Ids([1])).query.sql_with_params()

    assert sorted(ids.values) == [1, 2, 3] and not hasattr(ids, "__iter__")
    assert len(params) == 1 and ("= ANY(%s)" in sql or " IN (%s)" in sql)
