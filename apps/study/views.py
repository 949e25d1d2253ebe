from django.shortcuts import render


def home(request):
    """党组理论学习中心组与干部职工学习（内部制度第三条）。骨架页：本应用正在建设。"""
    return render(request, "study/home.html", {})
