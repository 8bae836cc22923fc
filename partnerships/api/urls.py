"""Routes of the partnership app under /api/v1/ (skill needs are served by migration_tracks: they read placements)."""

from . import views as v

routes = [
    ("programmes", v.ProgrammeViewSet, "programme"),
    ("partnerships", v.PartnershipViewSet, "partnership"),
    ("partnership-parties", v.PartnershipPartyViewSet, "partnership-party"),
    ("amendments", v.AmendmentViewSet, "amendment"),
    ("partnership-costs", v.PartnershipCostViewSet, "partnership-cost"),
]
