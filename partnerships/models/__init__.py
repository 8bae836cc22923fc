from .agreements import Amendment, CostShareRule, Partnership, PartnershipParty, PartnershipTransition, Programme
from .costs import PartnershipCost
from .skills import SkillNeed

__all__ = [
    "Amendment",
    "CostShareRule",
    "Partnership",
    "PartnershipCost",
    "PartnershipParty",
    "PartnershipTransition",
    "Programme",
    "SkillNeed",
]
