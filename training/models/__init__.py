from .centres import Course, CourseCost, TrainingCentre
from .cohorts import Application, Cohort, Enrollment, EnrollmentTrackChange
from .finance import Expenditure
from .people import PersonalDataAccess, Trainee

__all__ = [
    "Application",
    "Cohort",
    "Course",
    "CourseCost",
    "Enrollment",
    "EnrollmentTrackChange",
    "Expenditure",
    "PersonalDataAccess",
    "Trainee",
    "TrainingCentre",
]
