"""Meeting plans as the services and the planning page take them (factory_boy), and helpers
for reading back what the pages said."""

import re
import subprocess
from datetime import datetime, timedelta

import factory
from django.contrib.messages import get_messages
from django.utils import timezone

from apps.meetings.models import Kind

# Monday 9 March 2026 at 09:00; the cut-off is the Friday before at 17:00.
MEETING_START = (2026, 3, 9, 9, 0)


def aware(*args):
    return timezone.make_aware(datetime(*args))


class MeetingPlanFactory(factory.DictFactory):
    """services.save_meeting's `data` (chair, recorder and attendees given by the test)."""

    kind = Kind.DIRECTOR_OFFICE
    title = ""
    starts_at = factory.LazyFunction(lambda: aware(*MEETING_START))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    place = "三楼党组会议室"
    observers = factory.List([])
    observers_note = ""
    agenda_cutoff = factory.LazyAttribute(lambda o: o.starts_at - timedelta(days=2, hours=16))
    notes = ""


class MeetingFormFactory(factory.DictFactory):
    """The planning page's POST (people as ids, times as the browser sends them)."""

    kind = Kind.DIRECTOR_OFFICE
    title = "局长办公会议（普法经费）"
    starts_at = "2026-03-09T09:00"
    ends_at = "2026-03-09T11:00"
    place = "三楼党组会议室"
    observers_note = ""
    agenda_cutoff = "2026-03-06T17:00"
    notes = ""


def said(response):
    """The messages the request left for the user (after a redirect or on the page)."""
    return [str(m) for m in get_messages(response.wsgi_request)]


def pdf_text(data):
    """The PDF's text with line breaks and spaces removed (a line may wrap anywhere)."""
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return re.sub(r"\s+", "", text)


def xlsx_cells(response):
    from io import BytesIO

    from openpyxl import load_workbook

    content = b"".join(response.streaming_content) if response.streaming else response.content
    return [
        str(c.value) for row in load_workbook(BytesIO(content)).active.iter_rows() for c in row if c.value is not None
    ]
