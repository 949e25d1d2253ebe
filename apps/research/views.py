from django.shortcuts import render


def home(request):
    """办公室：年度调研课题、报告与成果运用（1.6）。骨架页：本应用正在建设。"""
    return render(request, "research/home.html", {})
