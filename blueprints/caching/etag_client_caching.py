"""Client-side caching with ETag validation: the ETag is the row's version, kept in a Redis version index,
so a revalidation (If-None-Match) costs one Redis GET and a ~300 B 304, with no database read and no
render. Writes carry If-Match and lose with 412 on a conflict. Public catalogue responses are shared by
the CDN; private ones are cached only on the device. A WAL-fed version feeder keeps the index honest
when the API dies between commit and its own index update.
"""

from kit import Blueprint, single_writer

bp = Blueprint(
    "etag-client-caching",
    title="Client-Side Caching with ETag Validation",
    category="caching",
    learn="Save server load with smart validation",
    promise=(
        "Serve 17 K GETs/s at peak for 10 M daily users, answering 80% as ~300 B 304s from one Redis lookup "
        "(origin p99 < 30 ms), and cut response bytes by 79%."
    ),
)

# -- components ------------------------------------------------------------------------------------

app = bp.component(
    "app",
    "mobile-client",
    "Mobile app",
    tech="OkHttp / URLCache",
    responsibility="Keeps responses with their ETag; revalidates after max-age with If-None-Match",
)
browser = bp.component(
    "browser",
    "web-client",
    "Browser",
    tech="HTTP cache",
    responsibility="Caches public catalogue pages; revalidates through the CDN",
)
cdn = bp.component(
    "cdn",
    "cdn",
    "CDN",
    tech="CloudFront + Origin Shield",
    managed="AWS",
    responsibility="Shares public responses (s-maxage 300 s); one conditional GET per object per shield",
)

with bp.group("Origin", kind="tier"):
    api = bp.component(
        "api",
        "service",
        "Resource API",
        tech="Go, ETag middleware",
        replicas=6,
        responsibility="Compares If-None-Match to the version before any DB read or render; If-Match on writes",
    )
    versions = bp.component(
        "versions",
        "key-value-store",
        "Version index",
        tech="Redis, primary + replica",
        replicas=2,
        topology=single_writer(async_standbys=1, failover="15 s"),
        responsibility="resource key -> current version; set only upward by a Lua compare",
    )
    db = bp.component(
        "db",
        "relational-db",
        "Resources DB",
        tech="Postgres 16 + Patroni",
        topology=single_writer(sync_standbys=1, failover="45 s"),
        responsibility="The rows, each with a version bumped by every UPDATE",
    )
    feeder = bp.component(
        "feeder",
        "worker",
        "Version feeder",
        tech="Go, pglogrepl slot",
        replicas=2,
        backing_store="db",
        lane="async",
        responsibility="Reads version bumps from the WAL and raises the index to them within ~1 s",
    )

metrics = bp.component(
    "metrics",
    "monitoring",
    "304 ratio SLO",
    tech="Prometheus",
    replicas=2,
    role="background",
    responsibility="Tracks 304 share, bytes saved and index misses; pages on a drop",
)

# -- links -----------------------------------------------------------------------------------------

bp.link(app, api, "GET / PUT, validators", figure="origin_rps")
bp.link(browser, cdn, "GET public")
bp.link(cdn, api, "conditional GET", figure="cdn_origin_rps")
bp.link(api, versions, "GET version")
bp.link(api, db, "read row / UPDATE")
bp.link(db, feeder, "WAL: version bumps", nature="replication")
bp.link(feeder, versions, "SET if higher", nature="async")
bp.link(api, metrics, "status, bytes", nature="async")

# -- flows -----------------------------------------------------------------------------------------

bp.flow(
    "Revalidate",
    [
        (
            app,
            api,
            'max-age=60 has passed, so the app sends GET /v1/lists/42 with If-None-Match: W/"v42".',
            "30 ms",
            "120 ms",
        ),
        (
            api,
            versions,
            "The middleware reads the version for lists:42 from Redis (one GET); it is still 42.",
            "0.5 ms",
            "3 ms",
        ),
        (
            api,
            app,
            "It answers 304 Not Modified with the ETag and Cache-Control headers (~300 B): no DB read, no "
            "render, and the app resets its max-age clock.",
            "1 ms",
            "5 ms",
        ),
    ],
    critical=True,
    mode="read",
    description="80% of requests end here: the point of the design.",
)

bp.link(api, app, "200 or 304", nature="sync")

