"""The PostgreSQL rollup: a day's figures computed in the database, set-based, as `rollup.rollup_events` computes
them in Python (`DjangoStore._rollup_in_database` runs these statements)."""

# The day's events, one row per event and scope (the event's unit and every unit above it), with what the
# rollup needs: the source of the portal visit (split on VISIT_GAP_SECONDS of silence and on an arrival from a
# new outside source, `rollup.arrivals`; an internal first pageview counts as direct), the scope's own visits
# (the same rules over the scope's pageviews only), whether the event opens a scope visit, is its only page,
# and its time on page (to the next pageview of the scope visit, capped; else the seconds of its engagement
# ping, `rollup.engaged_seconds`). `rollup.rollup_events` is the same in Python; the tests hold the two to the
# same figures.
ROLLUP_SCOPED_SQL = """
CREATE TEMP TABLE analytics_rollup_scoped ON COMMIT DROP AS
WITH engaged AS (
    SELECT pageview.id, MAX(LEAST(ping.seconds, %(cap)s,
        FLOOR(EXTRACT(EPOCH FROM ping.occurred_at - pageview.occurred_at)) + 1)) AS seconds
    FROM analytics_engagementevent ping
    CROSS JOIN LATERAL (
        SELECT id, occurred_at FROM analytics_pageviewevent latest
        WHERE day = %(day)s AND visitor = ping.visitor AND path = ping.path AND occurred_at <= ping.occurred_at
            -- the first copy of a pageview stored twice, the one the rollup keeps
            AND NOT EXISTS (
                SELECT 1 FROM analytics_pageviewevent copy
                WHERE copy.day = latest.day AND copy.visitor = latest.visitor
                    AND copy.occurred_at = latest.occurred_at AND copy.path = latest.path AND copy.id < latest.id
                    AND (copy.page_title, copy.content_type, copy.unit_path, copy.policy_areas, copy.target_groups,
                        copy.language, copy.source_kind, copy.source, copy.utm_campaign, copy.device)
                    = (latest.page_title, latest.content_type, latest.unit_path, latest.policy_areas,
                        latest.target_groups, latest.language, latest.source_kind, latest.source,
                        latest.utm_campaign, latest.device)
            )
        ORDER BY occurred_at DESC, id DESC LIMIT 1
    ) pageview
    WHERE ping.day = %(day)s
    GROUP BY pageview.id
), events AS (
    SELECT id, visitor, occurred_at, unit_path, source_kind NOT IN ('direct', 'internal') AS outside,
        source_kind AS arrived_kind, source AS arrived_source, utm_campaign AS arrived_campaign,
        CASE WHEN source_kind = 'internal' THEN 'direct' ELSE source_kind END AS kind,
        CASE WHEN source_kind = 'internal' THEN '' ELSE source END AS source,
        CASE WHEN source_kind = 'internal' THEN '' ELSE utm_campaign END AS campaign,
        CASE WHEN occurred_at - LAG(occurred_at) OVER w <= make_interval(secs => %(gap)s) THEN 0 ELSE 1 END AS silence
    FROM (
        -- A pageview stored twice (identical in every field) counts once (rollup.unique_pageviews): its first
        -- copy, as in Python and in the engagement lookup above.
        SELECT DISTINCT ON (visitor, occurred_at, path, page_title, content_type, unit_path, policy_areas,
            target_groups, language, source_kind, source, utm_campaign, device) *
        FROM analytics_pageviewevent
        WHERE day = %(day)s
        ORDER BY visitor, occurred_at, path, page_title, content_type, unit_path, policy_areas, target_groups,
            language, source_kind, source, utm_campaign, device, id
    ) pageviews
    WINDOW w AS (PARTITION BY visitor ORDER BY occurred_at, id)
), stretches AS (
    SELECT *, SUM(silence) OVER (PARTITION BY visitor ORDER BY occurred_at, id) AS stretch FROM events
), arrivals AS (
    -- An arrival from outside by another way than the last one since the silence opens a visit (rollup.arrivals).
    SELECT *,
        CASE WHEN silence = 0 AND outside AND ROW(LAG(arrived_kind) OVER o, LAG(arrived_source) OVER o,
            LAG(arrived_campaign) OVER o) IS DISTINCT FROM ROW(arrived_kind, arrived_source, arrived_campaign)
        THEN 1 ELSE 0 END AS arrives
    FROM stretches
    WINDOW o AS (PARTITION BY visitor, stretch, outside ORDER BY occurred_at, id)
), visits AS (
    SELECT *, SUM(GREATEST(silence, arrives)) OVER (PARTITION BY visitor ORDER BY occurred_at, id) AS visit
    FROM arrivals
), sourced AS (
    SELECT id, visitor, occurred_at, unit_path, arrives,
        FIRST_VALUE(kind) OVER w AS visit_kind,
        FIRST_VALUE(source) OVER w AS visit_source,
        FIRST_VALUE(campaign) OVER w AS visit_campaign
    FROM visits
    WINDOW w AS (PARTITION BY visitor, visit ORDER BY occurred_at, id)
), scoped AS (
    SELECT id, visitor, occurred_at, arrives, visit_kind, visit_source, visit_campaign,
        array_to_string(parts[1:n], '/') || '/' AS scope
    FROM sourced
    CROSS JOIN LATERAL (
        SELECT string_to_array(trim(trailing '/' FROM COALESCE(NULLIF(unit_path, ''), %(centre)s)), '/') AS parts
    ) split
    CROSS JOIN LATERAL generate_series(1, cardinality(parts)) n
), gaps AS (
    SELECT scoped.*,
        CASE WHEN occurred_at - LAG(occurred_at) OVER w <= make_interval(secs => %(gap)s) AND arrives = 0
            THEN 0 ELSE 1 END AS opens_here,
        CASE WHEN LEAD(occurred_at) OVER w - occurred_at <= make_interval(secs => %(gap)s) AND LEAD(arrives) OVER w = 0
            THEN 1 ELSE 0 END AS continues,
        CASE WHEN LEAD(occurred_at) OVER w - occurred_at <= make_interval(secs => %(gap)s) AND LEAD(arrives) OVER w = 0
            THEN FLOOR(LEAST(GREATEST(EXTRACT(EPOCH FROM LEAD(occurred_at) OVER w - occurred_at), 0), %(cap)s))
            ELSE engaged.seconds
        END AS duration
    FROM scoped LEFT JOIN engaged ON engaged.id = scoped.id
    WINDOW w AS (PARTITION BY visitor, scope ORDER BY occurred_at, scoped.id)
), scope_visits AS (
    SELECT *, SUM(opens_here) OVER (PARTITION BY visitor, scope ORDER BY occurred_at, id) AS scope_visit FROM gaps
), marked AS (
    SELECT id, scope, visitor, opens_here AS opens, duration,
        CASE WHEN opens_here = 1 AND continues = 0 THEN 1 ELSE 0 END AS bounce,
        FIRST_VALUE(visit_kind) OVER w AS kind,
        FIRST_VALUE(visit_source) OVER w AS source,
        FIRST_VALUE(visit_campaign) OVER w AS campaign
    FROM scope_visits
    WINDOW w AS (PARTITION BY visitor, scope, scope_visit ORDER BY occurred_at, id)
)
-- The wide columns join in at the end: the window sorts move narrow rows.
SELECT marked.*, e.path, e.page_title, e.content_type, e.unit_path, e.policy_areas, e.target_groups, e.language,
    e.device
FROM marked JOIN analytics_pageviewevent e ON e.id = marked.id
"""

