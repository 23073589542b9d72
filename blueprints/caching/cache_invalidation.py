"""Distributed cache invalidation in the style of Facebook's memcache: writes go to one MySQL primary,
and every region deletes its cached copies from its OWN replica's binlog, so a region never refills a
key from a replica that has not yet applied the write. Deletes (never sets) travel through a regional
Kafka topic to invalidators that batch them to mcrouter and to in-process L1 caches; leases stop a
slow reader from putting back a value older than the delete; a 10 min TTL bounds any lost delete.

Shares a CDC-to-Kafka spine with the CQRS blueprint, but its sink removes keys instead of building
views, it runs once per region from a replica rather than once from the primary, and its read path
is the lease protocol.
"""

from kit import Blueprint, leaderless, quorum, single_writer

bp = Blueprint(
    "cache-invalidation",
    title="Distributed Cache Invalidation Service",
    category="caching",
    learn="Consistent invalidation across distributed nodes",
    promise=(
        "Delete every cached copy of a changed row in all 5 regions within 1 s (p99) of commit, at 200 K "
        "deletes/s, and never let a stale value outlive the 10 min TTL backstop."
    ),
)

# -- components ------------------------------------------------------------------------------------

users = bp.component("users", "users", "Users", tech="Web and mobile", responsibility="Read and edit profiles")

primary = bp.component(
    "primary",
    "relational-db",
    "MySQL primary (home)",
    tech="MySQL 8, semi-sync",
    # Lossless semi-sync (AFTER_SYNC) and Orchestrator: a failover takes about 30 s.
    topology=single_writer(sync_standbys=1, failover="30 s"),
    responsibility="The only writer for each row; a commit waits for one semi-sync replica's ack",
)

with bp.group("Region (1 of 5)", kind="region"):
    app = bp.component(
        "app",
        "service",
        "App servers + L1",
        tech="PHP/Hack, in-process L1",
        replicas=200,
        responsibility="Read-through cache client; holds a 5 s in-process L1 of the hottest keys",
    )
    router = bp.component(
        "router",
        "service-mesh",
        "mcrouter",
        tech="mcrouter sidecar",
        replicas=200,
        responsibility="Routes each key to its memcached node by consistent hash; gutter pool on failure",
    )
    memcached = bp.component(
        "memcached",
        "cache",
        "Memcached pool",
        tech="Memcached, 12 nodes",
        replicas=12,
        # A lost node's keys move to the gutter pool; no request fails for lack of one node.
        topology=leaderless(12, needed=1),
        responsibility="Look-aside cache with leases; every entry has a 10 min TTL",
    )
    replica = bp.component(
        "replica",
        "relational-db",
        "MySQL replica",
        tech="MySQL 8 replica",
        replicas=3,
        topology=leaderless(3, needed=1),
        responsibility="Serves cache misses; its binlog is the region's source of deletes",
    )
    tailer = bp.component(
        "tailer",
        "worker",
        "Binlog tailer",
        tech="Debezium MySQL connector",
        replicas=2,
        backing_store="kafka",
        lane="async",
        responsibility="Maps each row change to the cache keys it affects; checkpoints GTID with offsets",
    )
    kafka = bp.component(
        "kafka",
        "stream",
        "invalidations",
        tech="Kafka, RF 3",
        replicas=3,
        topology=quorum(3, failover="10 s"),
        responsibility="delete(key, version) keyed by cache key; kept 24 h",
    )
    invalidator = bp.component(
        "invalidator",
        "worker",
        "Invalidator",
        tech="Go",
        replicas=4,
        responsibility="Batches up to 100 deletes per node for 5 ms; fans keys out to L1 subscribers",
    )
    l1bus = bp.component(
        "l1bus",
        "pubsub",
        "L1 bus",
        tech="Redis pub/sub",
        replicas=2,
        topology=single_writer(async_standbys=1, failover="15 s"),
        responsibility="Tells every app server which L1 keys to drop",
    )
    auditor = bp.component(
        "auditor",
        "monitoring",
        "Staleness auditor",
        tech="Go + Prometheus",
        replicas=2,
        responsibility="Re-reads 1 in 1,000 invalidated keys and counts values older than the delete",
    )

# -- links -----------------------------------------------------------------------------------------

