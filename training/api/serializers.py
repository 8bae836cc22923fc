"""API representations of the training app.

Validation lives in the models (DomainSerializer runs `full_clean`). A trainee's national ID is accepted but never
returned: it is stored only as a keyed hash (`Trainee.set_national_id`), which no response carries either.
"""

from rest_framework import serializers

from gsp.api.exceptions import django_errors
from gsp.api.serializers import TIMESTAMPS, ActorField, CreateOnlyMixin, DomainSerializer
from partnerships.choices import Track

from ..choices import ConsentPurpose
from ..imports.columns import COLUMNS
from ..models import (
    Application,
    Cohort,
    Course,
    CourseCost,
    Enrollment,
    EnrollmentTrackChange,
    Expenditure,
    PersonalDataAccess,
    Trainee,
    TrainingCentre,
)
from ..services import CostLinesInvalid, course_costs_replace, trainee_save


class ChoiceListField(serializers.MultipleChoiceField):
    """Several choices, stored and returned as a sorted list (a JSON column cannot hold a set)."""

    def to_internal_value(self, data):
        return sorted(super().to_internal_value(data))

    def to_representation(self, value):
        return sorted(value or [])


class TrainingCentreSerializer(DomainSerializer):
    name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = TrainingCentre
        fields = ["id", "organisation", "name", "campus_country", "city", "capacity", "accreditation", *TIMESTAMPS]


class CourseCostSerializer(serializers.ModelSerializer):
    """A cost line: amount per trainee in a category, for both tracks or one, valid from a date (a later line of
    the same category is a new price for cohorts starting from then on)."""

    class Meta:
        model = CourseCost
        fields = ["category", "applies_to", "valid_from", "amount", "currency"]


def replace_costs(course: Course, lines: list[dict]) -> None:
    """`services.course_costs_replace`, its errors keyed by line index as DRF reports nested lists."""
    try:
        course_costs_replace(course=course, lines=lines)
    except CostLinesInvalid as exc:
        raise serializers.ValidationError(
            {"costs": {index: django_errors(error) for index, error in exc.line_errors.items()}}
        ) from exc


class CourseSerializer(DomainSerializer):
    """A course with its cost lines. Sending `costs` replaces all of them in the same transaction; leaving it
    out keeps them."""

    costs = CourseCostSerializer(many=True, required=False)

    class Meta:
        model = Course
        fields = [
            "id", "centre", "occupation", "title", "duration_weeks", "qualification_origin",
            "qualification_destination", "language_taught", "language_target_level", "costs", *TIMESTAMPS,
        ]  # fmt: skip

    def create(self, validated_data):
        costs = validated_data.pop("costs", [])
        course = super().create(validated_data)
        replace_costs(course, costs)
        return course

    def update(self, instance, validated_data):
        costs = validated_data.pop("costs", None)
        course = super().update(instance, validated_data)
        if costs is not None:
            replace_costs(course, costs)
        return course


class CohortSerializer(DomainSerializer):
    class Meta:
        model = Cohort
        fields = [
            "id", "partnership", "course", "code", "start_date", "end_date", "seats_home", "seats_away", *TIMESTAMPS,
        ]  # fmt: skip


class ApplicationSerializer(CreateOnlyMixin, DomainSerializer):
    create_only_fields = ("trainee", "cohort")

    class Meta:
        model = Application
        fields = [
            "id", "trainee", "cohort", "status", "applied_on", "preferred_track", "decided_on", "notes", *TIMESTAMPS,
        ]  # fmt: skip


class PersonalDataAccessSerializer(serializers.ModelSerializer):
    """One showing of a person's data: to whom (name and organisation), whose, when, where."""

    user = ActorField()

    class Meta:
        model = PersonalDataAccess
        fields = ["user", "trainee", "at", "surface"]


class TraineeSerializer(CreateOnlyMixin, DomainSerializer):
    """A person in training. `registered_by` is set on creation to the requesting user's training centre or
    agency (send it only when you act for several)."""

    national_id = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=50,
        help_text="Write-only. Kept only as a keyed hash to detect duplicates; never returned. Blank clears it.",
    )
    consent_covers = ChoiceListField(
        choices=ConsentPurpose.choices, required=False, help_text="What the consent covers (with its date)."
    )
    create_only_fields = ("registered_by",)

    class Meta:
        model = Trainee
        fields = [
            "id", "given_name", "family_name", "date_of_birth", "gender", "nationality", "email", "phone",
            "consent_given_at", "consent_covers", "registered_by", "national_id", "erased_at", *TIMESTAMPS,
        ]  # fmt: skip

    def create(self, validated_data):
        raw = validated_data.pop("national_id", None)
        return trainee_save(trainee=Trainee(**validated_data), national_id=raw)

    def update(self, instance, validated_data):
        raw = validated_data.pop("national_id", None)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return trainee_save(trainee=instance, national_id=raw)


class TrackChangeSerializer(serializers.ModelSerializer):
    changed_by = ActorField()

    class Meta:
        model = EnrollmentTrackChange
        fields = ["from_track", "to_track", "reason", "changed_at", "changed_by"]


class EnrollmentSerializer(CreateOnlyMixin, DomainSerializer):
    """A trainee in a cohort. The track is chosen on enrolment and then changes only through `change-track`."""

    track_changes = TrackChangeSerializer(many=True, read_only=True)
    create_only_fields = ("trainee", "cohort", "track")

    class Meta:
        model = Enrollment
        fields = [
            "id", "trainee", "cohort", "track", "status", "enrolled_on", "completed_on", "dropped_on", "certified",
            "certified_on", "language_level", "track_changes", *TIMESTAMPS,
        ]  # fmt: skip


class ChangeTrackSerializer(serializers.Serializer):
    track = serializers.ChoiceField(choices=Track.choices)
    reason = serializers.CharField(help_text="Why the enrollment moves to the other track (kept in its history).")


def _bulk_row_fields() -> dict:
    """The columns of the bulk import file (`training.imports.columns`) as fields, the cohort as its id."""
    fields = {
        c.name: serializers.CharField(required=c.required, allow_blank=not c.required, help_text=str(c.help))
        for c in COLUMNS
    }
    fields["cohort"] = serializers.IntegerField(help_text="The cohort's id (a cohort of a training centre you edit).")
    return fields


BulkEnrollmentRowSerializer = type(
    "BulkEnrollmentRowSerializer",
    (serializers.Serializer,),
    {
        **_bulk_row_fields(),
        "__doc__": "One row of `POST /enrollments/bulk/`: the columns of the bulk import file, with the cohort's id. "
        "Documentation only: the rows are validated by the import's own check, as a file's are.",
        "__module__": __name__,
        "Meta": type("Meta", (), {"ref_name": "BulkEnrollmentRow"}),
    },
)


class BulkEnrollmentResultSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text="How many enrollments were created (one per row).")
    enrollments = serializers.ListField(
        child=serializers.IntegerField(), help_text="The new enrollments' ids, in the order of the rows sent."
    )
    trainees_created = serializers.IntegerField(help_text="People registered by these rows.")
    trainees_reused = serializers.IntegerField(help_text="People already registered, enrolled as they are.")


class ExpenditureSerializer(DomainSerializer):
    class Meta:
        model = Expenditure
        fields = [
            "id", "partnership", "cohort", "category", "amount", "currency", "spent_on", "payer_role",
            "payer_organisation", "reference", *TIMESTAMPS,
        ]  # fmt: skip
