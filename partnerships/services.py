"""Multi-step writes on partnerships: lifecycle transitions, the cost-sharing table as a whole, and amendments."""

from collections.abc import Callable, Iterable, Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gsp.errors import Refused

from .choices import AmendmentStatus
from .choices import PartnershipStatus as S
from .cost_sharing import table_errors
from .models import Amendment, CostShareRule, Partnership, PartnershipTransition


@transaction.atomic
def partnership_transition(
    *, partnership: Partnership, to_status: str, user=None, note: str = "", on=None
) -> PartnershipTransition:
    """Move a partnership to `to_status` if allowed and its preconditions hold (the WHO safeguards condition to
    sign, a complete cost-sharing table to activate); record who, when and why. The row is locked, so two
    concurrent moves cannot both pass the check. Refused (409) with the reasons otherwise."""
    locked = Partnership.objects.select_for_update().get(pk=partnership.pk)
    partnership.status = locked.status
    if errors := partnership.transition_errors(to_status):
        raise Refused({"status": errors})
    today = on or timezone.localdate()
    record = PartnershipTransition.objects.create(
        partnership=partnership, from_status=partnership.status, to_status=to_status, by=user, note=note
    )
    partnership.status = to_status
    if to_status == S.SIGNED and not partnership.signed_on:
        partnership.signed_on = today
    if to_status == S.ACTIVE and not partnership.start_date:
        partnership.start_date = today
    if to_status == S.CLOSED and not partnership.end_date:
        partnership.end_date = max(today, partnership.start_date or today)
    partnership.save(update_fields=["status", "signed_on", "start_date", "end_date", "updated"])
    return record


def _add_version(partnership: Partnership, valid_from, rows: Iterable[Mapping]) -> list[CostShareRule]:
    """Save `rows` as the version of the table valid from `valid_from` (the caller checked the whole table)."""
    rules = [
        CostShareRule(
            partnership=partnership,
            valid_from=valid_from,
            track=r["track"],
            category=r["category"],
            payer_role=r["payer_role"],
            share=r["share"],
        )
        for r in rows
    ]
    for rule in rules:
        rule.full_clean(exclude=["partnership"], validate_unique=False)
    return CostShareRule.objects.bulk_create(rules)


#: Days from which higher apps need a partnership's table (training: its first cohort's start), added in their
#: `AppConfig.ready`; each maps a partnership to a date or None. This app cannot see cohorts itself.
table_needed_from: list[Callable[[Partnership], date | None]] = []


def default_valid_from(partnership: Partnership) -> date:
    """Where a first table starts when none is given: the partnership's start, else its first cohort's, else today."""
    candidates = [d for d in (partnership.start_date, *(needed(partnership) for needed in table_needed_from)) if d]
    return min(candidates) if candidates else timezone.localdate()


@transaction.atomic
def cost_sharing_replace(
    *, partnership: Partnership, rows: list[Mapping], valid_from=None, user=None
) -> list[CostShareRule]:
    """Replace a partnership's whole cost-sharing table (before signature it has a single version, valid from
    `valid_from`: by default the current one's date or `default_valid_from`). Each track × category present must
    sum to 100 %. A signed agreement's table changes only through an amendment approved by both governments.
    """
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if partnership.is_binding:
        raise Refused(_("This partnership is signed: propose an amendment to change its cost sharing."))
    if errors := table_errors(rows):
        raise ValidationError({"rows": errors})
    if valid_from is not None:
        try:
            CostShareRule._meta.get_field("valid_from").clean(valid_from, None)
        except ValidationError as exc:
            raise ValidationError({"valid_from": exc.messages}) from exc
    versions = partnership.cost_share_versions()
    valid_from = valid_from or (versions[0] if versions else default_valid_from(partnership))
    partnership.cost_share_rules.all().delete()
    return _add_version(partnership, valid_from, rows)


def _effective_date_errors(amendment: Amendment, on) -> dict:
    """A new version must start after every existing one: versions are added, never rewritten."""
    if "cost_sharing" not in amendment.changes:
        return {}
    latest = (amendment.partnership.cost_share_versions() or [None])[-1]
    if latest and on <= latest:
        return {
            "effective_date": _(
                "The cost-sharing table already has a version from %(date)s: a new version starts after it."
            )
            % {"date": latest.isoformat()}
        }
    return {}


@transaction.atomic
def amendment_propose(
    *, partnership: Partnership, summary: str, changes: dict, effective_date=None, user=None
) -> Amendment:
    """Propose a change to a signed partnership's targets or cost sharing."""
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if not partnership.is_binding:
        raise Refused(_("Before signature the agreement is edited directly; amendments are for signed ones."))
    number = (partnership.amendments.aggregate(n=Max("number"))["n"] or 0) + 1
    amendment = Amendment(
        partnership=partnership,
        number=number,
        summary=summary,
        changes=changes,
        effective_date=effective_date,
        proposed_by=user,
    )
    amendment.full_clean()
    if effective_date and (errors := _effective_date_errors(amendment, effective_date)):
        raise Refused(errors)
    amendment.save()
    return amendment


@transaction.atomic
def amendment_approve(*, amendment: Amendment, side: str, user=None) -> Amendment:
    """Record one government's approval (`side` is "origin" or "destination"); apply once both approved."""
    if side not in ("origin", "destination"):
        raise ValueError(f"side must be origin or destination, not {side!r}")
    amendment = Amendment.objects.select_for_update().select_related("partnership").get(pk=amendment.pk)
    if amendment.status != AmendmentStatus.PROPOSED:
        raise Refused(
            _("This amendment is %(status)s; it can no longer change.")
            % {"status": amendment.get_status_display().lower()}
        )
    now = timezone.now()
    setattr(amendment, f"{side}_approved_by", user)
    setattr(amendment, f"{side}_approved_at", now)
    if amendment.origin_approved_at and amendment.destination_approved_at:
        _apply(amendment, now)
    amendment.save()
    return amendment


@transaction.atomic
def amendment_reject(*, amendment: Amendment, user=None) -> Amendment:
    amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
    if amendment.status != AmendmentStatus.PROPOSED:
        raise Refused(_("Only a proposed amendment can be rejected."))
    amendment.status = AmendmentStatus.REJECTED
    amendment.save(update_fields=["status", "updated"])
    return amendment


def _apply(amendment: Amendment, now) -> None:
    partnership = Partnership.objects.select_for_update().get(pk=amendment.partnership_id)
    amendment.partnership = partnership
    amendment.snapshot_before = amendment.snapshot()
    changes = amendment.changes
    effective = amendment.effective_date or timezone.localdate()
    if errors := _effective_date_errors(amendment, effective):
        raise Refused(errors)
    for key in ("target_home", "target_away"):
        if key in changes:
            setattr(partnership, key, changes[key])
    partnership.save()
    if "cost_sharing" in changes:
        amendment.effective_date = effective
        _add_version(partnership, effective, changes["cost_sharing"])
    amendment.status = AmendmentStatus.APPLIED
    amendment.applied_at = now
