"""What the synthetic partnerships look like: countries and currencies, occupations, prices, wages, names.

Figures are plausible orders of magnitude, not sources: the point is a large data set whose shape (track
shares, completion, placement, currencies, rate changes, price and rule versions) resembles real partnerships.
"""

import datetime as dt
from dataclasses import dataclass

from partnerships.choices import CostCategory as C
from partnerships.choices import PayerRole as PR
from partnerships.choices import Track

#: Every row the generator writes is recognisable by this prefix: partnership, programme and cohort codes,
#: organisation names, course titles, expenditure references, descriptions and sources of reference rows.
PREFIX = "syn-"
PROGRAMME_CODE = f"{PREFIX}programme"

#: The world the data describes: nothing happens after this day (the demo's own date), so two runs with the same
#: seed write the same rows whatever the clock says.
AS_OF = dt.date(2026, 11, 15)
#: Synthetic partnerships were signed and started then; their first price lists and rule tables date from it.
SIGNED_ON = dt.date(2015, 6, 1)
STARTED_ON = dt.date(2016, 1, 1)
#: Monthly exchange rates are written from this month on (reports need a rate on or before every date used).
RATES_FROM = dt.date(2014, 1, 1)
#: Price versions of every synthetic course: a new contract every four years, dearer each time.
PRICE_VERSIONS = ((dt.date(2015, 1, 1), 1.00), (dt.date(2019, 1, 1), 1.12), (dt.date(2023, 1, 1), 1.27))


@dataclass(frozen=True)
class PartnershipSpec:
    code: str
    title: str
    origin: str
    destination: str
    reporting_currency: str
    occupations: tuple[str, ...]
    away_share: float  # of enrollments
    weight: float  # share of all synthetic enrollments
    language: str
    amendment_on: dt.date  # the second version of the cost-sharing table


# code, title, origin, destination, reporting currency, occupations (ISCO-08), away share, weight, language,
# date of the cost-sharing amendment
SPECS = tuple(PartnershipSpec(*row) for row in (
    (f"{PREFIX}ng-gb-nursing", "Synthetic UK–Nigeria nursing", "NG", "GB", "GBP",
     ("2221", "3221", "5321"), 0.34, 0.30, "English", dt.date(2021, 7, 1)),
    (f"{PREFIX}tn-de-care", "Synthetic Germany–Tunisia care and trades", "TN", "DE", "EUR",
     ("3221", "5321", "7411"), 0.50, 0.18, "German", dt.date(2020, 9, 1)),
    (f"{PREFIX}sn-fr-construction", "Synthetic France–Senegal construction", "SN", "FR", "EUR",
     ("7115", "7126", "7231"), 0.40, 0.16, "French", dt.date(2022, 1, 1)),
    (f"{PREFIX}ma-be-ict", "Synthetic Belgium–Morocco ICT", "MA", "BE", "EUR",
     ("2512", "3512"), 0.55, 0.13, "French", dt.date(2021, 1, 1)),
    (f"{PREFIX}fj-au-hospitality", "Synthetic Australia–Fiji hospitality and trades", "FJ", "AU", "AUD",
     ("5120", "3434", "7411"), 0.25, 0.13, "English", dt.date(2020, 7, 1)),
    (f"{PREFIX}ci-fr-care", "Synthetic France–Côte d'Ivoire care", "CI", "FR", "EUR",
     ("5321", "3221"), 0.45, 0.10, "French", dt.date(2022, 7, 1)),
))  # fmt: skip

#: Value of one unit in EUR in January 2014, and the monthly drift of its logarithm (XOF is pegged to the euro).
CURRENCY_EUR_2014 = {
    "EUR": (1.0, 0.0),
    "GBP": (1.20, -0.0003),
    "AUD": (0.65, -0.0007),
    "NGN": (0.0046, -0.0145),
    "MAD": (0.090, 0.0002),
    "XOF": (1 / 655.957, 0.0),
    "TND": (0.44, -0.0029),
    "FJD": (0.39, 0.0001),
    "USD": (0.73, 0.0017),
}
PEGGED_TO_EUR = {"EUR", "XOF"}

#: Course length in weeks and base yearly instruction price in EUR, per ISCO-08 unit group.
OCCUPATION_PROFILE = {
    "2221": (156, 2600),
    "3221": (104, 2200),
    "5321": (40, 1500),
    "7411": (52, 2100),
    "7115": (40, 1700),
    "7126": (40, 1800),
    "7231": (52, 2000),
    "2512": (36, 2400),
    "3512": (30, 1900),
    "5120": (30, 1400),
    "3434": (40, 1600),
}
DEFAULT_PROFILE = (52, 1800)

