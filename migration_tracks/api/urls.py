"""Routes of skill needs, placements, journeys, fees and follow-ups under /api/v1/. Skill needs are served here
because their positions and candidates read placements and enrollments, which the partnership app may not."""

from django.urls import path

from . import views as v
from .intake import IntakePlanView

routes = [
    ("skill-needs", v.SkillNeedViewSet, "skill-need"),
    ("placements", v.PlacementViewSet, "placement"),
    ("migration-cases", v.MigrationCaseViewSet, "migration-case"),
    ("recruitment-fees", v.RecruitmentFeeViewSet, "recruitment-fee"),
    ("follow-ups", v.FollowUpViewSet, "follow-up"),
]

#: Routes beside the router's: a partnership's intake plan reads this app's data under the partnership's path.
paths = [path("partnerships/<int:pk>/intake-plan/", IntakePlanView.as_view(), name="partnership-intake-plan")]
