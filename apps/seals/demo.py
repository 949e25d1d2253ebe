"""Demo seals, carving and seal-use requests in every state, moved by the real services
(seed_demo calls create_demo_cases)."""

import math
from datetime import timedelta
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.org.models import Section
from apps.workflow import api as engine
from apps.workflow.models import Task

from . import services
from .models import Seal, SealChain, SealKind

DEMO_PDF = b"%PDF-1.4\n% demo document to be stamped\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def impression_png(text, size=320):
    """A red round seal impression for the demo (Pillow ships with WeasyPrint)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    red = (200, 16, 32, 255)
    draw.ellipse((8, 8, size - 8, size - 8), outline=red, width=10)
    c = size / 2
    star = []
    for i in range(10):
        r = 46 if i % 2 == 0 else 18
        angle = -math.pi / 2 + i * math.pi / 5
        star.append((c + r * math.cos(angle), c - 10 + r * math.sin(angle)))
    draw.polygon(star, fill=red)
    try:
        font = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 26)
    except OSError:
        font = ImageFont.load_default()
    line = text[-10:]
    width = draw.textlength(line, font=font)
    draw.text((c - width / 2, c + 50), line, fill=red, font=font)
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile("impression.png", buffer.getvalue(), content_type="image/png")


def _document(name):
    return SimpleUploadedFile(name, DEMO_PDF, content_type="application/pdf")


def _pending(case):
    return list(case.tasks.filter(status=Task.Status.PENDING).exclude(kind=Task.Kind.READ).select_related("assignee"))


def _approve(case, opinion="同意。"):
    for task in _pending(case):
        engine.approve(case.pk, task.pk, task.assignee, opinion)


def _use(user, seal, reason, document_title, copies, submit=True, exception_reason=""):
    data = {
        "seal": seal,
        "reason": reason,
        "document_title": document_title,
        "document_case": None,
        "copies": copies,
        "exception": bool(exception_reason),
        "exception_reason": exception_reason,
    }
    uploads = [] if exception_reason else [_document(f"{document_title or '用印文件'}.pdf")]
    return services.save_use_request(user, data, uploads, submit=submit)


def create_demo_cases(u):
    sections = {s.code: s for s in Section.objects.all()}
    keeper = u["office.seal"]
    today = timezone.localdate()
    year_start = today.replace(month=1, day=1)

    def seal(name, kind, owner, keeper_user, chain=None, **fields):
        row = Seal.objects.create(
            name=name,
            kind=kind,
            owner_unit=sections[owner],
            keeper=keeper_user,
            approval_chain=chain or SealChain.STANDARD,
            carved_on=year_start - timedelta(days=900),
            enabled_on=year_start - timedelta(days=890),
            **fields,
        )
        services.store_impression(row, impression_png(name))
        return row

    bureau = seal("淄博市临淄区司法局", SealKind.OFFICIAL, "office", keeper)
    party = seal("中共淄博市临淄区司法局党组", SealKind.PARTY, "office", keeper)
    signature = seal("局长王正清签名章", SealKind.SIGNATURE, "office", keeper, SealChain.DIRECTOR)
    # The 印文 of the steel seal is the bureau's name; its kind is shown beside it (Seal.label).
    seal("淄博市临淄区司法局", SealKind.STEEL, "office", keeper)
    recon = seal(
        "淄博市临淄区司法局行政复议专用章", SealKind.SPECIAL, "reconsideration", u["recon.clerk"], SealChain.SECTION
    )
    old_office = seal(
        "淄博市临淄区司法局办公室", SealKind.SECTION, "office", keeper, SealChain.SECTION, note="印面磨损"
    )
    Seal.objects.create(
        name="临淄区司法局法律援助中心（旧章）",
        kind=SealKind.SPECIAL,
        owner_unit=sections["office"],
        keeper=keeper,
        status=Seal.Status.RETIRED,
        carved_on=year_start - timedelta(days=3000),
        enabled_on=year_start - timedelta(days=2990),
        retired_on=year_start - timedelta(days=400),
        status_reason="机构更名，旧章停用，交回办公室保存",
    )
    made = 0

    # A draft not yet submitted.
    _use(
        u["office.clerk"],
        bureau,
        "向区委依法治区办报送年度法治政府建设报告。",
        "临淄区司法局2026年法治政府建设情况报告",
        3,
        submit=False,
    )
    made += 1

    # At the requester's chief.
    _use(u["personnel.clerk"], party, "报送党组年度民主生活会情况报告。", "关于2026年度党组民主生活会召开情况的报告", 2)
    made += 1

    # At the division leader after the chief agreed.
    case = _use(
        u["law.clerk"], bureau, "普法宣传月活动通知加盖公章后下发各镇街。", "关于开展2026年“宪法宣传周”活动的通知", 20
    )
    _approve(case, "情况属实，同意用印。")
    made += 1

    # Approved: waiting on the keeper's desk.
    case = _use(
        u["service.clerk"],
        bureau,
        "与区法律援助中心签订值班律师服务协议（协议文本已定稿）。",
        "临淄区公共法律服务中心值班律师服务协议",
        4,
    )
    _approve(case, "同意。")
    _approve(case, "同意，按协议定稿用印。")
    made += 1

    # Partly stamped: 6 of 10 copies, the rest to come.
    case = _use(
        u["lawyer.clerk"],
        bureau,
        "律师事务所年度检查考核结果通知加盖公章。",
        "关于2025年度律师事务所年度检查考核结果的通报",
        10,
    )
    _approve(case)
    _approve(case, "同意。")
    services.record_stamping(case.pk, keeper, copies=6, stamped_on=today, note="首批 6 份，其余待打印后用印")
    made += 1

    # Stamped in full today: closed.
    case = _use(
        u["correct.clerk"], bureau, "社区矫正对象解除矫正证明书加盖公章。", "解除社区矫正证明书（2026第118号）", 2
    )
    _approve(case)
    _approve(case, "同意。")
    services.record_stamping(case.pk, keeper, copies=2, stamped_on=today)
    made += 1

    # The director's signature seal: at the director after the chief.
    case = _use(
        u["recon.clerk"], signature, "行政复议决定书需加盖局长签名章。", "临司复决字〔2026〕第21号行政复议决定书", 5
    )
    _approve(case, "决定书经案审会讨论通过，同意。")
    made += 1

    # A written exception (letter of introduction): the main leader must approve.
    case = _use(
        u["office.clerk"],
        bureau,
        "为赴市司法局调取档案开具介绍信。",
        "",
        1,
        exception_reason="赴市司法局档案室调取2019年行政复议案卷，对方要求持盖章介绍信，介绍信已按统一编页填写完整。",
    )
    _approve(case, "同意，报局领导。")
    _approve(case, "同意，报局长批准。")
    made += 1

    # Refused by the chief.
    case = _use(u["enforce.clerk"], bureau, "执法检查通知盖章。", "关于开展行政执法案卷评查的通知（征求意见稿）", 15)
    task = _pending(case)[0]
    engine.reject(case.pk, task.pk, task.assignee, "征求意见稿不属于用印范围，定稿后再申请。")
    made += 1

    # Section seal kept by the section itself.
    case = _use(
        u["recon.clerk"],
        recon,
        "行政复议受理通知书加盖复议专用章。",
        "行政复议受理通知书（临司复受字〔2026〕第35号）",
        3,
    )
    made += 1

    # Carving: a replacement waiting at the office chief.
    data = {
        "seal_name": "淄博市临淄区司法局行政复议专用章",
        "kind": SealKind.SPECIAL,
        "owner_unit": sections["reconsideration"],
        "purpose": "replace",
        "old_seal": recon,
        "reason": "复议专用章使用多年，印面磨损、字迹不清，申请重新刻制。",
    }
    services.save_carving_request(u["recon.clerk"], data, submit=True)
    made += 1

    # Carving done end to end: approved, carved, registered; the old office seal handed back.
    data = {
        "seal_name": "淄博市临淄区司法局办公室",
        "kind": SealKind.SECTION,
        "owner_unit": sections["office"],
        "purpose": "replace",
        "old_seal": old_office,
        "reason": "办公室印章印面磨损，申请重新刻制。",
    }
    case = services.save_carving_request(u["office.clerk"], data, submit=True)
    _approve(case, "情况属实，同意刻制，请开具介绍信。")
    _approve(case, "同意。")
    task = _pending(case)[0]
    engine.complete(case.pk, task.pk, u["office.clerk"], "已持介绍信等材料到刻章处刻制完成。")
    services.register_carved_seal(
        case.pk,
        keeper,
        keeper=keeper,
        handed_by=u["office.clerk"],
        witness=u["office.chief"],
        carved_on=today - timedelta(days=1),
        enabled_on=today,
        impression=impression_png("淄博市临淄区司法局办公室"),
        old_handed_by=u["office.receiver"],
    )
    made += 1
    return made
