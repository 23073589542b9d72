"""Repackaging 12 microservices into one modular monolith and stamping it out as a cell per enterprise tenant:
450 dedicated cells and 50 pooled cells for small tenants run the same artifact, each with its own Postgres and
Redis. A cell router at the edge maps a tenant to its cell from a cached copy of the tenant registry. Two
shared planes sit beside the cells: a control plane (registry, provisioner, wave deployer, config and flags)
that the data plane never waits on, and an observability plane that receives every cell's telemetry labelled
with tenant_id. Unlike multi-tenant-isolation, which isolates tenants inside shared databases, this case study
isolates them by deployment and spends its attention on stamping, releasing and watching 500 copies.
"""

from kit import Blueprint, quorum, single_writer

bp = Blueprint(
    "single-tenant-monoliths",
    title="Repackaging Microservices into Single-Tenant Monoliths",
    category="agent-era",
    learn="Isolation + shared control/observability planes",
    promise=(
        "Run 500 tenant cells from one monolith artifact at p99 < 200 ms and 99.95% per cell, where a bad "
        "release reaches at most 1 cell before it halts and the cells keep serving with the control plane down."
    ),
)

# -- components -----------------------------------------------------------------------------------

users = bp.component(
    "users",
    "users",
    "Tenant users",
    tech="Browsers, API clients",
    responsibility="People and integrations of one tenant, each request carrying the tenant's host name",
)
operator = bp.component(
    "operator",
    "operator",
    "Platform operator",
    tech="CLI, pipeline",
    responsibility="Onboards tenants, starts releases and watches the waves",
)
router = bp.component(
    "router",
    "load-balancer",
    "Cell router",
    tech="Envoy, 3 AZs",
    replicas=6,
    responsibility=(
        "Maps the tenant's host to its cell from an in-memory copy of the registry, refreshed every 30 s and "
        "kept when a refresh fails"
    ),
)

with bp.group("Pooled cell: 200 tenants (x50)", kind="cell"):
    poolmono = bp.component(
        "poolmono",
        "service",
        "Pooled monolith",
        tech="Same artifact, pooled mode",
        replicas=3,
        responsibility="The same binary with tenant_id on every query and row-level security on",
    )
    pooldb = bp.component(
        "pooldb",
        "relational-db",
        "Pool Postgres",
        tech="Postgres 16, RDS Multi-AZ",
        replicas=2,
        topology=single_writer(sync_standbys=1, failover="60 s"),
        responsibility="Shared tables keyed by tenant_id for up to 200 small tenants",
    )

with bp.group("Dedicated cell: 1 tenant (x450)", kind="cell"):
    mono = bp.component(
        "mono",
        "service",
        "Modular monolith",
        tech="Go, Service Weaver modules",
        replicas=2,
        responsibility=(
            "The 12 former services as in-process modules behind interfaces; one binary, one version per cell"
        ),
    )
    agent = bp.component(
        "agent",
        "worker",
        "OTel Collector",
        tech="OpenTelemetry Collector",
        lane="async",
        replicas=2,
        responsibility=(
            "Adds tenant_id and cell_id to every metric, log and span and buffers 2 h on disk when the "
            "plane is unreachable"
        ),
    )
    cellcache = bp.component(
        "cellcache",
        "cache",
        "Cell cache",
        tech="Redis 7",
        replicas=2,
        topology=single_writer(async_standbys=1, failover="15 s"),
        responsibility="Sessions and hot reads of this tenant only",
    )
    celldb = bp.component(
        "celldb",
        "relational-db",
        "Cell Postgres",
        tech="Postgres 16, RDS Multi-AZ",
        replicas=2,
        topology=single_writer(sync_standbys=1, failover="60 s"),
        responsibility="All 12 modules' schemas of one tenant; its own KMS key and region",
    )

