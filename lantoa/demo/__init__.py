"""Demo data for the whole product (`manage.py load_demo`): realistic Vietnamese content, generated images and
files, staff for every role, plans, reports, visits and channel posts. At the top of the house: it builds on every
app and no app imports it."""
