"""The urlconf of bench/track: the project's own routes (so /tra-cuu/ and /api/v1/track are the production views
with the production middleware) and, beside them, the bare view every budget is measured against."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

from lienthong.urls import urlpatterns as production


@require_GET
def bare(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bare", bare), *production]
