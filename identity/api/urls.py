"""Routes of organisations, memberships and tokens under /api/v1/ (collected by gsp.api.urls)."""

from . import views as v

routes = [
    ("organisations", v.OrganisationViewSet, "organisation"),
    ("memberships", v.MembershipViewSet, "membership"),
    ("tokens", v.APITokenViewSet, "token"),
]
