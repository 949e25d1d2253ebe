from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def home(request):
    # Skeleton entry page, replaced as the inspections are built.
    return HttpResponse("监督检查与整改：建设中")
