"""What training adds to a partnership's page (`partnerships.panels`): targets versus actual per track."""

from partnerships.panels import Panel

from .selectors import aggregate_partnerships, targets_versus_actual


def targets_panel(partnership, user) -> Panel | None:
    """Target per track against enrolled, completed and certified, for those who may see the partnership's figures
    as a whole (`selectors.AGGREGATE_KINDS`)."""
    if not aggregate_partnerships(user).filter(pk=partnership.pk).exists():
        return None
    return Panel("training/_targets_panel.html", {"rows": targets_versus_actual(partnership)}, order=10)
