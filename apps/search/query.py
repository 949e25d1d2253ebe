"""One search across every matter: what a typed query means and which cases it finds.

Each whitespace-separated term must match (AND). A term is
* an identity number (18 characters, GB 11643 shape) or a phone number: matched exactly through
  the blind index (the keyed hash apps.privacy stores; the value itself is never compared,
  stored or echoed), and the search is audited;
* anything else: a number typed in full or its beginning (收文编号, 发文字号, case numbers, the
  numbers section records keep), or words anywhere in a case's title, number, names, summary
  and other text (character bigrams on PostgreSQL, LIKE on SQLite: apps/search/text.py).

The cases come only from Case.objects.visible_to(user): a case the searcher may not open is
never in the results and never in the count. A page costs the same few queries whatever the
number of hits: the count, the page of cases (with their sections), and the keys that matched.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQueryField
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import BooleanField, Case, F, Func, IntegerField, Q, Value, When
from django.db.models.functions import Cast

from apps.privacy.kinds import get_kind
from apps.workflow.models import Case as WorkflowCase
from apps.workflow.processes import all_processes

from .models import SearchEntry, SearchKey
from .sources import blind_key
from .text import number_key, runs, term_tsquery, terms

_ID_SHAPE = re.compile(r"[1-9]\d{16}[\dX]")
PERSONAL_KINDS = (SearchKey.Kind.ID_NUMBER, SearchKey.Kind.PHONE)


@dataclass(frozen=True)
class Term:
    kind: str  # "word", or a personal-data kind
    text: str = ""  # the word as typed (empty for personal data)
    key: str = ""  # the blind index of a personal-data term
    shown: str = ""  # what the page may show: the word, or the masked value

    @property
    def personal(self):
        return self.kind in PERSONAL_KINDS


def classify(raw):
    """The Term for one typed term: an ID number or phone becomes its blind index and mask."""
    ids = get_kind("id_number")
    candidate = ids.normalise(raw)
    if _ID_SHAPE.fullmatch(candidate):
        return Term(SearchKey.Kind.ID_NUMBER, key=blind_key("id_number", candidate), shown=ids.mask(candidate))
    phones = get_kind("phone")
    candidate = phones.normalise(raw)
    if sum(c.isdigit() for c in candidate) >= 7:
        try:
            phones.validate(candidate)
        except ValidationError:
            pass
        else:
            return Term(SearchKey.Kind.PHONE, key=blind_key("phone", candidate), shown=phones.mask(candidate))
    return Term("word", text=raw, shown=raw)


_DIGITISH = re.compile(r"[\d+\-()（）xX]+")


def parse(query):
    """Terms of a query. Numbers are often typed in groups ("138 0013 8000", "+86 138..."):
    consecutive digit groups that together form an ID number or phone are one term."""
    raw_terms = terms(query)
    parsed, i = [], 0
    while i < len(raw_terms):
        j = i
        while j < len(raw_terms) and _DIGITISH.fullmatch(raw_terms[j]):
            j += 1
        if j - i > 1:
            joined = classify("".join(raw_terms[i:j]))
            if joined.personal:
                parsed.append(joined)
                i = j
                continue
        parsed.append(classify(raw_terms[i]))
        i += 1
    return parsed


class TsMatch(Func):
    """document @@ 'query'::tsquery, the query text taken as tsquery syntax (no parser)."""

    arg_joiner = " @@ "
    template = "%(expressions)s"
    output_field = BooleanField()


def _word_cases(term):
    """Case ids whose text holds the word, or one of whose numbers is or begins with it."""
    key = number_key(term.text)
    numbers = SearchKey.objects.filter(kind=SearchKey.Kind.NUMBER, value__startswith=key).values("case_id")
    tsquery = term_tsquery(term.text)
    if not tsquery:
        return Q(pk__in=numbers)
    if connection.vendor == "postgresql":
        entries = SearchEntry.objects.filter(TsMatch(F("document"), Cast(Value(tsquery), SearchQueryField())))
    else:
        entries = SearchEntry.objects.all()
        for run in runs(term.text):
            entries = entries.filter(text__contains=run)
    # One IN over a UNION, not two INs joined by OR: PostgreSQL then starts from the matches
    # (a semi-join on the primary key) instead of testing every case against both lists.
    return Q(pk__in=numbers.union(entries.values("case_id")))


def _term_q(term):
    if term.personal:
        return Q(pk__in=SearchKey.objects.filter(kind=term.kind, value=term.key).values("case_id"))
    return _word_cases(term)


def _rank(parsed):
    """Exact number > number prefix > word in the title > anywhere; then newest first."""
    words = [t for t in parsed if not t.personal]
    if not words:
        return Value(0, output_field=IntegerField())
    keys = [number_key(t.text) for t in words]
    exact = SearchKey.objects.filter(kind=SearchKey.Kind.NUMBER, value__in=keys).values("case_id")
    prefix = Q()
    for key in keys:
        prefix |= Q(value__startswith=key)
    prefixed = SearchKey.objects.filter(prefix, kind=SearchKey.Kind.NUMBER).values("case_id")
    in_title = Q()
    for t in words:
        in_title &= Q(title__icontains=t.text)
    return Case(
        When(pk__in=exact, then=Value(3)),
        When(pk__in=prefixed, then=Value(2)),
        When(in_title, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def search_cases(user, parsed):
    """The visible cases matching every term, best first (a queryset; nothing is run yet)."""
    if not parsed:
        return WorkflowCase.objects.none()
    match = Q()
    for term in parsed:
        match &= _term_q(term)
    return (
        WorkflowCase.objects.visible_to(user)
        .filter(match)
        .select_related("section")
        .annotate(relevance=_rank(parsed))
        .order_by("-relevance", "-created_at", "-pk")
    )


@dataclass
class Row:
    case: WorkflowCase
    process_label: str
    matched: list = field(default_factory=list)  # [(label, shown value)]


def rows_for(cases, parsed):
    """Result rows for a page of cases, with the keys that matched (one query)."""
    cases = list(cases)
    processes = all_processes()
    keyed = Q(pk__in=[])
    for term in parsed:
        if term.personal:
            keyed |= Q(kind=term.kind, value=term.key)
        elif number_key(term.text):
            keyed |= Q(kind=SearchKey.Kind.NUMBER, value__startswith=number_key(term.text))
    matched = {}
    if cases and parsed:
        for key in SearchKey.objects.filter(keyed, case_id__in=[c.pk for c in cases]).order_by("pk"):
            shown = key.masked if key.kind in PERSONAL_KINDS else key.value
            pair = (key.label, shown)
            if pair not in matched.setdefault(key.case_id, []):
                matched[key.case_id].append(pair)
    rows = []
    for case in cases:
        process = processes.get(case.process)
        rows.append(Row(case, process.label if process else case.process, matched.get(case.pk, [])[:3]))
    return rows
