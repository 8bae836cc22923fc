"""The migration app's pages, included at the root by gsp/urls.py."""

from .views import candidates, follow_ups, migration_cases, placements

app_name = "migration_tracks"

urlpatterns = [
    *candidates.urlpatterns,
    *placements.urlpatterns,
    *migration_cases.urlpatterns,
    *follow_ups.urlpatterns,
]
