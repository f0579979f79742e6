from django.urls import path

from lienthong.roadmaps import views

app_name = "roadmaps"

urlpatterns = [
    path("", views.items, name="list"),
    path("moi/", views.item_new, name="new"),
    path("ke-hoach/moi/", views.plan_new, name="plan_new"),
    path("<id:item_id>/", views.item, name="item"),
    path("don-vi/<id:agency_id>/pdf/", views.unit_pdf, name="unit_pdf"),
    path("<id:item_id>/moc/<id:milestone_id>/", views.milestone, name="milestone"),
]
