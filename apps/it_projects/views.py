from django.shortcuts import render


def home(request):
    """办公室：信息化项目的申请、审批、采购、验收与资产（1.8）。骨架页：本应用正在建设。"""
    return render(request, "it_projects/home.html", {})
