from .journeys import FollowUp, MigrationCase
from .placements import Placement, RecruitmentFee

__all__ = ["FollowUp", "MigrationCase", "Placement", "RecruitmentFee"]