with bp.group("Shared control plane", kind="tier"):
    registry = bp.component(
        "registry",
        "coordination",
        "Tenant registry",
        tech="DynamoDB global table",
        lane="data",
        managed="AWS",
        responsibility="Tenant -> cell, cell -> account, region, version and wave; the one source of truth",
    )
    provisioner = bp.component(
        "provisioner",
        "deployer",
        "Cell provisioner",
        tech="Terraform stack per cell",
        replicas=2,
        responsibility="Stamps a cell from one versioned template into the cell's AWS account, then registers it",
    )
    deployer = bp.component(
        "deployer",
        "deployer",
        "Wave deployer",
        tech="Argo CD ApplicationSet",
        replicas=2,
        responsibility="Rolls one artifact over waves of 1, 10, 50 and 439 cells, each gated on SLOs after a bake",
    )
    flags = bp.component(
        "flags",
        "config",
        "Config & flags",
        tech="AWS AppConfig",
        managed="AWS",
        responsibility="Per-tenant config and feature flags; cells poll and keep the last good copy",
    )

with bp.group("Shared observability plane", kind="tier"):
    metrics = bp.component(
        "metrics",
        "monitoring",
        "Metrics",
        tech="Grafana Mimir",
        replicas=3,
        topology=quorum(3, failover="10 s"),
        responsibility="Multi-tenant metrics (X-Scope-OrgID per tenant) and the SLO burn rates the deployer reads",
    )
    traces = bp.component(
        "traces",
        "tracing",
        "Logs & traces",
        tech="Grafana Loki + Tempo",
        replicas=3,
        topology=quorum(3, failover="10 s"),
        responsibility="Logs and traces of every cell, searchable per tenant and across the fleet",
    )

# -- links ----------------------------------------------------------------------------------------

bp.link(users, router, "HTTPS, tenant host", figure="peak_rps")
bp.link(router, mono, "to tenant's cell")
bp.link(router, poolmono, "to pool cell")
bp.link(router, registry, "poll map (30 s)")
bp.link(mono, cellcache, "sessions, hot reads")
bp.link(mono, celldb, "SQL (all modules)")
bp.link(poolmono, pooldb, "SQL + RLS")
bp.link(mono, flags, "poll config")
bp.link(mono, agent, "OTLP", nature="async")
bp.link(agent, metrics, "metrics + tenant_id", nature="async", figure="series")
bp.link(agent, traces, "logs, spans", nature="async")
bp.link(operator, provisioner, "onboard tenant")
bp.link(provisioner, celldb, "stamp cell (IaC)")
bp.link(provisioner, registry, "register cell")
bp.link(operator, deployer, "release vN")
bp.link(deployer, registry, "cells by wave")
bp.link(deployer, mono, "roll out vN")
bp.link(deployer, metrics, "SLO burn query")
bp.link(deployer, poolmono, "roll out vN")

# -- flows ----------------------------------------------------------------------------------------

bp.flow(
    "Tenant request",
    [
        (
            users,
            router,
            "A user of tenant acme calls acme.app.example.com; the router looks the host up in its in-memory "
            "tenant map.",
            "20 ms",
            "80 ms",
        ),
        (
            router,
            mono,
            "It forwards to acme's cell; inside, the order, billing and inventory modules call each other as "
            "Go method calls, with no network hop or serialisation.",
            "2 ms",
            "10 ms",
        ),
        (
            mono,
            cellcache,
            "The monolith reads the session and hot rows from the cell's own Redis.",
            "1 ms",
            "5 ms",
        ),
        (
            mono,
            celldb,
            "It runs the request's queries and commits in one local transaction across module schemas, where "
            "the microservices needed a saga.",
            "12 ms",
            "60 ms",
        ),
        (
            mono,
            agent,
            "It emits metrics, logs and spans over OTLP to the cell's collector.",
        ),
        (
            agent,
            metrics,
            "The collector adds tenant_id and cell_id and remote-writes metrics under the tenant's org id.",
        ),
        (
            agent,
            traces,
            "It ships logs and spans with the same labels, so one trace query spans the fleet or one tenant.",
        ),
        (
            router,
            poolmono,
            "A small tenant's request goes to its pooled cell instead, running the same binary.",
        ),
        (
            poolmono,
            pooldb,
            "There every query carries the tenant_id, and row-level security returns only that tenant's rows.",
        ),
    ],
    critical=True,
    mode="write",
    description=(
        "One network hop inside the cell path (router to monolith) where the microservice version made ~8; "
        "telemetry leaves asynchronously and never blocks a request."
    ),
)

