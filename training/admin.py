from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models as m
from .choices import AccessSurface
from .services import log_access, trainee_erase


@admin.register(m.TrainingCentre)
class TrainingCentreAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "campus_country", "city", "capacity"]
    list_filter = ["campus_country"]
    search_fields = ["organisation__name", "city"]
    autocomplete_fields = ["organisation"]


class CourseCostInline(admin.TabularInline):
    model = m.CourseCost
    extra = 0


@admin.register(m.Course)
class CourseAdmin(SimpleHistoryAdmin):
    list_display = ["title", "centre", "occupation", "duration_weeks", "language_taught"]
    list_filter = ["centre", "language_taught"]
    search_fields = ["title", "occupation__title", "occupation__code"]
    autocomplete_fields = ["occupation"]
    inlines = [CourseCostInline]


@admin.register(m.CourseCost)
class CourseCostAdmin(SimpleHistoryAdmin):
    list_display = ["course", "category", "valid_from", "applies_to", "amount", "currency"]
    list_filter = ["category", "applies_to", "currency", "valid_from"]


@admin.register(m.Cohort)
class CohortAdmin(SimpleHistoryAdmin):
    list_display = ["code", "partnership", "course", "start_date", "end_date", "seats_home", "seats_away"]
    list_filter = ["partnership"]
    search_fields = ["code", "course__title"]
    date_hierarchy = "start_date"


@admin.register(m.Trainee)
class TraineeAdmin(SimpleHistoryAdmin):
    list_display = ["family_name", "given_name", "nationality", "gender", "date_of_birth", "erased_at"]
    list_filter = ["nationality", "gender"]
    search_fields = ["family_name", "given_name", "email"]
    exclude = ["national_id_hash"]
    readonly_fields = ["erased_at"]
    actions = ["erase"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if object_id and str(object_id).isdigit():
            log_access(user=request.user, trainee_ids=[int(object_id)], surface=AccessSurface.ADMIN)
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description="Erase the personal data of the selected trainees (irreversible)")
    def erase(self, request, queryset):
        for trainee in queryset:
            trainee_erase(trainee=trainee, user=request.user)
        self.message_user(request, f"Personal data of {queryset.count()} trainee(s) erased.")


@admin.register(m.PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    """The log of who was shown whose data: read only."""

    list_display = ["at", "user", "trainee", "surface"]
    list_filter = ["surface"]
    search_fields = ["user__username"]
    list_select_related = ["user", "trainee"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(m.Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    list_display = ["trainee", "cohort", "status", "applied_on", "preferred_track"]
    list_filter = ["status", "preferred_track", "cohort__partnership"]
    search_fields = ["trainee__family_name", "cohort__code"]
    raw_id_fields = ["trainee"]


class TrackChangeInline(admin.TabularInline):
    model = m.EnrollmentTrackChange
    extra = 0
    readonly_fields = ["from_track", "to_track", "reason", "changed_at", "changed_by"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(m.Enrollment)
class EnrollmentAdmin(SimpleHistoryAdmin):
    list_display = ["trainee", "cohort", "track", "status", "certified", "enrolled_on", "completed_on"]
    list_filter = ["track", "status", "certified", "cohort__partnership"]
    search_fields = ["trainee__family_name", "cohort__code"]
    raw_id_fields = ["trainee"]
    list_select_related = ["trainee", "cohort__course"]
    inlines = [TrackChangeInline]


@admin.register(m.EnrollmentTrackChange)
class EnrollmentTrackChangeAdmin(admin.ModelAdmin):
    list_display = ["enrollment", "from_track", "to_track", "changed_at", "changed_by"]
    raw_id_fields = ["enrollment"]


@admin.register(m.Expenditure)
class ExpenditureAdmin(SimpleHistoryAdmin):
    list_display = ["partnership", "category", "amount", "currency", "spent_on", "payer_role", "reference"]
    list_filter = ["partnership", "category", "payer_role"]
    search_fields = ["reference"]
    date_hierarchy = "spent_on"
