"""The landing page until the public portal arrives: what this is and where to go."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lienthong.catalogue.models import Procedure
from lienthong.org.models import Agency


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/home.html",
        {"agency_count": Agency.objects.count(), "procedure_count": Procedure.objects.count()},
    )
