"""The site's menu, by role. Each app registers the pages it offers in its `AppConfig.ready()`, saying who sees
each entry; the layout shows a user only the entries meant for them (gsp imports no app, so the menu is a
registry, as the API router is a list of the apps' viewsets)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from .access import scope_of


@dataclass(frozen=True)
class MenuItem:
    """One entry: its label (lazy, translated when shown), URL name, menu group, and who sees it.

    `shown_to(scope)` decides for a signed-in user who is not staff (staff see every entry); by default everyone
    signed in sees it."""

    label: str
    url_name: str
    group: str
    shown_to: Callable[..., bool] | None = None
    order: int = 100


_MENU: list[MenuItem] = []


def register(*items: MenuItem) -> None:
    for item in items:
        if item.url_name not in {i.url_name for i in _MENU}:
            _MENU.append(item)


def menu_for(user) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """[(group, [(label, url, url_name), …]), …] in registration order of the groups, for a signed-in user."""
    if not getattr(user, "is_authenticated", False):
        return []
    scope = scope_of(user)
    groups: dict[str, list] = {}
    for item in sorted(_MENU, key=lambda i: i.order):
        if scope.is_staff or item.shown_to is None or item.shown_to(scope):
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:  # an entry whose page is not routed (tests check that every entry resolves)
                continue
            groups.setdefault(str(item.group), []).append((str(item.label), url, item.url_name))
    return list(groups.items())


def registered() -> list[MenuItem]:
    return list(_MENU)
