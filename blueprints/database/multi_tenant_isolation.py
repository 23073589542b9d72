"""Multi-tenant data isolation: 10K tenants on three tiers chosen per plan. 9,500 small tenants share a
Citus pool distributed by tenant_id, where Postgres row-level security (FORCE'd, keyed on a transaction-local
setting) makes a missing WHERE clause return nothing instead of another tenant's rows; 480 mid-size tenants
get a schema each on a bridge cluster; 20 enterprise tenants get a database of their own, encrypted with
their own KMS key. A tenant catalog maps every tenant to its tier, and a tenant mover promotes a tenant
between tiers with row-filtered logical replication and a catalog flip. Connection counts, not storage,
are what rule out a pool per tenant: transaction pooling turns 600K would-be connections into ~140 busy ones.
"""

from kit import Blueprint, single_writer

bp = Blueprint(
    "multi-tenant-isolation",
    title="DB Design: Multi-Tenant Data Isolation",
    category="database",
    learn="Tenant isolation in shared DBs without cost explosion",
    promise=(
        "Serve 10K tenants (29K tx/s at peak) from shared Postgres where no query can read another tenant's "
        "rows, at p99 < 100 ms, for about $3.5 per small tenant a month instead of $3,000 for a database each."
    ),
)

# -- components ------------------------------------------------------------------------------------

users = bp.component(
    "users",
    "users",
    "Tenant users",
    tech="Browser / API clients",
    responsibility="People and integrations of 10K customer organisations, each signed in to exactly one tenant",
)
idp = bp.component(
    "idp",
    "auth",
    "Identity provider",
    tech="Okta (OIDC)",
    managed="Okta",
    lane="edge",
    responsibility="Signs a 15 min JWT whose tenant_id claim comes from the user's org membership",
)
gateway = bp.component(
    "gateway",
    "api-gateway",
    "API gateway",
    tech="Envoy + JWT filter",
    replicas=4,
    responsibility="Checks the JWT, drops any client-sent tenant header, meters a token bucket per tenant",
)

with bp.group("Application tier", kind="tier"):
    app = bp.component(
        "app",
        "service",
        "App service",
        tech="Go",
        replicas=12,
        responsibility="Business logic; opens every transaction with SET LOCAL app.tenant_id from the claim",
    )
    router = bp.component(
        "router",
        "service",
        "Tenant router",
        tech="Go library + 60 s cache",
        replicas=12,
        responsibility="Maps tenant -> tier -> connection string; caches the catalog, invalidated by NOTIFY",
    )
    catalog = bp.component(
        "catalog",
        "relational-db",
        "Tenant catalog",
        tech="Postgres 16",
        topology=single_writer(sync_standbys=1, failover="30 s"),
        responsibility="One row per tenant: tier, cluster, KMS key, QPS cap, residency, catalog version",
    )

with bp.group("Pool", kind="cell"):
    pooler = bp.component(
        "pooler",
        "load-balancer",
        "Connection pooler",
        tech="transaction mode (PgBouncer)",
        replicas=3,
        lane="async",
        responsibility="Lends a server connection for one transaction only, so 60 pods need only ~140 busy ones",
    )
    coord = bp.component(
        "coord",
        "relational-db",
        "Citus coordinator",
        tech="Postgres 16 + Citus 12",
        topology=single_writer(sync_standbys=1, failover="30 s"),
        responsibility="Holds shard metadata; routes a query with tenant_id = constant to one shard",
    )
    workers = bp.component(
        "workers",
        "relational-db",
        "Citus workers",
        tech="Postgres 16, RLS forced",
        replicas=10,
        topology=single_writer(sync_standbys=1, failover="30 s"),
        responsibility="64 hash shards of every table by tenant_id; each worker has a sync standby",
    )

with bp.group("Dedicated", kind="cell"):
    silo = bp.component(
        "silo",
        "relational-db",
        "Silo databases",
        tech="RDS for PostgreSQL, 1 per tenant",
        replicas=20,
        managed="AWS",
        responsibility="20 enterprise tenants, each on its own Multi-AZ instance, region and backup schedule",
    )
    bridge = bp.component(
        "bridge",
        "relational-db",
        "Bridge cluster",
        tech="Postgres 16, schema per tenant",
        topology=single_writer(sync_standbys=1, failover="30 s"),
        responsibility="480 mid-size tenants, one schema and one role each; per-tenant dump and restore",
    )