bp.flow(
    "Fetch changed resource",
    [
        (app, api, 'A GET whose If-None-Match: W/"v41" is older than the current version, or a first fetch.'),
        (api, versions, "Redis says version 42, which does not match.", "0.5 ms", "3 ms"),
        (api, db, "The API reads the row and its lines by primary key.", "3 ms", "15 ms"),
        (
            api,
            app,
            'It renders the JSON (~20 ms) and answers 200 with ETag: W/"v42", Cache-Control: private, '
            "max-age=60 and Vary: Accept-Encoding.",
            "20 ms",
            "60 ms",
        ),
    ],
    mode="read",
    description="The full path, paid only when the data changed or the client has nothing cached.",
)

bp.flow(
    "Public page through the CDN",
    [
        (browser, cdn, "A browser asks for /v1/catalog/shoes; within s-maxage the CDN answers from its copy."),
        (
            cdn,
            api,
            "After 300 s the Origin Shield sends one If-None-Match for all edge locations; a 304 renews the "
            "copy for every user at once.",
        ),
        (api, versions, "The API checks the catalogue page's version exactly as for a private resource."),
    ],
    mode="read",
    description="Shared caching for public data only; a response that varies by user is never marked public.",
)

bp.flow(
    "Conditional update",
    [
        (app, api, 'The user renames the list: PUT /v1/lists/42 with If-Match: "v42" and the new body.'),
        (
            api,
            db,
            "UPDATE lists SET ..., version = version + 1 WHERE id = 42 AND version = 42; zero rows means "
            "someone else won, and the API answers 412 Precondition Failed.",
            "4 ms",
            "20 ms",
        ),
        (api, versions, "After COMMIT it raises the index to 43 with a compare-and-set script.", "0.5 ms", "3 ms"),
        (api, app, 'It answers 200 with ETag: "v43", so the cached copy on the device is current.', "1 ms", "5 ms"),
    ],
    mode="write",
    description="Optimistic concurrency with the same validator the caches use: no lost updates.",
)

bp.flow(
    "Index repair",
    [
        (
            db,
            feeder,
            "The feeder reads each committed version bump from a logical replication slot, including bumps "
            "whose API server died before step 17.",
        ),
        (
            feeder,
            versions,
            "It raises the index with the same compare-and-set, so the index trails the DB by at most ~1 s; "
            "an index with no entry makes the API read the version from Postgres instead.",
        ),
    ],
    description="Recovery: a 304 is only as correct as the index, so the WAL backs every index write.",
)

# -- scope -----------------------------------------------------------------------------------------

bp.use_case("User", "reopens a list the app has cached", mode="read", flow="Revalidate")
bp.use_case("User", "opens a list that changed since the last visit", mode="read", flow="Fetch changed resource")
bp.use_case("Visitor", "browses public catalogue pages", mode="read", flow="Public page through the CDN")
bp.use_case("User", "edits a list without overwriting someone else's edit", mode="write", flow="Conditional update")
bp.out_of_scope("Push of changes to clients (WebSocket, SSE)", "Offline sync and conflict merging", "Image caching")

# -- targets ---------------------------------------------------------------------------------------

bp.target(
    "Revalidation latency", flow="Revalidate", p50="40 ms", p99="150 ms", note="At the client; origin part < 10 ms"
)
bp.target("Full fetch latency", flow="Fetch changed resource", p50="80 ms", p99="300 ms")
bp.target("Update latency", flow="Conditional update", p50="60 ms", p99="250 ms")
bp.target("Read availability", flow="Revalidate", availability="99.95%")
bp.target(
    "Write durability",
    flow="Conditional update",
    rpo="0 s",
    rto="45 s",
    accepted_miss="Only the Redis index is asynchronous, and it is derived: the feeder rebuilds any lost "
    "version from the WAL within ~1 s; the rows themselves commit to a sync standby",
)
bp.target(
    "Correctness",
    "0 wrong 304s after the feeder catches up (~1 s); 0 lost updates",
    note="The index only moves up; If-Match compares strongly",
)

# -- data model and API ----------------------------------------------------------------------------

bp.table(
    "version index (Redis string)",
    primary_key="ver:{type}:{id}",
    fields=[("key", "string", 20), ("version", "int", 8), ("Redis overhead", "dict entry, robj", 56)],
    per="key",
    note="no TTL: a missing key falls back to Postgres",
)
bp.table(
    "lists",
    primary_key="id",
    fields=[
        ("id", "bigint", 8),
        ("owner_id", "bigint", 8),
        ("version", "bigint", 8),
        ("title", "text", 60),
        ("body", "jsonb", 2000),
        ("updated_at", "timestamptz", 8),
        ("row header", "Postgres tuple header", 24),
    ],
    indexes=[("(owner_id, updated_at)", "a user's lists, newest first, for the list index page")],
    per="key",
)
bp.api(
    "edits a list without overwriting someone else's edit",
    'PUT /v1/lists/42\nIf-Match: "v42"\n{"title": "Groceries"}',
    '200 OK\nETag: "v43"\n{"id": 42, "version": 43}   (or 412 Precondition Failed)',
)

