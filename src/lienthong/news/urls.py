"""News and announcements (tin-tuc = news)."""

from django.urls import path

from lienthong.news import views

app_name = "news"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("<slug:slug>/", views.article_detail, name="article"),
    path("<slug:slug>/binh-luan/", views.article_comment, name="comment"),
    path("<slug:slug>/danh-gia/", views.article_rating, name="rate"),
]
