"""Read-write separation at 1M QPS for a marketplace's listings: reads outnumber writes 19 to 1, so writes go to
4 hash-sharded Postgres primaries and reads to a Redis cache and then to 3 streaming replicas per shard, one per
zone. What makes the split safe is the commit LSN: each write returns the primary's WAL position, the session
keeps it, and the router only sends that session's reads to a replica whose replay position has reached it.
A lag monitor feeds those positions to the routers and ejects lagging replicas. The skeleton shares a
cache-and-database shape with many designs; what differs here is the per-shard LSN in the session, the
ANY 1 synchronous standby and the replica-selection rule, which the flows walk through.
"""

from kit import Blueprint, leaderless, quorum, single_writer

bp = Blueprint(
    "read-write-separation",
    title="High Throughput Reads/Writes (Read-Write Separation)",
    category="database",
    learn="Split read vs write paths to hit 1M QPS",
    promise=(
        "Serve 1M QPS at peak (950K reads, 50K writes) with reads at p99 < 30 ms that always show the "
        "user's own writes, while replicas lag the primaries by < 1 s at p99 and no acknowledged write is lost."
    ),
)

# -- components ------------------------------------------------------------------------------------

clients = bp.component(
    "clients",
    "users",
    "Buyers and sellers",
    tech="Web + mobile apps",
    responsibility="Browse and search listings (reads); sellers edit price and stock (writes)",
)
lb = bp.component(
    "lb",
    "load-balancer",
    "Load balancer",
    tech="AWS ALB",
    managed="AWS",
    responsibility="Spreads requests over the app pods in 3 zones; keeps the session cookie intact",
)

with bp.group("App tier", kind="tier"):
    app = bp.component(
        "app",
        "service",
        "Listings API",
        tech="Go",
        replicas=60,
        responsibility="Serves reads from cache first; on a write stores the commit LSN in the session cookie",
    )
    router = bp.component(
        "router",
        "service",
        "R/W router",
        tech="Go library in every pod",
        replicas=60,
        responsibility="Picks shard by hash(listing_id); primary for writes, a caught-up replica for reads",
    )

cache = bp.component(
    "cache",
    "cache",
    "Listings cache",
    tech="Redis Cluster, 11 shards",
    replicas=22,
    topology=single_writer(async_standbys=1, failover="15 s"),
    responsibility="listing:{id} -> JSON + the LSN it was read at; 60 s TTL, deleted on every change",
)

with bp.group("Shard 1 of 4", kind="cell"):
    primary = bp.component(
        "primary",
        "relational-db",
        "Shard primary",
        tech="Postgres 16 + Patroni",
        topology=single_writer(sync_standbys=1, async_standbys=2, failover="30 s"),
        responsibility="Takes every write of its shard; commit waits for ANY 1 of the 3 replicas to flush WAL",
    )
    replicas = bp.component(
        "replicas",
        "relational-db",
        "Read replicas",
        tech="Postgres 16 hot standby",
        replicas=3,
        topology=leaderless(3, needed=1),
        responsibility="One per zone; replay the primary's WAL and serve reads; each ~7.8K reads/s at peak",
    )

with bp.group("Replication control", kind="tier"):
    lagmon = bp.component(
        "lagmon",
        "monitoring",
        "Lag monitor",
        tech="Go poller + Prometheus",
        replicas=2,
        responsibility="Reads pg_last_wal_replay_lsn() on every replica each 100 ms; ejects any > 1 s behind",
    )
    patroni = bp.component(
        "patroni",
        "coordination",
        "Failover control",
        tech="Patroni + etcd",
        replicas=3,
        topology=quorum(3, failover="5 s"),
        responsibility="Holds each shard's leader lease; promotes the synchronous replica when it lapses",
    )
    invalidator = bp.component(
        "invalidator",
        "worker",
        "Cache invalidator",
        tech="Go, pgoutput consumer",
        replicas=2,
        lane="async",
        responsibility="Reads committed changes from a logical slot and deletes their cache keys",
    )

# -- links -----------------------------------------------------------------------------------------

