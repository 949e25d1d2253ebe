"""The register list helper (apps/printing/lists.py): a mistyped filter value is left out and
the other filters still apply, on the page and in its export (issue 12's view kit)."""

import pytest

from apps.printing.lists import filtered
from apps.reception import services
from apps.reception.filters import ContactFilter
from apps.reception.models import Contact, Kind, Outcome

pytestmark = pytest.mark.django_db


def _log(user, kind, name):
    return services.log_contact(
        user,
        {
            "kind": kind,
            "name": name,
            "phone": "",
            "headcount": 1,
            "summary": "咨询",
            "outcome": Outcome.ANSWERED,
            "answer": "已解答。",
        },
    )


def test_an_invalid_date_is_ignored_and_the_kind_still_filters(people):
    call = _log(people.clerk, Kind.CALL, "来电人")
    _log(people.clerk, Kind.VISIT, "来访人")
    rows = Contact.objects.visible_to(people.clerk)
    assert list(filtered(ContactFilter, {"kind": "call", "start": "2026-13-45"}, rows)) == [call]
    # nothing valid: the whole list, as without filters
    assert filtered(ContactFilter, {"start": "昨天"}, rows).count() == 2


def test_the_page_keeps_the_valid_filter_and_names_the_bad_one(people, client):
    _log(people.clerk, Kind.CALL, "来电人甲")
    _log(people.clerk, Kind.VISIT, "来访人乙")
    client.force_login(people.clerk)
    html = client.get("/reception/?kind=call&start=2026-13-45").content.decode()
    assert "来电人甲" in html and "来访人乙" not in html


def test_a_dropdown_of_records_is_read_once_per_page_and_afresh_each_time(people, client):
    """IdChoiceFilter's choices: one query per rendered form (the select's required-attribute
    check and its options used to read them twice), and never kept from one request to the next."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.org.models import Section

    client.force_login(people.chief)
    client.get("/matters/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/matters/")
    section_reads = [q["sql"] for q in queries.captured_queries if 'FROM "org_section"' in q["sql"]]
    assert len(section_reads) == 1, section_reads
    Section.objects.create(code="newsec", name="新设科室", kind=Section.Kind.SECTION, order=999)
    assert "新设科室" not in response.content.decode()
    assert "新设科室" in client.get("/matters/").content.decode()
