"""CQRS for an order service: commands change a small normalised write model in Postgres and append an
outbox row in the same transaction; Debezium streams the outbox to Kafka; idempotent projectors build two
read models shaped for their queries (Redis views for "my orders", Elasticsearch for support search), and
hourly projection snapshots make a rebuild take minutes instead of a day.

Not read-write separation (a neighbouring blueprint): there the replicas hold the same schema as the
primary. Here the read side holds different models, built from events, and is never replicated from the
write side's pages. The CDC-to-Kafka spine is shared with the cache-invalidation blueprint, but the sink
differs: that one deletes cache keys per region, this one materialises versioned views and rebuilds them.
"""

from kit import Blueprint, leaderless, quorum, single_writer

bp = Blueprint(
    "cqrs",
    title="High Throughput Reads/Writes (CQRS)",
    category="database",
    learn="CQRS patterns, failover & resiliency for DB scale",
    promise=(
        "Accept 4.6 K order commands/s at peak with p99 < 150 ms and RPO 0, and serve 10x as many queries "
        "from read models built for them, visible p99 < 1.5 s after the commit."
    ),
)

# -- components ------------------------------------------------------------------------------------

app = bp.component(
    "app",
    "mobile-client",
    "Shop app",
    tech="iOS / Android / web",
    responsibility="Sends order commands with an Idempotency-Key and reads order views",
)
console = bp.component(
    "console",
    "operator",
    "Support console",
    tech="Internal web app",
    responsibility="Support agents search orders by email, status, SKU and date",
)

with bp.group("Command side (write model)", kind="tier"):
    command_api = bp.component(
        "command-api",
        "service",
        "Command API",
        tech="Go",
        replicas=10,
        responsibility="Validates a command against the aggregate and its expected version; one tx per command",
    )
    orders_db = bp.component(
        "orders-db",
        "relational-db",
        "Orders primary",
        tech="Postgres 17 + Patroni",
        # Patroni ttl 30 s + loop_wait 10 s + promotion: writes stop for up to 45 s once a month.
        topology=single_writer(sync_standbys=1, failover="45 s"),
        responsibility="Normalised orders and order lines, a version per order, and the outbox table",
    )
    standby = bp.component(
        "standby",
        "relational-db",
        "Sync standby",
        tech="Postgres 17, other AZ",
        # Its durability role is in the primary's topology; as a read target it is one node behind Patroni.
        topology=leaderless(1, needed=1),
        accepted_risk="Only the failover path uses it; the primary's topology already counts it as its sync copy",
        responsibility="Flushes each WAL record before COMMIT returns; holds a synced copy of the CDC slot",
    )
    etcd = bp.component(
        "etcd",
        "coordination",
        "Leader lease",
        tech="etcd, 3 nodes",
        replicas=3,
        topology=quorum(3, failover="5 s"),
        responsibility="Holds Patroni's leader key (ttl 30 s); whoever holds it is the only writable primary",
    )

with bp.group("Event spine", kind="tier"):
    cdc = bp.component(
        "cdc",
        "worker",
        "Outbox CDC",
        tech="Debezium outbox router",
        replicas=2,
        backing_store="kafka",
        lane="async",
        responsibility="Reads outbox INSERTs from the WAL through a logical slot; publishes at least once",
    )
    kafka = bp.component(
        "kafka",
        "stream",
        "order-events",
        tech="Kafka, RF 3, 24 partitions",
        replicas=3,
        topology=quorum(3, failover="10 s"),
        responsibility="Order events keyed by order_id, so one order's events stay in order; kept 7 days",
    )

