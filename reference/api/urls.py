"""Routes of reference data under /api/v1/ (collected by gsp.api.urls)."""

from . import views as v

routes = [
    ("countries", v.CountryViewSet, "country"),
    ("occupations", v.OccupationViewSet, "occupation"),
    ("safeguards-lists", v.HealthSafeguardsListViewSet, "safeguards-list"),
    ("exchange-rates", v.ExchangeRateViewSet, "exchange-rate"),
    ("domestic-training-costs", v.DomesticTrainingCostViewSet, "domestic-training-cost"),
]
