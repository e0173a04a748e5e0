"""Admin benchmark: the national case, every unit staffed, and the screens staff use, beside stock Wagtail.

    .venv/bin/python bench/admin/run.py                  # SQLite (var/bench-admin.sqlite3) and PostgreSQL
    .venv/bin/python bench/admin/run.py --databases sqlite --pages 20000 --requests 8   # a quicker look

PostgreSQL is `postgres://postgres@127.0.0.1:5432/bench_admin` unless BENCH_ADMIN_POSTGRES_URL says otherwise.
Writes bench/admin/results.md. Not part of the test suite. For each database, in a child process:
1. builds, once (kept for later runs; `--fresh` starts again): the real unit tree (3,356 units) with an office
   page for every province and commune; staff granted through `units.services.grant_membership`, as the admin
   does: five roles at the centre and in each province, an author, an editor and an approver in each commune
   (10,138 people), each grant timed; articles spread over the whole tree up to `--pages` pages (bulk insert,
   as bench/portal does); a year of interest registrations (60,000 over the communes) and of approved
   quarterly reports for every commune and province (bench/reports' year); 30 pages in each measured unit
   waiting in the editorial workflow.
2. measures every screen below for a superuser, a centre unit admin, a province (Hà Nội) unit admin and a
   commune (Phường Hoàn Kiếm) approver, in the process (Django's test client, DEBUG off): one request counting
   queries, then `--requests` timed ones. CPU is the process's CPU time per request (client included).
3. baseline, same run, same pages: Wagtail's own screens with Wagtail's stock permission policies and one
   "Editors" group holding add, change, publish, lock and unlock on the root page, as a stock site is set up
   (the users list, which editors do not see, as the superuser).
"""

import argparse
import datetime
import importlib.util
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
SQLITE_URL = f"sqlite:///{ROOT / 'var' / 'bench-admin.sqlite3'}"
POSTGRES_URL = os.environ.get("BENCH_ADMIN_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/bench_admin")
TARGET_MS, TARGET_QUERIES, TARGET_KB, TARGET_GRANT_MS = 300, 30, 300, 20
PASSWORD = "bench-admin-2026"  # noqa: S105 (the bench database's own accounts)
REGISTRATIONS = 60_000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgres", help="sqlite, postgres or both (default)")
    parser.add_argument("--pages", type=int, default=100_000, help="articles in the tree (default 100,000)")
    parser.add_argument("--requests", type=int, default=15, help="timed requests per screen and user")
    parser.add_argument("--fresh", action="store_true", help="rebuild the bench databases from empty")
    parser.add_argument("--out", default=str(HERE / "results.md"))
    parser.add_argument("--render", action="store_true", help="only write the table again from the last run's JSON")
    parser.add_argument(
        "--queries", metavar="DIR", help="also write each screen's SQL to DIR (one file per screen and user)"
    )
    parser.add_argument("--child", metavar="JSON", help=argparse.SUPPRESS)
    return parser.parse_args()


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def load_average() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


# --- the child: build and measure one database ------------------------------------------------------------


