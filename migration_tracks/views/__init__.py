"""The migration app's HTML pages: a skill need's candidates and offers, placements, migration cases and their
journey stages. Each module holds one area's views and its `urlpatterns`."""