with bp.group("Tenant control plane", kind="tier"):
    meter = bp.component(
        "meter",
        "monitoring",
        "Tenant meter",
        tech="Prometheus, tenant_id label",
        replicas=2,
        lane="external",
        responsibility="Per-tenant tx/s and DB time against the 10% cap; tightens buckets, flags hot tenants",
    )
    mover = bp.component(
        "mover",
        "worker",
        "Tenant mover",
        tech="Go, runs one job at a time",
        replicas=2,
        lane="ops",
        responsibility="Onboards tenants, isolates hot ones, promotes pool -> silo with logical replication",
    )
    kms = bp.component(
        "kms",
        "secrets",
        "Tenant keys",
        tech="AWS Key Management Service",
        managed="AWS",
        lane="external",
        responsibility="One customer-managed key per silo tenant; revoking it makes that tenant's data unreadable",
    )

# -- links -----------------------------------------------------------------------------------------

bp.link(users, idp, "OIDC sign-in")
bp.link(users, gateway, "HTTPS + JWT", figure="peak_tx")
bp.link(gateway, app, "tenant_id from claim")
bp.link(app, router, "tier + DSN?")
bp.link(router, catalog, "read / write tenant")
bp.link(catalog, router, "NOTIFY change", nature="async")
bp.link(app, pooler, "SET LOCAL + SQL", figure="pool_tx")
bp.link(pooler, coord, "leased conn")
bp.link(coord, workers, "1-shard query", figure="worker_tx")
bp.link(app, silo, "own DSN, TLS")
bp.link(app, bridge, "search_path = tenant")
bp.link(workers, silo, "row-filtered logical repl.", nature="replication")
bp.link(mover, coord, "isolate / move shard")
bp.link(mover, bridge, "CREATE SCHEMA")
bp.link(mover, silo, "create DB")
bp.link(mover, kms, "CreateKey")
bp.link(mover, catalog, "flip tier")
bp.link(app, meter, "tx + DB ms per tenant", nature="async")
bp.link(meter, gateway, "lower tenant bucket", nature="async")
bp.link(mover, meter, "hot tenants?")

# -- flows -----------------------------------------------------------------------------------------

bp.flow(
    "Pool tenant writes a record",
    [
        (users, gateway, "A user of tenant 4711 sends POST /v1/records with the bearer JWT it got at sign-in."),
        (
            gateway,
            app,
            "The gateway verifies the JWT's signature and expiry, deletes any X-Tenant-Id header the client "
            "sent, charges the tenant's token bucket and forwards the tenant_id claim.",
            "2 ms",
            "8 ms",
        ),
        (
            app,
            router,
            "The router finds tenant 4711 in its cache: tier pool, Citus cluster pool-1.",
            "0.5 ms",
            "2 ms",
        ),
        (
            app,
            pooler,
            "The app sends BEGIN; SET LOCAL app.tenant_id = '4711...'; INSERT ...; the pooler lends a server "
            "connection for this transaction only, and SET LOCAL dies with it.",
            "1 ms",
            "5 ms",
        ),
        (
            pooler,
            coord,
            "The coordinator's fast-path planner sees tenant_id = constant on the distribution column and "
            "routes the statement to the one shard that holds hash(tenant_id).",
            "1.5 ms",
            "10 ms",
        ),
        (
            coord,
            workers,
            "On the worker, the forced RLS policy's WITH CHECK rejects any row whose tenant_id differs from "
            "the setting; COMMIT returns after the sync standby has flushed the WAL.",
            "4 ms",
            "25 ms",
        ),
    ],
    critical=True,
    mode="write",
    description=(
        "The critical path for 95% of tenants: the tenant comes from the signed token only, and the database "
        "itself enforces it. Latencies run from the gateway on."
    ),
)

bp.flow(
    "Silo tenant reads a report",
    [
        (users, idp, "An enterprise user signs in; the IdP puts tenant_id = acme in the JWT from org membership."),
        (users, gateway, "The browser calls GET /v1/reports/usage?month=2026-11 with that token."),
        (gateway, app, "The gateway verifies the token and applies acme's own rate limit.", "2 ms", "8 ms"),
        (
            app,
            router,
            "The router answers tier silo, with the DSN of acme's database in eu-central-1.",
            "0.5 ms",
            "2 ms",
        ),
        (
            app,
            silo,
            "The app runs the report on acme's own instance over TLS, through a role that can reach no other "
            "database; the same RLS policies stay on as a second fence.",
            "15 ms",
            "80 ms",
        ),
    ],
    mode="read",
    description="A silo tenant shares no table, buffer cache or backup with anyone, at ~860x the pool's cost.",
)

