from . import views as v

# skill-needs is registered by migration_tracks.api, which adds the `candidates` action (it reads enrollments).
routes = [
    ("countries", v.CountryViewSet, "country"),
    ("occupations", v.OccupationViewSet, "occupation"),
    ("safeguards-lists", v.HealthSafeguardsListViewSet, "safeguards-list"),
    ("organisations", v.OrganisationViewSet, "organisation"),
    ("memberships", v.MembershipViewSet, "membership"),
    ("programmes", v.ProgrammeViewSet, "programme"),
    ("partnerships", v.PartnershipViewSet, "partnership"),
    ("partnership-parties", v.PartnershipPartyViewSet, "partnership-party"),
    ("amendments", v.AmendmentViewSet, "amendment"),
    ("exchange-rates", v.ExchangeRateViewSet, "exchange-rate"),
    ("domestic-training-costs", v.DomesticTrainingCostViewSet, "domestic-training-cost"),
    ("tokens", v.APITokenViewSet, "token"),
]
