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
number of hits: the page of cases with the count, their sections, and the keys that matched.
On PostgreSQL the rules filter only the matching cases, with the searcher's tasks and grants
hashed once (fenced_sql): the time still grows with the number of hits, but by a hash probe
per hit, not an index probe per rule per hit.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQueryField
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    Func,
    IntegerField,
    Q,
    Value,
    When,
    Window,
    prefetch_related_objects,
)
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
        return numbers.distinct()
    if connection.vendor == "postgresql":
        entries = SearchEntry.objects.filter(TsMatch(F("document"), Cast(Value(tsquery), SearchQueryField())))
    else:
        entries = SearchEntry.objects.all()
        for run in runs(term.text):
            entries = entries.filter(text__contains=run)
    # One IN over a UNION, not two INs joined by OR: PostgreSQL then starts from the matches
    # (a semi-join on the primary key) instead of testing every case against both lists.
    return numbers.union(entries.values("case_id"))


def _term_ids(term):
    """The ids of the cases a term matches, each once (a query of case_id: fenced_sql starts
    from the first term's)."""
    if term.personal:
        return SearchKey.objects.filter(kind=term.kind, value=term.key).values("case_id").distinct()
    return _word_cases(term)


def _term_q(term):
    return Q(pk__in=_term_ids(term))


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


ORDER = ("-relevance", "-created_at", "-pk")


def _match(parsed):
    match = Q()
    for term in parsed:
        match &= _term_q(term)
    return match


def search_cases(user, parsed):
    """The visible cases matching every term, best first (a queryset; nothing is run yet)."""
    if not parsed:
        return WorkflowCase.objects.none()
    return (
        WorkflowCase.objects.visible_to(user)
        .filter(_match(parsed))
        .select_related("section")
        .annotate(relevance=_rank(parsed))
        .order_by(*ORDER)
    )


def page_of(user, parsed, offset, limit):
    """Cases `offset` to `offset + limit` of search_cases(user, parsed), each with `hits`, the
    number of all visible matches (one query; none when the page is past the end).

    The same cases in the same order as search_cases; on PostgreSQL run through fenced_sql,
    so that the visibility rules filter only the matching cases, hashed once."""
    if not parsed:
        return []
    if connection.vendor != "postgresql":
        return list(search_cases(user, parsed).annotate(hits=Window(Count("pk")))[offset : offset + limit])
    # search_cases without its match filter: the fenced relation holds only matching cases
    cases = (
        WorkflowCase.objects.visible_to(user)
        .annotate(relevance=_rank(parsed), hits=Window(Count("pk")))
        .order_by(*ORDER)
    )
    sql, params = fenced_sql(cases[offset : offset + limit], parsed)
    page = list(WorkflowCase.objects.raw(sql, params))
    prefetch_related_objects(page, "section")
    return page


# the outer query's FROM; a subquery over cases inside it has an alias (U0, V1...)
_FROM = re.compile(r'FROM "workflow_case"(?! [A-Z]\d)')


def fenced_sql(queryset, parsed):
    """The SQL and parameters of `queryset` (a query over Case: visible_to(user) and more), its
    FROM "workflow_case" replaced by the cases matching `parsed` only (PostgreSQL).

    Run as one query (Case.objects.visible_to(user).filter(match)), PostgreSQL fetches each
    matching case by its key in a nested loop and checks the visibility rules there, planned as
    if for one row: each EXISTS of the rules becomes an index probe per case, fifteen thousand
    probes for a common word. Here the matching cases are fetched one by one from the match
    ids (LATERAL, behind OFFSET 0 so that it stays that way) and the rules filter the
    relation of all of them, so PostgreSQL hashes the searcher's tasks, grants and delegations
    once and checks each case against the hashes. The rules are visible_to's, unchanged: only
    the relation they filter is narrowed to the matches."""
    sql, params = queryset.query.sql_with_params()
    if len(_FROM.findall(sql)) != 1:
        raise ValueError("fenced_sql needs a query over Case with one unaliased FROM workflow_case")
    first, *others = (_term_ids(term).query.sql_with_params() for term in parsed)
    ids_sql, ids_params = f"SELECT m.case_id FROM ({first[0]}) m", list(first[1])
    for n, (other_sql, other_params) in enumerate(others):
        ids_sql += " WHERE " if n == 0 else " AND "
        ids_sql += f"m.case_id IN ({other_sql})"
        ids_params += other_params
    fenced = (
        f"SELECT c.* FROM ({ids_sql}) ids CROSS JOIN LATERAL "
        f'(SELECT * FROM "workflow_case" WHERE "workflow_case"."id" = ids.case_id OFFSET 0) c OFFSET 0'
    )
    head, tail = _FROM.split(sql)
    before = head.count("%s")
    return f'{head}FROM ({fenced}) "workflow_case"{tail}', (*params[:before], *ids_params, *params[before:])


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
