"""Reports benchmark: a year of approved reports for every commune and province, rolled up to the nation.

    .venv/bin/python bench/reports/run.py                      # SQLite file var/bench-reports.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reports_bench .venv/bin/python bench/reports/run.py

Prints a table and writes it to bench/reports/results.md. Not part of the test suite. Steps:
1. the real unit tree (3,321 communes, 34 provinces; `import_units`), a quarterly template of 30 indicators
   (26 sums, 2 averages, 2 ratios) and, for each of the year's 4 quarters, an approved report with 30 values
   for every commune and province: 13,420 reports and 402,600 values, written in bulk.
2. the running totals (ApprovedTotal, kept by the approval workflow) rebuilt for the bulk-loaded year.
3. timed, median of --repeat runs after a warm-up: the national roll-up of the year from the province
   reports (what the dashboard shows), the same from all commune reports (the deep roll-up), the 34 province
   figures from their communes, each from the running totals and also straight from every approved value,
   and a full dashboard load (HTTP, rendered, map included).
4. baseline: the same sums written directly in SQL over the values, in the same run on the same data.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings.dev")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-reports.sqlite3'}")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from lantoa.reports import selectors, services  # noqa: E402
from lantoa.reports.models import Report, ReportTemplate, ReportValue, TemplateIndicator  # noqa: E402
from lantoa.reports.periods import periods_of_year  # noqa: E402
from lantoa.units.models import Unit  # noqa: E402

YEAR = 2025
CODE = "bench-30-chi-tieu"
TARGET_SECONDS = 1.0


def make_template() -> ReportTemplate:
    ReportValue.objects.filter(report__template__code=CODE).delete()
    Report.objects.filter(template__code=CODE).delete()
    ReportTemplate.objects.filter(code=CODE).delete()
    template = ReportTemplate.objects.create(
        code=CODE, name="Bench: 30 chỉ tiêu", periodicity="quarterly", levels=["commune", "province"]
    )
    indicators = [
        TemplateIndicator(
            template=template, code=f"s{i:02d}", name=f"Chỉ tiêu cộng {i}", unit_of_measure="lượt", order=i
        )
        for i in range(26)
    ]
    indicators += [
        TemplateIndicator(
            template=template,
            code=f"a{i}",
            name=f"Điểm {i}",
            unit_of_measure="điểm",
            aggregation="average",
            decimal_places=1,
            order=26 + i,
        )
        for i in range(2)
    ]
    indicators += [
        TemplateIndicator(
            template=template,
            code=f"r{i}",
            name=f"Tỷ lệ {i}",
            unit_of_measure="%",
            aggregation="ratio",
            numerator_code=f"s{2 * i:02d}",
            denominator_code=f"s{2 * i + 1:02d}",
            scale=100,
            decimal_places=1,
            order=28 + i,
        )
        for i in range(2)
    ]
    TemplateIndicator.objects.bulk_create(indicators)
    return template


def fill_year(template: ReportTemplate) -> tuple[int, int]:
    rng = random.Random(7)
    indicators = list(template.indicators.all())
    units = list(Unit.objects.filter(level__in=["commune", "province"], is_active=True).order_by("path"))
    now = datetime.datetime.now(datetime.UTC)
    reports_total = values_total = 0
    for period in periods_of_year("quarterly", YEAR):
        with transaction.atomic():
            reports = [
                Report(
                    template=template,
                    unit=unit,
                    period_start=period.start,
                    period_end=period.end,
                    deadline=period.end + datetime.timedelta(days=10),
                    status="approved",
                    approved_at=now,
                )
                for unit in units
            ]
            Report.objects.bulk_create(reports, batch_size=2000)
            values = []
            for report in reports:
                scale = 34 if report.unit.level == "province" else 1
                by_code = {}
                for indicator in indicators:
                    if indicator.aggregation == "sum":
                        value = Decimal(rng.randint(0, 500) * scale + 1)
                    elif indicator.aggregation == "average":
                        value = Decimal(rng.randint(10, 50)) / 10
                    else:
                        num, den = by_code[indicator.numerator_code], by_code[indicator.denominator_code]
                        value = (num * indicator.scale / den).quantize(Decimal("0.0001"))
                    by_code[indicator.code] = value
                    values.append(ReportValue(report=report, indicator=indicator, value=value, origin="manual"))
            ReportValue.objects.bulk_create(values, batch_size=5000)
            reports_total += len(reports)
            values_total += len(values)
    return reports_total, values_total


def timed(func, repeat: int) -> tuple[float, object]:
    result = func()  # warm-up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), result


def sql_sums(template: ReportTemplate, level: str, group_by_parent: bool) -> list:
    """The baseline: one hand-written GROUP BY over the same approved reports of the year."""
    group = "u.parent_id, v.indicator_id" if group_by_parent else "v.indicator_id"
    sql = f"""
        SELECT {group}, SUM(v.value), AVG(v.value), COUNT(v.value)
        FROM reports_reportvalue v
        JOIN reports_report r ON r.id = v.report_id
        JOIN units_unit u ON u.id = r.unit_id
        WHERE r.template_id = %s AND r.status = 'approved' AND u.level = %s
          AND r.period_start >= %s AND r.period_end <= %s
        GROUP BY {group}
    """  # noqa: S608 - the two fragments are constants above
    with connection.cursor() as cursor:
        cursor.execute(sql, [template.pk, level, datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)])
        return cursor.fetchall()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="keep the year already generated by a previous run")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    if Unit.objects.filter(level="commune").count() < 3321:
        print("Importing the unit tree (first run only)…", flush=True)
        call_command("import_units", verbosity=0)
    template = ReportTemplate.objects.filter(code=CODE).first()
    if args.reuse and template is not None and Report.objects.filter(template=template).exists():
        reports_total = Report.objects.filter(template=template).count()
        values_total = ReportValue.objects.filter(report__template=template).count()
        generate_seconds = 0.0
    else:
        start = time.perf_counter()
        template = make_template()
        reports_total, values_total = fill_year(template)
        generate_seconds = time.perf_counter() - start
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE reports_report; ANALYZE reports_reportvalue; ANALYZE units_unit")
    centre = Unit.objects.get(level="centre")
    jan1, dec31 = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)

    start = time.perf_counter()
    total_rows = services.rebuild_totals(template=template)
    rebuild_seconds = time.perf_counter() - start
    provinces = Unit.objects.filter(level="province")

    rows = []
    national, figures = timed(lambda: selectors.aggregate(template, centre, jan1, dec31), args.repeat)
    national_raw, _ = timed(lambda: selectors.aggregate_values(template, centre, jan1, dec31), args.repeat)
    national_sql, baseline = timed(lambda: sql_sums(template, "province", False), args.repeat)
    rows.append(
        ("national roll-up of the year (34 province reports × 4 quarters)", national, national_raw, national_sql)
    )
    deep, deep_figures = timed(lambda: selectors.aggregate(template, centre, jan1, dec31, level="commune"), args.repeat)
    deep_raw, deep_raw_figures = timed(
        lambda: selectors.aggregate_values(template, centre, jan1, dec31, level="commune"), args.repeat
    )
    deep_sql, deep_baseline = timed(lambda: sql_sums(template, "commune", False), args.repeat)
    rows.append(
        ("national roll-up from all commune reports (13,284 reports, 398,520 values)", deep, deep_raw, deep_sql)
    )
    by_province, _ = timed(lambda: selectors.subtotals(template, provinces, "commune", jan1, dec31), args.repeat)
    by_province_raw, _ = timed(
        lambda: selectors.aggregate_by_unit(
            template, centre, jan1, dec31, level="commune", group_by="report__unit__parent_id"
        ),
        args.repeat,
    )
    by_province_sql, _ = timed(lambda: sql_sums(template, "commune", True), args.repeat)
    rows.append(("34 province figures from their communes", by_province, by_province_raw, by_province_sql))

    # The figures agree with the baseline (sums, averages) before anything is reported.
    indicator_of = {i.pk: i.code for i in template.indicators.all()}
    for result, reference in ((figures, baseline), (deep_figures, deep_baseline), (deep_raw_figures, deep_baseline)):
        for indicator_id, total, average, _count in reference:
            code = indicator_of[indicator_id]
            if result[code].indicator.is_derived:
                continue  # a ratio is recomputed from its summed parts, never summed itself
            expected = Decimal(str(average if result[code].indicator.aggregation == "average" else total))
            assert abs(result[code].value - expected) < Decimal("0.001"), code

    user = get_user_model().objects.filter(
        username="bench-reports"
    ).first() or get_user_model().objects.create_superuser("bench-reports", password=None)
    client = Client()
    client.force_login(user)
    query = {"template": template.pk, "year": YEAR, "period": 4, "indicator": "s00"}
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        dashboard, response = timed(lambda: client.get("/admin/bao-cao/", query), args.repeat)
    assert response.status_code == 200, response.status_code
    rows.append(("full dashboard load (HTTP, Q4 with 8 periods of bars, statuses, map)", dashboard, None, None))

    generated = f"generated in {generate_seconds:.1f} s" if generate_seconds else "kept from a previous run (--reuse)"
    lines = [
        f"# Reports benchmark ({connection.vendor}, {datetime.date.today():%Y-%m-%d})",
        "",
        f"Data: {reports_total:,} approved reports, {values_total:,} values (30 indicators), year {YEAR}; "
        f"{generated}; running totals rebuilt in {rebuild_seconds:.1f} s "
        f"({total_rows:,} rows). Median of {args.repeat} runs after a warm-up. Load average at the start: "
        f"{os.getloadavg()[0]:.1f} (the machine is shared).",
        "",
        "| what | Lan Toả, running totals (s) | Lan Toả, from every value (s) | plain SQL over the values (s) |",
        "| --- | ---: | ---: | ---: |",
    ]

    def cell(value):
        return f"{value:.3f}" if value is not None else "–"

    for name, seconds, raw_seconds, baseline_seconds in rows:
        lines.append(f"| {name} | {cell(seconds)} | {cell(raw_seconds)} | {cell(baseline_seconds)} |")
    verdict = "met" if max(national, deep) < TARGET_SECONDS else "NOT met"
    lines += [
        "",
        f"Target: national roll-up under {TARGET_SECONDS:.0f} s on this machine (2 cores): **{verdict}** "
        f"(from provinces {national:.3f} s, from all communes {deep:.3f} s).",
        f"Deep and province roll-ups agree with the SQL baseline on every indicator; "
        f"national s00 = {figures['s00'].value:,}, from communes {deep_figures['s00'].value:,}.",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    (Path(__file__).resolve().parent / "results.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
