"""The sweep passes of 政府信息公开 (found by apps/workflow/apps.py, autodiscover_modules("sweeps"))."""

from apps.workflow.sweep import register_pass

from .report import remind_unregistered_report

register_pass(remind_unregistered_report)  # last year's annual report not yet registered
