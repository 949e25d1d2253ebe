"""Structural checks on fixtures/org_catalogue.json (built by tools/build_org_catalogue.py
from seed 000).  No database needed: the fixture is read as plain JSON.

The expected numbers below were checked by reading the seed text by hand.
"""

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from tools.build_org_catalogue import PORTAL_URL_NAMES

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "org_catalogue.json"
MODELS = ["org.section", "org.procedure", "org.duty", "org.worktask", "org.post"]

SECTIONS = {
    1: ("office", "办公室", ""),
    2: ("personnel", "政工科", ""),
    3: ("rule_of_law", "区委依法治区办秘书科", "普法与依法治理科"),
    4: ("reconsideration", "行政复议应诉科", ""),
    5: ("enforcement", "行政执法监督科", ""),
    6: ("public_legal", "公共法律服务管理科", "人民参与和促进法治科"),
    7: ("lawyers", "律师工作科", ""),
    8: ("correction", "社区矫正工作科", ""),
}

# section number -> (部门主要职责, 科室职责, 边界事项, 工作任务, 岗位, 附件1流程)
COUNTS = {
    1: (2, 7, 0, 15, 4, 21),
    2: (5, 8, 0, 10, 1, 5),
    3: (7, 19, 2, 14, 2, 8),
    4: (4, 12, 0, 12, 1, 5),
    5: (6, 17, 0, 17, 2, 11),
    6: (4, 11, 0, 10, 2, 14),
    7: (1, 5, 0, 6, 1, 6),
    8: (1, 7, 0, 13, 5, 5),
}

PROCEDURE_CODES = (
    [f"1.1.{i}" for i in range(1, 10)]
    + [f"1.{i}" for i in range(2, 14)]
    + [f"2.{i}" for i in range(1, 6)]
    + [f"3.{i}" for i in range(1, 9)]
    + [f"4.{i}" for i in range(1, 6)]
    + [f"5.{i}" for i in range(1, 12)]
    + [f"6.{i}" for i in range(1, 15)]
    + [f"7.{i}" for i in range(1, 7)]
    + [f"8.{i}" for i in range(1, 6)]
)

# (section, task number) -> procedure codes, as written in 科室工作任务 (shorthand expanded).
TASK_PROCEDURES = {
    (1, 1): ["1.1.9", "1.3"],
    (1, 2): ["1.1.1", "1.1.2", "1.1.8"],
    (1, 3): ["1.2", "1.4"],
    (1, 4): ["1.1.6"],
    (1, 5): ["1.1.3"],
    (1, 6): ["1.1.4"],
    (1, 7): ["1.1.5"],
    (1, 8): ["1.1.7", "1.5"],
    (1, 9): ["1.8", "1.9"],
    (1, 10): ["1.11", "1.12", "1.13"],
    (1, 11): [],
    (1, 12): ["1.7", "1.9"],
    (1, 13): ["1.10"],
    (1, 14): ["1.1.7"],
    (1, 15): [],
    (2, 1): ["2.2"],
    (2, 2): ["2.1"],
    (2, 3): ["2.2"],
    (2, 4): ["2.1"],
    (2, 5): ["2.1", "2.2"],
    (2, 6): ["2.1", "2.3", "2.4"],
    (2, 7): [],
    (2, 8): ["2.5"],
    (2, 9): ["2.1"],
    (2, 10): [],
    (3, 1): ["3.1"],
    (3, 2): ["3.2"],
    (3, 3): ["3.5"],
    (3, 4): ["3.1"],
    (3, 5): ["3.6", "3.7"],
    (3, 6): ["3.7"],
    (3, 7): ["3.5"],
    (3, 8): ["3.5"],
    (3, 9): ["3.5"],
    (3, 10): ["3.6"],
    (3, 11): ["3.7"],
    (3, 12): ["3.5", "3.7"],
    (3, 13): ["3.8"],
    (3, 14): [],
    (4, 1): ["4.1"],
    (4, 2): ["4.3"],
    (4, 3): ["4.1"],
    (4, 4): ["4.4"],
    (4, 5): ["4.2"],
    (4, 6): ["4.1"],
    (4, 7): ["4.2"],
    (4, 8): ["4.5"],
    (4, 9): ["4.5"],
    (4, 10): ["4.2"],
    (4, 11): [],
    (4, 12): [],
    (5, 1): [],
    (5, 2): [],
    (5, 3): [],
    (5, 4): [],
    (5, 5): ["5.1", "5.4", "5.6"],
    (5, 6): ["5.3"],
    (5, 7): ["5.2"],
    (5, 8): ["5.8"],
    (5, 9): ["5.7", "5.8"],
    (5, 10): ["5.3"],
    (5, 11): [],
    (5, 12): ["5.9"],
    (5, 13): ["5.10"],
    (5, 14): ["5.10"],
    (5, 15): ["5.10"],
    (5, 16): ["5.9"],
    (5, 17): ["5.9"],
    (6, 1): ["6.1"],
    (6, 2): ["6.2"],
    (6, 3): ["6.3"],
    (6, 4): ["6.4", "6.5"],
    (6, 5): ["6.4", "6.5"],
    (6, 6): ["6.6", "6.7", "6.8"],
    (6, 7): ["6.9", "6.10", "6.11"],
    (6, 8): ["6.12"],
    (6, 9): ["6.13"],
    (6, 10): ["6.14"],
    (7, 1): ["7.2"],
    (7, 2): ["7.1"],
    (7, 3): ["7.3"],
    (7, 4): ["7.4"],
    (7, 5): ["7.5"],
    (7, 6): ["7.6"],
    (8, 1): [],
    (8, 2): ["8.1"],
    (8, 3): ["8.4"],
    (8, 4): ["8.2"],
    (8, 5): [],
    (8, 6): ["8.4"],
    (8, 7): ["8.4"],
    (8, 8): ["8.4"],
    (8, 9): ["8.4"],
    (8, 10): ["8.3"],
    (8, 11): ["8.4"],
    (8, 12): ["8.4"],
    (8, 13): ["8.5"],
}