# -- assumptions and load model --------------------------------------------------------------------

bp.quantity("dau", "10e6 users", "Daily active users", basis="Planning value (topic notes)")
bp.quantity("gets", "50 req/users/day", "GETs leaving a device per user", basis="Planning value (topic notes)")
bp.quantity("peak_factor", "3", "Peak over average", basis="Evening peak (planning value)")
bp.quantity("public_share", "30 %", "GETs for public pages", basis="Catalogue traffic (planning value)")
bp.quantity("not_modified", "80 %", "GETs answered 304", basis="Topic notes; measure per endpoint")
bp.quantity("body", "20 KB/req", "Full response", basis="JSON list with items (topic notes)")
bp.quantity("small", "300 B/req", "304 response with headers", basis="Status line, ETag, Cache-Control, Date")
bp.quantity("render_cost", "20 ms/req", "CPU for a full 200", basis="Read + JSON render, planning value")
bp.quantity("check_cost", "0.5 ms/req", "CPU for a 304", basis="One Redis GET and headers, planning value")
bp.quantity("cores_per_node", "16", "Cores per API node", basis="c7g.4xlarge class")
bp.quantity("headroom", "60 %", "Usable CPU", basis="Room for an AZ loss")
bp.quantity("pages", "20000 objects", "Hot public pages", basis="Catalogue pages (planning value)")
bp.quantity("s_maxage", "300 s", "CDN s-maxage", basis="Catalogue changes are fine within 5 min")
bp.quantity("resources", "50e6 keys", "Versioned resources", basis="5 lists per user, 10 M users")

bp.derive("avg_gets", "dau * gets", "Average GETs", unit="req/s")
bp.derive("peak_gets", "avg_gets * peak_factor", "Peak GETs", unit="req/s")
bp.derive("origin_rps", "peak_gets * (1 - public_share)", "Peak private GETs at origin", unit="req/s")
bp.derive("cdn_origin_rps", "pages / s_maxage * req / objects", "CDN revalidations at origin", unit="req/s")
bp.derive("bytes_plain", "dau * gets * body", "Bytes a day without validation", unit="TB/day")
bp.derive(
    "bytes_etag",
    "dau * gets * ((1 - not_modified) * body + not_modified * small)",
    "Bytes a day with 304s",
    unit="TB/day",
)
bp.derive("saved", "1 - bytes_etag / bytes_plain", "Bytes saved", unit="%")
bp.derive("cpu_plain", "origin_rps * render_cost", "Origin CPU without 304s (cores)", unit="")
bp.derive(
    "cpu_etag",
    "origin_rps * ((1 - not_modified) * render_cost + not_modified * check_cost)",
    "Origin CPU with 304s (cores)",
    unit="",
)
bp.derive("nodes_plain", "ceil(cpu_plain / (cores_per_node * headroom)) * node", "API nodes without", unit="nodes")
bp.derive("nodes_etag", "ceil(cpu_etag / (cores_per_node * headroom)) * node", "API nodes with 304s", unit="nodes")
bp.derive("index_memory", "resources * version_index_redis_string_record", "Version index memory", unit="GB")
bp.derive("db_reads", "origin_rps * (1 - not_modified)", "Peak DB reads", unit="req/s")

# -- trade-offs ------------------------------------------------------------------------------------

bp.tradeoff(
    decision="What the ETag is made of",
    chosen='The row version: W/"v42" on reads, "v42" for If-Match',
    rejected="A strong hash of the rendered body (SHA-256 of the bytes)",
    why=(
        "A body hash needs the DB read and the ~20 ms render before it can answer 304, so it saves bytes "
        "but not CPU: {cpu_etag} with versions against {cpu_plain}"
    ),
    cost="A render change (new field, new format) must bump a schema prefix in the ETag, or clients keep old JSON",
    revisit_when="Responses merge more than 3 rows whose versions would have to be combined",
)
bp.tradeoff(
    decision="How long clients trust a copy",
    chosen="max-age=60 on private data, then revalidate",
    rejected="no-cache (revalidate on every use) or max-age of hours",
    why=(
        "no-cache sends every view to origin; hours would show a list edited on another device as stale "
        "for hours. At 60 s, {origin_rps} of revalidations cost {cpu_etag}"
    ),
    cost="A change made elsewhere can take 60 s to appear unless the app pulls to refresh",
    revisit_when="Users report stale lists more than 1 per 10 K sessions, or 304 share drops below 50%",
)
bp.tradeoff(
    decision="Shared caching",
    chosen="CDN only for public catalogue pages; private responses are Cache-Control: private",
    rejected="Everything through the CDN with Vary: Authorization",
    why=(
        "Vary: Authorization keys a copy per token, so the hit rate is near 0 while the risk of serving one "
        "user's data to another rests on header hygiene; public pages need only {cdn_origin_rps}"
    ),
    cost="Private traffic ({origin_rps}) always reaches origin, even when the answer is a 304",
    revisit_when="Private GETs pass 50 K/s at peak, where edge compute with per-user validation pays",
)
bp.tradeoff(
    decision="Keeping the index right",
    chosen="API write-through after commit, plus a WAL-fed feeder; only upward moves",
    rejected="Reading the version from Postgres on every revalidation",
    why=(
        "Postgres would take {origin_rps} extra primary-key reads at peak; Redis answers in 0.5 ms, and the "
        "feeder closes the crash window within ~1 s"
    ),
    cost="Up to ~1 s where a crashed writer's change can be answered with a stale 304",
    revisit_when="Any endpoint needs a zero-staleness 304, or Redis costs more than 5% of the origin bill",
)

