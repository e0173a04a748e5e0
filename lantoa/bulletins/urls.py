from django.urls import path

from . import feeds, views

app_name = "bulletins"

urlpatterns = [
    path("<str:code>/rss.xml", feeds.BulletinFeed(), name="feed"),
    path("ghi-phat/<str:token>/", views.log_by_link, name="log_by_link"),
]
