"""The yearly figures of the 法治政府建设 annual report, gathered from the sections that keep them.

The 行政执法监督科 keeps the registers behind them: 规范性文件 and 重大行政决策 (review, filing,
clean-up; apps.normative_files) and enforcement supervision (complaints, disputes, certificates,
evaluations, checks; apps.enforcement). Each app counts over what the viewer may see; a source
whose registers the viewer does not see is not shown at all (zeros would read as "none this
year"): its figures appear for the section, its division leader and the director, who approve
the report.
"""

from dataclasses import dataclass

from apps.enforcement import report as enforcement_report
from apps.enforcement.access import is_section_viewer
from apps.normative_files import services as normative_services

KEEPER = "行政执法监督科"


@dataclass(frozen=True)
class Source:
    title: str
    keeper: str
    groups: dict  # {group: [Figure(label, value, url)]}; empty when not visible
    visible: bool

    @property
    def rows(self):
        """(group, figure) pairs: the print and the Excel list them flat."""
        return [(group, f) for group, items in self.groups.items() for f in items]


def report_figures(year, user):
    """[Source] of `year`'s figures as `user` may see them."""
    normative = normative_services.sees_registers(user)
    enforcement = is_section_viewer(user)
    return [
        Source(
            "规范性文件与重大行政决策",
            KEEPER,
            normative_services.yearly_figures(year, user) if normative else {},
            normative,
        ),
        Source(
            "行政执法监督",
            KEEPER,
            enforcement_report.yearly_figures(year, user) if enforcement else {},
            enforcement,
        ),
    ]


def xlsx_rows(sources):
    """Counts as numbers (the sheet sums them); an average score as its text ("86.5")."""
    return [
        [s.title, group, f.label, f.value if isinstance(f.value, int) else str(f.value)]
        for s in sources
        for group, f in s.rows
    ]