with bp.group("Query side (read models)", kind="tier"):
    projectors = bp.component(
        "projectors",
        "stream-processor",
        "Projectors",
        tech="Go consumers",
        replicas=8,
        responsibility="Apply each event to both read models only if its version is newer; snapshot hourly",
    )
    views = bp.component(
        "views",
        "key-value-store",
        "Order views",
        tech="Redis Cluster, 9 shards",
        replicas=18,
        topology=single_writer(async_standbys=1, failover="15 s"),
        responsibility="order:{id} hash and customer:{id} timeline, 30 days of orders, denormalised",
    )
    search = bp.component(
        "search",
        "search",
        "Order search",
        tech="Elasticsearch 8, 8 data nodes",
        replicas=8,
        topology=quorum(3, failover="10 s"),
        responsibility="All orders, indexed by email, status, SKU and date for support queries",
    )
    query_api = bp.component(
        "query-api",
        "service",
        "Query API",
        tech="Go",
        replicas=20,
        responsibility="Serves reads from the read models; honours the client's min-version token",
    )
    snapshots = bp.component(
        "snapshots",
        "object-store",
        "Projection snapshots",
        tech="S3",
        managed="AWS",
        responsibility="Hourly Redis RDB files and the Kafka offsets each was taken at, kept 7 days",
    )

# -- links -----------------------------------------------------------------------------------------

bp.link(app, command_api, "POST command", figure="peak_commands")
bp.link(command_api, orders_db, "1 tx: order + outbox")
bp.link(orders_db, standby, "sync WAL", nature="replication")
bp.link(orders_db, cdc, "outbox via slot", nature="replication")
bp.link(cdc, kafka, "events", nature="async", figure="peak_events")
bp.link(kafka, projectors, "by partition", nature="stream")
bp.link(projectors, views, "upsert if newer")
bp.link(projectors, search, "bulk, ext. version")
bp.link(projectors, snapshots, "snapshot + offsets", nature="async")
bp.link(app, query_api, "GET view", figure="peak_queries")
bp.link(console, query_api, "search")
bp.link(query_api, views, "HGETALL / ZRANGE")
bp.link(query_api, search, "query")
bp.link(query_api, orders_db, "stale fallback")
bp.link(etcd, standby, "leader key", nature="async")
bp.link(standby, cdc, "synced slot", nature="replication")

# -- flows -----------------------------------------------------------------------------------------

bp.flow(
    "Place order",
    [
        (
            app,
            command_api,
            "The app sends POST /orders with an Idempotency-Key; later commands on the order "
            "(cancel, change address) carry If-Match with the version they saw.",
            "20 ms",
            "80 ms",
        ),
        (
            command_api,
            orders_db,
            "In one transaction the Command API inserts the order and its lines at version 1 (later commands "
            "run UPDATE ... WHERE version = expected), then inserts and deletes an outbox row: the WAL keeps "
            "the insert, the table stays empty.",
            "4 ms",
            "25 ms",
        ),
        (
            orders_db,
            standby,
            "COMMIT returns once the standby in the other zone has flushed the WAL record; the API answers "
            "201 with the order id and version 1, the client's min-version token.",
            "1 ms",
            "5 ms",
        ),
    ],
    critical=True,
    mode="write",
    description=(
        "The critical path: one local transaction, no read model touched. A version conflict answers "
        "412 and a replayed Idempotency-Key returns the stored answer."
    ),
)

bp.flow(
    "Project events",
    [
        (
            orders_db,
            cdc,
            "Debezium reads the outbox INSERT from the WAL through a pgoutput logical slot; only committed "
            "rows ever reach it.",
            "50 ms",
            "300 ms",
        ),
        (
            cdc,
            kafka,
            "The outbox event router publishes it to order-events keyed by order_id, acks=all, "
            "idempotent producer; the event carries the order's new version.",
            "10 ms",
            "50 ms",
        ),
        (
            kafka,
            projectors,
            "The projector owning that partition polls it; one order's events arrive in commit order.",
            "5 ms",
            "50 ms",
        ),
        (
            projectors,
            views,
            "A Lua script writes the order hash and the customer's timeline entry only if the event's "
            "version is above the stored one, so a redelivered event changes nothing.",
            "1 ms",
            "5 ms",
        ),
        (
            projectors,
            search,
            "A bulk request indexes the order document with version_type=external; an older version is "
            "rejected with 409, and the next 1 s refresh makes it searchable.",
            "520 ms",
            "1.05 s",
        ),
    ],
    mode="write",
    description=(
        "Asynchronous, after the 201: the read models trail the write model. Redis views are current "
        "after step 7; search after step 8's refresh."
    ),
)

