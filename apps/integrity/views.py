from django.shortcuts import render


def home(request):
    """廉政风险点、防控措施、民主评议与诫勉（内部制度第六条）。骨架页：本应用正在建设。"""
    return render(request, "integrity/home.html", {})