bp.link(clients, lb, "HTTPS", figure="peak_qps")
bp.link(lb, app, "request + session LSNs")
bp.link(app, cache, "GET / SET listing", figure="peak_reads")
bp.link(app, router, "route(stmt, LSN)")
bp.link(router, primary, "writes + strong reads", figure="primary_load")
bp.link(router, replicas, "reads at LSN", figure="replica_reads")
bp.link(primary, replicas, "WAL stream, ANY 1 sync", nature="replication")
bp.link(primary, invalidator, "logical decoding", nature="replication")
bp.link(invalidator, cache, "DEL listing:{id}", nature="async")
bp.link(lagmon, replicas, "replay_lsn every 100 ms")
bp.link(lagmon, router, "positions, ejections", nature="async")
bp.link(patroni, primary, "leader lease")
bp.link(patroni, replicas, "promote")
bp.link(patroni, router, "new leader", nature="async")

# -- flows -----------------------------------------------------------------------------------------

bp.flow(
    "Write and keep the commit LSN",
    [
        (clients, lb, "A seller sends PATCH /listings/9142 to drop the price from EUR 40 to EUR 35."),
        (lb, app, "The load balancer forwards the request with the seller's session cookie.", "1 ms", "5 ms"),
        (
            app,
            router,
            "The router hashes listing 9142 to shard 3 and marks the statement as a write.",
            "0.2 ms",
            "1 ms",
        ),
        (
            router,
            primary,
            "UPDATE ... WHERE listing_id = 9142 AND version = 17 commits on shard 3's primary; the same "
            "connection then reads pg_current_wal_lsn(), which is at or past the commit record.",
            "3 ms",
            "15 ms",
        ),
        (
            primary,
            replicas,
            "COMMIT returns only after ANY 1 of the three replicas has flushed the WAL to disk; none of "
            "them has to have applied it yet.",
            "1 ms",
            "5 ms",
        ),
        (
            primary,
            invalidator,
            "After commit, the change reaches the invalidator through logical decoding of the same WAL.",
        ),
        (
            invalidator,
            cache,
            "It deletes listing:9142 from the cache (~20 ms after commit at p50); the app answers 200 and "
            "sets the cookie lsn.3 = 2B/5F1C0A8.",
        ),
    ],
    critical=True,
    mode="write",
    description="The critical path of a write: one shard's primary plus one replica's WAL flush. Steps 6-7 are async.",
)

bp.flow(
    "Read your own writes",
    [
        (clients, lb, "The seller reopens listing 9142 right after the edit: GET /listings/9142 with the cookie."),
        (lb, app, "The load balancer forwards it to any app pod.", "1 ms", "5 ms"),
        (
            app,
            cache,
            "The app reads listing:9142; an entry read at an LSN older than the cookie's lsn.3 counts as a "
            "miss, so a stale fill can never hide the seller's edit.",
            "0.3 ms",
            "2 ms",
        ),
        (
            app,
            router,
            "On a miss (10% of reads) the app asks the router for shard 3 with minimum LSN 2B/5F1C0A8.",
            "0.2 ms",
            "1 ms",
        ),
        (
            router,
            replicas,
            "The router picks the least-loaded replica whose last reported replay_lsn is at or past that "
            "LSN; if none has caught up, it reads from the primary instead.",
            "1 ms",
            "8 ms",
        ),
        (
            app,
            cache,
            "The app stores the row with the LSN it was read at (SET ... EX 60), then answers.",
            "0.3 ms",
            "2 ms",
        ),
    ],
    mode="read",
    description=(
        "Read-your-writes without pinning sessions to the primary: a buyer with no recent write has no "
        "LSN and may read any healthy replica."
    ),
)

bp.flow(
    "Replica lag or zone loss",
    [
        (
            lagmon,
            replicas,
            "Every 100 ms the monitor reads pg_last_wal_replay_lsn() and the replay timestamp on all 12 "
            "replicas; one stuck behind a long query or a lost zone stops answering.",
        ),
        (
            lagmon,
            router,
            "Replica positions go to every router; a replica more than 1 s behind, or silent for 3 polls, "
            "is ejected from the read set.",
        ),
        (
            router,
            replicas,
            "Reads shift to the two remaining replicas of each shard, ~12K reads/s each, 58% of capacity.",
        ),
        (
            router,
            primary,
            "Sessions whose LSN no replica has reached read from the primary, capped at 2K reads/s per "
            "shard; above the cap they get the cached copy marked stale.",
        ),
    ],
    description="Degradation path: reads get older or move to the primary, never wrong for the writer.",
)