bp.flow(
    "Read my orders",
    [
        (
            app,
            query_api,
            "The app asks GET /orders/{id} or GET /me/orders, sending the version it got from its last "
            "command as X-Min-Version.",
            "20 ms",
            "80 ms",
        ),
        (
            query_api,
            views,
            "The Query API reads the order hash, or the newest 20 ids from the customer's timeline and "
            "their hashes in one pipeline.",
            "1 ms",
            "5 ms",
        ),
        (
            query_api,
            orders_db,
            "If a view's version is below X-Min-Version (about 1% of reads, right after a command), it "
            "reads that one order by primary key from the write model instead.",
            "2 ms",
            "10 ms",
        ),
    ],
    mode="read",
    description="Read-your-writes without waiting for the projection: only the stale order goes to the primary.",
)

bp.flow(
    "Support search",
    [
        (
            console,
            query_api,
            "An agent searches 'email:ana@... status:shipped last 90 days' from the console.",
            "20 ms",
            "80 ms",
        ),
        (
            query_api,
            search,
            "The Query API runs a filtered query on the order index and returns the first 50 hits, "
            "sorted by created_at.",
            "15 ms",
            "120 ms",
        ),
    ],
    mode="read",
    description="A query the write model has no index for: only the read side pays for it.",
)

bp.flow(
    "Primary failover",
    [
        (
            etcd,
            standby,
            "The primary stops renewing the leader key; 30 s later the key expires and the standby's "
            "Patroni takes it and promotes the standby. Commands reconnect through libpq's "
            "target_session_attrs=read-write.",
        ),
        (
            standby,
            cdc,
            "Debezium reconnects to the new primary, where Postgres 17 has kept a synced copy of the "
            "logical slot (failover = true), and resumes at the last confirmed LSN: no gap, no re-snapshot.",
        ),
        (
            cdc,
            kafka,
            "Events published but not yet confirmed before the crash are published again: duplicates, never gaps.",
        ),
        (
            kafka,
            projectors,
            "Projectors never stopped: they keep their offsets, and the version check drops the duplicates.",
        ),
    ],
    description="Recovery: writes pause for up to 45 s, reads keep flowing from the read models.",
)

bp.flow(
    "Rebuild a read model",
    [
        (
            projectors,
            snapshots,
            "After a projector bug, a fresh projector group loads the latest hourly snapshot into a new "
            "Redis cluster (blue/green), with the Kafka offsets it was taken at.",
        ),
        (
            kafka,
            projectors,
            "It seeks every partition to those offsets and replays at 24 consumers, one per partition, "
            "with the fixed code.",
        ),
        (
            projectors,
            views,
            "It writes the replayed events into the new cluster through the same version check, until its "
            "lag is under 1 s.",
        ),
        (
            query_api,
            views,
            "The Query API switches its read alias to the rebuilt cluster; the old one is dropped a day later.",
        ),
    ],
    description=(
        "Recovery of the read side without touching the write side: minutes from a snapshot instead of "
        "a replay of 30 days."
    ),
)

# -- scope -----------------------------------------------------------------------------------------

bp.use_case("Customer", "places or changes an order", mode="write", flow="Place order")
bp.use_case("Customer", "sees an order and their order history", mode="read", flow="Read my orders")
bp.use_case("Support agent", "searches orders by email, status, SKU and date", mode="read", flow="Support search")
bp.use_case("Order service", "keeps each read model within 1.5 s of the write model", flow="Project events")
bp.use_case("SRE", "rebuilds a corrupted read model without stopping writes", flow="Rebuild a read model")
bp.out_of_scope(
    "Payments and the PSP integration",
    "Inventory reservation",
    "Full event sourcing: the write model stores current state, not the event log",
    "Analytics and the data warehouse",
    "Multi-region writes",
)