# -- failure modes ---------------------------------------------------------------------------------

bp.failure(
    failure="The Redis version index fails over or is flushed",
    detection="Index miss rate > 5% for 1 min; Redis primary down 15 s",
    blast_radius="Revalidations fall back to Postgres version reads; 304s stay correct but cost a DB read",
    mitigation=(
        "The replica is promoted in 15 s; the feeder re-fills hot keys as they change and the API writes "
        "back what it reads; normal within 10 min"
    ),
)
bp.failure(
    failure="The version feeder stops (its slot on the Resources DB stalls)",
    detection="Slot confirmed LSN older than 30 s; retained WAL > 5 GB",
    blast_radius="Only writes whose API server crashed after commit can be answered by a stale 304",
    mitigation="The feeder restarts from the slot's LSN and replays; caught up in < 2 min",
)
bp.failure(
    failure="The Resources DB primary fails",
    detection="Patroni leader key expires (30 s TTL); 5xx on PUT > 1% for 30 s",
    blast_radius="Writes and full fetches for up to 45 s; 304s keep working from the index",
    mitigation="Patroni promotes the sync standby (RPO 0); the feeder's slot is synced to it; writes back in 45 s",
)
bp.failure(
    failure="A deploy changes the JSON without changing the ETag",
    detection="Client schema errors > 0.1% after a release; 304 share unchanged across the deploy",
    blast_radius="Every client with a cached copy keeps the old shape for as long as it revalidates",
    mitigation="Bump the ETag's schema prefix (v42 becomes s7-v42); every client refetches within one max-age, 60 s",
)

# -- scaling path ----------------------------------------------------------------------------------

bp.scaling(
    at="10x (170 K GETs/s peak)",
    breaks="One Redis primary answers 120 K version reads/s, near its limit; API grows to ~10x {nodes_etag}",
    next_move="Redis Cluster with 4 shards; batch versions for list pages with MGET; 5x the API fleet",
)
bp.scaling(
    at="100x (1.7 M GETs/s peak)",
    breaks="Origin round trips for 304s dominate: 1.2 M private revalidations/s still reach the region",
    next_move=(
        "Validate at the edge: signed per-user version tokens checked by CDN functions against a "
        "replicated version map, so most 304s never leave the edge"
    ),
)

# -- references ------------------------------------------------------------------------------------

bp.reference(
    "RFC 9110: HTTP Semantics, conditional requests",
    "ETag, weak and strong comparison, If-None-Match, If-Match and 412",
    url="https://www.rfc-editor.org/rfc/rfc9110.html",
)
bp.reference(
    "RFC 9111: HTTP Caching",
    "max-age, s-maxage, private, no-cache and revalidation",
    url="https://www.rfc-editor.org/rfc/rfc9111.html",
)
bp.reference(
    "RFC 5861: HTTP Cache-Control Extensions for Stale Content",
    "stale-while-revalidate and stale-if-error",
    url="https://www.rfc-editor.org/rfc/rfc5861.html",
)
bp.reference(
    "GitHub REST API: conditional requests",
    "ETag-based revalidation where a 304 does not count against the rate limit",
    url="https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api",
)
bp.reference(
    "Amazon CloudFront: Origin Shield",
    "One extra caching layer that collapses origin requests from all edge locations",
    url="https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/origin-shield.html",
)

bp.key_numbers("peak_gets", "bytes_etag", "saved", "cpu_etag", "nodes_etag")

BLUEPRINT = bp.build()
