"""The page an editor meets when django-axes has locked out their login (AXES_LOCKOUT_CALLABLE)."""

from datetime import timedelta

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.contrib import admin
from django.shortcuts import render
from django.utils import timezone
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _

# The page reads in whole minutes; a shorter cool-off (in a test) still says "1 minute".
SHORTEST_SHOWN = timedelta(minutes=1)


def locked_out(request, response=None, credentials=None):
    """429, in the admin's look and the editor's language: why, and for how long."""
    now = timezone.now()
    context = {
        **admin.site.each_context(request),
        "title": _("Login temporarily locked"),
        "username": get_client_username(request, credentials) or "",
        "failure_limit": get_failure_limit(request, credentials),
        "cool_off": timeuntil(now + max(get_cool_off(request), SHORTEST_SHOWN), now=now),
    }
    return render(request, "admin/locked_out.html", context, status=429)
