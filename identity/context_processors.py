"""The organisations the signed-in user acts for, shown in the layout (one query, only when a page asks)."""

from functools import cache


def signed_in(request) -> dict:
    user = getattr(request, "user", None)

    @cache
    def organisations() -> list[str]:
        if not (user and user.is_authenticated):
            return []
        from .models import Organisation

        return list(Organisation.objects.filter(memberships__user=user).order_by("name").values_list("name", flat=True))

    return {"my_organisations": organisations}
