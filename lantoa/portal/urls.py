"""Portal routes in each language (search, listing, feeds); sitemap and robots live at the root."""

from django.urls import path

from . import feeds, views

app_name = "portal"

urlpatterns = [
    path("tim-kiem/", views.search, name="search"),
    path("tin-tuc/", views.listing, name="listing"),
    path("feeds/", feeds.SiteFeed(), name="feed"),
    path("feeds/linh-vuc/<slug:slug>/", feeds.PolicyAreaFeed(), name="feed_policy_area"),
    path("feeds/doi-tuong/<slug:slug>/", feeds.TargetGroupFeed(), name="feed_target_group"),
    path("feeds/tinh/<str:code>/", feeds.ProvinceFeed(), name="feed_province"),
]