def _module(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(args) -> dict:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection, transaction

    from lantoa.content.models import ArticlePage, HomePage, UnitPage
    from lantoa.content.services import setup_site
    from lantoa.outreach.models import Registration
    from lantoa.reports.models import Report
    from lantoa.units.models import Membership, Unit
    from lantoa.units.roles import Role
    from lantoa.units.services import grant_membership, import_units

    User = get_user_model()
    info: dict = {}
    call_command("migrate", verbosity=0)
    if not Unit.objects.exists():
        t = time.perf_counter()
        import_units()
        log(f"unit tree: {Unit.objects.count():,} units in {time.perf_counter() - t:.0f} s")
    t = time.perf_counter()
    setup_site(with_unit_pages=True, progress=_every(500, "office pages"))
    log(f"site and office pages: {UnitPage.objects.count():,} in {time.perf_counter() - t:.0f} s")

    if not Membership.objects.exists():
        units = list(Unit.objects.filter(is_active=True).order_by("path"))
        wanted = []
        for unit in units:
            roles = list(Role) if unit.level != Unit.Level.COMMUNE else [Role.AUTHOR, Role.EDITOR, Role.APPROVER]
            wanted += [(unit, role) for role in roles]
        hashed = make_password(PASSWORD)
        User.objects.bulk_create(
            [User(username=f"{unit.code.lower()}.{role}", password=hashed) for unit, role in wanted], batch_size=2000
        )
        users = {u.username: u for u in User.objects.filter(username__contains=".")}
        times = []
        for done, (unit, role) in enumerate(wanted, start=1):
            user = users[f"{unit.code.lower()}.{role}"]
            start = time.perf_counter()
            grant_membership(user=user, unit=unit, role=role)
            times.append(time.perf_counter() - start)
            if done % 1000 == 0 or done == len(wanted):
                log(f"granted {done:,}/{len(wanted):,}, median {statistics.median(times) * 1000:.1f} ms")
        times.sort()
        info["grants"] = {
            "count": len(times),
            "total_s": sum(times),
            "p50_ms": times[len(times) // 2] * 1000,
            "p95_ms": times[int(len(times) * 0.95)] * 1000,
        }

    have = ArticlePage.objects.count()
    if have < args.pages:
        portal = _module("bench_portal_build", ROOT / "bench" / "portal" / "build.py")
        home = HomePage.objects.get(locale__language_code="vi")
        offices = list(UnitPage.objects.filter(locale__language_code="vi").select_related("unit").order_by("path"))
        provinces = [p for p in offices if p.unit.level == Unit.Level.PROVINCE]
        communes = [p for p in offices if p.unit.level == Unit.Level.COMMUNE]
        # A tenth at the centre, three tenths in the provinces, the rest in the communes.
        parents = [(home.page_ptr, home.unit, 0.1 * len(communes))]
        parents += [(p.page_ptr, p.unit, 0.3 * len(communes) / len(provinces)) for p in provinces]
        parents += [(p.page_ptr, p.unit, 0.6) for p in communes]
        writer = portal.Writer(parents, seed=have + 1)
        t = time.perf_counter()
        while have < args.pages:
            have = writer.write(min(10_000, args.pages - have))
            log(f"articles: {have:,}/{args.pages:,}")
        log(f"articles written in {time.perf_counter() - t:.0f} s")
    # The measured province and commune have news of their own (the explorer, the edit screen, the review).
    for office in UnitPage.objects.filter(locale__language_code="vi", unit__in=measured_units()[1:]):
        missing = 40 - ArticlePage.objects.filter(unit=office.unit).count()
        if missing > 0:
            portal = _module("bench_portal_build", ROOT / "bench" / "portal" / "build.py")
            portal.Writer([(office.page_ptr, office.unit, 1.0)], seed=office.pk).write(missing)
    call_command("index_page_titles", verbosity=0)  # bulk inserts save no page: the admin search's title words
    # Fresh planner statistics, as the database's autovacuum (PostgreSQL) would have after a bulk load: without
    # them PostgreSQL guesses 21 pages where there are 84,000 and the workflow report takes 1.9 s instead of 45 ms.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    if not Registration.objects.exists():
        rng = random.Random(11)
        communes = list(Unit.objects.filter(level=Unit.Level.COMMUNE).values_list("pk", flat=True))
        start = datetime.datetime(2026, 1, 1, 8, tzinfo=datetime.UTC)
        statuses = [s for s, _label in Registration.Status.choices]
        rows = []
        for i in range(REGISTRATIONS):
            at = start + datetime.timedelta(minutes=rng.randrange(330 * 24 * 60))
            rows.append(
                Registration(
                    unit_id=rng.choice(communes),
                    name=f"Người đăng ký {i}",
                    phone=f"09{rng.randrange(10**8):08d}",
                    interest=rng.choice(["bhxh-tu-nguyen", "bhyt-ho-gia-dinh"]),
                    contact_time="any",
                    consented_at=at,
                    source=rng.choice(["direct", "event", "article", "calculator"]),
                    status=rng.choice(statuses),
                    created_at=at,
                    last_touched_at=at,
                )
            )
        with transaction.atomic():
            Registration.objects.bulk_create(rows, batch_size=5000)
        log(f"registrations: {len(rows):,}")

    if not Report.objects.exists():
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings.dev")
        reports = _module("bench_reports_run", ROOT / "bench" / "reports" / "run.py")
        made, values = reports.fill_year(reports.make_template())
        log(f"reports: {made:,} approved, {values:,} values")
    return info


def measured_units():
    """The centre, Hà Nội and Phường Hoàn Kiếm: whose staff the screens are measured for."""
    from lantoa.units.models import Unit

    return [
        Unit.objects.get(level=Unit.Level.CENTRE),
        Unit.objects.get(level=Unit.Level.PROVINCE, code="01"),
        Unit.objects.get(level=Unit.Level.COMMUNE, name__iexact="Phường Hoàn Kiếm"),
    ]


def _every(n: int, what: str):
    def progress(done, total, _name):
        if done % n == 0 or done == total:
            log(f"{what}: {done:,}/{total:,}")

    return progress


def in_review(unit, author, count: int = 30) -> None:
    """`count` articles of `unit` waiting in the editorial workflow (submitted by `author`), once."""
    from wagtail.models import WorkflowState

    from lantoa.content.models import ArticlePage
    from lantoa.content.services import ensure_editorial_workflow

    articles = ArticlePage.objects.filter(unit=unit)
    first = [str(pk) for pk in articles.order_by("pk").values_list("pk", flat=True)[:count]]
    if WorkflowState.objects.filter(object_id__in=first).exists():
        return
    workflow = ensure_editorial_workflow()
    for page in articles.order_by("pk")[:count]:
        page.save_revision(user=author)
        workflow.start(page, author)


def time_grants(count: int = 300) -> dict:
    """Grant `count` roles to new people in communes across the country, as the admin does, each timed;
    then take them away again (so a later run measures the same thing)."""
    from django.contrib.auth import get_user_model

    from lantoa.units.models import Unit
    from lantoa.units.roles import Role
    from lantoa.units.services import grant_membership, revoke_membership

    User = get_user_model()
    communes = list(Unit.objects.filter(level=Unit.Level.COMMUNE).order_by("path"))
    step = max(1, len(communes) // count)
    times, made = [], []
    for n, unit in enumerate(communes[::step][:count]):
        user = User.objects.create(username=f"bench.grant.{n}")
        start = time.perf_counter()
        made.append(grant_membership(user=user, unit=unit, role=Role.AUTHOR))
        times.append((time.perf_counter() - start) * 1000)
    for membership in made:
        revoke_membership(membership=membership)
    User.objects.filter(username__startswith="bench.grant.").delete()
    times.sort()
    return {
        "count": len(times),
        "total_s": sum(times) / 1000,
        "p50_ms": statistics.median(times),
        "p95_ms": times[int(len(times) * 0.95)],
    }


def measure(args) -> dict:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page
    from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
    from wagtail.permission_policies.pages import PagePermissionPolicy
    from wagtail.permissions import policy_registry

    from lantoa.content.models import ArticlePage, UnitPage
    from lantoa.reports.models import ReportTemplate

    User = get_user_model()
    centre, hanoi, hoankiem = measured_units()
    superuser = User.objects.filter(username="bench.superuser").first() or User.objects.create_superuser(
        "bench.superuser", password=PASSWORD
    )
    users = {
        "superuser": superuser,
        "centre": User.objects.get(username=f"{centre.code.lower()}.unit_admin"),
        "province": User.objects.get(username="01.unit_admin"),
        "commune": User.objects.get(username=f"{hoankiem.code.lower()}.approver"),
    }
    for unit in (centre, hanoi, hoankiem):
        author = User.objects.get(username=f"{unit.code.lower()}.author")
        in_review(unit, author)
    if connection.vendor == "postgresql":
        # What autovacuum does on a production server after the bulk writes above: planner statistics for every
        # table (the build's own ANALYZE comes before the registrations, the reports and the pages in review are
        # written; without them the review list of a province took 0.3 s instead of 0.15) and the visibility map
        # that index-only scans read. This machine's PostgreSQL runs with autovacuum off, so the bench does it
        # itself, on every run, before measuring. SQLite keeps the statistics of the build's own ANALYZE.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    province_page = UnitPage.objects.get(unit=hanoi, locale__language_code="vi")
    commune_page = UnitPage.objects.get(unit=hoankiem, locale__language_code="vi")
    article = ArticlePage.objects.filter(unit=hoankiem).order_by("-pk").first()
    root = Page.objects.get(depth=1)
    seeded = ReportTemplate.objects.get(code="ket-qua-truyen-thong-quy")
    screens = [
        ("dashboard", reverse("wagtailadmin_home"), True),
        ("page explorer: the user's root", reverse("wagtailadmin_explore_root"), True),
        ("page explorer: Hà Nội", reverse("wagtailadmin_explore", args=(province_page.pk,)), True),
        ("page explorer: Phường Hoàn Kiếm", reverse("wagtailadmin_explore", args=(commune_page.pk,)), True),
        ("page search “bảo hiểm xã hội”", reverse("wagtailadmin_pages:search") + "?q=bảo+hiểm+xã+hội", True),
        ("page search “bao hiem xa hoi”", reverse("wagtailadmin_pages:search") + "?q=bao+hiem+xa+hoi", True),
        ("edit a commune article", reverse("wagtailadmin_pages:edit", args=(article.pk,)), True),
        ("awaiting review (workflow tasks)", reverse("wagtailadmin_reports:workflow_tasks"), True),
        ("users list", reverse("wagtailusers_users:index"), True),
        ("memberships list", reverse("unit_memberships:index"), False),
        ("follow-up queue", reverse("outreach_queue"), False),
        ("reports dashboard", reverse("reports_dashboard"), False),
        # The template the product seeds: 20 indicators the system computes live, for four periods and the bars.
        ("reports dashboard: the seeded template", f"{reverse('reports_dashboard')}?template={seeded.pk}", False),
        ("plans (plan versus actual)", reverse("planning_plans"), False),
        ("analytics dashboard", reverse("analytics_dashboard"), False),
    ]

    def run(client, url, label: str) -> dict:
        response = client.get(url)
        location = response.get("Location", "")
        if response.status_code == 302 and location.startswith("/admin/pages/") and location != url:
            url = location  # the explorer's root: Wagtail sends each user to their own part of the tree
            response = client.get(url)
        if response.status_code != 200:
            return {"status": response.status_code, "to": response.get("Location", "")}
        queries = []
        with connection.execute_wrapper(lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)):
            response = client.get(url)
        if args.queries:
            slug = "".join(c if c.isalnum() else "-" for c in f"{connection.vendor} {label}")[:120]
            Path(args.queries).mkdir(parents=True, exist_ok=True)
            (Path(args.queries) / f"{slug}.sql").write_text("\n\n".join(queries) + "\n")
        size = len(response.content)
        walls, cpus = [], []
        for _ in range(args.requests):
            w, c = time.perf_counter(), time.process_time()
            client.get(url)
            walls.append((time.perf_counter() - w) * 1000)
            cpus.append((time.process_time() - c) * 1000)
        walls.sort()
        return {
            "status": response.status_code,
            "queries": len(queries),
            "kb": size / 1024,
            "p50": statistics.median(walls),
            "p95": walls[min(len(walls) - 1, round(0.95 * (len(walls) - 1)))],
            "cpu": statistics.median(cpus),
        }

    results: dict = {"lantoa": {}, "stock": {}}
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["*"]):
        for who, user in users.items():
            client = Client()
            client.force_login(user)
            for name, url, _stock in screens:
                results["lantoa"].setdefault(name, {})[who] = run(client, url, f"{who} {name}")
                log(f"{who:9} {name}: {results['lantoa'][name][who]}")
        # Stock Wagtail: its own policies, one Editors group with page permissions on the root.
        editors, _ = Group.objects.get_or_create(name="Editors (stock Wagtail baseline)")
        editors.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
        for codename in ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]:
            perm = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=editors, page=root, permission=perm)
        for codename, app in [("add_image", "wagtailimages"), ("choose_image", "wagtailimages")]:
            perm = Permission.objects.get(content_type__app_label=app, codename=codename)
            GroupCollectionPermission.objects.get_or_create(
                group=editors, collection=Collection.get_first_root_node(), permission=perm
            )
        editor, _ = User.objects.get_or_create(username="stock.editor")
        editor.groups.add(editors)
        saved = dict(policy_registry.values_by_class), dict(policy_registry.values_by_exact_class)
        from wagtail.images import get_image_model

        policy_registry.values_by_class.pop(Page, None)
        policy_registry.values_by_exact_class.pop(get_image_model(), None)
        policy_registry.register(
            get_image_model(),
            CollectionOwnershipPermissionPolicy(
                get_image_model(), auth_model="wagtailimages.Image", owner_field_name="uploaded_by_user"
            ),
        )
        assert type(policy_registry.get_by_type(ArticlePage)) is PagePermissionPolicy
        try:
            client = Client()
            client.force_login(editor)
            admin_client = Client()
            admin_client.force_login(superuser)
            for name, url, stock in screens:
                if stock:
                    chosen = admin_client if name == "users list" else client
                    results["stock"][name] = run(chosen, url, f"stock {name}")
                    log(f"stock     {name}: {results['stock'][name]}")
        finally:
            policy_registry.values_by_class.clear()
            policy_registry.values_by_class.update(saved[0])
            policy_registry.values_by_exact_class.clear()
            policy_registry.values_by_exact_class.update(saved[1])
    return results


