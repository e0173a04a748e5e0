"""Reads of the vocabularies, for filters everywhere."""

from django.db.models import QuerySet

from .models import ContentLanguage, PolicyArea, TargetGroup


def policy_areas() -> QuerySet[PolicyArea]:
    return PolicyArea.objects.filter(is_active=True)


def target_groups() -> QuerySet[TargetGroup]:
    return TargetGroup.objects.filter(is_active=True)


def content_languages() -> QuerySet[ContentLanguage]:
    return ContentLanguage.objects.filter(is_active=True)
