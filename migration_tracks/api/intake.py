"""`GET /api/v1/partnerships/{id}/intake-plan/`: intake planning (DESIGN §3) of a partnership. Served here, not by the
partnership app's viewset, because it reads cohorts, enrollments and placements, which that app may not."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from partnerships.models import Partnership

from ..intake import intake_plan

RATE = {"max_digits": 5, "decimal_places": 4, "coerce_to_string": True}


class IntakePlanRowSerializer(serializers.Serializer):
    occupation = serializers.CharField(help_text="ISCO-08 code of the skill needs' occupation.")
    occupation_title = serializers.CharField()
    track = serializers.CharField()
    open_positions = serializers.IntegerField(help_text="Positions of open skill needs not taken by a placement.")
    enrolled = serializers.IntegerField(help_text="Enrolled in the occupation's past cohorts on this track.")
    completed = serializers.IntegerField()
    placed = serializers.IntegerField()
    completion_rate = serializers.DecimalField(**RATE, allow_null=True, help_text="Observed; null: no history.")
    placement_rate = serializers.DecimalField(**RATE, allow_null=True, help_text="Observed; null: no history.")
    completion_rate_used = serializers.DecimalField(**RATE, help_text="The observed rate, else the default.")
    placement_rate_used = serializers.DecimalField(**RATE, help_text="The observed rate, else the default.")
    rates_source = serializers.ChoiceField(choices=["observed", "partly_default", "default"])
    recommended_seats = serializers.IntegerField(
        help_text="open_positions ÷ (completion_rate_used × placement_rate_used), rounded up."
    )


class IntakePlanSerializer(serializers.Serializer):
    partnership = serializers.IntegerField()
    as_of = serializers.DateField()
    default_completion_rate = serializers.DecimalField(**RATE)
    default_placement_rate = serializers.DecimalField(**RATE)
    rows = IntakePlanRowSerializer(many=True)


class IntakePlanView(APIView):
    """Recommended seats per occupation × track for the partnership's next cohort: the open positions of its skill
    needs divided by the completion rate × placement rate observed in that occupation's past cohorts (ended by
    today), rounded up; a rate with no history takes the default the plan states. Aggregates only, for whoever
    sees the partnership."""

    @extend_schema(responses=IntakePlanSerializer, operation_id="partnerships_intake_plan_retrieve")
    def get(self, request, pk: int):
        partnership = get_object_or_404(Partnership.objects.visible_to(request.user), pk=pk)
        return Response(IntakePlanSerializer(intake_plan(partnership)).data)