#: Monthly wage of a newly placed worker in EUR, by destination (away track) or origin (home track) country.
MONTHLY_WAGE_EUR = {
    "GB": 2600,
    "DE": 2700,
    "FR": 2200,
    "BE": 2600,
    "AU": 3300,
    "NG": 140,
    "TN": 330,
    "SN": 190,
    "MA": 380,
    "FJ": 420,
    "CI": 200,
}
DEFAULT_WAGE_EUR = 300
#: Training one worker at home in the destination, in EUR, per occupation group (destination savings).
DOMESTIC_COST_EUR = {"2221": 62000, "3221": 38000, "5321": 9000, "2512": 35000, "3512": 18000}
DEFAULT_DOMESTIC_COST_EUR = 22000

#: The two versions of every synthetic cost-sharing table: (track, category) → payer role → percent.
_BASE_SPLIT = {PR.DESTINATION_GOVERNMENT: 60, PR.ORIGIN_GOVERNMENT: 40}
RULES_V1 = {
    Track.HOME: {
        C.STIPEND: {PR.ORIGIN_GOVERNMENT: 50, PR.TRAINEE: 50},
        C.ASSESSMENT: {PR.DESTINATION_GOVERNMENT: 100},
        C.PLACEMENT: {PR.ORIGIN_EMPLOYER: 100},
        C.RETURN_REINTEGRATION: {PR.ORIGIN_GOVERNMENT: 100},
        C.MANAGEMENT: {PR.DESTINATION_GOVERNMENT: 50, PR.ORIGIN_GOVERNMENT: 30, PR.DONOR: 20},
    },
    Track.AWAY: {
        C.INSTRUCTION: {PR.DESTINATION_EMPLOYER: 60, PR.DESTINATION_GOVERNMENT: 40},
        C.MATERIALS: {PR.DESTINATION_EMPLOYER: 60, PR.DESTINATION_GOVERNMENT: 40},
        C.LANGUAGE: {PR.DESTINATION_EMPLOYER: 100},
        C.STIPEND: {PR.DESTINATION_EMPLOYER: 100},
        C.ASSESSMENT: {PR.DESTINATION_EMPLOYER: 100},
        C.PRE_DEPARTURE: {PR.DESTINATION_EMPLOYER: 100},
        C.TRAVEL_VISA: {PR.DESTINATION_EMPLOYER: 80, PR.TRAINEE: 20},
        C.PLACEMENT: {PR.DESTINATION_EMPLOYER: 100},
        C.RETURN_REINTEGRATION: {PR.DESTINATION_GOVERNMENT: 100},
        C.MANAGEMENT: {PR.DESTINATION_GOVERNMENT: 70, PR.ORIGIN_GOVERNMENT: 30},
    },
}
#: The amendment: destination employers take a larger share of away-track training, the donor joins home-track
#: instruction, the trainee no longer pays for travel.
RULES_V2 = {
    Track.HOME: {
        **RULES_V1[Track.HOME],
        C.INSTRUCTION: {PR.DESTINATION_GOVERNMENT: 55, PR.ORIGIN_GOVERNMENT: 30, PR.DONOR: 15},
        C.STIPEND: {PR.ORIGIN_GOVERNMENT: 60, PR.TRAINEE: 40},
    },
    Track.AWAY: {
        **RULES_V1[Track.AWAY],
        C.INSTRUCTION: {PR.DESTINATION_EMPLOYER: 75, PR.DESTINATION_GOVERNMENT: 25},
        C.MATERIALS: {PR.DESTINATION_EMPLOYER: 75, PR.DESTINATION_GOVERNMENT: 25},
        C.TRAVEL_VISA: {PR.DESTINATION_EMPLOYER: 100},
    },
}


def rule_split(version: dict, track: str, category: str) -> dict:
    return version[track].get(category) or _BASE_SPLIT


