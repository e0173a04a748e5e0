"""Portal URLs of the calculators, under /cong-cu/ (Vietnamese, unprefixed; other languages prefixed)."""

from django.urls import path

from . import views

app_name = "calculators"

urlpatterns = [
    path("bhxh-tu-nguyen/", views.voluntary_si, name="voluntary_si"),
    path("bhyt-ho-gia-dinh/", views.household_hi, name="household_hi"),
]
