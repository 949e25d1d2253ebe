"""The bulletin's bonus source for the performance appraisal (apps/hr/appraisal/bonus.py): the
writer's points for pieces adopted by outside media (seed 002 rule 18 四（四）)."""

from apps.hr.appraisal.bonus import BonusSource, register_source

from .stats import writer_points

register_source(BonusSource("bulletin.adoption", "信息被媒体采用", writer_points))