bp.flow(
    "Primary failover",
    [
        (
            patroni,
            primary,
            "Shard 3's primary misses its leader-lease renewals for 30 s (host or zone down).",
        ),
        (
            patroni,
            replicas,
            "Patroni promotes the replica that is in synchronous_standby_names and has flushed the most WAL, "
            "so every acknowledged commit survives (RPO 0).",
        ),
        (
            patroni,
            router,
            "The routers learn the new leader from the lease and send shard 3's writes there; the other "
            "two replicas follow it.",
        ),
    ],
    description="Reliability path: one shard in four stops writing for up to 30 s; its reads go on.",
)

# -- scope -----------------------------------------------------------------------------------------

bp.use_case("Seller", "updates a listing's price or stock", mode="write", flow="Write and keep the commit LSN")
bp.use_case("Seller", "sees the updated listing right after saving it", mode="read", flow="Read your own writes")
bp.use_case("Buyer", "browses listings at up to 1 s staleness", mode="read", flow="Read your own writes")
bp.use_case("Platform", "keeps reads correct and available when a replica lags or a zone fails")
bp.out_of_scope(
    "Search and ranking (served by a separate index)",
    "Checkout and stock reservation (needs the primary and its own design)",
    "Cross-shard transactions",
    "Multi-region writes",
)

# -- targets ---------------------------------------------------------------------------------------

bp.target(
    "Write latency",
    flow="Write and keep the commit LSN",
    p50="15 ms",
    p99="50 ms",
    note="From the load balancer to COMMIT plus one replica's WAL flush in another zone",
)
bp.target("Read latency", flow="Read your own writes", p50="5 ms", p99="30 ms")
bp.target(
    "Write availability",
    flow="Write and keep the commit LSN",
    availability="99.95%",
    note="21.6 min a month; the ALB's own 99.99% SLA caps anything behind it; a failover stops 1 shard in 4",
)
bp.target("Read availability", flow="Read your own writes", availability="99.95%")
bp.target(
    "Durability",
    flow="Write and keep the commit LSN",
    rpo="0 s",
    rto="30 s",
    note="ANY 1 of 3 replicas has flushed each commit before it is acknowledged",
)
bp.target(
    "Write throughput",
    flow="Write and keep the commit LSN",
    throughput="50000 req/s",
    capacity="write_capacity",
    note="4 primaries at 70% of 20K writes/s each",
)
bp.target(
    "Consistency",
    "Read-your-writes for every session; other reads <= 1 s stale at p99",
    note="Replicas past 1 s of lag are ejected; cache entries carry their LSN and live 60 s at most",
)

# -- data model and API ----------------------------------------------------------------------------

bp.table(
    "listings",
    primary_key="listing_id",
    fields=[
        ("listing_id", "bigint, shard = hash % 4", 8),
        ("seller_id", "bigint", 8),
        ("title", "text, ~80 chars", 80),
        ("price_minor", "bigint", 8),
        ("currency", "char(3)", 4),
        ("stock", "int", 4),
        ("attributes", "jsonb, ~600 B", 600),
        ("version", "int, optimistic lock", 4),
        ("updated_at", "timestamptz", 8),
        ("row header", "Postgres tuple header", 24),
    ],
    indexes=[
        ("PRIMARY KEY (listing_id)", "every read and write is a point lookup by id"),
        ("(seller_id, updated_at DESC)", "a seller's own listings page, read from a replica at the session LSN"),
    ],
    per="row",
)
bp.api(
    "updates a listing's price or stock",
    'PATCH /listings/9142\nCookie: sid=...; lsn.3=2B/5F1C0A0\n{"price_minor": 3500, "version": 17}',
    '200 OK\nSet-Cookie: lsn.3=2B/5F1C0A8\n{"listing_id": 9142, "price_minor": 3500, "version": 18}',
)

# -- load model ------------------------------------------------------------------------------------

