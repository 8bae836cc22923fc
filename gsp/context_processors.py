"""What the layout needs on every page: the menu for the signed-in user's role (built lazily, once)."""

from functools import cache

from .navigation import menu_for


def navigation(request) -> dict:
    user = getattr(request, "user", None)

    @cache
    def menu():
        return menu_for(user)

    return {"nav_menu": menu}