# section -> [(post name, staffing_type, task numbers)]
POSTS = {
    1: [
        ("正职岗位", "civil_service", [1, 11, 14, 15]),
        ("副职岗位", "civil_service", [9, 12, 13]),
        ("综合岗位", "contract", [2, 3, 4, 5, 6, 7, 8]),
        ("业务岗位", "civil_service", [10]),
    ],
    2: [("正职岗位", "civil_service", list(range(1, 11)))],
    3: [("正职岗位", "civil_service", [2, 3, 4, 6, 10, 11]), ("副职岗位", "civil_service", [1, 5, 7, 8, 9, 12, 13])],
    4: [("业务岗位", "public_institution", list(range(1, 13)))],
    5: [("正职岗位", "civil_service", list(range(1, 16))), ("综合岗位", "dispatched", [])],
    6: [("正职岗位", "civil_service", list(range(1, 11))), ("综合岗位", "seconded", [])],
    7: [("正职岗位", "civil_service", list(range(1, 7)))],
    8: [
        ("正职岗位", "civil_service", [1, 2, 4, 5, 9, 10, 11, 13]),
        ("副职岗位", "civil_service", [12]),
        ("业务岗1", "civil_service", [3]),
        ("业务岗2", "civil_service", [8]),
        ("业务岗3", "civil_service", [6, 7]),
    ],
}

UNHEADED_TITLES = {
    "3.2": "秘书科公文办理职责岗位规范工作流程",
    "6.4": "对公证机构及公证员进行监督",
    "6.5": "对法律援助及工作人员进行监督",
    "6.6": "人民调解工作",
    "6.7": "行政调解工作",
    "6.8": "行业性专业性调解工作",
    "6.9": "对基层法律服务执业机构及人员执业的检查",
}


@pytest.fixture(scope="module")
def data():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def by_model(data):
    out = {m: [] for m in MODELS}
    for obj in data:
        out[obj["model"]].append(obj)
    return out


@pytest.fixture(scope="module")
def procs(by_model):
    return {o["fields"]["code"]: o for o in by_model["org.procedure"]}


def test_models_in_order_with_sequential_pks(data, by_model):
    assert {o["model"] for o in data} == set(MODELS)
    order = [MODELS.index(o["model"]) for o in data]
    assert order == sorted(order)
    for model, objs in by_model.items():
        assert [o["pk"] for o in objs] == list(range(1, len(objs) + 1)), model


