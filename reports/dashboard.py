"""The landing page after sign-in: what needs the user's attention now, one panel per role they hold."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET


@login_required
@require_GET
def dashboard(request):
    return render(request, "dashboard/dashboard.html", {"title": "Dashboard", "panels": []})
