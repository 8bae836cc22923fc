"""Invented people for the demo: names common in each origin country, fake national IDs, example.org e-mail.

Everything is drawn from a `random.Random` seeded with the cohort's code, so a person is the same on every
run; nobody here is real, and no phone number is made up (it could belong to someone).
"""

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass

from training.choices import Gender

NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    # country: (women's given names, men's given names, family names)
    "FJ": (
        ("Litia", "Mereani", "Salote", "Vasemaca", "Ana", "Priya", "Shalini", "Anjali", "Losana", "Akosita"),
        ("Josaia", "Semi", "Viliame", "Sitiveni", "Peni", "Jone", "Isireli", "Ravinesh", "Sanjay", "Amit", "Rohit"),
        (
            "Nakarawa",
            "Waqa",
            "Ratuva",
            "Tikoisuva",
            "Naivalu",
            "Rokodi",
            "Lal",
            "Prasad",
            "Kumar",
            "Singh",
            "Chand",
            "Naidu",
            "Delai",
            "Vatanitawake",
            "Koroi",
        ),
    ),
    "KI": (
        ("Teretia", "Meere", "Tiare", "Reenate", "Taabeta", "Kiebwa", "Nei Tabera", "Rosita"),
        ("Teuea", "Tebwebwe", "Ioane", "Taatu", "Kaure", "Tekaai", "Baraniko", "Tiaon"),
        ("Tabane", "Teiwaki", "Kaiea", "Tekee", "Bauro", "Teabo", "Itaaka", "Tioti", "Bakineti", "Kamoriki"),
    ),
    "TN": (
        ("Amira", "Ines", "Mariem", "Sarra", "Nour", "Rim", "Salma", "Yosra", "Emna", "Khouloud", "Wiem", "Hela"),
        ("Mohamed", "Ahmed", "Yassine", "Amine", "Karim", "Hamza", "Seifeddine", "Walid", "Anis", "Bilel"),
        (
            "Trabelsi",
            "Jebali",
            "Gharbi",
            "Mansouri",
            "Ayari",
            "Hammami",
            "Chaabane",
            "Ben Salah",
            "Kacem",
            "Ferchichi",
            "Dridi",
            "Mejri",
            "Riahi",
            "Sassi",
            "Ben Amor",
            "Khelifi",
        ),
    ),
    "MA": (
        ("Fatima Zahra", "Salma", "Imane", "Khadija", "Hajar", "Meryem", "Oumaima", "Kawtar", "Siham", "Nada"),
        ("Youssef", "Mehdi", "Hamza", "Anas", "Omar", "Soufiane", "Ayoub", "Ilyas", "Reda", "Othmane", "Zakaria"),
        (
            "El Amrani",
            "Bennani",
            "Alaoui",
            "Berrada",
            "Tazi",
            "El Idrissi",
            "Benjelloun",
            "Chraibi",
            "Ouazzani",
            "Lahlou",
            "El Fassi",
            "Ziani",
            "Haddad",
            "Bouzid",
            "Naciri",
        ),
    ),
    "NG": (
        (
            "Ngozi",
            "Adaeze",
            "Funmilayo",
            "Aisha",
            "Chiamaka",
            "Blessing",
            "Zainab",
            "Oluwatoyin",
            "Amaka",
            "Halima",
            "Yetunde",
            "Ifeoma",
            "Folake",
            "Hauwa",
            "Nneka",
        ),
        (
            "Chukwuemeka",
            "Oluwaseun",
            "Ibrahim",
            "Tunde",
            "Emeka",
            "Abubakar",
            "Babatunde",
            "Chinedu",
            "Musa",
            "Segun",
            "Ikenna",
        ),
        (
            "Okafor",
            "Adeyemi",
            "Bello",
            "Okonkwo",
            "Olawale",
            "Eze",
            "Abdullahi",
            "Nwosu",
            "Ogunleye",
            "Danjuma",
            "Ibekwe",
            "Adebayo",
            "Uche",
            "Lawal",
            "Obi",
            "Yusuf",
            "Ojo",
            "Balogun",
        ),
    ),
}


@dataclass(frozen=True)
class Person:
    """Who applies: identity fields of a Trainee plus the raw (fake) national ID to hash."""

    given_name: str
    family_name: str
    gender: str
    date_of_birth: dt.date
    email: str
    national_id: str


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def person(rng: random.Random, *, nationality: str, woman: bool, born_before: dt.date, serial: str) -> Person:
    """An invented person aged 19 to 33 on `born_before`; `serial` makes the e-mail and national ID unique."""
    women, men, families = NAMES[nationality]
    given = rng.choice(women if woman else men)
    family = rng.choice(families)
    born = born_before - dt.timedelta(days=rng.randint(19 * 365, 33 * 365))
    # A few people decline to state their gender: the form allows it, so the demo shows it.
    gender = Gender.UNDISCLOSED if rng.random() < 0.01 else (Gender.FEMALE if woman else Gender.MALE)
    return Person(
        given_name=given,
        family_name=family,
        gender=gender,
        date_of_birth=born,
        email=f"{_ascii(given)}.{_ascii(family)}.{serial.lower()}@example.org",
        national_id=f"DEMO{nationality}{serial.upper()}",
    )
