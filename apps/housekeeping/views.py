from django.shortcuts import render


def home(request):
    """办公室：卫生与安全检查、食堂采购验收（内部制度第十三条）。骨架页：本应用正在建设。"""
    return render(request, "housekeeping/home.html", {})
