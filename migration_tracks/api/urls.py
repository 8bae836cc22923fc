"""Routes of skill needs, placements, journeys, fees and follow-ups under /api/v1/. Skill needs are served here
because their positions and candidates read placements and enrollments, which the partnership app may not."""

from . import views as v

routes = [
    ("skill-needs", v.SkillNeedViewSet, "skill-need"),
    ("placements", v.PlacementViewSet, "placement"),
    ("migration-cases", v.MigrationCaseViewSet, "migration-case"),
    ("recruitment-fees", v.RecruitmentFeeViewSet, "recruitment-fee"),
    ("follow-ups", v.FollowUpViewSet, "follow-up"),
]