bp.link(users, app, "HTTPS")
bp.link(app, primary, "write (cross-region)")
bp.link(app, router, "get / lease-set", figure="peak_reads")
bp.link(router, memcached, "by key hash")
bp.link(app, replica, "miss: read row", figure="peak_misses")
bp.link(primary, replica, "binlog", nature="replication")
bp.link(replica, tailer, "row events", nature="replication")
bp.link(tailer, kafka, "delete(key, ver)", nature="async", figure="region_deletes")
bp.link(kafka, invalidator, "key batches", nature="stream")
bp.link(invalidator, router, "batched deletes", figure="region_batches")
bp.link(invalidator, l1bus, "keys", nature="async")
bp.link(kafka, auditor, "1 in 1,000", nature="stream")
bp.link(auditor, router, "probe get")

# -- flows -----------------------------------------------------------------------------------------

bp.flow(
    "Commit a write",
    [
        (users, app, "A user saves a new display name: POST /profile in the nearest region.", "30 ms", "120 ms"),
        (
            app,
            primary,
            "The app server updates the row and bumps its version in one transaction on the home-region "
            "primary; COMMIT waits for one semi-sync replica's ack. It does not touch any cache.",
            "75 ms",
            "160 ms",
        ),
    ],
    critical=True,
    mode="write",
    description="The write never deletes keys itself: every invalidation comes from the binlog.",
)

bp.flow(
    "Invalidate everywhere",
    [
        (
            primary,
            replica,
            "Each region's replica applies the binlog event (50 ms at home, up to ~300 ms across an ocean).",
            "120 ms",
            "500 ms",
        ),
        (
            replica,
            tailer,
            "The region's tailer reads the row change from its own replica's binlog, so the row is already "
            "there when a miss refills the key; rules map it to keys (user:42, user:42:card).",
            "20 ms",
            "100 ms",
        ),
        (
            tailer,
            kafka,
            "It publishes delete(key, version) keyed by cache key, acks=all; 2 keys per write on average.",
            "5 ms",
            "30 ms",
        ),
        (kafka, invalidator, "The invalidator polls the partition and groups keys by memcached node.", "5 ms", "30 ms"),
        (
            invalidator,
            router,
            "Every 5 ms, or at 100 keys, it sends one batch per node through mcrouter, which routes by the "
            "same consistent hash the readers use.",
            "6 ms",
            "15 ms",
        ),
        (
            router,
            memcached,
            "Memcached deletes the key and voids any lease issued on it, so an in-flight refill cannot land.",
            "1 ms",
            "5 ms",
        ),
        (
            invalidator,
            l1bus,
            "It publishes the same keys on the L1 channel; every app server is subscribed and drops them "
            "from its in-process L1.",
            "3 ms",
            "15 ms",
        ),
    ],
    mode="write",
    description=(
        "Asynchronous, once per region from that region's replica: 5 tailers, 5 topics, no cross-region delete traffic."
    ),
)

bp.flow(
    "Read with a lease",
    [
        (users, app, "A user opens a profile: GET /users/42.", "30 ms", "120 ms"),
        (
            app,
            router,
            "L1 misses, so the app server asks mcrouter for user:42.",
            "0.3 ms",
            "2 ms",
        ),
        (
            router,
            memcached,
            "Memcached misses and hands this client a lease token (one per key per 10 s); concurrent "
            "readers get 'wait' and retry after 10 ms, or accept the stale value if the page allows.",
            "0.5 ms",
            "3 ms",
        ),
        (app, replica, "The lease holder reads the row from the region's replica.", "2 ms", "15 ms"),
        (
            app,
            router,
            "It sets the value with its lease token and a 10 min TTL; if a delete arrived meanwhile, the "
            "token is void and the set is dropped, so the old row never goes back in.",
            "0.3 ms",
            "2 ms",
        ),
    ],
    mode="read",
    description="The look-aside read path; leases stop both stale sets and thundering herds on a hot key.",
)

bp.flow(
    "Audit staleness",
    [
        (kafka, auditor, "The auditor consumes 1 in 1,000 deletes, hashed on key so the sample is stable."),
        (
            auditor,
            router,
            "10 s later it reads the key back; a value whose version is below the delete's is counted as "
            "stale, logged with its key and deleted again.",
        ),
    ],
    description="Measures the promise instead of trusting it: stale reads per million, per region.",
)

bp.flow(
    "Tailer recovery",
    [
        (
            replica,
            tailer,
            "A restarted or failed-over tailer resumes from the last GTID set it checkpointed with its "
            "Kafka offsets, re-reading the binlog from there.",
        ),
        (tailer, kafka, "It re-publishes the deletes since the checkpoint; repeating a delete is harmless."),
        (
            kafka,
            invalidator,
            "The invalidators drain the backlog at full batch size; the auditor's stale count returns to "
            "baseline as they do.",
        ),
    ],
    description=(
        "Recovery: deletes are idempotent, so replaying too many is safe; replaying too few is what "
        "the TTL and the auditor catch."
    ),
)

