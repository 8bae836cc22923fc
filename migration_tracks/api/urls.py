"""Routes of placements, journeys, fees and follow-ups under /api/v1/, and `skill-needs` with its candidates
(registered here because candidates read enrollments, which the partnership app may not import)."""

from . import views as v

routes = [
    ("skill-needs", v.SkillNeedViewSet, "skill-need"),
    ("placements", v.PlacementViewSet, "placement"),
    ("migration-cases", v.MigrationCaseViewSet, "migration-case"),
    ("recruitment-fees", v.RecruitmentFeeViewSet, "recruitment-fee"),
    ("follow-ups", v.FollowUpViewSet, "follow-up"),
]
