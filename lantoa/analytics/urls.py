"""Public URLs of analytics: the beacon and the pixel (short, and without the word "analytics" blockers look for)."""

from django.urls import path

from . import views

urlpatterns = [
    path("e", views.collect, name="analytics_collect"),
    path("p.gif", views.pixel, name="analytics_pixel"),
]
