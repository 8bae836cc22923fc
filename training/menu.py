"""The training app's entries in the site's menu (each page checks access itself; the menu only guides)."""

from django.utils.translation import gettext_lazy as _

from gsp.navigation import MenuItem, register
from identity.access import AGENCY, GOVERNMENT, TRAINING_PROVIDER, acts_as

GROUP = _("Training")
TRAINING = acts_as(TRAINING_PROVIDER, GOVERNMENT, AGENCY)


def register_menu() -> None:
    register(
        MenuItem(_("Training centres"), "training:trainingcentre_list", GROUP, TRAINING, order=20),
        MenuItem(_("Courses"), "training:course_list", GROUP, TRAINING, order=21),
        MenuItem(_("Cohorts"), "training:cohort_list", GROUP, TRAINING, order=22),
        MenuItem(_("Applications"), "training:application_list", GROUP, TRAINING, order=23),
        MenuItem(_("Trainees"), "training:trainee_list", GROUP, TRAINING, order=24),
        MenuItem(_("Enrollments"), "training:enrollment_list", GROUP, TRAINING, order=25),
        MenuItem(_("Bulk imports"), "training:enrollmentimport_list", GROUP, acts_as(TRAINING_PROVIDER), order=26),
    )
