"""The migration app's pages, included at the root by gsp/urls.py."""

from .views import candidates, migration_cases, placements

app_name = "migration_tracks"

urlpatterns = [
    *candidates.urlpatterns,
    *placements.urlpatterns,
    *migration_cases.urlpatterns,
]
