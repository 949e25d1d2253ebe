"""The sweep passes of 督查督办 (found by apps/workflow/apps.py, autodiscover_modules("sweeps"))."""

from apps.workflow.sweep import register_pass

from .processes import propose_notices

register_pass(propose_notices)  # 建议通报 after two 催办 without progress