bp.flow(
    "Onboard a tenant on a plan",
    [
        (
            app,
            router,
            "Sign-up calls POST /internal/tenants with the plan; the router picks the tier from it.",
        ),
        (
            router,
            catalog,
            "It inserts the tenant row (tier, cluster with most free space, QPS cap, residency) at version 1.",
        ),
        (
            mover,
            bridge,
            "For a bridge plan the mover runs CREATE SCHEMA t_4712 and the migrations, and grants a role that "
            "owns only that schema; a pool tenant needs no DDL at all.",
        ),
        (
            mover,
            kms,
            "For a silo plan it first creates the tenant's customer-managed key in the tenant's region.",
        ),
        (
            mover,
            silo,
            "Then it creates a Multi-AZ instance encrypted with that key and runs the same migrations.",
        ),
    ],
    mode="write",
    description="One schema version for all three tiers: the same migrations run on pool, bridge and silo.",
)

bp.flow(
    "Promote a tenant from pool to silo",
    [
        (
            mover,
            silo,
            "The mover creates the silo (key, instance, schema) and a subscription to the pool.",
        ),
        (
            workers,
            silo,
            "A publication with a row filter (WHERE tenant_id = '4711...') copies the tenant's rows, then "
            "streams its changes; only that tenant's data leaves the pool.",
        ),
        (
            mover,
            catalog,
            "With lag under 1 s it blocks the tenant's writes at the gateway, waits for lag 0 and flips the "
            "catalog row to silo, version 2; writes pause for about 5 s.",
        ),
        (
            catalog,
            router,
            "NOTIFY tenant_changed reaches every router, which drops its cached entry; the next request "
            "goes to the silo.",
        ),
        (
            mover,
            coord,
            "After a 7-day rollback window the mover deletes the tenant's rows from the pool in batches.",
        ),
    ],
    mode="write",
    description="A tier change is a data copy plus a catalog flip; the application code does not change.",
)

bp.flow(
    "Noisy neighbour contained",
    [
        (
            app,
            meter,
            "Every transaction reports its tenant_id, tier and DB time; the meter sums them per worker.",
        ),
        (
            meter,
            gateway,
            "A tenant above its cap (10% of a worker's budget) for 5 min gets its bucket cut to the cap; "
            "extra requests get 429 with Retry-After, other tenants are untouched.",
        ),
        (
            mover,
            meter,
            "Every hour the mover asks the meter for tenants over the cap on 3 days in 7: the hot ones.",
        ),
        (
            mover,
            coord,
            "The mover runs isolate_tenant_to_new_shard and moves that shard to the least busy worker "
            "online, so the hot tenant stops sharing a shard with ~150 others.",
        ),
    ],
    description="Degradation path: the pool protects its other tenants first, then rebalances.",
)

# -- scope -----------------------------------------------------------------------------------------

bp.use_case(
    "Tenant user", "creates and edits records in a shared pool", mode="write", flow="Pool tenant writes a record"
)
bp.use_case(
    "Enterprise user", "reads reports from the tenant's own database", mode="read", flow="Silo tenant reads a report"
)
bp.use_case(
    "Platform ops",
    "onboards a tenant on the pool, bridge or silo plan",
    mode="write",
    flow="Onboard a tenant on a plan",
)
bp.use_case(
    "Platform ops",
    "promotes a growing tenant from the pool to its own database",
    mode="write",
    flow="Promote a tenant from pool to silo",
)
bp.use_case("Platform", "keeps one noisy tenant from slowing the others on its worker")
bp.out_of_scope(
    "Cross-tenant analytics (done in a warehouse from CDC, not here)",
    "Tenant-specific schema customisation",
    "Billing and plan management",
    "Application-level authorisation inside a tenant (roles, sharing)",
)

# -- targets ---------------------------------------------------------------------------------------

