"""Portal URLs of the newsletter."""

from django.urls import path

from . import views

app_name = "channels"
urlpatterns = [
    path("dang-ky/", views.subscribe, name="subscribe"),
    path("xac-nhan/<str:token>/", views.confirm, name="confirm"),
    path("huy/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