# -- targets ---------------------------------------------------------------------------------------

bp.target(
    "Command latency",
    flow="Place order",
    p50="30 ms",
    p99="150 ms",
    note="Measured at the client; the read models are not on this path",
)
bp.target("View read latency", flow="Read my orders", p50="40 ms", p99="150 ms")
bp.target("Search latency", flow="Support search", p50="50 ms", p99="300 ms")
bp.target(
    "Projection lag",
    flow="Project events",
    p50="700 ms",
    p99="1.5 s",
    note="Commit to searchable, summed as if both stores were written in turn; Redis views are current ~0.4 s earlier",
)
bp.target(
    "Projection throughput",
    flow="Project events",
    throughput="9300 events/s",
    capacity="projector_capacity",
    note="Peak events with the projector fleet below its per-node budget",
)
bp.target(
    "Command availability",
    flow="Place order",
    availability="99.95%",
    note="21.6 min a month; one failover costs 45 s of writes",
)
bp.target("Read availability", flow="Read my orders", availability="99.95%", note="Reads survive a write-side failover")
bp.target(
    "Durability",
    flow="Place order",
    rpo="0 s",
    rto="45 s",
    note="Every commit waits for the synchronous standby; read models are rebuilt, never restored",
)
bp.target(
    "Consistency",
    "Read models converge within 1.5 s (p99); 0 reads older than the reader's own last write",
    note="Version check per order in every projector; X-Min-Version falls back to the primary",
)

# -- data model and API ----------------------------------------------------------------------------

bp.table(
    "orders",
    primary_key="order_id",
    fields=[
        ("order_id", "uuid", 16),
        ("customer_id", "bigint", 8),
        ("status", "smallint", 2),
        ("version", "int", 4),
        ("total_minor", "bigint", 8),
        ("currency", "char(3)", 4),
        ("ship_to", "jsonb", 180),
        ("idempotency_key", "uuid", 16),
        ("created_at", "timestamptz", 8),
        ("updated_at", "timestamptz", 8),
        ("row header", "Postgres tuple header", 24),
    ],
    indexes=[
        ("UNIQUE (customer_id, idempotency_key)", "a retried POST /orders finds the first order, never a second"),
    ],
    per="order",
    note="write model: no customer, status or SKU index; those queries belong to the read side",
)
bp.table(
    "order_lines",
    primary_key="(order_id, line_no)",
    fields=[
        ("order_id", "uuid", 16),
        ("line_no", "smallint", 2),
        ("sku", "bigint", 8),
        ("qty", "int", 4),
        ("price_minor", "bigint", 8),
        ("row header", "Postgres tuple header", 24),
    ],
    per="row",
)
bp.table(
    "order view (Redis hash order:{id})",
    primary_key="order:{order_id}",
    fields=[
        ("order_id", "string", 36),
        ("version", "int", 4),
        ("status", "string", 10),
        ("total + currency", "string", 14),
        ("item summary", "string", 120),
        ("item count", "int", 2),
        ("updated_at", "int", 8),
        ("timeline entry", "ZSET member + score", 48),
        ("Redis overhead", "dict entries, key", 110),
    ],
    indexes=[
        ("customer:{id}:orders ZSET scored by created_at", "'my orders' pages newest first with one ZREVRANGE"),
    ],
    per="order",
    note="kept 30 days; older orders are read from the search index",
)
bp.api(
    "places or changes an order",
    'POST /orders\nIdempotency-Key: 6c1e...\n{"lines": [{"sku": 88123, "qty": 2}], "ship_to": {...}}',
    '201 Created\nETag: "1"\n{"order_id": "a7f3...", "version": 1, "status": "placed"}',
)

# -- assumptions and load model --------------------------------------------------------------------