bp.quantity("avg_qps", "500e3 req/s", "Average requests", basis="Planning value for a large marketplace")
bp.quantity("peak_factor", "2", "Peak over daily average", basis="Evening consumer peak (planning value)")
bp.quantity("read_share", "95 %", "Reads among requests", basis="95:5 read/write mix (topic notes)")
bp.quantity("hit_rate", "90 %", "Cache hit rate", basis="Hot listings; measured hit rates of 85-95% are typical")
bp.quantity("strong_share", "2 %", "DB reads sent to a primary", basis="Strong reads + no replica caught up")
bp.quantity("primary_cap", "20000 req/s", "Writes per primary", basis="32 vCPU, NVMe; 10-20K/s planning range")
bp.quantity("primary_util", "70 %", "Usable share of a primary", basis="Leaves room for vacuum and a failover")
bp.quantity("replica_cap", "20000 req/s", "Point reads per replica", basis="PK lookups from shared_buffers; load test")
bp.quantity("zone_replicas", "3", "Replicas per shard", basis="One per zone")
bp.quantity("write_time", "3 sessions * ms / req", "Connection time per write", basis="UPDATE + COMMIT, step 4")
bp.quantity("read_time", "1 sessions * ms / req", "Connection time per replica read", basis="PK lookup, step 11")
bp.quantity("listings_n", "500e6 rows", "Listings", basis="Planning value")
bp.quantity("hot_share", "20 %", "Listings that take most reads", basis="Long-tailed popularity (planning value)")
bp.quantity("index_overhead", "1.5", "Table plus indexes over table alone", basis="Two B-tree indexes on bigint keys")
bp.quantity("cache_overhead", "1.5", "Redis memory over value size", basis="Keys, dict entries, fragmentation")
bp.quantity("wal_per_write", "2 KB/req", "WAL per write", basis="Heap + 2 index tuples + amortised full-page images")
bp.quantity("response", "1 KB/req", "Response size", basis="Listing JSON, compressed")
bp.quantity("redis_node_cap", "100000 req/s", "Ops per Redis shard", basis="Small GET/SET on one core (planning)")

bp.derive("peak_qps", "avg_qps * peak_factor", "Peak requests", unit="req/s")
bp.derive("peak_reads", "peak_qps * read_share", "Peak reads", unit="req/s")
bp.derive("peak_writes", "peak_qps * (1 - read_share)", "Peak writes", unit="req/s")
bp.derive("db_reads", "peak_reads * (1 - hit_rate)", "Reads reaching the database", unit="req/s")
bp.derive(
    "shards", "ceil(peak_writes / (primary_cap * primary_util)) * shards", "Shards", unit="shards", section="fleet"
)
bp.derive(
    "write_capacity",
    "shards * primary_cap * primary_util / shard",
    "Usable write capacity",
    unit="req/s",
    section="fleet",
)
bp.derive("shard_writes", "peak_writes * shard / shards", "Peak writes per shard", unit="req/s", section="fleet")
bp.derive(
    "primary_load",
    "(peak_writes + db_reads * strong_share) * shard / shards",
    "Peak load per primary",
    unit="req/s",
    section="fleet",
)
bp.derive("primary_busy", "primary_load / primary_cap", "Primary utilisation", unit="%", section="fleet")
bp.derive(
    "replica_reads",
    "db_reads * (1 - strong_share) * shard / (shards * zone_replicas)",
    "Peak reads per replica",
    unit="req/s",
    section="fleet",
)
bp.derive(
    "zone_loss_reads",
    "db_reads * (1 - strong_share) * shard / (shards * (zone_replicas - 1))",
    "Per replica with a zone down",
    unit="req/s",
    section="fleet",
)
bp.derive(
    "zone_loss_busy", "zone_loss_reads / replica_cap", "Replica utilisation, zone down", unit="%", section="fleet"
)
bp.derive(
    "cache_nodes", "ceil(peak_reads * 1.1 / redis_node_cap) * nodes", "Redis shards", unit="nodes", section="fleet"
)
bp.derive("primary_conns", "primary_load * write_time", "Busy connections per primary (Little)", unit="sessions")
bp.derive("replica_conns", "replica_reads * read_time", "Busy connections per replica (Little)", unit="sessions")
bp.derive(
    "table_size",
    "listings_n * listings_record * index_overhead",
    "Listings with indexes, one copy",
    unit="GB",
    section="storage",
)
bp.derive("all_copies", "table_size * (1 + zone_replicas)", "All copies (primary + 3 replicas)", unit="GB")
bp.derive(
    "cache_memory",
    "listings_n * hot_share * listings_record * cache_overhead",
    "Cache for the hot set",
    unit="GB",
    section="memory",
)
bp.derive("wal_rate", "shard_writes * wal_per_write", "WAL per primary", unit="MB/s", section="bandwidth")
bp.derive("wal_out", "wal_rate * zone_replicas", "WAL shipped per primary", unit="MB/s", section="bandwidth")
bp.derive("read_bw", "peak_reads * response", "Response bandwidth", unit="MB/s", section="bandwidth")

