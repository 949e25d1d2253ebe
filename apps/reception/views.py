from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from apps.printing.lists import filtered, register_page
from apps.workflow.api import TransitionError

from . import services
from .filters import ContactFilter
from .forms import ContactForm
from .models import Contact, Outcome

DONE = {
    Outcome.ANSWERED: "已登记，当场解答。",
    Outcome.PETITION: "已登记并转为信访事项，已呈办公室主任阅；您是该事项的登记人和首问责任人。",
    Outcome.DISCLOSURE: "已登记并转为政府信息公开申请，答复期限已起算。",
    Outcome.SECTION: "已登记并转交科室，科室负责人签收后这里会显示。",
}


def visible_contacts(user, params):
    """The contacts `user` may see with the register's filters (the page and its export)."""
    qs = Contact.objects.visible_to(user).select_related("first_responder", "section", "case")
    return filtered(ContactFilter, params, qs).order_by("-occurred_at", "-pk")


@login_required
def contact_list(request):
    return register_page(
        request,
        ContactFilter,
        visible_contacts,
        register="reception",
        template="reception/list.html",
        filterset_kwargs={"user": request.user},
        context={"may_log": services.may_log(request.user)},
    )


@login_required
def contact_new(request):
    if not services.may_log(request.user):
        raise PermissionDenied(
            "只有业务人员可以登记来访来电。管理员账号不办理业务；业务账号须设所在科室，未设的请联系安全管理员。"
        )
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.log_contact(request.user, form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, DONE[contact.outcome])
            return redirect(contact)
    elif request.method == "POST":
        messages.error(request, "请按提示补充或更正，已填写的内容都保留着。")
    return render(request, "reception/form.html", {"form": form}, status=400 if request.method == "POST" else 200)


@login_required
@never_cache
def contact_detail(request, pk):
    contact = get_object_or_404(
        Contact.objects.visible_to(request.user).select_related("first_responder", "section", "case"), pk=pk
    )
    return render(request, "reception/detail.html", {"c": contact})