def child(args) -> None:
    import django

    django.setup()
    from django.db import connection

    started = load_average()
    t = time.perf_counter()
    info = build(args)
    info["build_s"] = time.perf_counter() - t
    info["date"] = f"{datetime.date.today():%d/%m/%Y}"
    from django.contrib.auth.models import Group
    from wagtail.models import GroupPagePermission, Page

    from lantoa.content.models import ArticlePage

    info.update(
        vendor=connection.vendor,
        pages=Page.objects.count(),
        articles=ArticlePage.objects.count(),
        groups=Group.objects.count(),
        page_permission_rows=GroupPagePermission.objects.count(),
        load_start=started,
    )
    info["grants_now"] = time_grants()
    info["results"] = measure(args)
    info["load_end"] = load_average()
    Path(args.child).write_text(json.dumps(info, ensure_ascii=False, indent=1))


# --- the parent: one child per database, then the table ---------------------------------------------------


def reset(url: str) -> None:
    if url.startswith("sqlite"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def ensure_database(url: str) -> None:
    if url.startswith("sqlite"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def cell(row: dict | None, *, mark: bool = False) -> tuple[str, ...]:
    """p50, p95, CPU, queries, KB; with `mark`, a figure over its target in bold."""
    if not row:
        return ("—",) * 5
    if row["status"] != 200:
        return ("refused" if row["status"] in (302, 403) else f"— ({row['status']})", "", "", "", "")

    def bold(text: str, over: bool) -> str:
        return f"**{text}**" if mark and over else text

    return (
        f"{row['p50']:.0f}",
        bold(f"{row['p95']:.0f}", row["p95"] > TARGET_MS),
        f"{row['cpu']:.0f}",
        bold(str(row["queries"]), row["queries"] > TARGET_QUERIES),
        bold(f"{row['kb']:.0f}", row["kb"] > TARGET_KB),
    )


def misses(results: dict) -> list[str]:
    """Each screen and user over a target, and by what."""
    out = []
    for name, by_user in results.items():
        for who, row in by_user.items():
            if not row or row["status"] != 200:
                continue
            over = []
            if row["p95"] > TARGET_MS:
                over.append(f"p95 {row['p95']:.0f} ms")
            if row["queries"] > TARGET_QUERIES:
                over.append(f"{row['queries']} queries")
            if row["kb"] > TARGET_KB:
                over.append(f"{row['kb']:.0f} KB")
            if over:
                out.append(f"{name} ({who}): {', '.join(over)}")
    return out


def render(runs: dict[str, dict], args) -> str:
    lines = [
        f"# Admin benchmark — {datetime.date.today():%d/%m/%Y}",
        "",
        f"Command: `.venv/bin/python bench/admin/run.py --pages {args.pages} --requests {args.requests}`. "
        "Machine: 2 CPUs, shared. Times in ms (p50, p95 of wall time; CPU is the process's CPU per request, the "
        "test client's own work included; on PostgreSQL the database's own time is in the wall time, not the CPU), "
        f"HTML in KB. Targets: p95 under {TARGET_MS} ms, at most {TARGET_QUERIES} queries, under {TARGET_KB} KB; "
        f"a membership granted in under {TARGET_GRANT_MS} ms. **Bold**: over a target. *refused*: the role does "
        "not open that screen (Wagtail's users list is for superusers; unit admins manage staff under "
        "memberships). The stock Wagtail columns: the same screens with Wagtail's own page and media permission "
        'policies in the registry and one user in an "Editors" group holding add, change, publish, lock and '
        "unlock on the root page (the users list as the superuser); the rest of the admin (views, search "
        "backend, templates) is the same, so the difference is the cost of reading permissions from memberships. "
        "Lan Toả refuses that editor the edit screen (no membership: no scope), hence no figure there.",
        "",
    ]
    for info in runs.values():
        lines += [
            f"## {'SQLite' if info['vendor'] == 'sqlite' else 'PostgreSQL'}",
            "",
            f"{info['pages']:,} pages ({info['articles']:,} articles), {info['groups']:,} groups, "
            f"{info['page_permission_rows']:,} group page permission rows. Load average {info['load_start']} at the "
            f"start, {info['load_end']} at the end; build {info['build_s']:.0f} s.",
            "",
        ]
        grants = info.get("grants")
        if grants:
            lines += [
                f"Staffing the country ({grants.get('built', 'this build')}): {grants['count']:,} memberships "
                f"through `grant_membership` in {grants['total_s']:.0f} s, p50 {grants['p50_ms']:.1f} ms, "
                f"p95 {grants['p95_ms']:.1f} ms a grant.",
                "",
            ]
        now = info["grants_now"]
        flag = "" if now["p95_ms"] < TARGET_GRANT_MS else " **over the target**"
        lines += [
            f"Granting a role to {now['count']} more people in communes across the country, the country staffed: "
            f"p50 {now['p50_ms']:.1f} ms, p95 {now['p95_ms']:.1f} ms a grant{flag}.",
            "",
        ]
        lines += [
            "| screen | user | p50 | p95 | CPU | queries | KB | stock Wagtail p50 | p95 | CPU | queries | KB |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for name, by_user in info["results"]["lantoa"].items():
            stock = info["results"]["stock"].get(name)
            for n, (who, row) in enumerate(by_user.items()):
                mine = cell(row, mark=True)
                theirs = cell(stock) if n == 0 else ("",) * 5
                lines.append(f"| {name if n == 0 else ''} | {who} | " + " | ".join(mine + theirs) + " |")
        lines.append("")
        missed = misses(info["results"]["lantoa"])
        lines += [f"Over a target here: {len(missed)} of the measured screens and users.", ""]
        lines += [f"- {m}" for m in missed] + [""]
        if info["vendor"] == "sqlite":
            lines += [
                "On SQLite a count includes the `BEGIN IMMEDIATE` statement that opens a transaction (the product's "
                "SQLite transaction mode): the edit screen's 31 are PostgreSQL's 30 and that statement.",
                "",
            ]
    return "\n".join(lines)


def main() -> None:
    args = parse_args()
    if args.child:
        child(args)
        return
    runs = {}
    for label in [d.strip() for d in args.databases.split(",") if d.strip()]:
        if args.render:
            runs[label] = json.loads((ROOT / "var" / f"bench-admin-{label}.json").read_text())
            continue
        url = SQLITE_URL if label == "sqlite" else POSTGRES_URL
        if args.fresh:
            reset(url)
        ensure_database(url)
        out = ROOT / "var" / f"bench-admin-{label}.json"
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "lantoa.settings.dev"}
        command = [sys.executable, __file__, "--child", str(out), "--pages", str(args.pages)]
        command += ["--requests", str(args.requests)]
        if args.queries:
            command += ["--queries", args.queries]
        log(f"{label}: {url}")
        earlier = json.loads(out.read_text()) if out.exists() else {}
        subprocess.run(command, env=env, check=True)
        runs[label] = json.loads(out.read_text())
        if "grants" not in runs[label] and "grants" in earlier:
            # The database was built by an earlier run: its staffing, as that run measured it.
            built = earlier["grants"].get("built") or f"the build of an earlier run, {earlier.get('date', 'undated')}"
            runs[label]["grants"] = {**earlier["grants"], "built": built}
            out.write_text(json.dumps(runs[label], ensure_ascii=False, indent=1))
    table = render(runs, args)
    Path(args.out).write_text(table + "\n")
    print(table)


if __name__ == "__main__":
    main()