def test_sections(by_model):
    secs = by_model["org.section"]
    assert len(secs) == 8
    for o in secs:
        f = o["fields"]
        code, name, alt = SECTIONS[o["pk"]]
        assert (f["code"], f["name"], f["alt_name"]) == (code, name, alt)
        assert f["number"] == f["order"] == o["pk"]
        assert f["kind"] == "section"
        assert f["division_leader"] is None


def test_procedure_codes(procs):
    assert sorted(procs, key=lambda c: [int(p) for p in c.split(".")]) == PROCEDURE_CODES
    assert len(procs) == 75


def test_procedure_fields(by_model, procs):
    keys = [o["fields"]["sort_key"] for o in by_model["org.procedure"]]
    assert keys == sorted(keys)  # pk order follows document order
    for code, o in procs.items():
        f = o["fields"]
        assert f["sort_key"] == ".".join(f"{int(p):03d}" for p in code.split("."))
        assert f["section"] == int(code.split(".")[0])
        assert f["portal_url_name"] == PORTAL_URL_NAMES.get(code, "")
        assert f["title"] and len(f["title"]) <= 200
        assert f["body"]
        assert "[bookmark" not in f["body"] and "[bookmark" not in f["title"]
        assert "事项名称" in f["body"] or "流程图" in f["body"], code
        if code not in UNHEADED_TITLES:
            assert f["body"].startswith(code), code
            assert "流程" in f["title"], code


def test_procedure_titles(procs):
    assert procs["1.1.5"]["fields"]["title"] == "信访工作职责岗位规范工作流程"
    assert procs["1.4"]["fields"]["title"] == "会务工作流程"
    assert procs["1.5"]["fields"]["title"] == "值班工作流程"
    assert procs["1.10"]["fields"]["title"] == "建议提案办理工作流程图"
    assert procs["1.12"]["fields"]["title"] == "国有资产管理工作流程"
    assert procs["2.3"]["fields"]["title"] == "考核工作流程图"
    for code, title in UNHEADED_TITLES.items():
        assert procs[code]["fields"]["title"] == title
    assert procs["6.4"]["fields"]["body"].startswith("一、事项名称\n对公证机构及公证员进行监督")
    # the 行政调解 flow chart sits before its 事项名称 block and belongs to 6.7
    assert procs["6.7"]["fields"]["body"].startswith("申请行政调解")
    assert "行政调解" not in procs["6.6"]["fields"]["body"]


def test_procedure_bodies_are_complete(procs):
    # each body runs to the contact block of the procedure, not into the next one
    assert procs["1.1.1"]["fields"]["body"].endswith("办公地址：淄博市临淄区牛山路9号209室")
    assert "（二）政工科" not in procs["1.13"]["fields"]["body"]
    assert procs["8.5"]["fields"]["body"].endswith("巩固深化我区社区矫正“四方联动”经验成果。")
    for code, o in procs.items():
        assert o["fields"]["body"].count("一、事项名称") <= 1, code
        assert not re.search(r"\n\n\n", o["fields"]["body"]), code


def test_counts_per_section(by_model):
    for sec, (dept, sect, bnd, ntasks, nposts, nprocs) in COUNTS.items():
        kinds = Counter(o["fields"]["kind"] for o in by_model["org.duty"] if o["fields"]["section"] == sec)
        assert (kinds["department"], kinds["section"], kinds["boundary"]) == (dept, sect, bnd), sec
        assert sum(o["fields"]["section"] == sec for o in by_model["org.worktask"]) == ntasks, sec
        assert sum(o["fields"]["section"] == sec for o in by_model["org.post"]) == nposts, sec
        assert sum(o["fields"]["section"] == sec for o in by_model["org.procedure"]) == nprocs, sec


