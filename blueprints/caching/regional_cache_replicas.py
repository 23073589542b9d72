"""Read-heavy service with regional cache replicas: GeoDNS sends each reader to the nearest of three
regions, each with its own Redis cache and MySQL read replicas; every write goes to one home-region
primary, and each region invalidates its own cache from its own replica's binlog (the McSqueal design
of "Scaling Memcache at Facebook"), so a delete can never run ahead of the data it protects. A remote
marker set before a cross-region write sends reads of that key to the primary until the region has
caught up.

The picture draws one read region in full; the other two, and the home region's own read stack, are
the same cell.
"""

from kit import Blueprint, leaderless, single_writer

bp = Blueprint(
    "regional-cache-replicas",
    title="Read-Heavy Service w/ Regional Cache Replicas",
    category="caching",
    learn="Geo-replicated read path, low latency design",
    promise=(
        "Serve 2 M reads/s from three regions at p99 < 100 ms for every reader, with any write visible "
        "in every region within 2 s (p99) and to its own region at once."
    ),
)

bp.layout(article="TB")

# -- components ------------------------------------------------------------------------------------

users = bp.component(
    "users",
    "users",
    "Readers worldwide",
    tech="Web and mobile",
    responsibility="Read items; a small share also edits them",
)
geodns = bp.component(
    "geodns",
    "dns",
    "GeoDNS",
    tech="Route 53 latency routing",
    managed="AWS",
    lane="clients",
    responsibility="Answers with the lowest-latency healthy region; 60 s TTL, health checks every 10 s",
)

with bp.group("Read region eu-west-1 (1 of 3)", kind="cell"):
    invalidator = bp.component(
        "invalidator",
        "worker",
        "Invalidator",
        tech="Go binlog tailer",
        replicas=2,
        lane="async",
        responsibility="Tails the local replica's binlog; deletes each changed key and its marker here",
    )
    lb = bp.component(
        "lb",
        "load-balancer",
        "Regional LB",
        tech="AWS ALB",
        managed="AWS",
        responsibility="Terminates TLS and spreads requests over the region's item service",
    )
    api = bp.component(
        "api",
        "service",
        "Item service",
        tech="Go",
        replicas=40,
        responsibility="Cache-aside reads, remote markers, forwards writes to the home region",
    )
    replica = bp.component(
        "replica",
        "relational-db",
        "Read replicas",
        tech="MySQL 8.0, async",
        replicas=2,
        topology=leaderless(2, needed=1),
        responsibility="Apply the primary's binlog and answer cache misses; log_replica_updates on",
    )
    cache = bp.component(
        "cache",
        "cache",
        "Regional cache",
        tech="Redis 7 Cluster, 4 shards x 2",
        replicas=8,
        # Each shard's replica serves reads (READONLY) and is promoted if its primary dies.
        topology=single_writer(async_standbys=1, failover="15 s"),
        responsibility="This region's copy of the 200 GB hot set; item keys and remote markers share a slot",
    )

with bp.group("Home region us-east-1 (all writes)", kind="cell"):
    writer = bp.component(
        "writer",
        "service",
        "Write API",
        tech="Go",
        replicas=12,
        lane="async",
        responsibility="The only writer: validates, commits, and serves primary reads for marked keys",
    )
    primary = bp.component(
        "primary",
        "relational-db",
        "Primary",
        tech="MySQL 8.0 + semi-sync standby",
        # The standby sits in another zone of the home region; Orchestrator promotes it.
        topology=single_writer(sync_standbys=1, failover="30 s"),
        responsibility="Source of truth for items; ships row-based binlog to every region's replicas",
    )

monitor = bp.component(
    "monitor",
    "monitoring",
    "Lag monitor",
    tech="Prometheus + Alertmanager",
    replicas=2,
    role="background",
    lane="async",
    responsibility="Replica lag, invalidator lag and marker age per region; pages and drains regions",
)

# -- links -----------------------------------------------------------------------------------------

bp.link(users, geodns, "resolve name")
bp.link(users, lb, "HTTPS GET / PUT", figure="region_reads")
bp.link(geodns, lb, "health check")
bp.link(lb, api, "route")
bp.link(api, cache, "MGET item + marker", figure="region_reads")
bp.link(api, replica, "miss read", figure="replica_reads")
bp.link(api, writer, "write / fresh read")
bp.link(writer, primary, "commit / read", figure="peak_writes")
bp.link(primary, replica, "binlog, async", nature="replication", figure="binlog_bw")
bp.link(invalidator, replica, "tail local binlog")
bp.link(invalidator, cache, "DEL key + marker", figure="region_invalidations")
bp.link(invalidator, monitor, "applied GTID", nature="async")