bp.target(
    "Pool write latency",
    flow="Pool tenant writes a record",
    p50="20 ms",
    p99="100 ms",
    note="From the gateway to COMMIT; the RLS predicate rides on the tenant_id-leading indexes",
)
bp.target("Silo read latency", flow="Silo tenant reads a report", p50="40 ms", p99="200 ms")
bp.target(
    "Pool availability",
    flow="Pool tenant writes a record",
    availability="99.95%",
    note="21.6 min a month; a worker failover touches 1/10 of pool tenants",
)
bp.target(
    "Durability",
    flow="Pool tenant writes a record",
    rpo="0 s",
    rto="30 s",
    note="Each Citus node commits to a synchronous standby; PITR from WAL archive for tenant restores",
)
bp.target(
    "Isolation",
    "0 cross-tenant rows returned or written",
    note="Checked continuously by canary tenants whose sentinel rows must never appear in another tenant's reads",
)
bp.target(
    "Fairness",
    "No tenant above 10% of a worker's transaction budget for more than 5 min",
    note="Enforced by the gateway's per-tenant bucket, then by isolating the tenant's shard",
)

# -- data model and API ----------------------------------------------------------------------------

bp.table(
    "records",
    primary_key="(tenant_id, record_id)",
    fields=[
        ("tenant_id", "uuid, distribution column", 16),
        ("record_id", "bigint", 8),
        ("owner_id", "uuid", 16),
        ("status", "smallint", 2),
        ("title", "text, ~60 chars", 64),
        ("body", "jsonb, ~350 B", 350),
        ("created_at", "timestamptz", 8),
        ("updated_at", "timestamptz", 8),
        ("row header", "Postgres tuple header", 24),
    ],
    indexes=[
        ("PRIMARY KEY (tenant_id, record_id)", "tenant first, so RLS and Citus routing both use the leading column"),
        ("(tenant_id, updated_at DESC)", "a tenant's recent-items list without scanning other tenants' rows"),
    ],
    per="row",
    note="RLS: USING (tenant_id = current_setting('app.tenant_id')::uuid), FORCE ROW LEVEL SECURITY",
)
bp.table(
    "tenants",
    primary_key="tenant_id",
    fields=[
        ("tenant_id", "uuid", 16),
        ("tier", "enum pool | bridge | silo", 4),
        ("cluster", "text, e.g. pool-1", 16),
        ("kms_key_arn", "text, silo only", 80),
        ("region", "text", 16),
        ("tx_cap", "int, tx/s", 4),
        ("version", "bigint", 8),
        ("row header", "Postgres tuple header", 24),
    ],
    indexes=[("(tier, cluster)", "placement: the cluster with most free room, and the tenants a failover touches")],
    per="entry",
    note="10K rows, ~1.7 MB: the whole catalog fits in every router's cache",
)
bp.api(
    "creates and edits records in a shared pool",
    'POST /v1/records\nAuthorization: Bearer eyJ... (tenant_id claim)\n{"title": "Q4 plan", "body": {...}}',
    '201 Created\n{"record_id": 88172, "tenant_id": "4711...", "updated_at": "2026-12-01T09:14:03Z"}',
)
bp.api(
    "onboards a tenant on the pool, bridge or silo plan",
    'POST /internal/tenants\n{"name": "Globex", "plan": "bridge", "region": "eu-central-1"}',
    '202 Accepted\n{"tenant_id": "4712...", "tier": "bridge", "status": "provisioning"}',
)
bp.api(
    "promotes a growing tenant from the pool to its own database",
    'POST /internal/tenants/4711.../migrations\n{"to_tier": "silo", "region": "eu-central-1"}',
    '202 Accepted\n{"migration_id": "m_31...", "state": "copying", "write_pause_estimate_s": 5}',
)

# -- load model ------------------------------------------------------------------------------------

