"""Panels that higher apps add to a partnership's page. This app cannot read cohorts, enrollments or placements
(layers point one way), so training adds "targets versus actual per track", migration_tracks its placements, each
registering a function in its `AppConfig.ready()`, as `services.table_needed_from` does for dates."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Panel:
    """A block of a partnership's page: a template and its context."""

    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


#: Each maps (partnership, user) to a Panel, or None when it has nothing to show that user.
partnership_panels: list[Callable[..., Panel | None]] = []


def register_panel(panel: Callable[..., Panel | None]) -> None:
    if panel not in partnership_panels:
        partnership_panels.append(panel)


def panels_for(partnership, user) -> list[Panel]:
    found = [p for make in partnership_panels if (p := make(partnership, user)) is not None]
    return sorted(found, key=lambda p: p.order)
