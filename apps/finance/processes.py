"""The finance app's procedures, one sub-package per domain; importing this module registers
them with the engine (apps/workflow/apps.py discovers every app's processes.py)."""

from .advances import processes as advances  # noqa: F401
from .assets import processes as assets  # noqa: F401
from .claims import processes as claims  # noqa: F401
from .hospitality import processes as hospitality  # noqa: F401
from .supplies import processes as supplies  # noqa: F401
from .vehicles import processes as vehicles  # noqa: F401