def test_duties(by_model):
    seen = {}
    for o in by_model["org.duty"]:
        f = o["fields"]
        seen.setdefault((f["section"], f["kind"]), []).append(f["number"])
        assert f["text"] and "[bookmark" not in f["text"]
        assert not re.match(r"^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+[.、])", f["text"])
        assert f["kind"] in {"department", "section", "boundary"}
    for key, nums in seen.items():
        assert nums == list(range(1, len(nums) + 1)), key
    texts = {
        (o["fields"]["section"], o["fields"]["kind"], o["fields"]["number"]): o["fields"]["text"]
        for o in by_model["org.duty"]
    }
    assert texts[(1, "department", 1)] == "负责本部门职责范围和分管行业领域的安全生产监督管理工作。"
    assert texts[(3, "section", 19)] == "承担区全民普法依法治理工作领导小组办公室的具体工作。"
    assert texts[(7, "section", 4)] == "指导公职律师、公司律师工作。"
    assert texts[(8, "section", 7)] == "承担社区矫正工作领导小组办公室的具体工作。"
    assert texts[(3, "boundary", 1)] == "开展重大专项督查工作。"
    assert texts[(3, "boundary", 2)].startswith("法治政府创建和依法行政先进单位创建工作。")
    assert "附件2" in texts[(3, "boundary", 2)]


def test_worktasks_and_procedure_references(by_model):
    proc_code = {o["pk"]: o["fields"]["code"] for o in by_model["org.procedure"]}
    proc_section = {o["pk"]: o["fields"]["section"] for o in by_model["org.procedure"]}
    got = {}
    for o in by_model["org.worktask"]:
        f = o["fields"]
        assert f["text"] and "流程规范" not in f["text"] and "附件" not in f["text"]
        for pk in f["procedures"]:
            assert pk in proc_code, f"task {o['pk']} points to missing procedure {pk}"
            assert proc_section[pk] == f["section"]
        got[(f["section"], f["number"])] = [proc_code[pk] for pk in f["procedures"]]
    assert got == TASK_PROCEDURES
    for sec in range(1, 9):
        nums = [n for s, n in got if s == sec]
        assert nums == list(range(1, len(nums) + 1))


def test_posts(by_model):
    tasks = {o["pk"]: o["fields"] for o in by_model["org.worktask"]}
    got = {}
    for o in by_model["org.post"]:
        f = o["fields"]
        for pk in f["tasks"]:
            assert pk in tasks and tasks[pk]["section"] == f["section"], (o["pk"], pk)
        assert f["staffing_type"] in {
            "civil_service",
            "public_institution",
            "contract",
            "dispatched",
            "seconded",
            "other",
            "",
        }
        got.setdefault(f["section"], []).append(
            (f["order"], f["name"], f["staffing_type"], [tasks[pk]["number"] for pk in f["tasks"]])
        )
    for sec, posts in POSTS.items():
        assert [p[0] for p in got[sec]] == list(range(1, len(posts) + 1))
        assert [p[1:] for p in got[sec]] == posts, sec


def test_post_texts(by_model):
    posts = {(o["fields"]["section"], o["fields"]["name"]): o["fields"] for o in by_model["org.post"]}
    p = posts[(1, "正职岗位")]
    assert p["responsibilities"] == "（1）主持科室全面工作；\n（2）承担科室工作任务第1、11、14、15项。"
    assert p["boundary_items"] == "" and p["remark"] == ""
    p = posts[(3, "正职岗位")]
    assert p["boundary_items"].startswith("1.开展重大专项督查工作。\n2.法治政府创建")
    assert posts[(5, "正职岗位")]["responsibilities"].endswith("负责科室工作第1-15项。")
    assert posts[(6, "综合岗位")]["responsibilities"] == "辅助正职岗位负责全面工作。"
    assert sum(bool(o["fields"]["boundary_items"]) for o in by_model["org.post"]) == 1


def test_unassigned_tasks(by_model):
    """Every task has a post, except the ones the table itself leaves out."""
    assigned = {pk for o in by_model["org.post"] for pk in o["fields"]["tasks"]}
    left = {
        (o["fields"]["section"], o["fields"]["number"]) for o in by_model["org.worktask"] if o["pk"] not in assigned
    }
    assert left == {(3, 14), (5, 16), (5, 17)}


def test_every_procedure_code_in_tasks_exists(procs):
    for refs in TASK_PROCEDURES.values():
        for code in refs:
            assert code in procs
    unreferenced = set(procs) - {c for refs in TASK_PROCEDURES.values() for c in refs}
    assert unreferenced == {"1.6", "3.3", "3.4", "5.5", "5.11"}
