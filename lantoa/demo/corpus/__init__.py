"""The demo's texts: Vietnamese news, documents and Q&A on every policy area, with a few English and Hmong versions.

Placeholders: {place} is the unit's short name ("Hà Nội", "phường Hoàn Kiếm"), {office} its office
name. Figures that change by law (rates, reference amounts) are left out on purpose: the
calculators hold them as effective-dated data.
"""

from .documents import COMMUNE_DOCUMENTS, NATIONAL_DOCUMENTS, UNIT_DOCUMENTS
from .featured import FEATURED
from .news import AREAS, EVENT_TITLES, GENERAL_PARAGRAPHS
from .questions import ASKERS, QUESTIONS

__all__ = [
    "AREAS",
    "ASKERS",
    "COMMUNE_DOCUMENTS",
    "EVENT_TITLES",
    "FEATURED",
    "GENERAL_PARAGRAPHS",
    "NATIONAL_DOCUMENTS",
    "QUESTIONS",
    "UNIT_DOCUMENTS",
]
