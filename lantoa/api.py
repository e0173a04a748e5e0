"""The JSON API: one django-ninja instance, one router per capability, OpenAPI served at /api/v1/docs."""

from ninja import NinjaAPI

api = NinjaAPI(title="Lan Toả API", version="1", urls_namespace="api")