bp.quantity(
    "orders_day",
    "20e6 orders/day",
    "Orders placed a day",
    basis="Planning value for a large marketplace's order service",
)
bp.quantity(
    "cmds_per_order",
    "5 req/order",
    "Commands per order",
    basis="Place, pay, pack, ship, deliver (cancels and edits are rarer)",
)
bp.quantity("peak_factor", "4", "Peak over average", basis="Evening and sale-day peaks (planning value)")
bp.quantity("tx_per_req", "1 tx/req", "Postgres tx per command or fallback read", basis="One transaction each")
bp.quantity("events_per_cmd", "2 events/req", "Events per command", basis="State change plus a line or status event")
bp.quantity("reads_per_cmd", "10", "Queries per command", basis="Read-heavy order tracking (planning value)")
bp.quantity("search_share", "5 %", "Queries that are support searches", basis="Planning value")
bp.quantity(
    "stale_share", "1 %", "View reads below X-Min-Version", basis="Reads within ~0.4 s of the reader's own command"
)
bp.quantity(
    "cmd_per_node", "800 req/s/node", "Command API per node", basis="Go service, one Postgres round trip (load test)"
)
bp.quantity("query_per_node", "4000 req/s/node", "Query API per node", basis="Redis pipeline per read (load test)")
bp.quantity(
    "proj_per_node",
    "2000 events/s/node",
    "Projector per node",
    basis="Topic notes: ~2K idempotent upserts/s per projector, both stores",
)
bp.quantity(
    "es_per_node", "500 req/s/node", "Search per data node", basis="Filtered queries on 8 GB shards (load test)"
)
bp.quantity("headroom", "60 %", "Usable share of a node", basis="Room to lose an AZ (one third of nodes)")
bp.quantity(
    "pg_budget",
    "12000 tx/s",
    "Primary commit budget",
    basis="One Postgres primary with a sync standby, small transactions (10-20K/s; assume the low end)",
)
bp.quantity(
    "replay_consumers",
    "24 nodes",
    "Consumers during a replay",
    basis="One per order-events partition; 24 partitions is 3x the projector fleet",
)
bp.quantity("event_bytes", "1 KB/event", "Event size on Kafka", basis="JSON with the order's changed fields")
bp.quantity("kafka_copies", "3", "Kafka replication factor", basis="RF 3 across three AZs")
bp.quantity("kafka_retention", "7 days", "Kafka retention", basis="Covers 168 hourly snapshots")
bp.quantity("view_days", "30 days", "Days of orders in Redis", basis="Order tracking after delivery")
bp.quantity(
    "shard_memory", "25 GB/shard", "Usable memory per Redis shard", basis="32 GB nodes, room for fork and fragmentation"
)
bp.quantity("lines_per_order", "2.5 rows/order", "Lines per order", basis="Planning value")
bp.quantity("index_overhead", "1.5", "Tables plus indexes over tables", basis="PK and one unique index")
bp.quantity("snapshot_interval", "1 h", "Projection snapshot interval", basis="Bounds replay to 1 h of events")
bp.quantity(
    "restore_rate", "200 MB/s/shard", "RDB load per Redis shard", basis="Sequential read from S3 into one shard"
)

