"""The candidates of a skill need and the offer made to one of them.

Candidates are ranked and listed exactly as `GET /api/v1/skill-needs/{id}/candidates/` lists them
(`matching.ranked_candidates`, one `candidate_row` each, with the reasons of its rank): pseudonymised, never a name,
contact, ID or birth date; the person's record is linked only for those who may see it (an employer: once the
candidate's side accepted its offer). An offer goes through `placement_create`, which refuses it (409) when the need
has no position left."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gsp.pages import ObjectDetailView, ObjectEditView, detail_url
from gsp.pages.views import UncountedPage
from partnerships.choices import SkillNeedStatus
from partnerships.models import SkillNeed
from partnerships.views.skill_needs import SKILL_NEED_EXTRAS
from training.models import Enrollment, Trainee

from ..forms import PlacementTermsForm
from ..matching import RankedPages, candidate_rows, ranked_candidates
from ..models import Placement
from ..selectors import skill_need_candidates, skill_needs_with_positions
from ..services import placement_create
from .common import offerable_needs

PER_PAGE = 25


def may_offer(need, user) -> bool:
    return offerable_needs(user).filter(pk=need.pk).exists()


class SkillNeedCandidatesView(ObjectDetailView):
    """A tab of the skill need's page: its candidates ranked, a page at a time, each with why it ranks there and the
    offer made to it, if any."""

    model = SkillNeed
    select_related = ("partnership", "employer", "occupation", "country")
    edit_url_name = "partnerships:skillneed_edit"
    template_name = "migration_tracks/skillneed_candidates.html"

    def visible(self):
        return skill_needs_with_positions(super().visible())

    def get_context_data(self, obj, **context):
        context = super().get_context_data(obj, **context)
        user = self.request.user
        # no total: ranking is a pass over every candidate, counting them would be a second (docs/PERFORMANCE.md)
        ranking = RankedPages(ranked_candidates(skill_need=obj))
        page = UncountedPage(ranking, self.request.GET.get("page"), PER_PAGE)
        offers = {
            p.enrollment_id: p
            for p in Placement.objects.visible_to(user).filter(skill_need=obj, enrollment__in=[e.pk for e in page])
        }
        offering = obj.status == SkillNeedStatus.OPEN and may_offer(obj, user)
        rows = []
        for row in candidate_rows(page, skill_need=obj, user=user, first_rank=page.start_index()):
            enrollment = row["enrollment"]
            rows.append(
                {
                    **row,
                    "record_url": detail_url(Trainee(pk=row["trainee"])) if row["trainee"] else None,
                    "offer": offers.get(enrollment),
                    "offer_url": reverse("migration_tracks:skillneed_offer", args=[obj.pk, enrollment])
                    if offering and enrollment not in offers
                    else None,
                }
            )
        url = reverse("migration_tracks:skillneed_candidates", args=[obj.pk])
        context.update(
            page=page,
            rows=rows,
            may_offer=offering,
            full=obj.positions_taken >= obj.positions,
            tab=url,
            history_url=reverse("partnerships:skillneed_history", args=[obj.pk]),
            extra_tabs=[tab for make in SKILL_NEED_EXTRAS.tabs if (tab := make(obj, user)) is not None],
            breadcrumbs=[*self.crumbs_for(obj), (_("Candidates"), None)],
        )
        return context


class OfferView(ObjectEditView):
    """Make an offer to one candidate of a need: its date and terms (the need's wage by default)."""

    model = Placement
    form_class = PlacementTermsForm
    template_name = "migration_tracks/placement_offer.html"
    success_message = gettext_lazy("The offer is made. The candidate's side will accept or decline it.")

    def get_object(self):
        user = self.request.user
        self.need = get_object_or_404(SkillNeed.objects.visible_to(user), pk=self.kwargs["pk"])
        self.enrollment = get_object_or_404(Enrollment.objects.all(), pk=self.kwargs["enrollment"])
        # The API's rule (`PlacementSerializer._check_offerable`): a person the user sees, or a candidate of the need.
        if not (
            Enrollment.objects.visible_to(user).filter(pk=self.enrollment.pk).exists()
            or skill_need_candidates(skill_need=self.need).filter(pk=self.enrollment.pk).exists()
        ):
            raise Http404
        if not may_offer(self.need, user):
            raise PermissionDenied(_("Only the need's employer or an agency of the partnership makes offers."))
        return None

    def get_form(self, obj, data=None, files=None):
        need = self.need
        placement = Placement(enrollment=self.enrollment, skill_need=need)
        initial = {
            "offered_on": timezone.localdate(),
            "wage_amount": need.wage_amount,
            "wage_currency": need.wage_currency,
            "wage_period": need.wage_period,
        }
        return self.form_class(data, files, instance=placement, user=self.request.user, initial=initial)

    def save(self, form):
        return placement_create(
            enrollment=self.enrollment, skill_need=self.need, user=self.request.user, **form.cleaned_data
        )

    def extra_context(self, form, obj):
        candidates = reverse("migration_tracks:skillneed_candidates", args=[self.need.pk])
        title = _("Make an offer to %(candidate)s") % {"candidate": Trainee(pk=self.enrollment.trainee_id).pseudonym}
        return {
            "title": title,
            "need": self.need,
            "breadcrumbs": [
                (_("Skill needs"), reverse("partnerships:skillneed_list")),
                (str(self.need), detail_url(self.need)),
                (_("Candidates"), candidates),
                (title, None),
            ],
            "cancel_url": candidates,
        }


urlpatterns = [
    path("skill-needs/<int:pk>/candidates/", SkillNeedCandidatesView.as_view(), name="skillneed_candidates"),
    path("skill-needs/<int:pk>/candidates/<int:enrollment>/offer/", OfferView.as_view(), name="skillneed_offer"),
]