# -- flows -----------------------------------------------------------------------------------------

bp.flow(
    "Read nearby",
    [
        (
            users,
            lb,
            "The reader's resolver already points at the nearest region; GET /items/42 reaches its LB.",
            "20 ms",
            "80 ms",
        ),
        (lb, api, "The LB picks an item service instance in the region.", "1 ms", "3 ms"),
        (
            api,
            cache,
            "One MGET {item:42} rm:{item:42}: the hash tag puts the item and its marker in one slot, so one "
            "round trip answers both. 98% of reads end here.",
            "0.5 ms",
            "2 ms",
        ),
        (api, replica, "On a miss with no marker, it reads the row from a local replica.", "2 ms", "5 ms"),
        (
            api,
            cache,
            "It stores the row with SET NX and a 1 h TTL, so a fill never overwrites a newer value.",
            "0.5 ms",
            "2 ms",
        ),
    ],
    critical=True,
    mode="read",
    description="Everything stays in the reader's region; the budget shown is a miss, a hit stops at step 3.",
)

bp.flow(
    "Write from any region",
    [
        (users, lb, "The editor sends PUT /items/42 with If-Match: the version it last read.", "20 ms", "80 ms"),
        (lb, api, "The region's LB routes it like a read.", "1 ms", "3 ms"),
        (
            api,
            cache,
            "Before forwarding, the service sets the remote marker rm:{item:42} (TTL 10 s) in its own region.",
            "0.5 ms",
            "2 ms",
        ),
        (
            api,
            writer,
            "It forwards the write to the home region, one cross-region round trip away.",
            "75 ms",
            "150 ms",
        ),
        (
            writer,
            primary,
            "The Write API commits the row with version + 1 where version matches; semi-sync waits for the "
            "standby in a second zone.",
            "5 ms",
            "20 ms",
        ),
        (
            api,
            cache,
            "Back in the origin region, the service deletes {item:42} locally and answers 200 with the new version.",
            "0.5 ms",
            "2 ms",
        ),
    ],
    mode="write",
    description="One home region takes every write; only the editor's region is touched synchronously.",
)

bp.flow(
    "Invalidate every region",
    [
        (
            primary,
            replica,
            "The row-based binlog event crosses to each region and the replica applies it.",
            "150 ms",
            "1200 ms",
        ),
        (
            invalidator,
            replica,
            "The invalidator streams the replica's own binlog, so it sees the change only once the replica has it.",
            "10 ms",
            "100 ms",
        ),
        (
            invalidator,
            cache,
            "It deletes {item:42} and rm:{item:42} in a pipelined batch every 5 ms; the next read refills from the "
            "replica, which already holds the new row.",
            "1 ms",
            "5 ms",
        ),
    ],
    description="Asynchronous, once per region: a delete never runs ahead of the replica it would refill from.",
)

bp.flow(
    "Read your own write",
    [
        (users, lb, "The editor reloads item 42 a few hundred ms after saving it.", "20 ms", "80 ms"),
        (lb, api, "The request lands in the editor's region as usual.", "1 ms", "3 ms"),
        (
            api,
            cache,
            "The MGET misses the item (step 11 deleted it) but finds the remote marker still set.",
            "0.5 ms",
            "2 ms",
        ),
        (
            api,
            writer,
            "A marked key is read from the home region instead of the replica, which may not have the write yet.",
            "75 ms",
            "150 ms",
        ),
        (writer, primary, "The Write API reads the row from the primary; nobody caches this answer.", "1 ms", "5 ms"),
    ],
    mode="read",
    description="The marker is per key: for up to a second, every reader of item 42 in this region reads fresh.",
)

