from django.shortcuts import render


def home(request):
    """政工科：年度培训计划、课程、出勤与学时（2.2）。骨架页：本应用正在建设。"""
    return render(request, "training/home.html", {})
