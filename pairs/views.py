from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def my_mentoring(request):
    """«Моё наставничество»: a mentor's or mentee's own page."""
    return render(request, "pairs/my.html", {"staff_member": request.user.staff_member})
