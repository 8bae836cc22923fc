"""What the site's layout needs from the reports app: whether to show the Reports link."""

from functools import cache

from .querysets import reportable_partnerships


def navigation(request) -> dict:
    """`can_report`: the signed-in user may report on at least one partnership. A callable, so the query runs only
    when a page's navigation asks (for signed-in users), and once."""
    user = getattr(request, "user", None)

    @cache
    def can_report() -> bool:
        return bool(user and user.is_authenticated and reportable_partnerships(user).exists())

    return {"can_report": can_report}
