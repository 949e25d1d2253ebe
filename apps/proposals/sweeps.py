"""The sweep passes of 建议提案办理 (found by apps/workflow/apps.py, autodiscover_modules("sweeps"))."""

from apps.workflow.sweep import register_pass

from .sweep import remind_co_sections

register_pass(remind_co_sections)  # 会办意见 reminders to the co-handling sections
