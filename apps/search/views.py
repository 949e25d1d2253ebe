"""The results page of the top-bar search.

The top-bar form posts, and the view redirects to a GET page (so the back button, reload and
paging work):
* an ordinary query goes to ``?q=...``, a link anyone may bookmark;
* a query holding an identity number or a phone number never goes into a URL (URLs end up in
  access logs, proxies and browser history: SECURITY.md H1). The view keeps its blind-index
  form, never the value, in the session under a random token and redirects to ``?k=<token>``.
  The page shows the masked value only, and every run of such a search is audited
  ("search.personal_data": what kinds were searched and how many hits, never the value).
"""

import secrets
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from apps.audit.log import record

from .query import Term, page_of, parse, rows_for, search_cases

PER_PAGE = 20
SESSION_KEY = "search.personal_terms"
KEPT_SEARCHES = 5
AUDIT_EVENT = "search.personal_data"
# the box's maxlength, enforced here too: a longer query (pasted text, a crafted URL) is refused
# with a message instead of being split into hundreds of terms
QUERY_LIMIT = 200
TOO_LONG = f"搜索内容过长（超过 {QUERY_LIMIT} 个字），请缩短后再搜索。"


def _remember(request, parsed):
    kept = dict(request.session.get(SESSION_KEY, {}))
    token = secrets.token_urlsafe(9)
    kept[token] = [[t.kind, t.text, t.key, t.shown] for t in parsed]
    # the newest few only: a session is not an archive of what someone looked for
    request.session[SESSION_KEY] = dict(list(kept.items())[-KEPT_SEARCHES:])
    return token


def _recall(request, token):
    saved = request.session.get(SESSION_KEY, {}).get(token)
    return [Term(*item) for item in saved] if saved else None


def _page(user, parsed, number):
    """One page of results and the total from the same query (COUNT(*) OVER ()): the visibility
    rules are evaluated once per matching case, not once for the count and again for the page."""
    try:
        number = max(1, int(number))
    except (TypeError, ValueError):
        number = 1
    rows = page_of(user, parsed, (number - 1) * PER_PAGE, PER_PAGE)
    if rows:
        total = rows[0].hits
    elif number > 1:  # past the end (a stale link): the last page
        total = search_cases(user, parsed).count()
        number = max(1, -(-total // PER_PAGE))
        rows = page_of(user, parsed, (number - 1) * PER_PAGE, PER_PAGE)
    else:
        total = 0
    paginator = Paginator([], PER_PAGE)
    paginator.count = total  # known already: the paginator must not count again
    return Page(rows, number, paginator)


@login_required
@never_cache
def results(request):
    if request.user.admin_role:
        # the 三员 see no matters (Case.visible_to); a search page for them would be empty
        raise PermissionDenied("系统管理员、安全管理员和审计管理员不查阅业务事项，没有全局搜索。")
    if request.method == "POST":
        query = request.POST.get("q", "").strip()
        url = reverse("search:results")
        if len(query) > QUERY_LIMIT:
            messages.error(request, TOO_LONG)
            return HttpResponseRedirect(url)
        parsed = parse(query)
        if any(t.personal for t in parsed):
            return HttpResponseRedirect(f"{url}?{urlencode({'k': _remember(request, parsed)})}")
        return HttpResponseRedirect(f"{url}?{urlencode({'q': query})}" if query else url)

    token = request.GET.get("k", "")
    if token:
        parsed = _recall(request, token)
        expired = parsed is None
        parsed = parsed or []
        link = urlencode({"k": token})
    elif len(request.GET.get("q", "").strip()) > QUERY_LIMIT:
        messages.error(request, TOO_LONG)
        return HttpResponseRedirect(reverse("search:results"))
    else:
        parsed = parse(request.GET.get("q", ""))
        expired = False
        link = urlencode({"q": request.GET.get("q", "").strip()})
    personal = [t for t in parsed if t.personal]
    # a full value typed into the address bar is not echoed back into the box either
    typed = "" if personal else request.GET.get("q", "").strip()

    page = _page(request.user, parsed, request.GET.get("page"))
    if personal:
        with transaction.atomic():
            record(
                AUDIT_EVENT,
                actor=request.user,
                detail={
                    "kinds": sorted({t.kind for t in personal}),
                    "other_terms": len(parsed) - len(personal),
                    "results": page.paginator.count,
                    "page": page.number,
                },
            )
    return render(
        request,
        "search/results.html",
        {
            "terms": parsed,
            "shown_query": " ".join(t.shown for t in parsed),
            "typed": typed,
            "personal": bool(personal),
            "expired": expired,
            "page": page,
            "rows": rows_for(page.object_list, parsed),
            "query": link if parsed else "",
        },
    )
