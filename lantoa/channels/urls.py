"""Portal URLs of the newsletter and SMS subscriptions, and the SMS gateway's callbacks."""

from django.urls import path

from . import views

app_name = "channels"
urlpatterns = [
    path("dang-ky/", views.subscribe, name="subscribe"),
    path("xac-nhan/<str:token>/", views.confirm, name="confirm"),
    path("huy/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("sms/dang-ky/", views.sms_subscribe, name="sms_subscribe"),
    path("sms/huy/", views.sms_unsubscribe, name="sms_unsubscribe"),
    path("sms/ma/<slug:token>/", views.sms_code, name="sms_code"),
    path("sms/bao-cao-gui/", views.sms_delivery_reports, name="sms_delivery_reports"),
    path("sms/tin-den/", views.sms_inbound, name="sms_inbound"),
]
