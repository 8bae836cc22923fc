from .agreements import Amendment, CostShareRule, Partnership, PartnershipParty, PartnershipTransition, Programme
from .organisations import Membership, Organisation
from .reference import (
    Country,
    DomesticTrainingCost,
    ExchangeRate,
    HealthSafeguardsList,
    MissingExchangeRate,
    Occupation,
)
from .skills import SkillNeed
from .tokens import APIToken

__all__ = [
    "APIToken",
    "Amendment",
    "CostShareRule",
    "Country",
    "DomesticTrainingCost",
    "ExchangeRate",
    "HealthSafeguardsList",
    "Membership",
    "MissingExchangeRate",
    "Occupation",
    "Organisation",
    "Partnership",
    "PartnershipParty",
    "PartnershipTransition",
    "Programme",
    "SkillNeed",
]
