"""The partnership app's pages, included at the root by gsp/urls.py."""

from .views import amendments, cost_sharing, costs, parties, partnerships, skill_needs

app_name = "partnerships"

urlpatterns = [
    *partnerships.urlpatterns,
    *cost_sharing.urlpatterns,
    *amendments.urlpatterns,
    *costs.urlpatterns,
    *parties.urlpatterns,
    *skill_needs.urlpatterns,
]
