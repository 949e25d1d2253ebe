"""People and records for the 社区矫正 tests."""

from datetime import date
from types import SimpleNamespace

from apps.accounts.models import Rank
from apps.community_correction import services
from apps.community_correction.models import SentenceType
from apps.org.models import ExternalUnit
from apps.privacy.kinds import id_check_digit
from tests.conftest import make_user


def correction_people(bureau):
    """The section (chief, clerk), two 司法所 (chief and staff each), the division leader, the
    director, and outsiders: another section's chief, another leader, a third office's staff."""
    correction = bureau["correction"]
    p = SimpleNamespace(
        chief=make_user("cc.chief", correction, Rank.CHIEF, full_name="矫正科长"),
        clerk=make_user("cc.clerk", correction, Rank.STAFF, full_name="矫正科员"),
        ws_chief=make_user("ws.chief", bureau["jo_wenshao"], Rank.CHIEF, full_name="闻韶所长"),
        ws=make_user("ws.staff", bureau["jo_wenshao"], Rank.STAFF, full_name="闻韶所员"),
        qd_chief=make_user("qd.chief", bureau["jo_qidu"], Rank.CHIEF, full_name="齐都所长"),
        qd=make_user("qd.staff", bureau["jo_qidu"], Rank.STAFF, full_name="齐都所员"),
        xg=make_user("xg.staff", bureau["jo_xuegong"], Rank.STAFF, full_name="雪宫所员"),
        leader=make_user("cc.leader", bureau["leadership"], Rank.DIVISION_LEADER, full_name="分管副局长"),
        other_leader=make_user("other.leader", bureau["leadership"], Rank.DIVISION_LEADER, full_name="另一副局长"),
        director=make_user("cc.director", bureau["leadership"], Rank.DIRECTOR, full_name="局长"),
        office_chief=make_user("office.boss", bureau["office"], Rank.CHIEF, full_name="办公室主任"),
    )
    correction.division_leader = p.leader
    correction.save()
    p.offices = bureau
    return p


def id_number(seq, born="19800101"):
    first = f"370305{born}{seq:03d}"
    return first + id_check_digit(first)


def subject_data(bureau, seq=1, **over):
    data = {
        "name": f"测试对象{seq}",
        "gender": "男",
        "id_number": id_number(seq),
        "phone": f"1390533{seq:04d}",
        "address": f"山东省淄博市临淄区闻韶街道测试路{seq}号",
        "family_contact": "家属",
        "family_phone": f"1370533{seq:04d}",
        "sentence_type": SentenceType.PROBATION,
        "crime": "危险驾驶罪",
        "deciding_body": ExternalUnit.objects.get(code="court_district"),
        "judgment_no": f"（2026）鲁0305刑初{seq}号",
        "effective_on": date(2026, 9, 22),
        "notified_on": date(2026, 9, 24),
        "documents_on": date(2026, 9, 29),
        "start_on": date(2026, 9, 22),
        "end_on": date(2027, 3, 21),
        "office": bureau["jo_wenshao"],
    }
    data.update(over)
    return data


def new_subject(p, seq=1, **over):
    return services.register_subject(p.clerk, subject_data(p.offices, seq, **over))


def supervised(p, seq=1, on=date(2026, 9, 30), **over):
    s = new_subject(p, seq, **over)
    staff = p.ws if s.office.code == "jo_wenshao" else p.qd
    services.record_report_in(s.pk, staff, on)
    services.announce(s.pk, staff, on, "所员、网格员、家属", "每月报告两次。")
    s.refresh_from_db()
    return s
