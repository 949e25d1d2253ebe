#!/usr/bin/env python
"""Excel export benchmark on PostgreSQL: registers built in the request and by the Celery task.

Run from the project root:  .venv/bin/python bench/export_bench.py  [--cases N] [--repeat N] [--keep]

It builds the same bureau as bench/inbox_bench.py (N open cases, default 10,000) in its own
database (bureau_export_bench, BENCH_DB changes it; dropped first and again at the end unless
--keep), then:

* times `?export=xlsx` of the matters list and the inbox queue for the office chief (a few
  hundred rows: the file is built in the request): SQL statements, median time, file size;
* the same for the director's matters register (every case he may see, about 95 % of them:
  still below EXPORT_ASYNC_ROWS at 10,000 cases, the largest file built in a request);
* then, with EXPORT_ASYNC_ROWS lowered to 1,000, requests the director's register again: the
  page only queues a job (timed), and the bench runs the job the way the Celery worker does
  (apps.printing.exports.build_job): time, rows per second, file size, and the peak of Python
  memory while building (tracemalloc, a second run).

See bench/README.md.
"""

import argparse
import io
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

os.environ.setdefault("BENCH_DB", "bureau_export_bench")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import inbox_bench


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000, help="open cases to create (default 10000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed exports per register (default 5)")
    parser.add_argument("--keep", action="store_true", help=f"keep the {inbox_bench.DB_NAME} database afterwards")
    args = parser.parse_args()

    inbox_bench.create_database()
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection, connections
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from apps.printing import exports
        from apps.printing.models import ExportJob
        from apps.workflow.models import Case

        call_command("migrate", verbosity=0)
        call_command("load_bureau", verbosity=0, stdout=io.StringIO())
        users = inbox_bench.build_bureau(args.cases)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        exports._queue = lambda job_id: None  # the bench runs the job itself, below
        print(
            f"{Case.objects.count()} cases · EXPORT_ASYNC_ROWS={settings.EXPORT_ASYNC_ROWS} · {os.cpu_count()} cpus\n"
        )

        chief, director = users["office-chief"], users["director"]
        header = f"{'export (in the request)':<28} {'rows':>6} {'queries':>8} {'median ms':>10} {'KiB':>6}"
        print(header)
        print("-" * len(header))
        for label, url, user in (
            ("matters, chief", "/matters/?export=xlsx", chief),
            ("inbox queue, chief", "/inbox/?tab=queue&export=xlsx", chief),
            ("matters, director", "/matters/?export=xlsx", director),
        ):
            client = Client()
            client.force_login(user)
            client.get(url)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            queries = len(captured.captured_queries)
            timings = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            from openpyxl import load_workbook

            sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
            rows = sum(1 for _ in sheet.iter_rows(min_row=2, values_only=True))
            print(
                f"{label:<28} {rows:>6} {queries:>8} {statistics.median(timings):>10.0f} "
                f"{len(response.content) / 1024:>6.0f}"
            )

        # the director's register again, as a background job (threshold lowered for the bench)
        settings.EXPORT_ASYNC_ROWS = 1000
        client = Client()
        client.force_login(director)
        start = time.perf_counter()
        response = client.get("/matters/?export=xlsx")
        queued_ms = (time.perf_counter() - start) * 1000
        assert response.status_code == 302, response.status_code
        job = ExportJob.objects.latest("id")
        start = time.perf_counter()
        exports.build_job(job.pk)
        built = time.perf_counter() - start
        job.refresh_from_db()
        print(f"\ndirector, matters register ({job.rows} rows): the page queues a job in {queued_ms:.0f} ms")
        print(
            f"build_job (the Celery task): {built:.1f} s, {job.rows / built:,.0f} rows/s, "
            f"{job.file.size / 1024:.0f} KiB, status {job.status}"
        )

        again = ExportJob.objects.create(
            requested_by=director, register=job.register, title=job.title, params=job.params
        )
        tracemalloc.start()
        exports.build_job(again.pk)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"peak Python memory while building (tracemalloc): {peak / 2**20:.1f} MiB")
        for finished in ExportJob.objects.all():
            finished.file.delete(save=False)
        connections.close_all()
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            inbox_bench.drop_database()


if __name__ == "__main__":
    main()
