"""信息化建设 (seed 000 1.8): a project from the request (接收任务、报请领导) through the
approval chain (办公室主任审核 → 分管领导批示 → 5,000 元以上经局班子集体研究、主要领导审批),
审查采购 (区大数据局技术审查、区财政局经费审查、采购), 建设与验收 (vendor, using section and IT
sign), to the asset record."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from apps.workflow.models import Case

User = settings.AUTH_USER_MODEL


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user).values("pk"))


class Project(models.Model):
    class Source(models.TextChoices):
        CITY = "city", "市司法局要求"
        DISTRICT = "district", "区政府要求"
        SECTION = "section", "业务科室需求"

    class Procurement(models.TextChoices):
        OPEN = "open", "公开招标"
        COMPETITIVE = "competitive", "竞争性谈判/磋商"
        INQUIRY = "inquiry", "询价"
        SINGLE = "single", "单一来源"
        MALL = "mall", "政府采购网上商城"
        SMALL = "small", "小额自行采购"

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="it_project")
    title = models.CharField("项目名称", max_length=120)
    source = models.CharField("任务来源", max_length=10, choices=Source.choices)
    user_section = models.ForeignKey(
        "org.Section", verbose_name="使用（需求）科室", on_delete=models.PROTECT, related_name="+"
    )
    need = models.TextField("建设需求（软硬件、技术指标）")
    plan = models.TextField("建设方案（送审方案要点）")
    budget = models.DecimalField("经费预算（元）", max_digits=12, decimal_places=2)
    # 审查采购
    bigdata_review_on = models.DateField("区大数据局技术审查通过日期", null=True, blank=True)
    finance_review_on = models.DateField("区财政局经费审查通过日期", null=True, blank=True)
    collective_decision_on = models.DateField(
        "局班子集体研究日期", null=True, blank=True, help_text="5,000 元以上支出先报告后支出，须经局班子集体研究决定"
    )
    procurement = models.CharField("采购方式", max_length=12, choices=Procurement.choices, blank=True)
    vendor = models.CharField("供应商", max_length=120, blank=True)
    contract_amount = models.DecimalField("合同金额（元）", max_digits=12, decimal_places=2, null=True, blank=True)
    contract_on = models.DateField("合同签订日期", null=True, blank=True)
    # 验收
    accepted_on = models.DateField("验收日期", null=True, blank=True)
    vendor_signatory = models.CharField("厂商验收代表", max_length=60, blank=True)
    user_signatory = models.ForeignKey(
        User, verbose_name="使用科室验收人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    it_signatory = models.ForeignKey(
        User, verbose_name="信息化部门验收人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acceptance_opinion = models.TextField("验收意见", blank=True)
    # 资产
    asset_name = models.CharField("资产名称", max_length=120, blank=True)
    asset_value = models.DecimalField("资产价值（元）", max_digits=12, decimal_places=2, null=True, blank=True)
    asset_location = models.CharField("存放地点", max_length=80, blank=True)
    asset_keeper = models.ForeignKey(
        User, verbose_name="资产保管人", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    asset_card_no = models.CharField(
        "固定资产卡片号", max_length=40, blank=True, help_text="资产管理员在财务资产台账建卡后填写"
    )
    history = HistoricalRecords()

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = "信息化项目"
        verbose_name_plural = "信息化项目"
        ordering = ["-pk"]

    def __str__(self):
        return self.title
