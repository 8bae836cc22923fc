from .agreements import Amendment, CostShareRule, Partnership, PartnershipParty, PartnershipTransition, Programme
from .skills import SkillNeed

__all__ = [
    "Amendment",
    "CostShareRule",
    "Partnership",
    "PartnershipParty",
    "PartnershipTransition",
    "Programme",
    "SkillNeed",
]
