from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.workcalendar import notice
from apps.workcalendar.models import Holiday


class Command(BaseCommand):
    help = (
        "导入国务院办公厅公布的某一年度放假安排（CSV，列：date,kind,name；kind 为 holiday 或 workday）。"
        "整个文件无误才导入，导入后该年度标记为已确认。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV 文件路径")
        parser.add_argument("--year", type=int, help="要求文件中的日期都属于该年度")
        parser.add_argument("--note", default="", help="说明，如通知文号“国办发明电〔2026〕×号”")
        parser.add_argument("--replace", action="store_true", help="该年度已确认时，以本文件替换")
        parser.add_argument("--check", action="store_true", help="只检查文件，不导入")

    def handle(self, *args, file, year, note, replace, check, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件 {path}：{exc.strerror or exc}") from None
        try:
            rows = notice.parse(notice.decode(data), year=year)
        except notice.NoticeError as exc:
            for line in exc.errors:
                self.stderr.write(line)
            raise CommandError(f"{path.name} 有 {len(exc.errors)} 处错误，未导入任何记录。") from None

        the_year = rows[0].date.year
        holidays = sum(r.kind == Holiday.Kind.HOLIDAY for r in rows)
        summary = f"{the_year} 年：放假 {holidays} 天，调休上班 {len(rows) - holidays} 天"
        if check:
            self.stdout.write(f"{path.name} 检查无误（{summary}），未导入。")
            return
        if rows.example:
            raise CommandError(
                f"{path.name} 标明是格式示例（EXAMPLE），不是国务院办公厅通知，不能导入。请按通知逐日另建文件。"
            )
        try:
            the_year, replaced = notice.import_year(
                rows, note=note or f"导入自 {path.name}", replace=replace, file_name=path.name
            )
        except notice.NoticeError as exc:
            raise CommandError("\n".join(exc.errors)) from None
        self.stdout.write(f"已导入 {summary}；{the_year} 年已标记为已确认。")
        if replaced:
            self.stdout.write(f"替换了原有的 {len(replaced)} 条记录：")
            for holiday in replaced:
                self.stdout.write(f"  {holiday}（{holiday.get_source_display()}）")