bp.flow(
    "Evacuate a failed region",
    [
        (
            geodns,
            lb,
            "Route 53 health checks from several locations fail 3 times at 10 s intervals; the region is unhealthy.",
        ),
        (users, geodns, "As their 60 s TTL expires, resolvers get the next-nearest healthy region instead."),
        (
            users,
            lb,
            "Readers arrive at a surviving region, whose cache already holds the same global hot set.",
            "40 ms",
            "150 ms",
        ),
        (lb, api, "The surviving region now carries half of the global peak.", "1 ms", "3 ms"),
        (
            api,
            cache,
            "Cache nodes run at 83% of their budget instead of 56%; hit ratio stays near 98%.",
            "0.5 ms",
            "2 ms",
        ),
    ],
    description="Recovery in about 90 s: 30 s to declare the region down plus up to 60 s of cached DNS answers.",
)

# -- scope -----------------------------------------------------------------------------------------

bp.use_case("Reader", "reads an item from the nearest region", mode="read", flow="Read nearby")
bp.use_case("Editor", "updates an item from any region", mode="write", flow="Write from any region")
bp.use_case("Editor", "sees their own update at once", mode="read", flow="Read your own write")
bp.use_case("Invalidator", "deletes every region's copy after a write", mode="write", flow="Invalidate every region")
bp.use_case("Operator", "sees a failed region drained without losing reads")
bp.out_of_scope(
    "Multi-primary writes and conflict resolution",
    "Static assets and CDN caching",
    "Search and list pages (they read from their own index)",
    "Invalidation for caches without a replica stream (the cache-invalidation case study)",
)

# -- targets ---------------------------------------------------------------------------------------

bp.target(
    "Read latency",
    flow="Read nearby",
    p50="30 ms",
    p99="100 ms",
    note="At the client, for a miss; a hit is about 22 ms p50",
)
bp.target("Write latency", flow="Write from any region", p50="150 ms", p99="300 ms", note="From the farthest region")
bp.target(
    "Read-your-writes latency",
    flow="Read your own write",
    p50="150 ms",
    p99="300 ms",
    note="Only while a marker is set, about 1 s after a write",
)
bp.target(
    "Staleness in other regions",
    flow="Invalidate every region",
    p50="500 ms",
    p99="2 s",
    note="Commit to cache delete in every region",
)
bp.target("Read availability", flow="Read nearby", availability="99.98%", note="Per region; GeoDNS adds evacuation")
bp.target(
    "Write durability",
    flow="Write from any region",
    availability="99.95%",
    rpo="0 s",
    rto="30 s",
    note="Zone loss in the home region; losing the whole home region costs up to 1 s of writes",
    accepted_miss=(
        "Redis holds only the remote marker and cache deletes, which are hints, not data: a lost marker "
        "means a reader may see the old row until the invalidation lands (p99 2 s); every row is in MySQL"
    ),
)
bp.target(
    "Region evacuation",
    "Readers of a failed region served from another within 90 s",
    note="30 s of failed health checks plus the 60 s DNS TTL; not modelled by the availability check",
)

# -- data model and API ----------------------------------------------------------------------------

bp.table(
    "items",
    primary_key="item_id",
    fields=[
        ("item_id", "BIGINT", 8),
        ("owner_id", "BIGINT", 8),
        ("version", "BIGINT", 8),
        ("updated_at", "DATETIME(6)", 8),
        ("title", "VARCHAR(200), mean", 80),
        ("body", "JSON, mean", 900),
        ("row overhead", "InnoDB header + PK in secondary", 28),
    ],
    indexes=[
        ("(owner_id, updated_at)", "an editor's own items, newest first, without a table scan"),
    ],
    per="row",
    note="the cache key {item:ID} holds the same row serialised; version drives If-Match",
)
bp.table(
    "cache keys (per region)",
    primary_key="{item:ID} and rm:{item:ID} (same hash slot)",
    fields=[
        ("key", "{item:ID}", 16),
        ("value", "serialised row", 1040),
        ("redis overhead", "dictEntry, robj, TTL", 64),
    ],
    indexes=[
        ("hash tag {item:ID}", "puts an item and its remote marker in one slot, so one MGET reads both"),
    ],
    per="key",
    note="a remote marker is the same key space with a 1-byte value and a 10 s TTL",
)
bp.api(
    "deletes every region's copy after a write",
    "DEL {item:42} rm:{item:42}   (one slot, thanks to the hash tag; pipelined in 5 ms batches)",
    "(integer) 2   (0 or 1 when a key was not cached: deleting is idempotent)",
)
bp.api(
    "updates an item from any region",
    'PUT /items/42\nIf-Match: "v17"\n{"title": "Lisbon in 3 days", "body": {...}}',
    '200 OK\nETag: "v18"\n{"item_id": 42, "version": 18, "visible_everywhere_by": "p99 2 s"}',
)

