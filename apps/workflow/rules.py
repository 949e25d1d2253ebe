"""Rule codes named in code, checked against the seeded rule rows.

A section app names the DeadlineRule rows its services start clocks from with
`deadline_rule("petition-handle")`, and the engine's system check (checks.py) makes sure each
named code exists in the fixtures that seed the rules, and each approval chain a registered
process expands has rows there: a typo or a renamed fixture row fails `manage.py check` at
startup instead of silently leaving a matter without its statutory clock.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.conf import settings

_named_deadline_rules: dict[str, str] = {}


def deadline_rule(code: str) -> str:
    """Declare that code uses the DeadlineRule `code`; returns the code (for a module constant)."""
    import inspect

    caller = inspect.currentframe().f_back
    where = f"{Path(caller.f_code.co_filename).name}:{caller.f_lineno}" if caller else "?"
    _named_deadline_rules.setdefault(code, where)
    return code


def named_deadline_rules() -> dict[str, str]:
    """{rule code: where it is named}."""
    return dict(_named_deadline_rules)


def fixture_dirs() -> list[Path]:
    return [Path(settings.BASE_DIR) / "fixtures"]


@cache
def seeded_rules() -> tuple[dict[str, str], set[tuple[str, str]]]:
    """({deadline rule code: process}, {(process, chain)} of approval rules) in the fixtures."""
    deadlines: dict[str, str] = {}
    chains: set[tuple[str, str]] = set()
    for directory in fixture_dirs():
        for path in sorted(directory.glob("*.json")):
            try:
                rows = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if not isinstance(rows, list):
                continue
            for row in rows:
                if not isinstance(row, dict):
                    continue
                fields = row.get("fields", {})
                if row.get("model") == "workflow.deadlinerule":
                    deadlines[fields.get("code", "")] = fields.get("process", "")
                elif row.get("model") == "workflow.approvalrule":
                    chains.add((fields.get("process", ""), fields.get("chain", "")))
    return deadlines, chains


def import_app_modules() -> None:
    """Import every module of the project's apps (migrations and management commands aside) so
    that every deadline_rule() declaration has run."""
    import importlib
    import pkgutil

    from django.apps import apps

    for config in apps.get_app_configs():
        if not config.name.startswith("apps."):
            continue
        package = importlib.import_module(config.name)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{config.name}."):
            if ".migrations" in info.name or ".management" in info.name or ".tests" in info.name:
                continue
            importlib.import_module(info.name)