bp.derive("avg_commands", "orders_day * cmds_per_order", "Average commands", unit="req/s")
bp.derive("peak_commands", "avg_commands * peak_factor", "Peak commands", unit="req/s")
bp.derive("peak_events", "peak_commands * events_per_cmd", "Peak events", unit="events/s")
bp.derive("peak_queries", "peak_commands * reads_per_cmd", "Peak queries", unit="req/s")
bp.derive("peak_searches", "peak_queries * search_share", "Peak support searches", unit="req/s", section="rates")
bp.derive(
    "peak_fallbacks", "peak_queries * (1 - search_share) * stale_share", "Peak reads sent to the primary", unit="req/s"
)
bp.derive(
    "pg_load",
    "(peak_commands + peak_fallbacks) * tx_per_req / pg_budget",
    "Primary utilisation at peak",
    unit="%",
    section="fleet",
)
bp.derive("command_nodes", "ceil(peak_commands / (cmd_per_node * headroom))", "Command API nodes", unit="nodes")
bp.derive("query_nodes", "ceil(peak_queries / (query_per_node * headroom))", "Query API nodes", unit="nodes")
bp.derive("projector_nodes", "ceil(peak_events / (proj_per_node * headroom))", "Projectors", unit="nodes")
bp.derive(
    "projector_capacity", "projector_nodes * proj_per_node", "Projector capacity", unit="events/s", section="fleet"
)
bp.derive("es_nodes", "ceil(peak_searches / (es_per_node * headroom))", "Search data nodes", unit="nodes")
bp.derive(
    "order_bytes",
    "(orders_record + order_lines_record * lines_per_order) * index_overhead",
    "Write model per order",
    unit="B/order",
)
bp.derive(
    "write_model_year", "orders_day * order_bytes * year * 2", "Write model per year, primary + standby", unit="TB"
)
bp.derive(
    "view_memory", "orders_day * view_days * order_view_redis_hash_order_id_record", "Order views in Redis", unit="GB"
)
bp.derive("redis_shards", "ceil(view_memory / shard_memory)", "Redis shards (memory bound)", unit="shards")
bp.derive(
    "kafka_disk",
    "avg_commands * events_per_cmd * event_bytes * kafka_retention * kafka_copies",
    "Kafka disk, all copies",
    unit="TB",
)
bp.derive("event_bw", "peak_events * event_bytes", "Peak event stream", unit="MB/s")
bp.derive("in_flight", "peak_events * 0.4 * s", "Events in the pipeline at peak (Little's law, 0.4 s)", unit="events")
bp.derive(
    "replay_events", "peak_events * snapshot_interval", "Events to replay after a snapshot, worst case", unit="events"
)
bp.derive("replay_time", "replay_events / (replay_consumers * proj_per_node)", "Replay at 24 consumers", unit="min")
bp.derive("restore_time", "view_memory / redis_shards / restore_rate", "Snapshot load, shards in parallel", unit="min")
bp.derive("rebuild_time", "replay_time + restore_time", "Rebuild from snapshot", unit="min")
bp.derive(
    "full_replay_time",
    "avg_commands * events_per_cmd * view_days / (replay_consumers * proj_per_node)",
    "Rebuild of 30 days without snapshots",
    unit="h",
)

# -- trade-offs ------------------------------------------------------------------------------------

