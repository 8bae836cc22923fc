"""Demo data for `manage.py seed_demo`: the four pilots of DESIGN §1 as partnerships, and a login per role.

One module per pilot (`aptc`, `germany_tunisia`, `palim`, `uk_nigeria`) declares its organisations, courses,
cost-sharing table, cohorts and skill needs; `plans` decides deterministically what happens to each
applicant, `cohorts` writes it, `base` and `finance` hold the idempotent writers, `users` the logins.
Reference data (countries, ISCO-08, the WHO safeguards list) comes from `manage.py load_reference`.
"""

from reference.models import Country, Occupation

from . import aptc, finance, germany_tunisia, palim, uk_nigeria

PILOTS = (aptc, germany_tunisia, palim, uk_nigeria)
OCCUPATIONS = ("2221", "3221", "5321", "7115", "7411", "7231", "2512", "3512", "5120")
COUNTRIES = ("AU", "FJ", "KI", "PG", "DE", "TN", "BE", "MA", "GB", "NG")


def missing_reference() -> list[str]:
    """Reference rows the demo needs that `load_reference` did not provide."""
    occupations = set(Occupation.objects.filter(pk__in=OCCUPATIONS).values_list("pk", flat=True))
    countries = set(Country.objects.filter(pk__in=COUNTRIES).values_list("pk", flat=True))
    return [f"ISCO-08 {code}" for code in OCCUPATIONS if code not in occupations] + [
        f"country {code}" for code in COUNTRIES if code not in countries
    ]


def seed_pilots() -> None:
    finance.seed_rates()
    for pilot in PILOTS:
        pilot.seed()
