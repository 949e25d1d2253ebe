from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def home(request):
    # Skeleton entry page, replaced as the section's procedures are built.
    return HttpResponse("规范性文件审核与备案：建设中")
