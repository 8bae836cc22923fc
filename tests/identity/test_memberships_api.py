"""Organisation admins manage their members through the API: invite by e-mail, change roles, remove."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from identity.models import Membership
from tests.api_helpers import client_for, employer_in, error_of, government, member_of
from tests.identity.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

LAST_ADMIN = "This is the organisation's last admin: appoint another admin first."


@pytest.fixture
def employer():
    return employer_in("GB", name="NHS Trust")


@pytest.fixture
def admin(employer):
    return member_of(employer, "admin", username="admin")


def invite(client, organisation, email: str = "Nurse.Lead@Example.ORG", role: str = "editor"):
    return client.post("/api/v1/memberships/", {"organisation": organisation.pk, "email": email, "role": role})


def test_an_admin_invites_a_new_person_who_gets_a_set_password_link(
    employer, admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client_for(admin), employer)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["organisation"], body["username"], body["role"]) == (employer.pk, "nurse.lead@example.org", "editor")
    person = get_user_model().objects.get(username="nurse.lead@example.org")
    assert (person.email, person.has_usable_password()) == ("nurse.lead@example.org", False)
    assert Membership.objects.get(pk=body["id"]).user == person
    assert [(m.subject, m.to) for m in mail.outbox] == [("Your GSP Manager access", ["nurse.lead@example.org"])]
    assert mail.outbox[0].body.startswith("admin added you to NHS Trust in GSP Manager as editor.")
    link = re.search(r"Set your password here: (http://testserver/accounts/reset/\S+/)$", mail.outbox[0].body)
    assert link is not None, mail.outbox[0].body
    assert client_for().get(link.group(1)).status_code == 302  # a valid link redirects to the set-password form


def test_inviting_someone_with_an_account_sends_no_password_link(employer, admin, django_capture_on_commit_callbacks):
    UserFactory(username="nurse.lead@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client_for(admin), employer, role="viewer")

    assert (response.status_code, response.json()["role"]) == (201, "viewer")
    assert mail.outbox[0].body == "admin added you to NHS Trust in GSP Manager as viewer."
    assert get_user_model().objects.get(username="nurse.lead@example.org").has_usable_password()


def test_inviting_a_member_again_is_a_409(employer, admin, django_capture_on_commit_callbacks):
    member_of(employer, "viewer", username="nurse.lead@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client_for(admin), employer)

    body = error_of(response, 409, "refused")
    assert body["errors"] == {"email": ["nurse.lead@example.org is already a member of NHS Trust."]}
    assert (Membership.objects.filter(organisation=employer).count(), len(mail.outbox)) == (2, 0)


def test_inviting_into_an_organisation_one_does_not_administer_is_refused(
    admin, employer, django_capture_on_commit_callbacks
):
    ministry = government("GB")  # every user sees governments, but only its own admins manage its members
    foreign = employer_in("DE")  # not visible at all

    with django_capture_on_commit_callbacks(execute=True):
        forbidden = invite(client_for(admin), ministry)
        unknown = invite(client_for(admin), foreign)

    assert error_of(forbidden, 403, "permission_denied")["detail"] == (
        "Only an admin of this organisation may invite its members."
    )
    assert error_of(unknown, 400, "invalid")["errors"] == {
        "organisation": [f'Invalid pk "{foreign.pk}" - object does not exist.']
    }
    assert not get_user_model().objects.filter(username="nurse.lead@example.org").exists()
    assert (Membership.objects.exclude(organisation=employer).count(), len(mail.outbox)) == (0, 0)


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_a_member_who_is_not_admin_cannot_invite(role, employer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client_for(member_of(employer, role)), employer)

    error_of(response, 403, "permission_denied")
    assert (Membership.objects.count(), len(mail.outbox)) == (1, 0)


@pytest.mark.parametrize(
    ("email", "role", "field"), [("not-an-address", "editor", "email"), ("a@b.org", "owner", "role")]
)
def test_an_invalid_invitation_is_a_400(email, role, field, employer, admin):
    response = invite(client_for(admin), employer, email=email, role=role)

    assert set(error_of(response, 400, "invalid")["errors"]) == {field}
    assert Membership.objects.count() == 1


def test_an_admin_changes_a_members_role_but_not_their_organisation(employer, admin):
    membership = Membership.objects.get(user=member_of(employer, "viewer"))
    other = employer_in("GB")
    Membership.objects.create(user=admin, organisation=other, role="admin")  # moving there would be allowed

    response = client_for(admin).patch(
        f"/api/v1/memberships/{membership.pk}/", {"role": "editor", "organisation": other.pk}
    )

    assert response.status_code == 200
    membership.refresh_from_db()
    assert (membership.role, membership.organisation) == ("editor", employer)


def test_an_invalid_role_is_a_400(employer, admin):
    membership = Membership.objects.get(user=member_of(employer, "viewer"))

    response = client_for(admin).patch(f"/api/v1/memberships/{membership.pk}/", {"role": "owner"})

    assert error_of(response, 400, "invalid")["errors"] == {"role": ['"owner" is not a valid choice.']}


def test_an_admin_removes_a_member(employer, admin):
    membership = Membership.objects.get(user=member_of(employer, "editor"))

    response = client_for(admin).delete(f"/api/v1/memberships/{membership.pk}/")

    assert response.status_code == 204
    assert list(Membership.objects.values_list("user__username", flat=True)) == ["admin"]


def test_removing_the_last_admin_is_a_409(employer, admin):
    membership = Membership.objects.get(user=admin)

    response = client_for(admin).delete(f"/api/v1/memberships/{membership.pk}/")

    assert error_of(response, 409, "refused")["errors"] == {"role": [LAST_ADMIN]}
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_an_admin_may_leave_when_another_admin_remains(employer, admin):
    member_of(employer, "admin", username="deputy")

    response = client_for(admin).delete(f"/api/v1/memberships/{Membership.objects.get(user=admin).pk}/")

    assert response.status_code == 204
    assert list(Membership.objects.values_list("user__username", "role")) == [("deputy", "admin")]


def test_demoting_the_last_admin_is_a_409(employer, admin):
    membership = Membership.objects.get(user=admin)

    response = client_for(admin).patch(f"/api/v1/memberships/{membership.pk}/", {"role": "editor"})

    assert error_of(response, 409, "refused")["errors"] == {"role": [LAST_ADMIN]}
    assert Membership.objects.get(pk=membership.pk).role == "admin"


def test_an_editor_cannot_change_or_remove_members(employer):
    editor, viewer = member_of(employer, "editor"), member_of(employer, "viewer")
    membership = Membership.objects.get(user=viewer)
    client = client_for(editor)

    error_of(client.patch(f"/api/v1/memberships/{membership.pk}/", {"role": "admin"}), 404, "not_found")
    error_of(client.delete(f"/api/v1/memberships/{membership.pk}/"), 404, "not_found")
    assert Membership.objects.get(pk=membership.pk).role == "viewer"


def test_a_member_sees_only_their_own_membership_in_organisations_they_do_not_administer(employer, admin):
    ministry = government("GB")
    own_seat = Membership.objects.create(user=admin, organisation=ministry, role="viewer")
    colleague = Membership.objects.get(user=member_of(ministry, "admin"))
    staffer = Membership.objects.get(user=member_of(employer, "viewer", username="staffer"))
    client = client_for(admin)

    listed = client.get("/api/v1/memberships/").json()["results"]

    assert sorted((m["organisation"], m["username"]) for m in listed) == sorted(
        [(employer.pk, "admin"), (employer.pk, "staffer"), (ministry.pk, "admin")]
    )
    assert client.get(f"/api/v1/memberships/{own_seat.pk}/").json()["role"] == "viewer"
    assert client.get(f"/api/v1/memberships/{staffer.pk}/").json()["username"] == "staffer"
    error_of(client.get(f"/api/v1/memberships/{colleague.pk}/"), 404, "not_found")


def test_a_member_cannot_change_their_own_role_where_they_are_not_admin(employer):
    viewer = member_of(employer, "viewer")
    membership = Membership.objects.get(user=viewer)

    response = client_for(viewer).patch(f"/api/v1/memberships/{membership.pk}/", {"role": "admin"})

    error_of(response, 403, "permission_denied")
    assert Membership.objects.get(pk=membership.pk).role == "viewer"
