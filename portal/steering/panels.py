"""The steering dashboard's panels: each feature registers the panel that shows its series.

A panel has a slug (its anchor and CSV name), a title, the series it reads and a function that
turns the figures into what its template shows. The core panels (adoption, channels, service levels,
backlogs, search) are registered by ``portal.steering.dashboard``; the life control and the
partners' area register theirs from their ``AppConfig.ready()``.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    slug: str
    title: object  # a lazy translation
    # build(today=) -> {"blocks": [portal.steering.dashboard.Block]}: each a table, its charts and a note.
    build: Callable
    order: int = 100


_panels = {}


def register(panel):
    existing = _panels.get(panel.slug)
    if existing is not None and existing != panel:
        raise ValueError(f"steering panel {panel.slug!r} is already registered")
    _panels[panel.slug] = panel
    return panel


def registered():
    return sorted(_panels.values(), key=lambda panel: (panel.order, panel.slug))


def get(slug):
    return _panels[slug]