# -- load model ------------------------------------------------------------------------------------

bp.quantity("avg_reads", "800e3 req/s", "Average global reads", basis="Planning value for a consumer read API")
bp.quantity("peak_factor", "2.5", "Peak over average", basis="Evening peak over the daily mean (planning value)")
bp.quantity("regions", "3", "Serving regions", basis="us-east-1 (home), eu-west-1, ap-southeast-1")
bp.quantity("hit_ratio", "98 %", "Cache hit ratio", basis="Planning value for a Zipf-like item popularity")
bp.quantity("write_share", "0.25 %", "Writes over reads", basis="Planning value: 400 reads per write")
bp.quantity("remote_share", "67 %", "Writes from outside the home region", basis="Two of three regions, even traffic")
bp.quantity("hot_set", "200 GB", "Hot set per region", basis="Items read in the last hour (planning value)")
bp.quantity("shard_memory", "64 GB/shards", "Memory per cache shard", basis="r7g.2xlarge-class node")
bp.quantity("usable_memory", "80 %", "Usable share of shard memory", basis="maxmemory plus fragmentation room")
bp.quantity("copies_per_shard", "2 nodes/shards", "Nodes per cache shard", basis="A primary and one replica")
bp.quantity("node_ops", "150e3 req/s/node", "Cache node budget", basis="Redis 7, io-threads, 1 KB GETs; load test")
bp.quantity("headroom", "60 %", "Planned load over budget", basis="Room for a region evacuation")
bp.quantity("replica_ops", "20e3 req/s/node", "Point reads per MySQL replica", basis="Load test, buffer-pool hits")
bp.quantity("binlog_event", "2 KB/tx", "Binlog bytes per write", basis="Row image + GTID and table-map events")
bp.quantity("binlog_keep", "1 day", "Binlog kept on each replica", basis="binlog_expire_logs_seconds = 86400")
bp.quantity("keys_per_write", "1 keys/tx", "Cache keys per write", basis="One item row per transaction")
bp.quantity("marker_life", "1.3 s", "Marker lifetime", basis="Cleared by the invalidator at p99 staleness")
bp.quantity("items_now", "500e6 rows", "Items today", basis="Planning value")
bp.quantity("new_items", "2e6 rows/day", "New items per day", basis="Planning value")
bp.quantity("retention", "3 years", "Planning horizon", basis="Storage sized three years out")
bp.quantity("db_copies", "8", "Copies of the items table", basis="Primary + standby + 2 replicas in each of 3 regions")
bp.quantity("egress_price", "0.02 USD/GB", "Inter-region transfer", basis="AWS list price for many region pairs, 2024")

bp.derive("peak_reads", "avg_reads * peak_factor", "Peak global reads", unit="req/s")
bp.derive("region_reads", "peak_reads / regions", "Peak reads per region", unit="req/s")
bp.derive("replica_reads", "region_reads * (1 - hit_ratio)", "Replica reads per region", unit="req/s")
bp.derive("peak_writes", "peak_reads * write_share * tx / req", "Peak writes", unit="tx/s")
bp.derive("invalidations", "peak_writes * keys_per_write * regions", "Cache deletes, all regions", unit="keys/s")
bp.derive("region_invalidations", "invalidations / regions", "Cache deletes per region", unit="keys/s")
bp.derive("binlog_bw", "peak_writes * binlog_event", "Binlog into each region", unit="MB/s")
bp.derive("binlog_disk", "binlog_bw * binlog_keep", "Binlog on each replica", unit="GB", section="storage")
bp.derive(
    "egress_cost",
    "binlog_bw / peak_factor * (regions - 1) * egress_price",
    "Cross-region binlog transfer",
    unit="USD/month",
    section="cost",
)
bp.derive("shards", "ceil(hot_set / (shard_memory * usable_memory))", "Cache shards per region", unit="shards")
bp.derive("cache_nodes", "ceil(region_reads / (node_ops * headroom))", "Cache nodes per region, by ops", unit="nodes")
bp.derive("cache_node_count", "shards * copies_per_shard", "Cache nodes per region, by memory", unit="nodes")
bp.derive(
    "node_load", "region_reads / (cache_node_count * node_ops)", "Cache node load, normal", unit="%", section="fleet"
)
bp.derive("evac_reads", "peak_reads / (regions - 1)", "Peak reads per region, one region down", unit="req/s")
bp.derive(
    "evac_load",
    "evac_reads / (cache_node_count * node_ops)",
    "Cache node load, one region down",
    unit="%",
    section="fleet",
)
bp.derive("replicas_needed", "ceil(replica_reads / (replica_ops * headroom))", "Replicas per region", unit="nodes")
bp.derive(
    "markers_live",
    "peak_writes * remote_share * keys_per_write * marker_life",
    "Markers alive at once (Little's law)",
    unit="keys",
    section="queues",
)
bp.derive("db_bytes", "(items_now + new_items * retention) * items_record", "Items table in 3 years", unit="GB")
bp.derive("db_all_copies", "db_bytes * db_copies", "Items table, all copies", unit="TB", section="storage")
bp.derive(
    "cache_fleet_memory",
    "shards * shard_memory * 2 * regions",
    "Cache memory, all regions",
    unit="GB",
    section="memory",
)

