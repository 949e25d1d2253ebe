from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from .models import Post, Section, WorkTask


@login_required
def section_index(request):
    sections = Section.objects.select_related("division_leader").order_by("kind", "order")
    return render(request, "org/section_index.html", {"sections": sections})


@login_required
def handbook(request, code):
    """职责手册: duties, work tasks with their procedures, posts and the people in them."""
    section = get_object_or_404(Section.objects.select_related("division_leader"), code=code)
    tasks = WorkTask.objects.filter(section=section).prefetch_related("procedures").order_by("number")
    posts = Post.objects.filter(section=section).prefetch_related(
        "tasks", Prefetch("holders", queryset=get_user_model().objects.filter(is_active=True))
    )
    members = (
        get_user_model()
        .objects.filter(section=section, is_active=True)
        .select_related("post")
        .prefetch_related("office_roles")
    )
    duties = list(section.duties.all())
    return render(
        request,
        "org/handbook.html",
        {
            "section": section,
            "department_duties": [d for d in duties if d.kind == "department"],
            "section_duties": [d for d in duties if d.kind == "section"],
            "boundary_duties": [d for d in duties if d.kind == "boundary"],
            "tasks": tasks,
            "posts": posts,
            "members": members,
            "procedures": section.procedures.all(),
        },
    )


@login_required
def procedure_detail(request, code):
    from .models import Procedure

    procedure = get_object_or_404(Procedure.objects.select_related("section"), code=code)
    tasks = procedure.work_tasks.select_related("section")
    return render(request, "org/procedure.html", {"procedure": procedure, "tasks": tasks})
