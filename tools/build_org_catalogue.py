#!/usr/bin/env python3
"""Build fixtures/org_catalogue.json from seed 000 (临淄区司法局“三定”职责表 + 附件1).

Usage:
    python tools/build_org_catalogue.py SEED.txt fixtures/org_catalogue.json

Standalone, standard library only (Python 3.11).

The seed is a text dump of a Word document in two parts:

Part 1 -- the duty table, one block per section.  Each block starts with a
title line (``1.办公室``), then table rows separated by empty lines.  Inside a
row every cell starts with a line beginning with a TAB; lines without a
leading TAB continue the current cell.  Data rows have seven cells:

    部门主要职责 | 科室职责 | 科室工作任务 | 岗位名称 | 岗位责任 | 科室间职责边界事项 | 备注

(vertically merged cells come through as empty cells on later rows).

Part 2 -- Appendix 1, one procedure per duty, headed ``1.1.1文件办理…工作流程``.
A few procedures have no numbered heading; they are found by the gaps in the
numbering (3.1 -> 3.3, 6.3 -> 6.10) and located through their ``一、事项名称``
blocks.

Warnings (unresolved procedure references, odd numbering, ...) go to stderr,
a per-section summary goes to stdout.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

# --------------------------------------------------------------------------
# constants

# Appendix-1 procedures that a portal page runs (org.Procedure.portal_url_name), per section app.
PORTAL_URL_NAMES = {
    "1.1.1": "documents:desk",  # 文件办理（收文、发文）
    "1.1.8": "documents:outgoing_list",  # 文稿起草（发文拟稿）
    "1.1.2": "confidential:list",  # 密级文件、电报办理（只登记）
    "1.1.4": "archives:catalogue",  # 档案工作
    "1.1.5": "petitions:list",  # 信访工作（登记、受理、办理、复查）
    "1.1.6": "supervision:list",  # 督查工作（督办事项登记、催办、办结报告）
    "1.9": "disclosure:list",  # 政府信息公开
    "1.10": "proposals:list",  # 人大代表建议、政协提案办理
    "1.1.9": "seals:use_list",  # 印章管理
    "3.1": "documents:incoming_list",  # 秘书科来文办理
    "3.2": "documents:outgoing_list",  # 秘书科公文办理
    "3.4": "seals:use_list",  # 公章管理
    "1.11": "finance:claim_list",  # 财务管理（报销、借款）
    "1.2": "finance:hospitality_list",  # 公务接待
    "1.4": "meetings:list",  # 会务工作
    "1.5": "duty:home",  # 值班工作
    "3.3": "meetings:list",  # 秘书科会务工作
    "1.3": "finance:supply_list",  # 办公用品管理发放
    "1.12": "finance:asset_list",  # 国有资产管理
    "2.1": "hr:staff_list",  # 工作人员管理（人员档案、退休台账）
    "2.3": "hr:appraisals",  # 考核
    "2.4": "hr:passports",  # 因私出国（境）证件管理
    "4.1": "reconsideration:home",
    "4.2": "reconsideration:lawsuits",
    "4.3": "reconsideration:staff",
    "4.4": "reconsideration:committee",
    "4.5": "reconsideration:stats",
    "6.1": "legal_services:plans",
    "6.2": "legal_services:plans",
    "6.3": "legal_services:plans",
    "6.4": "legal_services:units",
    "6.5": "legal_services:aid_list",
    "6.6": "legal_services:mediations",
    "6.7": "legal_services:mediations",
    "6.8": "legal_services:mediations",
    "6.9": "legal_services:units",
    "6.10": "legal_services:licences",
    "6.11": "legal_services:penalties",
    "6.12": "legal_services:units",
    "6.13": "legal_services:selections",
    "6.14": "legal_services:people",
    "5.9": "normative_files:home",
    "5.10": "normative_files:filings",
    "5.11": "normative_files:cleanups",
    "5.1": "enforcement:bodies",
    "5.2": "enforcement:complaints",
    "5.3": "enforcement:disputes",
    "5.4": "enforcement:certificates",
    "5.5": "enforcement:certificates",
    "5.6": "enforcement:certificates",
    "5.7": "enforcement:reviews",
    "5.8": "enforcement:reviews",
    "8.1": "community_correction:plans",
    "8.2": "community_correction:subjects",
    "8.3": "community_correction:social",
    "8.4": "community_correction:hazards",
    "8.5": "community_correction:committee",
    "3.5": "rule_of_law:plans",
    "3.6": "rule_of_law:assessments",
    "3.7": "rule_of_law:sessions",
    "3.8": "rule_of_law:campaigns",
    "7.1": "lawyers:firms",
    "7.2": "lawyers:plans",
    "7.3": "lawyers:assessment",
    "7.4": "lawyers:advisers",
    "7.5": "lawyers:lawyers",
    "7.6": "lawyers:complaints",
    "1.1.3": "secrecy:home",
    "1.1.7": "emergency:home",
    "1.6": "research:home",
    "1.7": "bulletin:home",
    "1.8": "it_projects:home",
    "1.13": "hr:pay_changes",
    "2.2": "training:home",
    "2.5": "village:home",
}

SECTION_CODES = {
    1: "office",
    2: "personnel",
    3: "rule_of_law",
    4: "reconsideration",
    5: "enforcement",
    6: "public_legal",
    7: "lawyers",
    8: "correction",
}

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

# (keyword, staffing_type); checked in order against the 备注 cell.
STAFFING = [
    ("行政编制", "civil_service"),
    ("事业编制", "public_institution"),
    ("合同制", "contract"),
    ("劳务派遣", "dispatched"),
    ("司法所借调", "seconded"),
    ("借调", "seconded"),
]

BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]*\]")
CN_NUM = "零〇一二三四五六七八九十百两"

# "1.1.1文件办理…工作流程" (code then text mentioning 流程)
PROC_HEADING_RE = re.compile(r"^([1-9]\d?(?:\.\d{1,2}){1,2})(?![\d.])\s*(\S.*流程.*)$")
# Appendix section heading "（二）政工科" -- matched against the known section names.
APPX_SECTION_RE = re.compile(rf"^（([{CN_NUM}]+)）(.+)$")
ITEM_NAME_RE = re.compile(r"^\s*(?:[一1][、.．]\s*)?事项名称\s*$")
CONTACT_RE = re.compile(r"^\s*(联系人|联系方式|联系电话|办公地址|工作地址|地址)\s*[:：]")
UNNUMBERED_TITLE_RE = re.compile(r"^[^\d（(一二三四五六七八九十\s].*职责岗位规范工作流程$")

DEPT_ITEM_RE = re.compile(rf"^([{CN_NUM}]+)、\s*")
SECT_ITEM_RE = re.compile(rf"(?:^|(?<=\s)|(?<=。)|(?<=；))（([{CN_NUM}]+)）")
TASK_ITEM_RE = re.compile(r"^(\d+)\s*[.、．]\s*")
BOUNDARY_ITEM_RE = re.compile(r"^(\d+)\s*[.、．]\s*")
REF_RE = re.compile(rf"[（(]\s*流程规范见附件\s*1\s*[:：]\s*[（(]([{CN_NUM}]+)[）)]\s*[-－—–]\s*([^）)]*)[）)]")
POST_TASKS_RE = re.compile(r"第\s*([0-9][0-9、，,\s\-－—–~～至到]*)\s*项")


def warn(msg: str) -> None:
    print(f"WARNING: {msg}", file=sys.stderr)


def cn_to_int(s: str) -> int:
    """Chinese numerals up to 99 (一, 十, 十一, 二十, 二十三)."""
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)
    return CN_DIGITS[s]


def strip_noise(line: str) -> str:
    return BOOKMARK_RE.sub("", line)


def clean(text: str) -> str:
    """Whitespace-tidy a cell: trim every line, drop empty lines."""
    lines = [ln.strip() for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln)


def sort_key(code: str) -> str:
    return ".".join(f"{int(p):03d}" for p in code.split("."))


def code_tuple(code: str) -> tuple[int, ...]:
    return tuple(int(p) for p in code.split("."))


# --------------------------------------------------------------------------
# part 2: procedures


@dataclass
class Proc:
    code: str
    title: str
    start: int  # index into lines (inclusive)
    end: int = 0  # exclusive
    body: str = ""
    numbered: bool = True


def clean_title(text: str) -> str:
    """'会务工作流程相关材料整理归档' -> '会务工作流程'; keep '…流程图' when the heading says so."""
    text = text.strip()
    m = re.search(r"流程图?", text)
    if m:
        text = text[: m.end()]
    return text.strip()


def find_procedures(lines: list[str], first: int, section_names: set[str]) -> list[Proc]:
    headings: list[Proc] = []
    for i in range(first, len(lines)):
        m = PROC_HEADING_RE.match(strip_noise(lines[i]).strip())
        if m:
            headings.append(Proc(code=m.group(1), title=clean_title(m.group(2)), start=i))

    seen = set()
    for h in headings:
        if h.code in seen:
            warn(f"duplicate procedure heading {h.code} at line {h.start + 1}")
        seen.add(h.code)

    procs: list[Proc] = []
    for n, h in enumerate(headings):
        procs.append(h)
        span_end = headings[n + 1].start if n + 1 < len(headings) else len(lines)
        nxt = headings[n + 1] if n + 1 < len(headings) else None
        if nxt is None:
            continue
        a, b = code_tuple(h.code), code_tuple(nxt.code)
        if len(a) != len(b) or a[:-1] != b[:-1] or b[-1] - a[-1] <= 1:
            if a[:-1] == b[:-1] and len(a) == len(b) and b[-1] <= a[-1]:
                warn(f"procedure numbering goes backwards: {h.code} -> {nxt.code}")
            continue
        missing = b[-1] - a[-1] - 1
        # Candidates: every 事项名称 block in this heading's span.  An unnumbered
        # title line right before it (…职责岗位规范工作流程) opens the block.
        cands: list[tuple[int, int, str | None]] = []  # (start line, 事项名称 line, title)
        for i in range(h.start + 1, span_end):
            if ITEM_NAME_RE.match(strip_noise(lines[i])):
                title_line = None
                j, seen_nonblank = i - 1, 0
                while j > h.start and seen_nonblank < 2:
                    t = strip_noise(lines[j]).strip()
                    if t:
                        seen_nonblank += 1
                        if UNNUMBERED_TITLE_RE.match(t):
                            title_line = j
                            break
                    j -= 1
                cands.append(
                    (
                        title_line if title_line is not None else i,
                        i,
                        strip_noise(lines[title_line]).strip() if title_line is not None else None,
                    )
                )
        if len(cands) < missing:
            warn(
                f"between {h.code} and {nxt.code} {missing} procedure(s) lack a heading, "
                f"but only {len(cands)} 事项名称 block(s) found; they are left inside {h.code}"
            )
            continue
        new = cands[len(cands) - missing :]
        prev_start = h.start
        for k, (start, item_line, title) in enumerate(new):
            code = ".".join(str(x) for x in a[:-1] + (a[-1] + k + 1,))
            if title is None:
                # 事项名称 value is on the next non-empty line.
                val = ""
                for j in range(item_line + 1, span_end):
                    val = strip_noise(lines[j]).strip()
                    if val:
                        break
                title = val.rstrip("。.；;，, ")
                # Any flow chart between the previous procedure's contact block
                # and this 事项名称 belongs to this procedure.
                for j in range(item_line - 1, prev_start, -1):
                    if CONTACT_RE.match(strip_noise(lines[j])):
                        start = j + 1
                        while start < item_line and not strip_noise(lines[start]).strip():
                            start += 1
                        break
            else:
                title = clean_title(title)
            procs.append(Proc(code=code, title=title, start=start, numbered=False))
            print(
                f"note: procedure {code} has no numbered heading; found at line {start + 1}: {title}", file=sys.stderr
            )
            prev_start = start

    procs.sort(key=lambda p: p.start)
    for n, p in enumerate(procs):
        p.end = procs[n + 1].start if n + 1 < len(procs) else len(lines)
        body_lines = []
        for ln in lines[p.start : p.end]:
            t = strip_noise(ln).strip()
            m = APPX_SECTION_RE.match(t)
            if m and m.group(2) in section_names:
                continue  # appendix section heading such as （二）政工科
            body_lines.append(t)
        # collapse runs of blank lines, trim the ends
        out: list[str] = []
        for t in body_lines:
            if not t and (not out or not out[-1]):
                continue
            out.append(t)
        while out and not out[-1]:
            out.pop()
        p.body = "\n".join(out)
    procs.sort(key=lambda p: code_tuple(p.code))
    return procs


# --------------------------------------------------------------------------
# part 1: the duty table


@dataclass
class SectionData:
    number: int
    name: str
    alt_name: str
    rows: list[list[str]] = field(default_factory=list)
    dept: list[str] = field(default_factory=list)
    sect: list[str] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    posts: list[list[str]] = field(default_factory=list)  # [name, resp, boundary, remark]


SECTION_TITLE_RE = re.compile(r"^\s*([1-9])\s*[.．、]\s*(\S.*)$")


def split_sections(lines: list[str], end: int) -> list[SectionData]:
    sections: list[SectionData] = []
    starts = []
    for i in range(end):
        ln = lines[i]
        if ln.startswith("\t"):
            continue
        m = SECTION_TITLE_RE.match(strip_noise(ln))
        if m and i + 1 < end and "三定" in lines[i + 1]:
            starts.append((i, int(m.group(1)), m.group(2).strip()))
    for n, (i, num, title) in enumerate(starts):
        stop = starts[n + 1][0] if n + 1 < len(starts) else end
        m = re.match(r"^(.*?)（挂(.+?)牌子）$", title)
        name, alt = (m.group(1), m.group(2)) if m else (title, "")
        sec = SectionData(number=num, name=name.strip(), alt_name=alt.strip())
        # rows: separated by empty lines; cells start with TAB
        row: list[str] = []
        for ln in lines[i + 1 : stop]:
            if ln.strip("\n") == "":
                if row:
                    sec.rows.append(row)
                row = []
                continue
            ln = strip_noise(ln)
            if ln.startswith("\t"):
                row.append(ln[1:])
            elif row:
                row[-1] += "\n" + ln
            else:
                warn(f"section {num}: text outside any cell: {ln!r}")
        if row:
            sec.rows.append(row)
        sections.append(sec)
    return sections


def split_items(text: str, marker: re.Pattern, what: str, per_line: bool = True) -> list[str]:
    """Split a cell into numbered items; marker group(1) is the number."""
    items: list[tuple[str | None, str]] = []
    if per_line:
        for ln in clean(text).split("\n"):
            m = marker.match(ln)
            if m:
                items.append((m.group(1), ln[m.end() :]))
            elif items:
                items[-1] = (items[-1][0], items[-1][1] + ln)
            else:
                items.append((None, ln))
    else:
        flat = clean(text).replace("\n", "")
        pos = [m for m in marker.finditer(flat)]
        if not pos:
            items.append((None, flat))
        else:
            if pos[0].start() > 0:
                items.append((None, flat[: pos[0].start()]))
            for k, m in enumerate(pos):
                stop = pos[k + 1].start() if k + 1 < len(pos) else len(flat)
                items.append((m.group(1), flat[m.end() : stop]))
    if items and all(num is None for num, _ in items):
        # No numbering at all (sections 7 and 8): one duty per sentence.
        flat = "".join(t for _, t in items)
        parts = [p + "。" for p in flat.split("。") if p.strip()]
        if not flat.endswith("。") and parts:
            parts[-1] = parts[-1][:-1]
        if len(parts) > 1:
            warn(f"{what}: no item numbers, split into {len(parts)} sentences")
        return [p.strip() for p in parts]
    out = []
    for _k, (num, t) in enumerate(items, 1):
        if num is None:
            warn(f"{what}: unnumbered text before first item: {t!r}")
            continue
        n = int(num) if num.isdigit() else cn_to_int(num)
        if n != len(out) + 1:
            warn(f"{what}: item numbered {num} found at position {len(out) + 1}")
        out.append(t.strip())
    return out


def parse_post_tasks(resp: str, what: str) -> list[int]:
    nums: list[int] = []
    for m in POST_TASKS_RE.finditer(resp):
        for part in re.split(r"[、，,\s]+", m.group(1)):
            if not part:
                continue
            r = re.split(r"[\-－—–~～至到]", part)
            if len(r) == 2 and r[0].isdigit() and r[1].isdigit():
                nums.extend(range(int(r[0]), int(r[1]) + 1))
            elif part.isdigit():
                nums.append(int(part))
            else:
                warn(f"{what}: cannot read task number {part!r}")
    return nums


def parse_refs(section_no: int, task_no: int, text: str, codes: set[str], problems: list[str]) -> tuple[str, list[str]]:
    """Return (task text without the reference, list of procedure codes)."""
    found: list[str] = []
    m = REF_RE.search(text)
    if not m:
        if "流程规范" in text:
            problems.append(f"section {section_no} task {task_no}: unreadable reference in {text!r}")
        return text.strip(), found
    if cn_to_int(m.group(1)) != section_no:
        problems.append(
            f"section {section_no} task {task_no}: reference names appendix part "
            f"（{m.group(1)}） instead of its own section"
        )
    prev: list[str] | None = None
    for tok in re.split(r"[、，,；;\s]+", m.group(2).strip()):
        if not tok:
            continue
        if "." in tok:
            parts = tok.strip(".").split(".")
            prev = parts
            cand = [".".join(parts)]
        elif tok.isdigit() and prev:
            # Shorthand: a bare number replaces the last part of the previous full code.
            cand = [".".join(prev[:-1] + [tok])]
            if len(prev) == 3:
                cand.append(f"{prev[0]}.{tok}")  # fallback: 2-level sibling
        elif tok.isdigit():
            cand = [f"{section_no}.{tok}"]
        else:
            problems.append(f"section {section_no} task {task_no}: cannot read reference token {tok!r}")
            continue
        hit = next((c for c in cand if c in codes), None)
        if hit is None:
            problems.append(
                f"section {section_no} task {task_no}: reference {tok!r} "
                f"(read as {cand[0]}) matches no procedure -- dropped"
            )
            continue
        if hit != cand[0]:
            problems.append(
                f"section {section_no} task {task_no}: reference {tok!r} read as {hit} because {cand[0]} does not exist"
            )
        if hit not in found:
            found.append(hit)
    stripped = (text[: m.start()] + text[m.end() :]).strip()
    return stripped, found


def staffing_of(remark: str) -> tuple[str, str]:
    r = clean(remark)
    if not r:
        return "", ""
    for kw, st in STAFFING:
        if kw in r:
            rest = r.replace(kw, "", 1).strip()
            if rest in ("人员", "人", "。"):
                rest = ""
            return st, rest
    return "other", r


# --------------------------------------------------------------------------


def build(src: Path) -> tuple[list[dict], list[str]]:
    raw = src.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n")
    lines = raw.split("\n")

    # Part 2 begins at the first procedure heading (1.1.1 …).
    part2 = next(
        i for i, ln in enumerate(lines) if not ln.startswith("\t") and PROC_HEADING_RE.match(strip_noise(ln).strip())
    )
    sections = split_sections(lines, part2)
    if [s.number for s in sections] != list(range(1, 9)):
        warn(f"expected sections 1..8, found {[s.number for s in sections]}")
    names = {s.name for s in sections} | {f"{s.name}（挂{s.alt_name}牌子）" for s in sections if s.alt_name}
    procs = find_procedures(lines, part2, names)
    codes = {p.code for p in procs}
    problems: list[str] = []

    fixture: list[dict] = []
    sec_pk = {}
    for s in sections:
        sec_pk[s.number] = s.number
        fixture.append(
            {
                "model": "org.section",
                "pk": s.number,
                "fields": {
                    "code": SECTION_CODES[s.number],
                    "number": s.number,
                    "name": s.name,
                    "alt_name": s.alt_name,
                    "kind": "section",
                    "division_leader": None,
                    "order": s.number,
                },
            }
        )

    proc_pk = {}
    for pk, p in enumerate(procs, 1):
        sec_no = int(p.code.split(".")[0])
        if sec_no not in sec_pk:
            warn(f"procedure {p.code} belongs to no section")
            continue
        proc_pk[p.code] = pk
        fixture.append(
            {
                "model": "org.procedure",
                "pk": pk,
                "fields": {
                    "code": p.code,
                    "title": p.title,
                    "section": sec_pk[sec_no],
                    "body": p.body,
                    "sort_key": sort_key(p.code),
                    "portal_url_name": PORTAL_URL_NAMES.get(p.code, ""),
                },
            }
        )

    duties, tasks, posts = [], [], []
    for s in sections:
        what = f"section {s.number}"
        dept_txt, sect_txt, task_txt = [], [], []
        post_rows = []
        for row in s.rows:
            flat = [c for c in row]
            if any("三定" in c for c in flat) or any(c.strip() == "部门主要职责" for c in flat):
                continue  # header rows
            if not any(clean(c) for c in flat):
                continue
            if len(flat) != 7:
                warn(f"{what}: data row with {len(flat)} cells (expected 7): {[clean(c)[:20] for c in flat]}")
                flat = (flat + [""] * 7)[:7]
            d, sc, t, name, resp, bnd, rem = flat
            if clean(d):
                dept_txt.append(d)
            if clean(sc):
                sect_txt.append(sc)
            if clean(t):
                task_txt.append(t)
            if any(clean(x) for x in (name, resp, bnd, rem)):
                post_rows.append((name, resp, bnd, rem))
        s.dept = split_items("\n".join(dept_txt), DEPT_ITEM_RE, f"{what} 部门主要职责")
        s.sect = split_items("\n".join(sect_txt), SECT_ITEM_RE, f"{what} 科室职责", per_line=False)
        s.tasks = split_items("\n".join(task_txt), TASK_ITEM_RE, f"{what} 科室工作任务")

        for n, txt in enumerate(s.dept, 1):
            duties.append((s.number, "department", n, txt))
        for n, txt in enumerate(s.sect, 1):
            duties.append((s.number, "section", n, txt))

        task_pk_of = {}
        for n, txt in enumerate(s.tasks, 1):
            text, refs = parse_refs(s.number, n, txt, codes, problems)
            text = text.rstrip("；; ")
            tasks.append((s.number, n, text, [proc_pk[c] for c in refs]))
            task_pk_of[n] = len(tasks)

        bnd_no = 0
        for order, (name, resp, bnd, rem) in enumerate(post_rows, 1):
            pname = clean(name).replace("\n", "")
            presp = clean(resp)
            pb = clean(bnd)
            if pb in ("无", "/", "-", "—"):
                pb = ""
            if pb:
                for item in split_items(pb, BOUNDARY_ITEM_RE, f"{what} 边界事项"):
                    bnd_no += 1
                    duties.append((s.number, "boundary", bnd_no, item))
            st, remark = staffing_of(rem)
            nums = parse_post_tasks(presp, f"{what} post {pname}")
            tpks = []
            for k in nums:
                if k not in task_pk_of:
                    problems.append(f"{what} post {pname}: task {k} does not exist")
                elif task_pk_of[k] not in tpks:
                    tpks.append(task_pk_of[k])
            if not pname:
                warn(f"{what}: post row without a name: {presp[:30]!r}")
            posts.append((s.number, pname, presp, st, tpks, pb, remark, order))

    for pk, (sec, kind, n, txt) in enumerate(duties, 1):
        fixture.append(
            {"model": "org.duty", "pk": pk, "fields": {"section": sec_pk[sec], "kind": kind, "number": n, "text": txt}}
        )
    for pk, (sec, n, txt, ppks) in enumerate(tasks, 1):
        fixture.append(
            {
                "model": "org.worktask",
                "pk": pk,
                "fields": {"section": sec_pk[sec], "number": n, "text": txt, "procedures": ppks},
            }
        )
    for pk, (sec, name, resp, st, tpks, pb, remark, order) in enumerate(posts, 1):
        fixture.append(
            {
                "model": "org.post",
                "pk": pk,
                "fields": {
                    "section": sec_pk[sec],
                    "name": name,
                    "responsibilities": resp,
                    "staffing_type": st,
                    "tasks": tpks,
                    "boundary_items": pb,
                    "remark": remark,
                    "order": order,
                },
            }
        )
    return fixture, problems


def summary(fixture: list[dict]) -> str:
    out = [f"{'sec':>3} {'dept':>4} {'sect':>4} {'bnd':>3} {'tasks':>5} {'posts':>5} {'procs':>5}  name"]
    for s in (o for o in fixture if o["model"] == "org.section"):
        pk = s["pk"]

        def cnt(model, pk=pk, **kw):
            return sum(
                1
                for o in fixture
                if o["model"] == model
                and o["fields"]["section"] == pk
                and all(o["fields"].get(k) == v for k, v in kw.items())
            )

        out.append(
            f"{s['fields']['number']:>3} {cnt('org.duty', kind='department'):>4} "
            f"{cnt('org.duty', kind='section'):>4} {cnt('org.duty', kind='boundary'):>3} "
            f"{cnt('org.worktask'):>5} {cnt('org.post'):>5} {cnt('org.procedure'):>5}  "
            f"{s['fields']['name']}"
        )
    return "\n".join(out)


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    fixture, problems = build(Path(argv[1]))
    for p in problems:
        warn(p)
    out = Path(argv[2])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(fixture, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(fixture)} objects to {out}")
    print(summary(fixture))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
