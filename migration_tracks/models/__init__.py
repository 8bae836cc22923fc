from .digests import FollowUpDigest
from .journeys import FollowUp, MigrationCase
from .placements import Placement, RecruitmentFee

__all__ = ["FollowUp", "FollowUpDigest", "MigrationCase", "Placement", "RecruitmentFee"]