# -- trade-offs ------------------------------------------------------------------------------------

bp.tradeoff(
    decision="Where reads are cached",
    chosen="A full cache in each of the 3 regions, filled from local replicas",
    rejected="One global cache in the home region",
    why=(
        "Two thirds of readers are 75-150 ms from the home region; a global cache adds that to "
        "{region_reads} per remote region, blowing the 100 ms p99, while a local hit costs 0.5 ms"
    ),
    cost="Three copies of the hot set ({cache_fleet_memory} of Redis with replicas) and staleness up to 2 s",
    revisit_when="The hot set passes 2 TB per region, or readers need staleness under 100 ms",
)
bp.tradeoff(
    decision="Keeping regional copies fresh",
    chosen="Delete the key in every region and refill from the local replica on the next read",
    rejected="Push new values into every region's cache",
    why=(
        "{invalidations} deletes are tiny and idempotent; pushed values would fill caches with rows "
        "nobody reads there, and a value arriving out of order would overwrite a newer one"
    ),
    cost="Each write costs one more miss in each region that reads the key: up to {region_invalidations}",
    revisit_when="A key is rewritten more often than read (read:write under 10:1)",
)
bp.tradeoff(
    decision="Where invalidations come from",
    chosen="Each region tails its own replica's binlog (McSqueal style)",
    rejected="One CDC stream on the primary, mirrored to regions with Kafka MirrorMaker 2",
    why=(
        "A mirrored delete can land before the local replica applies the row (replica lag p99 1.2 s); a "
        "miss in that gap caches the old row for the whole 1 h TTL; tailing the replica closes the gap"
    ),
    cost="A tailer per region, log_replica_updates on every replica ({binlog_disk} of binlog each)",
    revisit_when="More than 6 regions, or other consumers (search, analytics) need the same change stream",
)
bp.tradeoff(
    decision="Where writes go",
    chosen="One home-region primary with a semi-sync standby in a second zone",
    rejected="Multi-primary across regions (local writes, conflict resolution)",
    why=(
        "Writes are {peak_writes}, 0.25% of traffic; paying 75-150 ms on them buys no conflicts and "
        "RPO 0 within the region"
    ),
    cost="Remote editors wait one cross-region round trip; losing the home region stops writes until promotion",
    revisit_when="Writes pass 50 K/s, or over 30% of writes need p99 < 100 ms from outside the home region",
)
bp.tradeoff(
    decision="Read-your-writes",
    chosen="A per-key remote marker, read from the primary while set",
    rejected="Pin the editor's reads to the home region for 5 s with a cookie",
    why=(
        "The marker covers only the written key and clears when the invalidation lands (p50 about 160 ms); a "
        "cookie sends all of a user's reads cross-region for 5 s. Markers alive at peak: {markers_live}"
    ),
    cost="A second key per write, and readers of a marked key pay the cross-region trip",
    revisit_when=(
        "Pages aggregate more than 10 keys a user just wrote: then pass a GTID token and wait on the local replica"
    ),
)

# -- failure modes ---------------------------------------------------------------------------------

