"""The five demo conferences, rebuilt from the seed news reports, in the order they load.

Their data lives in :mod:`.seeds_national` (000, 001) and :mod:`.seeds_local` (002-004); the
notes they share and the figure helper in :mod:`.seed_common`. :func:`minutes.demo.load_demo`
builds each one that is missing, found by its ``uid`` (``Conference.external_uid``).
"""

from __future__ import annotations

from .seed_common import DEMO_NOTE, HAU_GIANG_UNITS_NOTE, TASKS_NOTE, fig
from .seeds_local import CAN_THO, HAI_PHONG, HAU_GIANG
from .seeds_national import TAY_NINH, THAI_NGUYEN

__all__ = [
    "CAN_THO",
    "CONFERENCES",
    "DEMO_NOTE",
    "HAI_PHONG",
    "HAU_GIANG",
    "HAU_GIANG_UNITS_NOTE",
    "TASKS_NOTE",
    "TAY_NINH",
    "THAI_NGUYEN",
    "fig",
]

CONFERENCES = (TAY_NINH, THAI_NGUYEN, CAN_THO, HAU_GIANG, HAI_PHONG)
