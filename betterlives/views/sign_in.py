"""The page shown while django-axes holds a username locked at one address."""

import math

from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: "You cannot sign in for now", saying for how long."""
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else 0
    hours = minutes // 60 if minutes >= 120 and minutes % 60 == 0 else 0
    return render(request, "registration/locked_out.html", {"minutes": minutes, "hours": hours},
                  status=settings.AXES_HTTP_RESPONSE_CODE)
