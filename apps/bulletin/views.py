from django.shortcuts import render


def home(request):
    """办公室：信息报送、编发与采用（1.7，内部制度第十条）。骨架页：本应用正在建设。"""
    return render(request, "bulletin/home.html", {})