# One row per scope, dimension and key, as `rollup.rollup_events` makes them: (key expression, label).
_ROLLUP_KEYS = {
    "total": ("''", "''"),
    "page": ("path", "MAX(page_title)"),
    "source": ("kind || ':' || source", "''"),
    "source_kind": ("kind", "''"),
    "campaign": ("NULLIF(campaign, '')", "''"),
    "device": ("device", "''"),
    "content_type": ("COALESCE(NULLIF(content_type, ''), 'other')", "''"),
    "unit": ("COALESCE(NULLIF(unit_path, ''), %(centre)s)", "''"),
    "language": ("language", "''"),
    # Slugs between bars: one row per slug.
    "policy_area": ("unnest(string_to_array(trim(BOTH '|' FROM policy_areas), '|'))", "''"),
    "target_group": ("unnest(string_to_array(trim(BOTH '|' FROM target_groups), '|'))", "''"),
}


# Two hash aggregations (per visitor, then per key) instead of sorting for COUNT(DISTINCT visitor).
_ROLLUP_SELECT = """
SELECT %(day)s, scope, 'DIMENSION', key, MAX(label), SUM(visits), COUNT(*), SUM(pageviews), SUM(bounces),
    SUM(duration_total), SUM(duration_count)
FROM (
    SELECT scope, key, visitor, LABEL AS label, SUM(opens) AS visits, COUNT(*) AS pageviews, SUM(bounce) AS bounces,
        COALESCE(SUM(duration), 0) AS duration_total, COUNT(duration) AS duration_count
    FROM (SELECT scope, visitor, opens, bounce, duration, LABEL_COLUMN, KEY AS key FROM analytics_rollup_scoped) keyed
    WHERE key IS NOT NULL KEEP
    GROUP BY scope, key, visitor
) per_visitor
GROUP BY scope, key"""


def _rollup_insert_sql() -> str:
    selects = [
        _ROLLUP_SELECT.replace("DIMENSION", dimension)
        .replace("LABEL_COLUMN", "page_title" if dimension == "page" else "'' AS page_title")
        .replace("LABEL", label)
        .replace("KEY", key)
        # Like rollup.py: no campaign row without a campaign, no row for an empty slug.
        .replace("KEEP", "AND key <> ''" if dimension in ("campaign", "policy_area", "target_group") else "")
        for dimension, (key, label) in _ROLLUP_KEYS.items()
    ]
    columns = "day, scope, dimension, key, label, visits, visitors, pageviews, bounces, duration_total, duration_count"
    return f"INSERT INTO analytics_dailystat ({columns})" + "\nUNION ALL".join(selects)


ROLLUP_INSERT_SQL = _rollup_insert_sql()