bp.quantity("tenants", "10e3", "Tenants", basis="Planning value for a B2B SaaS (topic notes)")
bp.quantity("pool_tenants", "9500", "Pool tenants", basis="Free and team plans, each < 1 GB of data")
bp.quantity("bridge_tenants", "480", "Bridge tenants", basis="Business plans that need per-tenant restore")
bp.quantity("silo_tenants", "20", "Silo tenants", basis="Enterprise contracts: residency, own key, own backups")
bp.quantity("tenant_data", "1 GB", "Data per pool tenant", basis="Upper bound of the pool plans (topic notes)")
bp.quantity(
    "tenant_tx", "1 tx/s", "Mean transactions per pool tenant", basis="Planning value: ~20 seats x 3 requests/min"
)
bp.quantity("peak_factor", "3", "Peak over 24 h average", basis="B2B weekday working hours (planning value)")
bp.quantity("node_disk", "1 TB/node", "Data per Citus worker", basis="Restore of one worker at ~300 MB/s in < 1 h")
bp.quantity("worker_cap", "8000 tx/s", "Transactions per worker", basis="16 vCPU, 1-shard OLTP; confirm by load test")
bp.quantity("headroom", "50 %", "Usable share of a worker", basis="Room for a failover, a rebalance and a hot tenant")
bp.quantity("tenant_share_cap", "10 %", "Cap on one tenant", basis="Share of one worker's usable budget (topic notes)")
bp.quantity("head_tenant", "600 tx/s", "Largest pool tenant at peak", basis="Zipf head, ~20% of its worker (planning)")
bp.quantity(
    "tx_time",
    "5 sessions * ms / tx",
    "Connection time per transaction",
    basis="BEGIN, SET LOCAL, 1-3 statements, COMMIT",
)
bp.quantity("app_pods", "60 nodes", "App pods at peak", basis="12 per zone-pair, 5 deployments (planning)")
bp.quantity("pool_per_tenant", "1 sessions/node", "Idle connections per tenant per pod", basis="Smallest useful pool")
bp.quantity("max_conn", "500 sessions/node", "max_connections per worker", basis="~10 MB per backend; common setting")
bp.quantity(
    "rows_per_day", "1000 rows/day", "New rows per pool tenant", basis="~20 seats x 50 records a day (planning)"
)
bp.quantity("index_overhead", "2", "Table plus indexes over table alone", basis="Primary key + one secondary index")
bp.quantity("copies", "2", "Copies of each pool row", basis="Primary + synchronous standby")
bp.quantity("horizon", "3 years", "Planning horizon", basis="Hardware refresh cycle")
bp.quantity("node_cost", "1500 USD/month/node", "Cost of one Postgres node", basis="16 vCPU + 1 TB gp3, planning value")
bp.quantity("silo_nodes", "2 nodes", "Nodes per silo tenant", basis="Multi-AZ primary + standby")
bp.quantity("coord_nodes", "1 nodes", "Citus coordinators", basis="One per pool cluster")

bp.derive("avg_tx", "pool_tenants * tenant_tx", "Average pool transactions", unit="tx/s")
bp.derive("pool_tx", "avg_tx * peak_factor", "Peak pool transactions", unit="tx/s")
bp.derive("peak_tx", "pool_tx", "Peak transactions at the gateway (pool)", unit="tx/s")
bp.derive("pool_data", "pool_tenants * tenant_data", "Pool data today", unit="TB", section="storage")
bp.derive(
    "pool_growth",
    "pool_tenants * rows_per_day * records_record * index_overhead * year",
    "Pool growth per year",
    unit="TB",
    section="storage",
)
bp.derive("pool_3y", "(pool_data + pool_growth * horizon / year) * copies", "Pool after 3 years, 2 copies", unit="TB")
bp.derive("workers_storage", "ceil(pool_data / node_disk)", "Workers for today's data", unit="nodes", section="fleet")
bp.derive(
    "workers_tx",
    "ceil(pool_tx / (worker_cap * headroom)) * nodes",
    "Workers for peak transactions",
    unit="nodes",
    section="fleet",
)
bp.derive("worker_tx", "pool_tx / workers_storage * nodes", "Peak per worker", unit="tx/s", section="fleet")
bp.derive("worker_load", "worker_tx / worker_cap", "Worker utilisation at peak", unit="%", section="fleet")
bp.derive("tenant_cap", "worker_cap * headroom * tenant_share_cap", "Cap per tenant", unit="tx/s", section="fleet")
bp.derive("head_share", "head_tenant / worker_tx", "Head tenant's share of its worker", unit="%", section="fleet")
bp.derive("naive_conns", "app_pods * tenants * pool_per_tenant", "Connections with a pool per tenant", unit="sessions")
bp.derive("conn_budget", "workers_storage * max_conn", "Connections the workers allow", unit="sessions")
bp.derive("busy_conns", "pool_tx * tx_time", "Busy server connections at peak (Little)", unit="sessions")
bp.derive(
    "pool_cost",
    "(workers_storage + coord_nodes) * copies * node_cost",
    "Pool cluster cost",
    unit="USD/month",
    section="cost",
)
bp.derive("pool_cost_tenant", "pool_cost / pool_tenants", "Pool cost per tenant", unit="USD/month", section="cost")
bp.derive("silo_cost_tenant", "silo_nodes * node_cost", "Silo cost per tenant", unit="USD/month", section="cost")
bp.derive("cost_ratio", "silo_cost_tenant / pool_cost_tenant", "Silo over pool, per tenant", unit="", section="cost")

