from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import redirect, render
from django.utils import timezone

from apps.audit.log import record

from .forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        user.password_changed_at = timezone.now()
        user.must_change_password = False
        user.save(update_fields=["password_changed_at", "must_change_password"])
        update_session_auth_hash(request, user)
        record("auth.password_change", actor=user, obj=user)
        messages.success(request, "密码已修改。")
        return redirect("workflow:inbox")
    return render(request, "accounts/password_change.html", {"form": form})