bp.tradeoff(
    decision="Publishing events",
    chosen="Transactional outbox read by Debezium from the WAL",
    rejected="Dual write: commit to Postgres, then produce to Kafka from the Command API",
    why=(
        "A crash or Kafka timeout between the two writes loses or invents an event; at {peak_commands} "
        "even a 0.01% failure rate leaves a view wrong every 2 s with nothing to repair it"
    ),
    cost="A replication slot to watch (WAL piles up if CDC stops), and 50-300 ms more lag than an inline produce",
    revisit_when="Postgres gains a built-in durable change feed, or CDC lag p99 passes 1 s for a week",
)
bp.tradeoff(
    decision="When read models are updated",
    chosen="Asynchronously by projectors; the client's X-Min-Version routes the rare stale read to the primary",
    rejected="Synchronous projection: update Redis and Elasticsearch inside the command",
    why=(
        "Indexing takes 15-50 ms and becomes searchable only at the 1 s refresh; inline it would triple "
        "the 25 ms p99 commit and make every command fail when search is down"
    ),
    cost="Reads lag by up to 1.5 s (p99); {peak_fallbacks} of reads go to the primary; views need versions",
    revisit_when="Product requires search to reflect a write in under 100 ms, or fallbacks pass 5% of reads",
)
bp.tradeoff(
    decision="Standby replication",
    chosen="One synchronous standby in another AZ (synchronous_commit = on)",
    rejected="Asynchronous streaming replication",
    why=(
        "An async failover loses the last ~100 ms of commits, i.e. ~460 orders at {peak_commands}, and their "
        "events; the sync flush adds ~1 ms inside one region"
    ),
    cost="+1 ms p50 (5 ms p99) per commit; writes stall if the standby is slow until Patroni drops it to async",
    revisit_when="The standby moves to another region (RTT > 10 ms), or commits pass 80% of the 12K tx/s budget",
)
bp.tradeoff(
    decision="Exactly-once projection",
    chosen="At-least-once delivery plus a version check in each store (Lua compare, external version)",
    rejected="Kafka transactions (exactly-once semantics) end to end",
    why=(
        "Kafka EOS covers Kafka-to-Kafka only; Redis and Elasticsearch sit outside its transactions, "
        "while a version compare makes a replay of {replay_events} safe"
    ),
    cost="Every event carries the aggregate version, and projections must be written as upserts",
    revisit_when="A read model needs sums over many orders per key, or duplicates pass 1% of delivered events",
)
bp.tradeoff(
    decision="Recovering a read model",
    chosen="Hourly snapshots to S3 with their Kafka offsets; replay at most 1 h",
    rejected="Replay every event from the start (or a Debezium snapshot of the orders table)",
    why=(
        "Rebuilding 30 days of views takes {full_replay_time} even at 24 consumers, and Kafka keeps only 7 days; "
        "from a snapshot it takes {rebuild_time}"
    ),
    cost="A snapshot job per hour, 7 days of S3 copies, and offsets kept with each file",
    revisit_when="Full replay drops under 30 min (fewer days in Redis or 10x replay throughput)",
)
bp.tradeoff(
    decision="Source of truth",
    chosen="Current-state tables plus an outbox (state-based CQRS)",
    rejected="Event sourcing: the event log is the write model, as in EventStoreDB or Axon",
    why=(
        "Commands need one row lock and a version check; with {peak_commands} and 5 commands per order, "
        "loading aggregates from events needs its own snapshots and upcasting for little gain"
    ),
    cost="Events are a projection of state, not an audit log; history past the 7-day retention is only in tables",
    revisit_when="Audit needs order history older than the 7-day Kafka retention, or > 20% of commands need past state",
)

# -- failure modes ---------------------------------------------------------------------------------

bp.failure(
    failure="The Orders primary or its AZ fails",
    detection="Patroni leader key not renewed for 30 s; command 5xx > 1% for 30 s pages on-call",
    blast_radius="All commands for up to 45 s; reads keep working from the read models, only stale fallbacks fail",
    mitigation=(
        "Patroni promotes the sync standby (RPO 0); Debezium resumes from the synced slot; clients retry "
        "with the same Idempotency-Key; writes back in < 45 s, a new standby built within 1 h"
    ),
)
bp.failure(
    failure="Outbox CDC stops or lags (connector crash, Kafka Connect rebalance)",
    detection="Oldest outbox LSN not confirmed for > 5 s; slot retaining > 10 GB of WAL",
    blast_radius="All read models freeze; commands succeed but customers see old views; WAL grows on the primary",
    mitigation=(
        "Connect restarts the task from the slot's confirmed LSN; max_slot_wal_keep_size caps WAL; "
        "a 5 min backlog (2.8 M events at peak) drains at 24 consumers in ~1 min"
    ),
)
bp.failure(
    failure="A projector bug writes wrong views",
    detection="Sampler compares 1K random orders a minute with the write model; mismatches > 0.1%",
    blast_radius="Every order the bad build touched in the read model it writes; the write model is unaffected",
    mitigation=(
        "Roll back the build, then rebuild from the last good snapshot into a new cluster and switch "
        "the alias: about {rebuild_time}; recovered in < 20 min"
    ),
)
bp.failure(
    failure="A poison event blocks one partition",
    detection="One partition's consumer lag > 30 s while the others are < 1 s",
    blast_radius="Orders hashed to 1 of 24 partitions (~4%) show stale views; search misses their changes",
    mitigation="After 3 retries the event goes to a dead-letter topic with an alert; the partition resumes in < 1 min",
)
bp.failure(
    failure="A Redis views shard primary fails",
    detection="Cluster marks the node FAIL after node-timeout 15 s; Query API error rate > 0.5%",
    blast_radius="Views on 1 of 9 shards (~11% of orders) unreadable for up to 15 s; writes unaffected",
    mitigation=(
        "The replica is promoted within 15 s; events it missed (async replication) are replayed from Kafka "
        "by resetting that shard's projector offsets 1 min back"
    ),
)