bp.flow(
    "Onboard a tenant",
    [
        (
            operator,
            provisioner,
            "The operator onboards acme with plan, region and residency; the provisioner picks a dedicated "
            "cell for an enterprise plan, a pooled cell with room for a small one.",
        ),
        (
            provisioner,
            celldb,
            "For a dedicated cell it applies the versioned Terraform template in a cell account: VPC, "
            "RDS Multi-AZ, Redis, the monolith at the current fleet version, in ~20 min.",
        ),
        (
            provisioner,
            registry,
            "Once health checks pass it writes tenant -> cell with a conditional put, so two runs cannot "
            "register the same tenant twice.",
        ),
        (
            router,
            registry,
            "Within 30 s every router's next poll picks the new entry up, and acme's host starts routing.",
        ),
    ],
    mode="write",
    description="Stamping, not hand-building: every cell comes from the same template and version.",
)

bp.flow(
    "Release in waves",
    [
        (
            operator,
            deployer,
            "The operator releases artifact vN, one signed image for every cell.",
        ),
        (
            deployer,
            registry,
            "The deployer reads the cells of wave 1 (an internal tenant's cell), then 10, 50 and the last 439.",
        ),
        (
            deployer,
            mono,
            "It rolls vN onto the wave's dedicated cells, one replica at a time behind the router.",
        ),
        (
            deployer,
            metrics,
            "For a 30 min bake it reads each wave's error-budget burn rate and p99 per tenant; a burn over "
            "14.4x in any cell halts the release and rolls that cell back.",
        ),
        (
            deployer,
            poolmono,
            "Pooled cells go in the last two waves, since one bad pooled cell hurts 200 tenants.",
        ),
    ],
    mode="write",
    description="Waves 1 -> 10 -> 50 -> 439 with a bake each: ~2.3 h for the fleet, at most 1 cell hit by a bad build.",
)

bp.flow(
    "Control plane down",
    [
        (
            router,
            registry,
            "The registry region is unreachable; the router's poll fails, it keeps serving from its last map "
            "and alerts when the map is older than 5 min.",
        ),
        (
            users,
            router,
            "Requests keep arriving and routing as before: nothing on the request path reads the control "
            "plane synchronously.",
        ),
        (
            router,
            mono,
            "Cells serve on with the code, config and secrets they already hold.",
        ),
        (
            mono,
            flags,
            "The config poll fails too; the monolith keeps its last good flags and retries every 60 s.",
        ),
        (
            agent,
            metrics,
            "If the observability plane is out as well, collectors queue to disk for up to 2 h and replay; "
            "the deployer, blind, refuses to start a wave.",
        ),
    ],
    description=(
        "Static stability: the control and observability planes can change and watch the data plane, "
        "but never sit on its path, so their outage stops onboarding and releases, not tenants."
    ),
)

# -- scope ----------------------------------------------------------------------------------------

bp.use_case("Tenant user", "reads and writes the tenant's data in its own cell", mode="write", flow="Tenant request")
bp.use_case("Platform operator", "onboards a tenant into a new or pooled cell", mode="write", flow="Onboard a tenant")
bp.use_case("Platform operator", "releases a new version to every cell in waves", mode="write", flow="Release in waves")
bp.use_case(
    "On-call engineer", "sees one tenant's or the whole fleet's health in one place", mode="read", flow="Tenant request"
)
bp.use_case("Tenant admin", "keeps serving while the control plane is down", mode="read", flow="Control plane down")
bp.out_of_scope(
    "Moving a tenant between cells (live migration)",
    "Splitting the monolith back into services",
    "Billing and invoicing",
    "Customer-managed (on-premises) deployments",
)

bp.api(
    "reads and writes the tenant's data in its own cell",
    'POST https://acme.app.example.com/api/orders\nIdempotency-Key: 9c4e...\n{"sku": "A-100", "qty": 3}',
    '201 Created\n{"order_id": "o_7781", "status": "reserved"}',
)
bp.api(
    "onboards a tenant into a new or pooled cell",
    'POST /control/tenants\n{"tenant": "acme", "plan": "enterprise", "region": "eu-central-1"}',
    '202 Accepted\n{"cell_id": "c-0413", "state": "provisioning", "eta_min": 20}',
)
bp.api(
    "releases a new version to every cell in waves",
    'POST /control/releases\n{"artifact": "mono@sha256:4be1...", "waves": [1, 10, 50, 439], "bake_min": 30}',
    '202 Accepted\n{"release_id": "r_311", "wave": 1, "state": "baking"}',
)