# -- trade-offs ------------------------------------------------------------------------------------

bp.tradeoff(
    decision="Isolation model per tenant",
    chosen="Tiered: pool + RLS for 9,500 tenants, schema per tenant for 480, a database each for 20",
    rejected="Silo for everyone (a database per tenant)",
    why=(
        "A silo costs {silo_cost_tenant} against {pool_cost_tenant} in the pool, {cost_ratio} times as much; "
        "10K silos would also mean 10K backups, upgrades and migrations to run"
    ),
    cost=(
        "Three tiers to operate and a mover to keep correct; pool tenants share a buffer cache, a WAL "
        "stream and a restore: one tenant's restore is a PITR copy plus a filtered export"
    ),
    revisit_when="More than 5% of tenants buy silo, or a regulator requires physical separation for a plan",
)
bp.tradeoff(
    decision="Distribution key in the pool",
    chosen="Hash by tenant_id, every table co-located on it",
    rejected="Hash by entity id (record_id) for an even spread",
    why=(
        "With tenant_id first every tenant query and join runs on 1 shard; by record_id a tenant's list "
        "page fans out to all 64 shards, multiplying {pool_tx} into ~1.8M shard queries/s"
    ),
    cost=(
        "Skew: the head tenant takes {head_share} of its worker, so hot tenants must be isolated onto "
        "their own shard and a tenant can never outgrow one worker (1 TB)"
    ),
    revisit_when=(
        "A pool tenant passes 500 GB, or sits at its {tenant_cap} cap on most days; promote it rather than split it"
    ),
)
bp.tradeoff(
    decision="Where tenant filtering is enforced",
    chosen="Forced RLS in Postgres on top of tenant-scoped queries in the app",
    rejected="WHERE tenant_id = ? in application code only",
    why=(
        "One forgotten predicate in any of ~400 queries leaks every tenant's rows; with FORCE ROW LEVEL "
        "SECURITY a missing setting fails closed, and the planner still uses the (tenant_id, ...) indexes"
    ),
    cost=(
        "The app role must not own tables or hold BYPASSRLS; ~1-3% planning overhead; migrations and "
        "support tools need a separate audited role"
    ),
    revisit_when="RLS adds more than 10% to p99 on the top 20 queries in a load test",
)
bp.tradeoff(
    decision="Connections",
    chosen="Transaction pooling with SET LOCAL app.tenant_id inside each transaction",
    rejected="A connection pool per tenant, or session pooling with SET app.tenant_id per session",
    why=(
        "Per-tenant pools need {naive_conns} against {conn_budget} allowed; Little's law says only "
        "{busy_conns} are busy at peak. A session-level SET could leak to the next borrower of the connection"
    ),
    cost=(
        "No session state: no session-level SET, LISTEN or advisory locks through the pooler; "
        "prepared statements need PgBouncer 1.21+ protocol-level support"
    ),
    revisit_when="Busy connections pass 50% of a worker's pool size (250 per worker)",
)

# -- failure modes ---------------------------------------------------------------------------------

