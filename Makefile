# The README names these targets.
.PHONY: demo test lint serve worker scheduler

demo:  ## install, load demo data on SQLite, start web + worker + scheduler
	scripts/demo

test:  ## install test tools, run lint and the whole suite (also on PostgreSQL if DATABASE_URL is set)
	scripts/test

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

serve:  ## production web process (gunicorn)
	scripts/serve

worker:  ## background task worker (database-backed)
	.venv/bin/python manage.py db_worker

scheduler:  ## periodic jobs: scheduled publishing, ...
	.venv/bin/python manage.py run_scheduler