# -- targets --------------------------------------------------------------------------------------

bp.target("Request latency", flow="Tenant request", p50="50 ms", p99="200 ms", note="Measured at the router")
bp.target("Cell availability", flow="Tenant request", availability="99.95%", note="Per tenant, 22 min a month")
bp.target(
    "Tenant data durability",
    flow="Tenant request",
    rpo="0 s",
    rto="120 s",
    note="Multi-AZ commits to a synchronous standby",
    accepted_miss="The cell cache replicates asynchronously; it holds sessions and copies, never the only record",
)
bp.target("Bad release blast radius", "<= 1 cell (1 tenant) before the release halts", note="Wave 1 is one cell")
bp.target(
    "Static stability",
    "0 failed tenant requests caused by a control-plane outage of up to 24 h",
    note="Routing maps, config and secret leases are cached for 24 h",
)
bp.target("Release duration", "<= 3 h across all 500 cells", note="{release_time} computed from waves, bake and roll")

# -- assumptions and load model -------------------------------------------------------------------

bp.quantity("dedicated", "450", "Dedicated cells", basis="One per enterprise tenant; planning value")
bp.quantity("pooled", "50", "Pooled cells", basis="10,000 small tenants at 200 per cell")
bp.quantity(
    "tenant_rps", "20 req/s", "Mean load per enterprise tenant", basis="Planning value for a B2B SaaS tenant, 2025"
)
bp.quantity("peak_factor", "3", "Peak factor", basis="Business hours over the daily mean; tenants share time zones")
bp.quantity(
    "hops", "8 calls/req", "Service hops per request before", basis="Traced call graph of the 12-service version"
)
bp.quantity(
    "hop_cost",
    "1 ms/call",
    "Cost of one hop at p50",
    basis="Two sidecar traversals, serialisation and a same-AZ round trip",
)
bp.quantity("pod_vcpu", "1", "vCPU per monolith pod", basis="Smallest pod that boots the monolith in < 20 s")
bp.quantity("min_pods", "2 nodes", "Pods per dedicated cell, minimum", basis="Two AZs so one pod may fail")
bp.quantity(
    "vcpu_rps", "100 req/s/node", "Requests per vCPU", basis="Load test of the monolith, 60% CPU at p99 < 200 ms"
)
bp.quantity("headroom", "70 %", "Target utilisation", basis="Leaves one AZ's share free")
bp.quantity("waves", "4", "Release waves", basis="1, 10, 50 and 439 cells")
bp.quantity(
    "bake", "30 min", "Bake per wave", basis="Long enough for a 14.4x burn alert over a 5 min window to fire twice"
)
bp.quantity("roll", "5 min", "Roll time per wave", basis="Rolling two pods per cell, all cells of a wave in parallel")
bp.quantity(
    "series_per_cell", "2000 keys", "Active metric series per cell", basis="Monolith + Postgres + Redis exporters"
)
bp.quantity("cells_per_account", "25", "Cells per AWS account", basis="Cell accounts in AWS Organizations; chosen")
bp.quota(
    "rds_quota",
    "40",
    "RDS DB instances per account and region",
    basis="AWS default service quota for DB instances",
    load="cells_per_account",
)
bp.quantity("pod_price", "30 USD/month/node", "Price of one vCPU pod", basis="Illustrative on-demand price, 2025")
bp.quantity(
    "db_price", "100 USD/month", "Price of the smallest Multi-AZ Postgres", basis="Illustrative RDS price, 2025"
)

bp.table(
    "tenant registry",
    primary_key="tenant_id",
    fields=[
        ("tenant_id", "string", 16),
        ("host", "string", 40),
        ("cell_id", "string", 8),
        ("account_id", "string", 12),
        ("region", "string", 12),
        ("mode", "dedicated | pooled", 1),
        ("version", "artifact digest", 71),
        ("wave", "int", 1),
        ("updated_at", "timestamp", 8),
    ],
    indexes=[
        ("GSI (host)", "the router resolves a request's host name to its tenant and cell"),
        ("GSI (wave, cell_id)", "the deployer lists the cells of one wave"),
    ],
    per="key",
    note="10,450 tenants x ~170 B is under 2 MB: every router holds the whole map in memory",
)

