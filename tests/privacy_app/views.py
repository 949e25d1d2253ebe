from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from apps.printing.exports import export_or_queue

from .registers import visitors_for


@login_required
def visitor_list(request):
    """The list a section app would have. A search by full ID number or phone is POSTed, and
    the box is not refilled: the number never lands in a URL, an access log or the history."""
    if request.GET.get("export") == "xlsx":
        return export_or_queue(request, "test_visitors", {})
    q = request.POST.get("q", "") if request.method == "POST" else ""
    return render(
        request, "privacy_app/list.html", {"rows": visitors_for(request.user, {"q": q})[:50], "searched": bool(q)}
    )