bp.failure(
    failure="order-events (Kafka) loses a broker or its AZ",
    detection="Under-replicated partitions > 0 for 1 min; produce p99 > 200 ms",
    blast_radius="Partitions led by that broker pause ~10 s; CDC and projectors wait, commands are unaffected",
    mitigation=(
        "The controller elects new leaders from in-sync replicas (min.insync.replicas 2, acks=all, no "
        "loss); Debezium's offsets live in the same RF 3 cluster; caught up in < 1 min"
    ),
)

# -- scaling path ----------------------------------------------------------------------------------

bp.scaling(
    at="10x (46K commands/s peak, 460K queries/s)",
    breaks=(
        "The single primary: 46K commits/s is ~3.9x its 12K tx/s budget; 93K events/s outgrows 24 "
        "partitions; Redis views need ~10x {view_memory}"
    ),
    next_move=(
        "Shard the write model by order_id hash into 8 Postgres clusters (Citus or app-level), one "
        "Debezium connector each into a 96-partition topic; 90 Redis shards; projectors scale to 96"
    ),
)
bp.scaling(
    at="100x (460K commands/s peak)",
    breaks="Even 8 shards run at ~4.8x budget; one Kafka cluster carries 930K events/s (~930 MB/s) plus replay",
    next_move=(
        "Regional cells: each region owns its customers' orders (write model, CDC, Kafka, read models); "
        "cross-region search reads a federated index; move the write model to a distributed SQL store if "
        "cross-cell orders appear"
    ),
)

# -- references ------------------------------------------------------------------------------------

bp.reference(
    "Martin Fowler: CQRS",
    "Separate models for update and display, and when the split is not worth it",
    url="https://martinfowler.com/bliki/CQRS.html",
)
bp.reference(
    "microservices.io: Transactional outbox",
    "Writing the event in the same transaction as the state change",
    url="https://microservices.io/patterns/data/transactional-outbox.html",
)
bp.reference(
    "Debezium: Outbox Event Router",
    "Routing outbox rows to topics keyed by aggregate id",
    url="https://debezium.io/documentation/reference/stable/transformations/outbox-event-router.html",
)
bp.reference(
    "PostgreSQL 17 documentation: logical replication failover",
    "Synchronising logical slots to a standby so CDC survives a promotion",
    url="https://www.postgresql.org/docs/17/logical-replication-failover.html",
)
bp.reference(
    "Patroni documentation: settings",
    "ttl, loop_wait and retry_timeout, which bound how long a failover takes",
    url="https://patroni.readthedocs.io/en/latest/yaml_configuration.html",
)
bp.reference(
    "Elasticsearch: index API, versioning",
    "version_type=external rejects an older document version",
    url="https://www.elastic.co/guide/en/elasticsearch/reference/current/docs-index_.html",
)
bp.reference(
    "Microsoft Azure Architecture Center: CQRS pattern",
    "Read and write models, eventual consistency and when to use it",
    url="https://learn.microsoft.com/en-us/azure/architecture/patterns/cqrs",
)

bp.key_numbers("peak_commands", "peak_events", "projector_nodes", "view_memory", "rebuild_time")

BLUEPRINT = bp.build()
