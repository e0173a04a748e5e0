"""Vietnamese number and date formats for every screen, chart and export: 1.759.995; 3,9 %; 31/12/2026.

Django's own vi formats have no digit grouping and write dates as "Ngày 31 tháng 12 năm 2026"; the
agency's documents write 31/12/2026. Input formats stay Django's (ISO first), so forms and the
browser's date inputs parse as before.
"""

DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "H:i d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "m/Y"
MONTH_DAY_FORMAT = "d/m"
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
