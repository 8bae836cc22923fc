from .centres import Course, CourseCost, TrainingCentre
from .cohorts import Application, Cohort, Enrollment, EnrollmentTrackChange
from .finance import Expenditure
from .imports import EnrollmentImport, EnrollmentImportStatus, ImportFormat
from .people import PersonalDataAccess, Trainee

__all__ = [
    "Application",
    "Cohort",
    "Course",
    "CourseCost",
    "Enrollment",
    "EnrollmentImport",
    "EnrollmentImportStatus",
    "EnrollmentTrackChange",
    "Expenditure",
    "ImportFormat",
    "PersonalDataAccess",
    "Trainee",
    "TrainingCentre",
]
