"""The landing page after sign-in: what needs the user's attention now, one panel per role they hold (a user may
hold several), and a summary for staff.

Each panel reads its rows through `visible_to(user)` and counts them in grouped queries, so the page makes a bounded
number of queries however many partnerships, cohorts or needs the user has; lists show their first rows and link
to the list page with the rest."""

from .view import dashboard, panels_for

__all__ = ["dashboard", "panels_for"]