# -- trade-offs ------------------------------------------------------------------------------------

bp.tradeoff(
    decision="Replication mode",
    chosen="synchronous_standby_names = 'ANY 1 (r1, r2, r3)' with synchronous_commit = on (flush)",
    rejected="remote_apply on all replicas (every replica read fresh), or fully asynchronous replicas",
    why=(
        "remote_apply ties each commit to the slowest replica's replay, so one stalled replica blocks "
        "{shard_writes} per shard; fully async risks losing up to 1 s of lag, about 12.5K acknowledged writes"
    ),
    cost="+1 ms p50 per commit for a cross-zone flush; replica reads still lag, so routing must track LSNs",
    revisit_when="Cross-zone RTT passes 2 ms at p50, or a write p99 target below 10 ms appears",
)
bp.tradeoff(
    decision="Read-your-writes",
    chosen="Per-shard commit LSN in the session; route to a replica with replay_lsn >= it",
    rejected="Pin a session to the primary for 5 s after each write",
    why=(
        "If 10% of DB reads come from sessions that wrote in the last 5 s, pinning adds ~9.5K reads/s to "
        "the primaries, ~2.4K each on top of {shard_writes}; and it is still wrong whenever lag exceeds 5 s"
    ),
    cost="An LSN cookie per shard, a router that knows every replica's position, and a monitor polling 12 replicas",
    revisit_when="Replica lag p99 stays under 50 ms for a quarter, when a 1 s pin costs < 2% of primary capacity",
)
bp.tradeoff(
    decision="Cache vs more replicas",
    chosen="Redis cache in front of the replicas, 90% hit rate, keys deleted from the WAL",
    rejected="No cache: 950K reads/s straight to replicas",
    why=(
        "Without the cache each shard needs ~20 replicas at 60% of 20K reads/s (~80 in all); with it "
        "{db_reads} need 12 replicas and {cache_nodes} of Redis holding {cache_memory}"
    ),
    cost="A second copy that can be stale: bounded by the LSN check, the CDC delete (~20 ms) and a 60 s TTL",
    revisit_when="Hit rate drops below 75%, when replicas become the cheaper way to serve a read",
)
bp.tradeoff(
    decision="Scaling writes",
    chosen="4 hash shards, each one primary",
    rejected="One larger primary (96 vCPU) for all 50K writes/s",
    why=(
        "A replica replays WAL in a single process; 50K writes/s is ~100 MB/s of WAL, beyond what one "
        "replay process keeps up with, so lag would grow; per shard it is {wal_rate}"
    ),
    cost="Routing by listing_id in every pod, no cross-shard transactions, and resharding later",
    revisit_when="Any primary passes 70% of its write budget ({primary_busy} today)",
)

# -- failure modes ---------------------------------------------------------------------------------

