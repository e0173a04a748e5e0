"""The demo loader (`manage.py load_demo`): no models, only the data it writes through the other apps' services."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "lantoa.demo"
    label = "demo"