# -- scope -----------------------------------------------------------------------------------------

bp.use_case("User", "edits a profile field", mode="write", flow="Commit a write")
bp.use_case("User", "reads a profile through the cache", mode="read", flow="Read with a lease")
bp.use_case("Platform", "removes every cached copy of a changed row in every region", flow="Invalidate everywhere")
bp.use_case("SRE", "measures stale reads per million per region", flow="Audit staleness")
bp.out_of_scope(
    "Choosing what to cache and warm-up after a cold start",
    "Write-through or write-behind caching",
    "Multi-primary writes",
    "CDN and browser caches",
)

# -- targets ---------------------------------------------------------------------------------------

bp.target(
    "Write latency",
    flow="Commit a write",
    p50="150 ms",
    p99="400 ms",
    note="From a remote region: one cross-region round trip to the primary",
)
bp.target("Read latency", flow="Read with a lease", p50="50 ms", p99="200 ms", note="Miss path, lease granted")
bp.target(
    "Invalidation lag",
    flow="Invalidate everywhere",
    p50="250 ms",
    p99="1 s",
    note="Commit to the key deleted in the farthest region, replica apply included",
)
bp.target(
    "Delete throughput",
    flow="Invalidate everywhere",
    throughput="40000 keys/s",
    capacity="invalidator_capacity",
    note="Per region at peak",
)
bp.target("Read availability", flow="Read with a lease", availability="99.95%")
bp.target("Write durability", flow="Commit a write", rpo="0 s", rto="30 s", note="Lossless semi-sync")
bp.target(
    "Consistency",
    "< 1 stale read per million after 1 s; 0 after the 10 min TTL",
    note="Measured by the auditor; the TTL bounds a lost delete",
)

# -- data model and API ----------------------------------------------------------------------------

bp.table(
    "cache entry (memcached item)",
    primary_key="key, e.g. user:42",
    fields=[
        ("key", "string", 24),
        ("value", "serialised row", 300),
        ("version", "int (in the value)", 8),
        ("flags + TTL + CAS", "item header", 20),
        ("slab overhead", "item struct + slack", 48),
    ],
    per="key",
    note="no secondary index: a key is found by consistent hash",
)
bp.table(
    "invalidation message",
    primary_key="(partition, offset)",
    fields=[
        ("key", "string", 24),
        ("version", "bigint", 8),
        ("gtid", "source GTID", 40),
        ("Kafka record overhead", "headers, timestamp, batch share", 20),
    ],
    indexes=[("partition = hash(key)", "one key's deletes stay in commit order on one partition")],
    per="key",
)
bp.api(
    "edits a profile field",
    'POST /profile\n{"display_name": "Ana P."}',
    '200 OK\n{"user_id": 42, "version": 118}',
)

# -- assumptions and load model --------------------------------------------------------------------

bp.quantity("avg_writes", "5000 tx/s", "Average writes", basis="Planning value for a social profile store")
bp.quantity("peak_factor", "4", "Peak over average", basis="Daily peak hour and events (planning value)")
bp.quantity("keys_per_write", "2 keys/tx", "Cache keys per written row", basis="Row key plus one derived key (topic)")
bp.quantity("regions", "5", "Regions with caches", basis="Planning value: US-E, US-W, EU, APAC, SA")
bp.quantity("batch", "100 keys/message", "Keys per delete batch", basis="Invalidator flush at 100 keys or 5 ms")
bp.quantity("reads", "1e6 req/s", "Peak cache reads per region", basis="Planning value, 200 reads per write")
bp.quantity("hit_ratio", "98 %", "Memcached hit ratio", basis="Look-aside cache of hot rows (planning value)")
bp.quantity("mc_ops", "200000 req/s/node", "Memcached ops per node", basis="Small items, multi-get (load test)")
bp.quantity("headroom", "50 %", "Usable share of a node", basis="Room for a node loss and a hot key")
bp.quantity("cached_keys", "800e6 keys", "Keys cached per region", basis="Hot set of profiles and cards")
bp.quantity("node_memory", "64 GB/node", "Memory per memcached node", basis="r7g.2xlarge class, 64 GB")
bp.quantity("inv_per_node", "20000 keys/s/node", "Invalidator per node", basis="Batched deletes (load test)")
bp.quantity("lag_p50", "0.16 s", "Pipeline p50 (steps 3-10)", basis="Sum of the flow's p50s")
bp.quantity("retention", "1 day", "Kafka retention", basis="Covers a tailer outage of a day")
bp.quantity("kafka_copies", "3", "Kafka replication factor", basis="RF 3")
bp.quantity("sample", "0.1 %", "Auditor sample", basis="1 in 1,000 deletes")
bp.quantity("ttl", "10 min", "TTL backstop", basis="Bounds staleness after a lost delete")

