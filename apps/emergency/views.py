from django.shortcuts import render


def home(request):
    """办公室：应急预案、演练与突发事件处置（1.1.7）。骨架页：本应用正在建设。"""
    return render(request, "emergency/home.html", {})
