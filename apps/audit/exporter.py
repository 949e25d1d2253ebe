"""How pages below the printer reach the Excel exporter.

apps.printing builds on workflow, audit and privacy (it records exports in the audit log, masks
personal values, rings the bell when a background export is ready), so their list pages, which
offer "导出 Excel", must not import it back. They ask for the exporter module named in
settings.REGISTER_EXPORTER instead, the way Django reaches its e-mail backend.
"""

from importlib import import_module
from types import ModuleType

from django.conf import settings


def exporter() -> ModuleType:
    """The exporter module (export_or_queue, build_rows, write_xlsx, ...)."""
    return import_module(settings.REGISTER_EXPORTER)