bp.failure(
    failure="A replica falls behind (long query conflict, vacuum replay, I/O stall)",
    detection="Replay lag > 1 s for 3 polls (300 ms), or replay_lsn unchanged while the primary advances",
    blast_radius="Only that replica's readers; it is ejected and its ~7.8K reads/s spread over its two peers",
    mitigation="Ejected within 0.3 s of detection; rejoins when lag stays under 100 ms for 10 s",
)
bp.failure(
    failure="A whole zone fails",
    detection="All replicas of one zone silent for 3 polls; ALB marks the zone's targets unhealthy in ~10 s",
    blast_radius="4 of 12 replicas and ~1/3 of app pods; shards whose primary was in that zone stop writing",
    mitigation=(
        "Remaining replicas carry {zone_loss_reads} each, {zone_loss_busy} of capacity; Patroni promotes "
        "those shards' sync replicas in < 30 s"
    ),
)
bp.failure(
    failure="A shard primary fails",
    detection="Patroni leader lease not renewed for 30 s; write errors on one shard > 1% for 10 s",
    blast_radius="1 of 4 shards: writes to 25% of listings fail for up to 30 s; their reads continue",
    mitigation="The ANY 1 synchronous replica with the most WAL is promoted (RPO 0); clients retry with version checks",
)
bp.failure(
    failure="Cache shard lost or flushed (stampede)",
    detection="Hit rate < 80% for 1 min, or DB reads > 150K/s",
    blast_radius="One of 11 Redis shards: ~78K extra reads/s reach the replicas, ~14K each, still under 20K",
    mitigation=(
        "The Redis replica is promoted in ~15 s; single-flight fills per key stop a stampede; if all of Redis "
        "fails, reads beyond replica capacity are shed with 503"
    ),
)
bp.failure(
    failure="Stale value written into the cache after a write (read-fill race)",
    detection="Sampled audit: cached LSN older than the row's latest change for > 60 s; > 0.01% of samples",
    blast_radius="Buyers may see an old price for one listing for up to 60 s; the writer never does",
    mitigation="The LSN check stops the writer seeing it and the 60 s TTL ends it; a CDC replay re-deletes in < 1 min",
)

# -- scaling path ----------------------------------------------------------------------------------

bp.scaling(
    at="10x (10M QPS, 500K writes/s)",
    breaks=(
        "500K writes/s need 36 primaries at 14K usable each; ~9.5M cache reads/s need ~100 Redis shards; "
        "one lag monitor polling ~110 replicas every 100 ms"
    ),
    next_move=(
        "Move to 64 shards behind a keyspace-aware router (Vitess-style vtgate or our library with a shard "
        "map), split online with logical replication; shard the lag monitor by shard"
    ),
)
bp.scaling(
    at="100x (100M QPS)",
    breaks="One region's capacity and cross-region users' latency; a 640-primary fleet's failovers and upgrades",
    next_move=(
        "Regional cells with read replicas and caches in every region, each listing's writes homed in one "
        "region, and the LSN check extended to a region-tagged position"
    ),
)

# -- references ------------------------------------------------------------------------------------

bp.reference(
    "PostgreSQL documentation: Log-Shipping Standby Servers",
    "Streaming replication, hot standby and quorum synchronous_standby_names",
    url="https://www.postgresql.org/docs/current/warm-standby.html",
)
bp.reference(
    "PostgreSQL documentation: System Administration Functions",
    "pg_current_wal_lsn() and pg_last_wal_replay_lsn(), the positions the router compares",
    url="https://www.postgresql.org/docs/current/functions-admin.html",
)
bp.reference(
    "PostgreSQL documentation: Write Ahead Log settings",
    "synchronous_commit levels: local, remote_write, on, remote_apply",
    url="https://www.postgresql.org/docs/current/runtime-config-wal.html",
)
bp.reference(
    "Patroni documentation",
    "Leader lease in etcd, synchronous mode and promotion of the most advanced standby",
    url="https://patroni.readthedocs.io/en/latest/",
)
bp.reference(
    "Nishtala et al., Scaling Memcache at Facebook (NSDI 2013)",
    "Look-aside caching, invalidation from the database's commit stream, and stale-fill races",
    url="https://www.usenix.org/conference/nsdi13/technical-sessions/presentation/nishtala",
)
bp.reference(
    "Vitess documentation",
    "vtgate routing of reads to replicas and online resharding for MySQL",
    url="https://vitess.io/docs/",
)

bp.key_numbers("peak_qps", "db_reads", "shard_writes", "replica_reads", "zone_loss_busy")

BLUEPRINT = bp.build()
