from django.shortcuts import render


def home(request):
    """办公室：保密承诺、培训、年度自查与涉密载体检查（1.1.3）。骨架页：本应用正在建设。"""
    return render(request, "secrecy/home.html", {})
