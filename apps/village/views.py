from django.shortcuts import render


def home(request):
    """政工科：法治扶贫与驻村帮扶（2.5，内部制度第十九条）。骨架页：本应用正在建设。"""
    return render(request, "village/home.html", {})
