"""Continuity checks: what a backup records about series that must have no gaps, and how a
restore drill verifies them in the restored copy.

A check is registered once (at import, or from an app's AppConfig.ready()):

    from apps.backups.continuity import ContinuityCheck, register
    register(ContinuityCheck("letters", "公函编号", summarise=..., verify=..., installed=...))

`summarise(using)` returns a JSON-able dict for the manifest, read inside the backup's
database snapshot; `verify(using, recorded)` returns a list of problems (Chinese) found in the
restored database `using`, given what the manifest recorded. The numbering service's check is
below; apps with gapless series of their own add theirs.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps as django_apps
from django.db.models import Count, Max


@dataclass
class ContinuityCheck:
    name: str
    label: str
    summarise: Callable[[str], dict]
    verify: Callable[[str, dict], list]
    installed: Callable[[], bool] = field(default=lambda: True)


CHECKS = {}


def register(check):
    CHECKS[check.name] = check
    return check


def active_checks():
    return [check for check in CHECKS.values() if check.installed()]


# --- the numbering service (apps/numbering): 发文字号, 收文编号 ----------------------------------


def _numbering_installed():
    return django_apps.is_installed("apps.numbering")


def _series_key(code, year):
    return f"{code}/{year}"


def summarise_numbering(using):
    """Per series (scheme, year): the counter and what the register holds."""
    NumberSeries = django_apps.get_model("numbering", "NumberSeries")
    IssuedNumber = django_apps.get_model("numbering", "IssuedNumber")
    issued = {
        (row["scheme__code"], row["year"]): row
        for row in IssuedNumber.objects.using(using)
        .values("scheme__code", "year")
        .annotate(count=Count("id"), max_seq=Max("seq"))
    }
    summary = {}
    for code, year, last in NumberSeries.objects.using(using).values_list("scheme__code", "year", "last"):
        row = issued.pop((code, year), {"count": 0, "max_seq": None})
        summary[_series_key(code, year)] = {"last": last, "issued": row["count"], "max_seq": row["max_seq"] or 0}
    for (code, year), row in issued.items():  # numbers without a counter row: a problem verify() names
        summary[_series_key(code, year)] = {"last": None, "issued": row["count"], "max_seq": row["max_seq"]}
    return summary


def verify_numbering(using, recorded):
    """No gaps: each series holds exactly the numbers 1..last (voided ones keep their row), and
    the restored counters are the ones the backup recorded."""
    restored = summarise_numbering(using)
    problems = []
    for key, series in sorted(restored.items()):
        if series["last"] is None:
            problems.append(f"编号序列 {key} 有已取编号但没有计数器。")
        elif not (series["issued"] == series["max_seq"] == series["last"]):
            problems.append(
                f"编号序列 {key} 不连续：计数器已用至 {series['last']}，登记簿有 {series['issued']} 个编号，最大序号 {series['max_seq']}。"
            )
    for key in sorted(set(recorded) | set(restored)):
        if recorded.get(key) != restored.get(key):
            problems.append(f"编号序列 {key} 与备份清单不符：清单 {recorded.get(key)}，恢复后 {restored.get(key)}。")
    return problems


register(
    ContinuityCheck(
        "numbering",
        "发文字号与收文编号",
        summarise=summarise_numbering,
        verify=verify_numbering,
        installed=_numbering_installed,
    )
)
