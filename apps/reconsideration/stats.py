"""The section's statistics (seed 000 4.5; 实施条例 §58 analysis report): the month's or the
year's figures over what the viewer may see, by outcome, respondent, act type and track, the
correction rate, the 附带审查 and the 意见书/建议书, and the lawsuits won and lost. The same
figures feed the page, its Excel export (registers.ReconStats) and the leader's view."""

from collections import Counter, defaultdict

from .models import (
    CORRECTED,
    LOST,
    ActType,
    DecisionType,
    JudgmentResult,
    Lawsuit,
    Letter,
    LetterKind,
    LetterOutcome,
    NormReview,
    ReconCase,
    RespondentCase,
    Stage,
    Track,
)

WON = {JudgmentResult.DISMISS, JudgmentResult.REJECT_SUIT}


def rate(part, whole):
    return f"{part * 100 / whole:.1f}%" if whole else "—"


def _period(qs, field, year, month):
    qs = qs.filter(**{f"{field}__year": year})
    return qs.filter(**{f"{field}__month": month}) if month else qs


def figures(user, year, month=None):
    """Cases received in the period (by received_on), their outcomes so far; lawsuits served in it."""
    cases = list(
        _period(ReconCase.objects.visible_to(user), "received_on", year, month)
        .select_related("respondent")
        .only("stage", "track", "act_type", "decision_type", "respondent__name", "deemed_accepted", "case_id")
    )
    ids = [c.pk for c in cases]
    suits = list(_period(Lawsuit.objects.visible_to(user), "served_on", year, month).select_related("case"))
    answers = _period(RespondentCase.objects.visible_to(user), "copy_received_on", year, month).count()
    reviews = list(NormReview.objects.filter(recon_id__in=ids).only("competent", "result", "concluded_on"))
    letters = list(Letter.objects.filter(recon_id__in=ids).only("kind", "outcome", "reply_on"))
    decided = [c for c in cases if c.decision_type]
    corrected = [c for c in decided if c.decision_type in CORRECTED]

    def grouped(key, label):
        counts, fixed = Counter(), Counter()
        for c in cases:
            counts[key(c)] += 1
            if c.decision_type in CORRECTED:
                fixed[key(c)] += 1
        done = Counter(key(c) for c in decided)
        return [(label(k), n, done[k], fixed[k], rate(fixed[k], done[k])) for k, n in counts.most_common()]

    suit_result = Counter(s.final_result or s.judgment_result for s in suits if s.final_result or s.judgment_result)
    won = sum(n for k, n in suit_result.items() if k in WON)
    lost = sum(n for k, n in suit_result.items() if k in LOST)
    judged = sum(suit_result.values())
    letter_rows = defaultdict(lambda: [0, 0, 0])
    for letter in letters:
        row = letter_rows[letter.kind]
        row[0] += 1
        row[1] += letter.reply_on is not None
        row[2] += letter.outcome in (LetterOutcome.CORRECTED, LetterOutcome.PARTLY)
    return {
        "year": year,
        "month": month,
        "period": f"{year}年{month}月" if month else f"{year}年度",
        "received": len(cases),
        "accepted": sum(1 for c in cases if c.stage in (Stage.ACCEPTED, Stage.PAUSED, Stage.DECIDED)),
        "deemed": sum(1 for c in cases if c.deemed_accepted),
        "rejected": sum(1 for c in cases if c.stage == Stage.REJECTED),
        "withdrawn": sum(1 for c in cases if c.stage == Stage.WITHDRAWN),
        "open": sum(1 for c in cases if c.is_open),
        "decided": len(decided),
        "corrected": len(corrected),
        "correction_rate": rate(len(corrected), len(decided)),
        "by_respondent": grouped(lambda c: c.respondent.name, str),
        "by_act": grouped(lambda c: c.act_type, lambda k: ActType(k).label),
        "by_track": grouped(lambda c: c.track or "", lambda k: Track(k).label if k else "尚未受理（含不予受理）"),
        "by_result": [(DecisionType(k).label, n) for k, n in Counter(c.decision_type for c in decided).most_common()],
        "reviews": len(reviews),
        "reviews_forwarded": sum(1 for r in reviews if not r.competent),
        "reviews_unlawful": sum(1 for r in reviews if r.result == "unlawful"),
        "letters": [
            (LetterKind(k).label, *letter_rows[k], rate(letter_rows[k][2], letter_rows[k][1]))
            for k in LetterKind.values
            if k in letter_rows
        ],
        "answers": answers,
        "suits": len(suits),
        "suits_judged": judged,
        "suits_won": won,
        "suits_lost": lost,
        "loss_rate": rate(lost, judged),
        "by_suit_result": [(JudgmentResult(k).label, n) for k, n in suit_result.most_common()],
        "losses": [s for s in suits if s.lost],
    }


def analysis(f):
    """The report's paragraphs, written from the figures (the analysis report's first draft)."""
    lines = [
        f"{f['period']}，区人民政府（行政复议应诉科承办）共收到行政复议申请{f['received']}件，受理{f['accepted']}件"
        f"（其中审查期限届满视为受理{f['deemed']}件），不予受理{f['rejected']}件，视为放弃申请{f['withdrawn']}件，"
        f"尚未办结{f['open']}件。"
    ]
    if f["decided"]:
        top = ", ".join(f"{label}{n}件" for label, n in f["by_result"][:3])
        lines.append(
            f"已审结{f['decided']}件，主要为{top}；纠错（撤销、变更、确认违法、责令履行、确认无效）{f['corrected']}件，"
            f"纠错率{f['correction_rate']}。"
        )
        worst = [row for row in f["by_respondent"] if row[3]]
        if worst:
            worst.sort(key=lambda row: (-row[3], row[0]))
            lines.append(
                "被纠错较多的被申请人："
                + "；".join(
                    f"{name}（审结{done}件，纠错{fixed}件，纠错率{r}）" for name, _, done, fixed, r in worst[:3]
                )
                + "。"
            )
        acts = [row for row in f["by_act"] if row[1]]
        if acts:
            lines.append("申请集中的行政行为类别：" + "、".join(f"{label}{n}件" for label, n, *_ in acts[:3]) + "。")
    if f["reviews"]:
        lines.append(
            f"办理规范性文件附带审查{f['reviews']}件，其中转送有权机关{f['reviews_forwarded']}件，"
            f"认定相关条款不合法并责令纠正{f['reviews_unlawful']}件。"
        )
    for label, issued, replied, adopted, r in f["letters"]:
        lines.append(f"制发{label}{issued}份，已回复{replied}份，其中纠正（采纳）{adopted}份（纠正率{r}）。")
    lines.append(f"本局作为被申请人答复行政复议{f['answers']}件。")
    if f["suits"]:
        lines.append(
            f"办理行政应诉案件{f['suits']}件，已裁判（结案）{f['suits_judged']}件，胜诉{f['suits_won']}件，"
            f"败诉{f['suits_lost']}件，败诉率{f['loss_rate']}。"
        )
    return lines
