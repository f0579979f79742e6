from django.urls import path

from lienthong.board import views

app_name = "board"

urlpatterns = [
    path("", views.board, name="board"),
    path("co-quan/<int:agency_id>/", views.agency, name="agency"),
]