bp.failure(
    failure="A code path runs a query without setting app.tenant_id (new service, support script)",
    detection=(
        "Postgres errors 'unrecognized configuration parameter' or, on a reused connection, 'invalid input "
        "syntax for type uuid' > 0 in 5 min; a canary tenant's sentinel row in another tenant's response: 1 event"
    ),
    blast_radius="That code path only: the forced policy fails closed, so it errors instead of leaking",
    mitigation="Roll back the deploy in < 10 min; the linter that requires SET LOCAL in every transaction is fixed",
)
bp.failure(
    failure="Noisy neighbour: one tenant's import or report saturates its worker",
    detection="Tenant above 10% of a worker's budget for 5 min, or worker p99 > 50 ms with CPU > 80%",
    blast_radius="The ~950 tenants on that worker see slower queries; the other 9 workers are unaffected",
    mitigation=(
        "The gateway cuts the tenant to its cap within 1 min (429 + Retry-After); isolating its shard "
        "and moving it to a quiet worker takes ~1 h online"
    ),
)
bp.failure(
    failure="A Citus worker primary fails or its zone goes down",
    detection="Patroni leader key expires (30 s TTL); pool write errors > 1% for 30 s",
    blast_radius="1 of 10 workers: ~950 pool tenants cannot write; bridge and silo tenants carry on",
    mitigation=(
        "Patroni promotes the synchronous standby (RPO 0) in < 30 s; the pooler reconnects; a new standby rebuilds"
    ),
)
bp.failure(
    failure="Pool -> silo promotion stalls or the flip goes wrong",
    detection="Subscription lag > 10 s for 10 min, or row-count checksum mismatch after the flip",
    blast_radius="One tenant: its writes pause for the ~5 s flip, or it reads from the pool a little longer",
    mitigation="Flip the catalog back (version 3) in < 1 min; the pool rows stay 7 days, so no data is lost",
)
bp.failure(
    failure="The tenant catalog primary fails",
    detection="Catalog write errors > 0 for 30 s; routers' cache-miss errors",
    blast_radius="Only onboarding and tier changes stop: routers serve every request from their cached catalog",
    mitigation="The synchronous standby is promoted in < 30 s; cached entries keep serving until then",
)

# -- scaling path ----------------------------------------------------------------------------------

bp.scaling(
    at="10x (100K tenants, ~95 TB pooled, ~290K tx/s peak)",
    breaks=(
        "One coordinator routing ~290K tx/s, and 64 shards spread over ~100 workers leave under one shard "
        "per worker, so the rebalancer has nothing to move"
    ),
    next_move=(
        "Let the app connect to any worker (Citus query-from-any-node), split into several pool clusters "
        "of ~10K tenants each, and let the catalog route tenant -> cluster"
    ),
)
bp.scaling(
    at="100x (1M tenants)",
    breaks=(
        "The catalog (1M rows), one region's blast radius and migrations run across ~100 clusters; "
        "~200 silos make per-silo upgrades a full-time job"
    ),
    next_move=(
        "Cells: a cell = gateway + app + pool cluster + bridge for ~50K tenants, tenants pinned to cells by "
        "region; silos move to a managed fleet with one automated upgrade train"
    ),
)

# -- references ------------------------------------------------------------------------------------

bp.reference(
    "PostgreSQL documentation: Row Security Policies",
    "USING and WITH CHECK policies, FORCE ROW LEVEL SECURITY and BYPASSRLS",
    url="https://www.postgresql.org/docs/current/ddl-rowsecurity.html",
)
bp.reference(
    "Citus documentation: Multi-tenant applications",
    "Distributing every table by tenant_id so joins stay on one node",
    url="https://docs.citusdata.com/en/stable/use_cases/multi_tenant.html",
)
bp.reference(
    "AWS whitepaper: SaaS Tenant Isolation Strategies",
    "The silo, bridge and pool models and what each costs",
    url="https://docs.aws.amazon.com/whitepapers/latest/saas-tenant-isolation-strategies/saas-tenant-isolation-strategies.html",
)
bp.reference(
    "AWS Database Blog: Multi-tenant data isolation with PostgreSQL Row Level Security",
    "RLS keyed on a session variable for pooled SaaS tables",
    url="https://aws.amazon.com/blogs/database/multi-tenant-data-isolation-with-postgresql-row-level-security/",
)
bp.reference(
    "PgBouncer: features and pooling modes",
    "What transaction pooling allows and what session state it breaks",
    url="https://www.pgbouncer.org/features.html",
)
bp.reference(
    "PostgreSQL documentation: Logical replication row filters",
    "Publications with a WHERE clause (Postgres 15+), used to move one tenant",
    url="https://www.postgresql.org/docs/current/logical-replication-row-filter.html",
)

bp.key_numbers("pool_tx", "worker_tx", "busy_conns", "pool_cost_tenant", "pool_3y")

# A 700 px column takes the five database tiers only stacked top to bottom.
bp.layout(article="TB")

BLUEPRINT = bp.build()