bp.derive("cells", "dedicated + pooled", "Cells", unit="")
bp.derive("tenant_load", "dedicated * tenant_rps", "Enterprise requests, average", unit="req/s")
bp.derive("peak_rps", "tenant_load * peak_factor", "Enterprise requests, peak", unit="req/s")
bp.derive("saved", "hops * hop_cost", "Latency saved per request", unit="ms/req", section="time")
bp.derive("floor_pods", "dedicated * min_pods", "Dedicated pods, floor", unit="nodes", section="fleet")
bp.derive(
    "pooled_pods",
    "ceil(peak_rps / (vcpu_rps * headroom))",
    "Pods if the same tenants were pooled",
    unit="nodes",
    section="fleet",
)
bp.derive("cell_floor_cost", "min_pods * pod_price + db_price", "Floor price of one cell", unit="USD/month")
bp.derive("silo_cost", "dedicated * cell_floor_cost", "Dedicated cells, floor price", unit="USD/month", section="cost")
bp.derive("release_time", "waves * (bake + roll)", "One release across the fleet", unit="h", section="time")
bp.derive("series", "cells * series_per_cell", "Active metric series", unit="keys")
bp.derive("accounts", "ceil(cells / cells_per_account)", "Cell accounts", unit="", section="fleet")

# -- trade-offs -----------------------------------------------------------------------------------

bp.tradeoff(
    decision="How the 12 services talk",
    chosen="In-process modules behind interfaces in one binary (Service Weaver-style)",
    rejected="Keep 12 network services with a mesh, deployed per tenant",
    why=(
        "8 hops x ~1 ms is {saved} per request and 12 deployables per cell would mean 6,000 to release; in "
        "process, a cross-module write is one local transaction instead of a saga"
    ),
    cost="Modules scale and release together; a memory leak in one module restarts them all",
    revisit_when="one module needs > 5x the CPU of the rest, or a release cadence other teams cannot share",
)
bp.tradeoff(
    decision="Tenancy model",
    chosen="A dedicated cell per enterprise tenant, pooled cells of 200 for small tenants",
    rejected="Pool every tenant in shared cells",
    why=(
        "Dedicated cells cost a floor of {floor_pods} against {pooled_pods} pooled, {silo_cost} in all; "
        "enterprise contracts buy a one-tenant blast radius, their own region and no noisy neighbour"
    ),
    cost="Idle capacity in small dedicated cells, and 500 databases to patch and back up",
    revisit_when="a tenant's revenue falls under 5x its cell floor, or cells pass 2,000",
)
bp.tradeoff(
    decision="Release strategy",
    chosen="One artifact in waves of 1, 10, 50 and 439 cells, each gated on SLO burn after a 30 min bake",
    rejected="Deploy all cells at once, or let each tenant pin its own version",
    why=(
        "All at once takes ~5 min but a bad build hits all 500 tenants; pinned versions mean supporting "
        "dozens of versions; waves take {release_time} and a bad build hits 1 cell"
    ),
    cost="A fix takes ~2.3 h to reach every tenant unless it is pushed as an emergency release",
    revisit_when="releases exceed 4 a day, when the bake must shrink to 15 min with automated canary analysis",
)
bp.tradeoff(
    decision="Where telemetry goes",
    chosen="One shared observability plane with tenant_id labels and per-tenant limits",
    rejected="A Prometheus and Grafana inside every cell",
    why=(
        "{series} in one multi-tenant store gives fleet-wide queries and one SLO source for the deployer; "
        "500 per-cell stacks means 500 dashboards and no fleet view"
    ),
    cost="A plane every cell depends on for visibility, and a noisy tenant can hit its series limit",
    revisit_when="a residency contract forbids telemetry leaving the tenant's region, or series pass 20 M",
)

# -- failure modes --------------------------------------------------------------------------------

