"""Vietnamese translations of the Wagtail admin's own strings, which Wagtail's vi catalogs mostly leave in English."""
