"""Public URLs of the outreach app: /dang-ky-tu-van/ and /su-kien/ (the listing) and /su-kien/<id>-<slug>/."""

from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("dang-ky-tu-van/", views.register, name="register"),
    path("dang-ky-tu-van/da-nhan/", views.register_done, name="register_done"),
    path("su-kien/", views.event_list, name="events"),
    path("su-kien/<int:event_id>-<slug:slug>/", views.event_detail, name="event"),
]