bp.failure(
    failure="A bad release",
    detection="error-budget burn > 14.4x over 5 min in any wave-1 cell, or 5xx > 1% for 5 min during the bake",
    blast_radius="the wave's cells only: 1 tenant in wave 1, at most 10 in wave 2",
    mitigation="the deployer halts the release and rolls the affected cells back to vN-1 in ~5 min",
)
bp.failure(
    failure="Control plane region outage",
    detection="registry or deployer health checks fail 3 times in 30 s; router map age > 5 min",
    blast_radius="no onboarding, releases or config changes; tenants keep being served",
    mitigation=(
        "cells run on cached maps, config and secret leases for 24 h; the control plane is rebuilt from "
        "IaC in another region in < 1 h"
    ),
)
bp.failure(
    failure="A cell's Postgres primary fails",
    detection="RDS failover event; the cell's commit errors > 1% for 10 s",
    blast_radius="one dedicated tenant, or up to 200 small tenants in a pooled cell; other cells untouched",
    mitigation="Multi-AZ promotes the synchronous standby, no committed write lost, in 60-120 s",
)
bp.failure(
    failure="Observability plane outage",
    detection="collector export failures > 5% for 2 min; disk queue above 25%",
    blast_radius="dashboards and SLO gates go blind; tenant traffic is unaffected",
    mitigation=(
        "collectors buffer 2 h on disk and replay; the deployer holds every wave until the plane recovers, "
        "typically < 30 min"
    ),
)
bp.failure(
    failure="Cell router fleet degraded",
    detection="router 5xx > 0.5% or healthy routers < 4 of 6 for 1 min",
    blast_radius="every tenant, since the router is the one shared component on the request path",
    mitigation="6 stateless replicas in 3 AZs behind the load balancer; a replaced router loads the map in < 1 min",
)

# -- scaling path ---------------------------------------------------------------------------------

bp.scaling(
    at="10x (5,000 cells)",
    breaks=(
        "cost and operations first: the dedicated floor grows to 10 x {silo_cost}; waves of 1/10/50/439 "
        "no longer cover the fleet and metrics reach 10 x {series}"
    ),
    next_move=(
        "add a fifth wave (1/10/100/1,000/rest), move tenants under the revenue threshold to pooled cells, "
        "and shard the observability plane by region"
    ),
)
bp.scaling(
    at="100x (50,000 cells)",
    breaks=(
        "the single control plane: {accounts} becomes ~2,000 accounts, releases pass a day, and one "
        "registry table feeds every router"
    ),
    next_move=(
        "split into regional control planes each owning ~5,000 cells, with a global registry only for tenant -> region"
    ),
)

# -- references -----------------------------------------------------------------------------------

bp.reference(
    "Prime Video Tech: Scaling up the Prime Video audio/video monitoring service and reducing costs by 90% (2023)",
    "Moving a distributed serverless pipeline into one process cut its infrastructure cost by 90%.",
    url="https://www.primevideotech.com/video-streaming/scaling-up-the-prime-video-audio-video-monitoring-service-and-reducing-costs-by-90",
)
bp.reference(
    "Service Weaver: Towards Modern Development of Cloud Applications (HotOS 2023)",
    "Write a modular monolith, deploy it as one or many processes; the basis of the module design.",
    url="https://serviceweaver.dev/",
)
bp.reference(
    "AWS Well-Architected: Reducing the Scope of Impact with Cell-Based Architecture",
    "Cells, the cell router and placement as AWS describes them.",
    url="https://docs.aws.amazon.com/wellarchitected/latest/reducing-scope-of-impact-with-cell-based-architecture/reducing-scope-of-impact-with-cell-based-architecture.html",
)
bp.reference(
    "Amazon Builders' Library: Static stability using Availability Zones",
    "Why the data plane must keep working on what it already has when the control plane fails.",
    url="https://aws.amazon.com/builders-library/static-stability-using-availability-zones/",
)
bp.reference(
    "Google SRE Workbook: Alerting on SLOs",
    "The 14.4x burn rate over a short window that gates each wave.",
    url="https://sre.google/workbook/alerting-on-slos/",
)
bp.reference(
    "Grafana Mimir: About authentication and authorization",
    "Tenants separated by the X-Scope-OrgID header in one Mimir cluster.",
    url="https://grafana.com/docs/mimir/latest/manage/secure/authentication-and-authorization/",
)
bp.reference(
    "OpenTelemetry Collector: resource and attributes processors",
    "Adding tenant_id and cell_id to every signal at the collector.",
    url="https://opentelemetry.io/docs/collector/",
)

bp.key_numbers("cells", "peak_rps", "saved", "release_time", "series")

BLUEPRINT = bp.build()