bp.failure(
    failure="Replica lag grows in one region (long transaction, link congestion)",
    detection="Replica GTID behind the primary by > 2 s for 1 min",
    blast_radius="That region's readers see data up to the lag old; markers expire at 10 s and stop protecting",
    mitigation=(
        "Page at 2 s; at 30 s the monitor sets the region's DNS weight to 0 and readers move in about 90 s; "
        "back when lag is under 1 s"
    ),
)
bp.failure(
    failure="The invalidator of a region stops",
    detection="Invalidator's applied GTID behind its replica by > 5 s, or no heartbeat for 30 s",
    blast_radius="Keys written meanwhile stay stale in that region until deleted or their 1 h TTL ends",
    mitigation=(
        "The standby tailer takes over from the saved GTID minus 5 s (deletes are idempotent) in about 30 s; "
        "a gap past the binlog kept means a rolling flush of that region's cache"
    ),
)
bp.failure(
    failure="A regional cache shard primary dies",
    detection="Redis Cluster marks it failed after cluster-node-timeout 5 s; error rate on that shard > 1%",
    blast_radius="One quarter of the region's keys: reads continue from the shard replica, fills and deletes pause",
    mitigation="The replica is promoted within 15 s; the invalidator retries deletes until they succeed",
)
bp.failure(
    failure="A whole region fails",
    detection="Route 53 health checks fail 3 times at 10 s intervals",
    blast_radius="A third of readers for about 90 s; the other two regions take {evac_reads} each",
    mitigation="GeoDNS stops answering with the region; survivors run caches at {evac_load}; back in about 90 s",
)
bp.failure(
    failure="The home region's primary fails",
    detection="Orchestrator loses the primary for 10 s; write error rate > 5% for 30 s",
    blast_radius="Writes from every region fail until promotion; reads carry on everywhere",
    mitigation=(
        "The semi-sync standby in another zone is promoted in 30 s with every acknowledged write (RPO 0); "
        "losing the whole region means promoting another region's replica by hand in about 10 min"
    ),
)

# -- scaling path ----------------------------------------------------------------------------------

bp.scaling(
    at="10x (20 M reads/s, 50 K writes/s)",
    breaks=(
        "Each region needs about 75 cache nodes, and one MySQL primary cannot commit 50 K writes/s with "
        "semi-sync; binlog into each region reaches 100 MB/s"
    ),
    next_move=(
        "Shard the primary by item id with Vitess (still one home region per shard), run 38 cache shards "
        "per region, and compress the binlog (binlog_transaction_compression)"
    ),
)
bp.scaling(
    at="100x (200 M reads/s, 500 K writes/s)",
    breaks=(
        "Three regions are too far from many readers, and a single home region for writes adds 150 ms for most editors"
    ),
    next_move=(
        "Add regions (6 or more) and home each key range in the region that writes it most, keeping one "
        "writer per key; a small in-process cache (1 s TTL) absorbs the hottest keys"
    ),
)

# -- references ------------------------------------------------------------------------------------

bp.reference(
    "Nishtala et al.: Scaling Memcache at Facebook (NSDI 2013)",
    "Regional pools, McSqueal invalidation from the MySQL commit log, and remote markers",
    url="https://www.usenix.org/conference/nsdi13/technical-sessions/presentation/nishtala",
)
bp.reference(
    "Amazon Route 53: Latency-based routing",
    "Answering each resolver with its lowest-latency region",
    url="https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy-latency.html",
)
bp.reference(
    "Amazon Route 53: How health checks determine health",
    "Failure threshold and request interval behind the 30 s detection",
    url="https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html",
)
bp.reference(
    "Redis Cluster specification",
    "Hash slots, hash tags and replica promotion",
    url="https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/",
)
bp.reference(
    "MySQL 8.0: Semisynchronous replication",
    "A commit waits for a standby's acknowledgement",
    url="https://dev.mysql.com/doc/refman/8.0/en/replication-semisync.html",
)
bp.reference(
    "MySQL 8.0: Binary logging options (log_replica_updates)",
    "A replica writing what it applies to its own binlog",
    url="https://dev.mysql.com/doc/refman/8.0/en/replication-options-binary-log.html",
)
bp.reference(
    "KIP-382: MirrorMaker 2.0",
    "The cross-region Kafka mirroring this design rejects for invalidations",
    url="https://cwiki.apache.org/confluence/display/KAFKA/KIP-382%3A+MirrorMaker+2.0",
)

bp.key_numbers("region_reads", "replica_reads", "invalidations", "binlog_bw", "evac_load")

BLUEPRINT = bp.build()