#: Names by nationality (given female, given male, family); other nationalities use the fallback.
NAMES = {
    "NG": (
        ("Adaeze", "Chioma", "Ngozi", "Funmilayo", "Aisha", "Blessing", "Temitope", "Zainab", "Ifeoma", "Yetunde"),
        ("Emeka", "Tunde", "Ibrahim", "Chinedu", "Olumide", "Segun", "Musa", "Obinna", "Kelechi", "Babatunde"),
        (
            "Okafor",
            "Adeyemi",
            "Balogun",
            "Eze",
            "Ibrahim",
            "Nwosu",
            "Okonkwo",
            "Bello",
            "Danjuma",
            "Olawale",
            "Abubakar",
            "Ogunleye",
            "Nnamdi",
            "Adebayo",
            "Umar",
        ),
    ),
    "TN": (
        ("Amira", "Mariem", "Ines", "Sarra", "Rim", "Nour", "Yasmine", "Olfa", "Hela", "Asma"),
        ("Ahmed", "Mehdi", "Skander", "Yassine", "Karim", "Walid", "Sami", "Anis", "Bilel", "Hichem"),
        ("Ben Salah", "Trabelsi", "Gharbi", "Jaziri", "Hammami", "Bouazizi", "Mejri", "Ayari", "Chebbi", "Dridi"),
    ),
    "SN": (
        ("Aminata", "Fatou", "Awa", "Mariama", "Khady", "Ndeye", "Coumba", "Astou", "Rokhaya", "Sokhna"),
        ("Moussa", "Ousmane", "Ibrahima", "Cheikh", "Mamadou", "Abdoulaye", "Modou", "Pape", "Lamine", "Babacar"),
        ("Diop", "Ndiaye", "Fall", "Sow", "Ba", "Sarr", "Diallo", "Gueye", "Faye", "Mbaye", "Cisse", "Thiam"),
    ),
    "MA": (
        ("Fatima", "Khadija", "Salma", "Imane", "Meryem", "Hajar", "Sara", "Nadia", "Zineb", "Loubna"),
        ("Youssef", "Mohamed", "Hamza", "Omar", "Amine", "Mehdi", "Rachid", "Anas", "Ilyas", "Karim"),
        ("El Amrani", "Benali", "Alaoui", "Bennani", "Chraibi", "Tazi", "Idrissi", "Berrada", "Ouazzani", "Fassi"),
    ),
    "FJ": (
        ("Mere", "Litia", "Salote", "Ana", "Losana", "Akanisi", "Vani", "Sera", "Unaisi", "Adi"),
        ("Jone", "Semi", "Isikeli", "Viliame", "Josaia", "Epeli", "Tevita", "Waisale", "Ratu", "Sitiveni"),
        ("Naivalu", "Tuilagi", "Vunibola", "Qarase", "Koroi", "Nadolo", "Rabuka", "Tikoisuva", "Baleiwai"),
    ),
    "CI": (
        ("Adjoua", "Aya", "Affoue", "Mariam", "Awa", "Akissi", "Nadia", "Estelle", "Grace", "Prisca"),
        ("Kouadio", "Yao", "Konan", "Seydou", "Drissa", "Koffi", "Serge", "Didier", "Arnaud", "Junior"),
        ("Kouame", "Kone", "Traore", "Ouattara", "Bamba", "Yapi", "Coulibaly", "Toure", "Diabate", "Gnagne"),
    ),
}
FALLBACK_NAMES = (
    ("Maria", "Ana", "Grace", "Mary", "Sofia", "Amina", "Lea", "Sara", "Eva", "Nina"),
    ("John", "David", "Ali", "Peter", "Samuel", "Daniel", "Joseph", "Omar", "Paul", "Adam"),
    ("Smith", "Silva", "Haddad", "Mensah", "Novak", "Petrov", "Santos", "Kamau", "Reyes", "Tanaka"),
)

EMPLOYER_WORDS = {
    "health": ("Hospital", "Care Home Group", "Health Trust", "Clinic", "Nursing Services", "Medical Centre"),
    "trades": ("Construction", "Building Services", "Electrical", "Engineering", "Installations", "Works"),
    "ict": ("Software", "Digital", "Systems", "IT Services", "Data Solutions", "Cloud"),
    "hospitality": ("Hotels", "Resorts", "Catering", "Restaurants", "Hospitality Group", "Kitchens"),
}
PLACE_NAMES = (
    "Northgate",
    "Riverside",
    "Lakeside",
    "Westbrook",
    "Eastfield",
    "Hillcrest",
    "Oakwood",
    "Seaview",
    "Greenhill",
    "Stonebridge",
    "Fairview",
    "Highland",
    "Brookside",
    "Redcliff",
    "Maple",
    "Harbour",
    "Sunrise",
    "Meadow",
    "Crown",
    "Summit",
    "Central",
    "Pioneer",
    "Atlas",
    "Horizon",
    "Union",
    "Beacon",
    "Liberty",
    "Capital",
)


def sector_of(occupation: str) -> str:
    if occupation.startswith(("22", "32", "53")):
        return "health"
    if occupation.startswith(("25", "35")):
        return "ict"
    if occupation.startswith(("51", "34")):
        return "hospitality"
    return "trades"