bp.derive("peak_writes", "avg_writes * peak_factor", "Peak writes", unit="tx/s")
bp.derive("region_deletes", "peak_writes * keys_per_write", "Peak deletes per region", unit="keys/s")
bp.derive("all_deletes", "region_deletes * regions", "Peak deletes, all regions", unit="keys/s")
bp.derive("region_batches", "region_deletes / batch", "Delete batches per region", unit="messages/s")
bp.derive("peak_reads", "reads * 1", "Peak cache reads per region", unit="req/s")
bp.derive("peak_misses", "reads * (1 - hit_ratio)", "Misses to the replica per region", unit="req/s")
bp.derive("mc_nodes_ops", "ceil(reads / (mc_ops * headroom))", "Memcached nodes for ops", unit="nodes")
bp.derive("mc_memory", "cached_keys * cache_entry_memcached_item_record", "Cache memory per region", unit="GB")
bp.derive("mc_nodes_mem", "ceil(mc_memory / (node_memory * headroom))", "Memcached nodes for memory", unit="nodes")
bp.derive("invalidator_nodes", "ceil(region_deletes / (inv_per_node * headroom))", "Invalidators", unit="nodes")
bp.derive("invalidator_capacity", "invalidator_nodes * inv_per_node", "Invalidator capacity", unit="keys/s")
bp.derive("in_flight", "region_deletes * lag_p50", "Deletes in flight per region (Little's law)", unit="keys")
bp.derive(
    "kafka_disk",
    "avg_writes * keys_per_write * invalidation_message_record * retention * kafka_copies",
    "Kafka disk per region",
    unit="GB",
)
bp.derive("audit_rate", "region_deletes * sample", "Auditor probes per region", unit="keys/s")
bp.derive("stale_keys_ttl", "region_deletes * ttl", "Keys touched in one TTL at peak", unit="keys")

# -- trade-offs ------------------------------------------------------------------------------------

bp.tradeoff(
    decision="What a write does to the cache",
    chosen="Delete the key; the next reader refills it under a lease",
    rejected="Update in place (set the new value from the writer or the tailer)",
    why=(
        "Two sets racing can land out of order and leave the older value for the whole TTL; a delete is "
        "idempotent and order-free, at {region_deletes} per region"
    ),
    cost="One extra miss per deleted hot key: up to {peak_misses} replica reads already include these",
    revisit_when="Refill reads pass 30% of replica capacity, or a key is written more than 10 times/s",
)
bp.tradeoff(
    decision="Who issues deletes",
    chosen="The binlog, through a tailer per region",
    rejected="The application deletes keys after each write",
    why=(
        "An app-driven delete is skipped by every forgotten code path, batch job or manual UPDATE, and is "
        "lost when the server dies after commit; the binlog sees all {peak_writes}"
    ),
    cost="About 150 ms more lag at p50 than an inline delete; key-mapping rules to maintain per table",
    revisit_when="Read-your-writes needs < 50 ms; then add a local delete by the writer as well, keeping CDC",
)
bp.tradeoff(
    decision="Where each region's deletes come from",
    chosen="Each region tails its own replica",
    rejected="One tailer on the primary broadcasting deletes to all regions",
    why=(
        "Replicas across an ocean apply up to ~300 ms late; a central delete lands first, the next miss "
        "refills from the old row, and that value lives the full 10 min TTL"
    ),
    cost="5 tailers and 5 topics instead of 1; each region's lag includes its replica lag",
    revisit_when="Replica lag p99 rises above 1 s, making per-region deletes miss the 1 s target",
)
bp.tradeoff(
    decision="Delivering deletes to memcached",
    chosen="Shard-targeted: mcrouter sends each key only to the node that owns it, batched",
    rejected="Broadcast every delete to all 12 nodes",
    why="Broadcast multiplies {region_deletes} by 12 to 480 K deletes/s per region, most of them no-ops",
    cost="Invalidators must use the readers' exact hash ring; a ring change needs a TTL-long double delete",
    revisit_when="The pool passes 100 nodes or rings change more than once a day",
)
bp.tradeoff(
    decision="Refilling a missed key",
    chosen="Memcached leases: one token per key per 10 s, voided by a delete",
    rejected="Plain look-aside: every miss reads the DB and sets",
    why=(
        "Without leases, a slow reader sets a value older than the delete, and a hot key's miss sends every "
        "reader to the DB; Facebook saw peak DB load fall from 17 K/s to 1.3 K/s with leases"
    ),
    cost="Readers that lose the lease wait ~10 ms or take a stale value; a custom memcached build",
    revisit_when="Hot-key waits exceed 1% of reads, or the cache moves to a store without leases",
)

