"""What the personnel section must act on, read from the staff records (no stored flags):
retirement (the ledger by year), rotation (seed 002 rule 15), temporary staff (rule 21)."""

from ..models import StaffRecord, retirement_date

# Seed 002 rule 15 三（二）/四（一） and rule 21 四. Each boundary is worded strictly by the rule:
# "超过 10 年" means the tenth anniversary itself is not yet due (rotated from the next day);
# "不满 3 年" means fewer than three years to retirement (exactly three is not exempt);
# "不超过 60 岁" means a man of exactly 60 (until his 61st birthday) is still within the age.
ROTATION_YEARS = 10  # 连续任职超过 10 年的，必须轮岗交流
ROTATION_EXEMPT_YEARS = 3  # 离退休年龄不满 3 年的，可不予轮岗交流
TEMPORARY_AGE = {StaffRecord.Gender.MALE: 60, StaffRecord.Gender.FEMALE: 55}  # 男性不超过60岁、女性不超过55岁
REHIRE_YEARS = 2  # 返聘不得连续超过两年
TEMPORARY_TYPES = ("dispatched", "contract")


def _years(start, end):
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def rotation_due(record, today):
    """连续任职超过 10 年: more than ten years in a key post, i.e. past the tenth anniversary."""
    return bool(record.key_post and record.post_since and _add_years(record.post_since, ROTATION_YEARS) < today)


def near_retirement(retires, today):
    """离退休年龄不满 3 年: retirement falls less than three years from `today`."""
    return retires < _add_years(today, ROTATION_EXEMPT_YEARS)


def flags(record, today):
    """[(kind, text)] for one record: rotation, retirement soon, temporary-staff age and re-hire."""
    result = []
    retires = retirement_date(record)
    temporary = record.staffing_type in TEMPORARY_TYPES
    if record.status != StaffRecord.Status.SERVING:
        return result
    if not temporary and retires <= _add_years(today, 1):
        result.append(("retire", f"{retires:%Y-%m-%d} 到龄退休"))
    if rotation_due(record, today):
        if near_retirement(retires, today):
            result.append(
                (
                    "rotation-exempt",
                    f"重点岗位连续任职超过 {ROTATION_YEARS} 年，距退休不满 {ROTATION_EXEMPT_YEARS} 年，可不轮岗",
                )
            )
        else:
            since = f"{record.post_since:%Y-%m-%d}"
            result.append(("rotation", f"重点岗位自 {since} 连续任职超过 {ROTATION_YEARS} 年，须轮岗交流"))
    if temporary:
        age_limit = TEMPORARY_AGE[record.gender]
        age = _years(record.birth_date, today)
        if age > age_limit and record.rehired_since is None:
            result.append(("over-age", f"{age} 岁，超过临聘人员适岗年龄（{age_limit} 岁），须签订返聘协议"))
        if record.rehired_since and _add_years(record.rehired_since, REHIRE_YEARS) <= today:
            result.append(("rehire", f"自 {record.rehired_since:%Y-%m-%d} 返聘，已满 {REHIRE_YEARS} 年，不得连续返聘"))
    return result


def retiring_in(year, records):
    """The retirement ledger (退休台账) of a year: [(record, date)] in date order."""
    rows = [(r, retirement_date(r)) for r in records if r.status == StaffRecord.Status.SERVING]
    return sorted([(r, d) for r, d in rows if d.year == year], key=lambda pair: pair[1])
