"""The API's FilterSets as the list pages offer them: a person is chosen by their record number, not from a
drop-down of every trainee the user may see (it would list thousands of names, and show them unasked)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..filtersets import ApplicationFilterSet, EnrollmentFilterSet


def by_number(filterset_class):
    """`filterset_class` with its `trainee` filter typed as a number (same filter, same visible choices)."""

    class PageFilterSet(filterset_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            trainee = self.filters["trainee"]
            trainee.extra["widget"] = forms.NumberInput(attrs={"min": 1})
            trainee.label = _("Trainee (record number)")

    PageFilterSet.__name__ = filterset_class.__name__
    PageFilterSet.__doc__ = filterset_class.__doc__
    return PageFilterSet


EnrollmentPageFilterSet = by_number(EnrollmentFilterSet)
ApplicationPageFilterSet = by_number(ApplicationFilterSet)
