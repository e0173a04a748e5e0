# The README names these targets.
.PHONY: demo test lint serve collector worker rq-workers scheduler bench-portal

demo:  ## install, load demo data on SQLite, start web + worker + scheduler
	scripts/demo

test:  ## install test tools, run lint and the whole suite (also on PostgreSQL if DATABASE_URL is set)
	scripts/test

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

serve:  ## production web process (gunicorn)
	scripts/serve

collector:  ## production analytics beacon collector (uvicorn); the proxy routes /a/e and /a/p.gif to it
	scripts/collector

worker:  ## background task worker (database-backed)
	.venv/bin/python manage.py db_worker

N ?= 2
rq-workers:  ## N RQ task workers on Redis (set LANTOA_TASKS_BACKEND=rq and REDIS_URL for web, scheduler and workers)
	scripts/services redis
	LANTOA_TASKS_BACKEND=rq .venv/bin/python manage.py rqworker-pool --num-workers $(N) --job-class django_tasks_rq.Job default

scheduler:  ## periodic jobs: scheduled publishing, ...
	.venv/bin/python manage.py run_scheduler

bench-portal:  ## portal benchmark, 2,000 and 100,000 articles (SQLite, or DATABASE_URL): bench/portal/results.md
	.venv/bin/python bench/portal/run.py