# -- failure modes ---------------------------------------------------------------------------------

bp.failure(
    failure="A region's binlog tailer stops or falls behind",
    detection="Tailer lag behind the replica > 5 s, or auditor stale rate > 10 per million",
    blast_radius="One region: changed keys stay stale there until the tailer catches up or the TTL expires",
    mitigation=(
        "Connect restarts the task from its GTID checkpoint and replays; a 10 min backlog (24 M keys) drains "
        "in ~10 min at peak (80 K keys/s capacity, 40 K/s still arriving); TTL bounds staleness to 10 min"
    ),
)
bp.failure(
    failure="invalidations (Kafka) loses a broker, or the topic is unavailable",
    detection="Under-replicated partitions > 0 for 1 min; produce errors at the tailer",
    blast_radius="One region's deletes pause ~10 s while leaders move; the tailer's offsets live here too",
    mitigation=(
        "Leaders fail over to in-sync replicas (acks=all, min ISR 2): no delete lost; the tailer resumes "
        "from its checkpoint; caught up in < 1 min"
    ),
)
bp.failure(
    failure="A memcached node dies",
    detection="mcrouter marks it TKO after 3 timeouts of 100 ms; hit ratio drops > 5 points",
    blast_radius="1/12 of the region's keys miss; without care, their readers would all hit the replicas",
    mitigation=(
        "mcrouter sends that node's keys to a small gutter pool with 10 s TTLs, so deletes matter little "
        "there; the node is replaced and warm in ~30 min"
    ),
)
bp.failure(
    failure="A delete is lost (mapping rule bug, message dropped)",
    detection="Auditor stale rate > 1 per million for 10 min, with the offending table named",
    blast_radius="Keys from one table in every region, each stale for at most the 10 min TTL",
    mitigation="Fix the rule and replay the table's binlog range through the tailer; the TTL clears the rest in 10 min",
)
bp.failure(
    failure="The MySQL primary fails",
    detection="Orchestrator sees no heartbeat for 10 s; write errors > 1% for 30 s",
    blast_radius="All writes for ~30 s; reads and invalidation continue from replicas",
    mitigation=(
        "Orchestrator promotes the semi-sync replica (no loss); tailers keep reading by GTID, "
        "which survives the new topology; writes back in 30 s"
    ),
)

# -- scaling path ----------------------------------------------------------------------------------

bp.scaling(
    at="10x (200 K writes/s peak, 2 M deletes/s everywhere)",
    breaks=(
        "One MySQL primary cannot take 200 K tx/s; each region's 4 invalidators and 400 batches/s grow to "
        "400 K keys/s and 4 K batches/s"
    ),
    next_move=(
        "Shard MySQL by user id (each shard with its own binlog and tailer); 40 invalidators per region; "
        "raise the batch to 500 keys"
    ),
)
bp.scaling(
    at="100x (2 M writes/s peak)",
    breaks="Tailers per shard multiply to hundreds per region; 12-node pools become 1,000s and rings churn",
    next_move=(
        "Move key mapping into the storage layer (as TAO does, caching by object and edge id) and "
        "split pools by tier, so deletes go to one cluster per key"
    ),
)

# -- references ------------------------------------------------------------------------------------

bp.reference(
    "Nishtala et al.: Scaling Memcache at Facebook (NSDI 2013)",
    "Leases, mcsqueal deleting from the binlog, gutter pools, regional invalidation",
    url="https://www.usenix.org/conference/nsdi13/technical-sessions/presentation/nishtala",
)
bp.reference(
    "Meta Engineering: Cache made consistent (2022)",
    "Polaris, measuring cache staleness by re-checking invalidated keys",
    url="https://engineering.fb.com/2022/06/08/core-infra/cache-made-consistent/",
)
bp.reference("mcrouter", "Facebook's memcached protocol router", url="https://github.com/facebook/mcrouter")
bp.reference(
    "Debezium MySQL connector",
    "Reading the binlog by GTID and resuming from offsets",
    url="https://debezium.io/documentation/reference/stable/connectors/mysql.html",
)
bp.reference(
    "Bronson et al.: TAO, Facebook's distributed data store for the social graph (USENIX ATC 2013)",
    "A cache that understands its data model",
    url="https://www.usenix.org/conference/atc13/technical-sessions/presentation/bronson",
)

bp.key_numbers("all_deletes", "region_batches", "peak_misses", "mc_memory", "in_flight")

BLUEPRINT = bp.build()
