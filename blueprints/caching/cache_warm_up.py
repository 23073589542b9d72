"""Cluster-wide cache warm-up: a controller copies a warm Memcached replica into a new, empty one
(dumpers on the source nodes stream `lru_crawler mgdump` + `mg` in chunks through S3 and SQS to
rate-capped populators that write with add-mode `ms`), the clients dual-write meanwhile, and reads
move to the new replica in 1 -> 10 -> 50 -> 100% steps, each gated on its hit ratio, while a miss
guard keeps the database under its read budget whatever the caches do.

The mechanism is Netflix's EVCache cache warmer (replica warmer); the numbers are one mid-size
cluster's, stated as planning values below.
"""

from kit import Blueprint, leaderless

bp = Blueprint(
    "cache-warm-up",
    title="Cluster-Wide Cache Warm-Up Service",
    category="caching",
    learn="Pre-warming strategies for cold-start & scale",
    promise=(
        "Bring a new 2 TB cache replica from empty to 100% of reads in under 90 min, with the database "
        "never above its 40 K reads/s budget and cache reads at p99 < 25 ms throughout."
    ),
)

# -- components ------------------------------------------------------------------------------------

operator = bp.component(
    "operator",
    "operator",
    "Cache operator",
    tech="SRE or autoscaler",
    responsibility="Starts a warm-up when a replica is added, resized or replaced",
)

with bp.group("Service fleet", kind="tier"):
    app = bp.component(
        "app",
        "service",
        "App servers + cache client",
        tech="Java, EVCache client",
        replicas=60,
        responsibility="Reads by weight with fallback to the other replica; dual-writes both replicas",
    )
    guard = bp.component(
        "guard",
        "rate-limiter",
        "Miss guard",
        tech="Netflix concurrency-limits",
        replicas=60,
        lane="async",
        responsibility="In-process limiter: caps database misses at 36 K/s fleet-wide, sheds the rest to defaults",
    )

with bp.group("Warm-up control", kind="tier"):
    controller = bp.component(
        "controller",
        "orchestrator",
        "Warm-up controller",
        tech="Java service",
        replicas=2,
        backing_store="jobs",
        responsibility="Plans chunks, starts dumpers, sizes rate caps, moves read weights behind the hit-ratio gate",
    )
    jobs = bp.component(
        "jobs",
        "key-value-store",
        "Chunk manifest",
        tech="DynamoDB",
        managed="AWS",
        availability=0.9999,
        lane="async",
        responsibility="One row per chunk: source node, S3 key, state; a restarted job resumes from it",
    )
    weights = bp.component(
        "weights",
        "config",
        "Read weights",
        tech="Archaius dynamic property",
        replicas=3,
        lane="async",
        responsibility="Share of reads each replica takes; clients poll it every 30 s",
    )
    metrics = bp.component(
        "metrics",
        "monitoring",
        "Hit-ratio metrics",
        tech="Atlas",
        replicas=3,
        lane="async",
        responsibility="Hit ratio, latency and network per replica each 10 s; the gate's evidence",
    )

with bp.group("Old replica (source, zone A)", kind="cell"):
    source = bp.component(
        "source",
        "cache",
        "Warm replica",
        tech="Memcached 1.6, 10 nodes",
        replicas=10,
        # A read that misses or times out here is retried on the other replica (EVCache zone fallback).
        topology=leaderless(2, needed=1),
        responsibility="Serves reads during the copy; its keys are the copy's source",
    )
    dumper = bp.component(
        "dumper",
        "worker",
        "Key dumper",
        tech="Sidecar on each node",
        replicas=10,
        lane="async",
        responsibility="Walks keys with lru_crawler mgdump, fetches values with mg, writes 128 MB chunks",
    )

with bp.group("Copy pipeline", kind="tier"):
    chunks = bp.component(
        "chunks",
        "object-store",
        "Chunk store",
        tech="S3, 1-day lifecycle",
        managed="AWS",
        responsibility="Holds dump chunks until populated; also the snapshot a cold instance restores from",
    )
    chunk_queue = bp.component(
        "chunk-queue",
        "queue",
        "Chunk queue",
        tech="SQS",
        managed="AWS",
        lane="data",
        responsibility="One message per finished chunk; a crashed populator's chunk reappears after 5 min",
    )
    populator = bp.component(
        "populator",
        "worker",
        "Populators",
        tech="Go, token bucket",
        replicas=10,
        lane="async",
        responsibility="Write each chunk into the new replica in add mode, at most 100 MB/s per target node",
    )

with bp.group("New replica (target, zone B)", kind="cell"):
    target = bp.component(
        "target",
        "cache",
        "New replica",
        tech="Memcached 1.6, 10 nodes",
        replicas=10,
        # Until it holds every key, a miss here falls back to the old replica before the database.
        topology=leaderless(2, needed=1),
        responsibility="Empty at start; filled by populators and dual-writes, then takes reads by weight",
    )

db = bp.component(
    "db",
    "wide-column-db",
    "Source of truth",
    tech="Cassandra, RF 3",
    replicas=12,
    topology=leaderless(3, needed=2),
    responsibility="The data the cache fronts; sized for 40 K reads/s, not for a cold cache",
)

# -- links -----------------------------------------------------------------------------------------

bp.link(operator, controller, "POST /warmups")
bp.link(controller, jobs, "chunk states")
bp.link(controller, dumper, "dump node, cap")
bp.link(dumper, source, "mgdump + mg", figure="dump_per_node")
bp.link(dumper, chunks, "PUT chunk")
bp.link(dumper, chunk_queue, "chunk ready", nature="async")
bp.link(chunk_queue, populator, "receive", nature="async")
bp.link(populator, chunks, "GET chunk")
bp.link(populator, target, "ms add mode", figure="copy_rate")
bp.link(populator, controller, "chunk done")
bp.link(controller, metrics, "hit ratios")
bp.link(controller, weights, "set weight")
bp.link(app, weights, "poll weight")
bp.link(app, target, "get / set", figure="peak_reads")
bp.link(app, source, "fallback / set")
bp.link(app, guard, "miss")
bp.link(guard, db, "guarded read", figure="guard_limit")
bp.link(app, db, "write row")
bp.link(app, metrics, "hit/miss", nature="async")

# -- flows -----------------------------------------------------------------------------------------

bp.flow(
    "Copy a warm replica",
    [
        (
            operator,
            controller,
            "The operator (or the autoscaler) posts a warm-up: source replica, new replica, 100 MB/s per node.",
        ),
        (
            controller,
            jobs,
            "The controller writes the job and one manifest row per source node, so a restart resumes.",
        ),
        (
            controller,
            dumper,
            "It tells the sidecar on each of the 10 source nodes to dump, with the rate cap.",
        ),
        (
            dumper,
            source,
            "The dumper runs lru_crawler mgdump hash for the key list, then pipelined mg <key> k f t v u "
            "for flags, remaining TTL and value without bumping the LRU.",
        ),
        (dumper, chunks, "Every 128 MB it uploads a chunk to S3 in 16 MB multipart parts."),
        (dumper, chunk_queue, "It posts the chunk's S3 key and key count to SQS."),
        (chunk_queue, populator, "A free populator takes the message; it is hidden from others for 5 min."),
        (populator, chunks, "The populator streams the chunk back from S3."),
        (
            populator,
            target,
            "It writes each item with ms <key> T<remaining TTL> ME (add mode): a key already set by a "
            "dual-write or a tombstone is left alone.",
        ),
        (
            populator,
            controller,
            "It reports the chunk done and deletes the message; the controller marks it in the manifest.",
        ),
    ],
    mode="write",
    description=("The bulk copy, off every request's path: about 35 min for 2 TB at 100 MB/s per source node."),
)

bp.flow(
    "Write while warming",
    [
        (app, db, "The service commits the row to Cassandra first, as it always does.", "2 ms", "10 ms"),
        (app, source, "The client sets the new value in the old replica.", "0.3 ms", "1.5 ms"),
        (
            app,
            target,
            "It sets the same value in the new replica; a delete writes a 35 min tombstone there instead, "
            "so a later add-mode copy of the old value fails.",
            "0.3 ms",
            "1.5 ms",
        ),
    ],
    mode="write",
    description=("Dual-write from the moment the job starts: the copy never has to chase changes it missed."),
)

bp.flow(
    "Read during the shift",
    [
        (
            app,
            target,
            "The client sends a weighted share of gets (1, 10, 50, then 100%) to the new replica.",
            "0.3 ms",
            "1.5 ms",
        ),
        (
            app,
            source,
            "On a miss or a tombstone it asks the old replica, which still holds every key.",
            "0.3 ms",
            "1.5 ms",
        ),
        (
            app,
            target,
            "A value found there is added to the new replica with noreply, warming it one key at a time.",
            "0.1 ms",
            "0.5 ms",
        ),
        (app, guard, "Only when both replicas miss does the loader ask the miss guard for a slot.", "0.05 ms", "1 ms"),
        (
            guard,
            db,
            "Within the 36 K/s limit it reads Cassandra at LOCAL_QUORUM; over it, the call gets the "
            "fallback value at once.",
            "3 ms",
            "20 ms",
        ),
    ],
    critical=True,
    mode="read",
    description=("The worst read: both replicas miss. A hit on the new replica ends at step 14 in 0.3 ms."),
)

bp.flow(
    "Shift reads behind the gate",
    [
        (
            app,
            metrics,
            "Every client reports hits and misses per replica each 10 s.",
        ),
        (
            controller,
            metrics,
            "After the copy the controller compares hit ratios over 10 min: the new replica must reach 95% "
            "of the old one's.",
        ),
        (controller, weights, "It raises the new replica's read weight one step: 1, 10, 50, then 100%."),
        (app, weights, "Every client polls the property each 30 s and moves its share of gets."),
    ],
    description=("Four gated steps of at least 10 min each; at 100% the old replica is drained and can be retired."),
)

bp.flow(
    "Gate fails: roll back",
    [
        (
            controller,
            metrics,
            "The new replica's hit ratio falls under 95% of the old one's for 2 min, or its p99 get passes 2 ms.",
        ),
        (controller, weights, "The controller returns the weight to the last step that passed and pages the owner."),
        (app, weights, "At their next 30 s poll, clients send those reads back to the old replica."),
        (
            app,
            guard,
            "Misses in the meantime still pass the guard, which holds the database at 36 K/s.",
        ),
        (guard, db, "Reads over the limit are served defaults instead of queueing at Cassandra."),
    ],
    description=("Degradation, not outage: the old replica is kept warm by dual-writes until the new one passes."),
)

# -- scope -----------------------------------------------------------------------------------------

bp.use_case("Cache operator", "warms a new replica from a live one", mode="write", flow="Copy a warm replica")
bp.use_case("App server", "writes an item while a replica warms", mode="write", flow="Write while warming")
bp.use_case("App server", "reads an item during the shift", mode="read", flow="Read during the shift")
bp.use_case(
    "Controller", "moves reads to the new replica in gated steps", mode="write", flow="Shift reads behind the gate"
)
bp.use_case("Controller", "rolls the shift back when the gate fails", mode="write", flow="Gate fails: roll back")
bp.out_of_scope(
    "Invalidation of stale entries (the cache-invalidation case study)",
    "Changing the key hash (the new replica uses the same ketama ring, sized per node)",
    "Warming from access logs for a brand-new service with no replica",
    "Cross-region copies",
)

# -- targets ---------------------------------------------------------------------------------------

bp.target(
    "Read latency during the shift",
    flow="Read during the shift",
    p50="5 ms",
    p99="25 ms",
    note="Worst case, both replicas miss; a new-replica hit is 0.3 ms p50",
)
bp.target(
    "Read availability",
    flow="Read during the shift",
    availability="99.98%",
    note="Either replica serves a key; Cassandra answers at 2 of 3 replicas",
)
bp.target(
    "Dual-write latency",
    flow="Write while warming",
    p50="5 ms",
    p99="20 ms",
    note="The database commit plus two cache sets, in series",
)
bp.target(
    "Copy throughput",
    flow="Copy a warm replica",
    throughput="870 MB/s",
    capacity="copy_rate",
    note="2 TB in 40 min; the gated shift adds 40 min, inside the 90 min promise",
)
bp.target(
    "Database protection",
    "Database reads <= 40 K/s at every step",
    note="Guard limit 36 K/s; steady misses are 25 K/s",
)
bp.target(
    "Freshness",
    "0 copies overwrite a newer dual-written value or resurrect a deleted key",
    note="Add-mode writes and 35 min tombstones; see the third trade-off",
)

# -- data model and API ----------------------------------------------------------------------------

bp.table(
    "dump records",
    primary_key="key (unique within a replica)",
    fields=[
        ("key", "ASCII, mean length", 48),
        ("client_flags", "uint32", 4),
        ("ttl_remaining", "int32 seconds, -1 none", 4),
        ("value_length", "uint32", 4),
        ("value", "bytes, mean size", 2000),
        ("framing", "mg/VA line and CRLFs", 24),
    ],
    indexes=[
        ("none: chunks are streamed front to back", "a populator never looks a key up, so an index would only cost"),
    ],
    per="key",
    note="streamed in 128 MB chunks; the remaining TTL, not the original, is what the populator sets",
)
bp.table(
    "chunk manifest",
    primary_key="(job_id, chunk_id)",
    fields=[
        ("job_id", "uuid", 16),
        ("chunk_id", "int64", 8),
        ("source_node", "string", 16),
        ("s3_key", "string", 64),
        ("bytes", "int64", 8),
        ("key_count", "int64", 8),
        ("state", "enum: dumped, populating, done", 1),
        ("updated_at", "epoch ms", 8),
    ],
    indexes=[
        ("GSI (job_id, state)", "progress and restarts: the controller counts and re-queues chunks stuck in one state"),
    ],
    per="file",
)
bp.api(
    "warms a new replica from a live one",
    'POST /v1/warmups\n{"cache": "movies", "source": "zone-a", "target": "zone-b",\n'
    ' "dump_mb_s_per_node": 100, "populate_mb_s_per_node": 100, "gate": 0.95}',
    '202 Accepted\n{"job_id": "w-7c1e...", "state": "dumping", "chunks_planned": 16300}',
)
bp.api(
    "writes an item while a replica warms",
    "ms movies:title:81234 2048 T86400   (to zone-a and zone-b)\n"
    "md movies:title:55 -> ms movies:title:55 1 T2100 (tombstone)",
    "HD   (each replica; a failed zone-b write is retried from a 5 s queue, then dropped)",
)
bp.api(
    "moves reads to the new replica in gated steps",
    'PUT /v1/warmups/w-7c1e.../weight\n{"target_read_pct": 10, "require_hit_ratio_vs_source": 0.95}',
    '200 OK\n{"target_read_pct": 10, "gate": "passed", "hit_ratio": {"source": 0.95, "target": 0.94}}',
)
bp.api(
    "rolls the shift back when the gate fails",
    'POST /v1/warmups/w-7c1e.../rollback\n{"reason": "gate", "to_pct": 10}',
    '200 OK\n{"target_read_pct": 10, "state": "holding"}',
)

# -- load model ------------------------------------------------------------------------------------

bp.quantity("keys", "1e9 keys", "Items in one replica", basis="Planning value for one mid-size cluster")
bp.quantity("source_nodes", "10 nodes", "Nodes per replica", basis="About 200 GB of items per 256 GB-RAM node")
bp.quantity("target_nodes", "10 nodes", "Nodes in the new replica", basis="Same size as the source")
bp.quantity("dump_per_node", "100 MB/s/node", "Dump cap per source node", basis="8% of a 10 Gbit/s NIC (1.25 GB/s)")
bp.quantity("nic", "1250 MB/s/node", "Node network", basis="10 Gbit/s per node")
bp.quantity("populator_rate", "150 MB/s/node", "One populator's write rate", basis="Pipelined quiet-mode ms; load test")
bp.quantity("headroom", "70 %", "Usable share of a populator", basis="Room for retries and S3 slowdowns")
bp.quantity("chunk_bytes", "128 MB/file", "Chunk size", basis="Large enough for few PUTs, small enough to retry")
bp.quantity("parts_per_chunk", "8 req/file", "S3 multipart parts per chunk", basis="16 MB parts")
bp.quantity("avg_reads", "200e3 req/s", "Average cache reads", basis="Planning value for one cluster")
bp.quantity(
    "peak_factor", "2.5", "Peak over average", basis="Evening viewing peak over the daily mean (planning value)"
)
bp.quantity("hit_ratio", "95 %", "Steady hit ratio", basis="Planning value; the gate compares against it")
bp.quantity("gate", "95 %", "Gate: new hit ratio over old", basis="The EVCache-style gate from the topic notes")
bp.quantity("guard_share", "90 %", "Guard limit share of the budget", basis="Keeps 10% for writes and repairs")
bp.quantity("db_spare", "20e3 keys/s", "Spare DB reads for a replay", basis="Budget minus steady misses, rounded down")
bp.quantity("peak_writes", "50e3 req/s", "Peak cache writes", basis="10% of peak reads (planning value)")
bp.quantity("deletes", "5e3 keys/s", "Peak deletes", basis="10% of writes are deletes (planning value)")
bp.quantity("tombstone_bytes", "80 B/key", "Tombstone size", basis="48 B key + 1 B value + item header")
bp.quantity("tombstone_ttl", "35 min", "Tombstone lifetime", basis="At least one copy duration")
bp.quantity("dwell", "10 min", "Minimum time per weight step", basis="Enough 10 s samples for a stable hit ratio")
bp.quantity("steps", "4", "Weight steps", basis="1, 10, 50, 100%")
bp.quantity("item_bytes", "2 KB/key", "Mean item on the wire", basis="Same mean value as the dump record")
bp.quota(
    "db_budget",
    "40e3 req/s",
    "Database read budget (our Cassandra)",
    basis="Cassandra cluster sized by load test",
    load="guard_limit",
)
bp.quota(
    "s3_put_quota",
    "3500 req/s",
    "S3 PUT rate per prefix",
    basis="AWS S3 documented per-prefix request rate",
    load="s3_puts",
)

bp.derive("peak_reads", "avg_reads * peak_factor", "Peak cache reads", unit="req/s")
bp.derive("steady_misses", "peak_reads * (1 - hit_ratio)", "Peak misses, warm", unit="req/s")
bp.derive("cold_surge", "peak_reads / steady_misses", "Cold swap over warm misses", unit="", section="rates")
bp.derive("cold_over_budget", "peak_reads / db_budget", "Cold swap over DB budget", unit="", section="rates")
bp.derive("guard_limit", "db_budget * guard_share", "Miss guard limit", unit="req/s")
bp.derive("dump_bytes", "keys * dump_records_record", "Data to copy", unit="TB", section="storage")
bp.derive("copy_rate", "source_nodes * dump_per_node", "Copy rate", unit="MB/s", section="bandwidth")
bp.derive("copy_time", "dump_bytes / copy_rate", "Copy time", unit="min", section="time")
bp.derive("replay_time", "keys / db_spare", "Replay from the DB instead", unit="h", section="time")
bp.derive("shift_time", "steps * dwell", "Gated shift", unit="min", section="time")
bp.derive("total_time", "copy_time + shift_time", "Empty to 100% of reads", unit="min", section="time")
bp.derive("dump_nic_share", "dump_per_node / nic", "Dump share of a source NIC", unit="%", section="bandwidth")
bp.derive("target_ingest", "copy_rate / target_nodes", "Copy into each target node", unit="MB/s/node")
bp.derive("keys_per_s", "copy_rate / dump_records_record", "Keys copied", unit="keys/s", section="rates")
bp.derive("dual_write_bw", "peak_writes * item_bytes / req * key", "Dual-write traffic to the new replica", unit="MB/s")
bp.derive("chunk_count", "dump_bytes / chunk_bytes", "Chunks per copy", unit="files", section="storage")
bp.derive("chunk_rate", "copy_rate / chunk_bytes", "Chunks finished", unit="files/s", section="rates")
bp.derive("s3_puts", "chunk_rate * parts_per_chunk", "S3 PUT rate", unit="req/s")
bp.derive(
    "populators",
    "ceil(copy_rate / (populator_rate * headroom))",
    "Populators",
    unit="nodes",
    section="fleet",
)
bp.derive(
    "chunk_time",
    "chunk_bytes * file / (populator_rate * node)",
    "Time to populate one chunk",
    unit="s",
    section="queues",
)
bp.derive(
    "chunks_in_flight",
    "chunk_rate * chunk_time",
    "Chunks being populated (Little's law)",
    unit="files",
    section="queues",
)
bp.derive(
    "tombstone_memory",
    "deletes * tombstone_ttl * tombstone_bytes",
    "Tombstones held in the new replica",
    unit="MB",
    section="memory",
)
bp.derive("gate_floor", "hit_ratio * gate", "Lowest new-replica hit ratio that passes", unit="%", section="rates")
bp.derive(
    "fallback_reads",
    "peak_reads * (1 - gate_floor)",
    "Fallback reads to the old replica at 100%, at the gate",
    unit="req/s",
)

# -- trade-offs ------------------------------------------------------------------------------------

bp.tradeoff(
    decision="Where warm data comes from",
    chosen="Copy from a live replica of the same cache (dump, chunk, populate)",
    rejected="Replay every key from Cassandra, or dual-write and wait one TTL for natural warming",
    why=(
        "Copying {dump_bytes} takes {copy_time}; replaying {keys} at the database's spare 20 K/s takes "
        "{replay_time} and eats its headroom; waiting one 24 h TTL pays for two replicas all day and never "
        "warms keys without a TTL"
    ),
    cost="A dumper sidecar on every cache node, S3 staging and a controller to run and secure",
    revisit_when="No warm replica exists (first region, full outage): then restore from the last S3 snapshot",
)
bp.tradeoff(
    decision="Copy speed",
    chosen="Cap each dumper at 100 MB/s and each target node at 100 MB/s",
    rejected="Copy unthrottled at line rate (1.25 GB/s per node, about 3 min)",
    why=(
        "Memcached serving is network-bound: at {dump_nic_share} of a NIC the dump leaves live gets alone, "
        "while line rate would starve them for minutes; even capped, empty to 100% takes {total_time}"
    ),
    cost="The copy takes about 12x longer than the network allows; two replicas run side by side for that time",
    revisit_when="Copy time passes 60 min (replica > 3.5 TB): raise the cap while source p99 stays < 2 ms",
)
bp.tradeoff(
    decision="How populators write",
    chosen="Add mode (ms ... ME) with the remaining TTL, plus 35 min tombstones for deletes",
    rejected="Plain set of every dumped item",
    why=(
        "A chunk can be up to {copy_time} old when it lands; a plain set would overwrite the newer values "
        "dual-written meanwhile (50 K writes/s at peak) and bring back keys deleted after the dump"
    ),
    cost="Tombstones hold {tombstone_memory} of the new replica, and a tombstone reads as a miss for 35 min",
    revisit_when="Copy time passes 35 min: tombstone TTL must grow with it, to at least the copy time",
)
bp.tradeoff(
    decision="What to copy",
    chosen="Every key (full copy of the replica)",
    rejected="Only the top-N hot keys from access logs",
    why=(
        "At {copy_rate} a full copy is done in {copy_time}; the long tail is what lifts the hit ratio from "
        "about 90% to 95%, and a hot-key list needs a log pipeline the cache does not have"
    ),
    cost="Copies cold keys that may expire unread; the whole 2 TB crosses zones each time",
    revisit_when=(
        "S3 holds the copy near 1 GB/s while a replica passes 20 TB (about 6 h a copy): copy the hottest 20% first"
    ),
)
bp.tradeoff(
    decision="Cutting reads over",
    chosen="Weights 1, 10, 50, 100%, each gated on a hit ratio >= 95% of the source, with fallback",
    rejected="Switch all reads when the copy finishes",
    why=(
        "A cold or half-filled replica taking {peak_reads} turns 25 K misses/s into a {cold_surge}x surge, "
        "{cold_over_budget}x the database's budget; gating costs {shift_time} and limits a bad copy to 1%"
    ),
    cost="The old replica runs {shift_time} longer, and clients carry weight and fallback logic",
    revisit_when="Copies pass the gate first time on 50 jobs in a row: drop the 1% and 50% steps",
)

# -- failure modes ---------------------------------------------------------------------------------

bp.failure(
    failure="A source node or its dumper dies mid-dump (OOM, host failure)",
    detection="No chunk from that node for 2 min, or its manifest rows stuck in 'dumped' for 5 min",
    blast_radius="About 10% of keys (one node's hash range) are not copied; live reads fall back, nothing is lost",
    mitigation=(
        "The controller re-dumps that range from the zone-C replica; 200 GB at 100 MB/s is done in about 35 min, "
        "and the gate will not pass before it is"
    ),
)
bp.failure(
    failure="The copy slows live traffic on the old replica",
    detection="Source p99 get > 2 ms or NIC > 70% on any node for 1 min",
    blast_radius="Clients of the old replica, which still serves most reads during the copy",
    mitigation=(
        "The controller halves that node's dump cap within 30 s and pauses it after two halvings; recovers in 1 min"
    ),
)
bp.failure(
    failure="The new replica fails the gate after a weight step",
    detection="Its hit ratio < 95% of the old one's for 2 min, or its p99 get > 2 ms",
    blast_radius=(
        "The shifted share of reads: their misses fall back to the old replica, adding up to 49 K reads/s there"
    ),
    mitigation="Weight returns to the last passing step within 30 s; the owner re-copies the missing ranges",
)
bp.failure(
    failure="Both replicas cold for a key range (zone loss during the copy)",
    detection="Miss guard rejections > 1% of calls for 1 min; database reads above 36 K/s",
    blast_radius="Reads in that range get defaults (e.g. unpersonalised rows) instead of data; the database stays up",
    mitigation=(
        "The guard sheds the excess at once; the instance warmer restores the range from the last S3 chunks "
        "in about 35 min"
    ),
)
bp.failure(
    failure="The chunk manifest (DynamoDB) or the controller is unavailable",
    detection="Controller heartbeats missing for 60 s, or manifest writes failing > 5% for 1 min",
    blast_radius="The copy pauses; serving is untouched because weights stay where they were",
    mitigation=(
        "The standby controller takes over and resumes from the manifest; chunks in SQS wait 4 days; about 2 min"
    ),
)

# -- scaling path ----------------------------------------------------------------------------------

bp.scaling(
    at="10x (20 TB per replica, 100 nodes, 5 M reads/s)",
    breaks=(
        "Copy time holds (dumpers grow with nodes), but 10 GB/s through S3 meets its per-prefix and "
        "per-bucket bandwidth limits, and the upload shares the NIC with live traffic"
    ),
    next_move=(
        "Spread chunk keys over 16 prefixes, then move to Netflix's second design: dump to an attached EBS "
        "volume and hand the volume to the populator, taking the copy off the serving network"
    ),
)
bp.scaling(
    at="100x (200 TB per replica, 1,000 nodes)",
    breaks=(
        "Any full copy runs hours and node replacements are daily, so warming whole replicas becomes the "
        "wrong unit; one controller and one SQS queue per job bottleneck"
    ),
    next_move=(
        "Warm per node (instance warmer from snapshots taken continuously), shard the controller by cluster, "
        "and move to SSD-backed Memcached (extstore) so a restart keeps its data"
    ),
)

# -- references ------------------------------------------------------------------------------------

bp.reference(
    "Netflix: Cache warming: Agility for a stateful service",
    "The replica and instance warmers: controller, dumper, populator, S3 and SQS",
    url="https://netflixtechblog.com/cache-warming-agility-for-a-stateful-service-2d3b1da82642",
)
bp.reference(
    "Netflix: Cache warming: Leveraging EBS for moving petabytes of data",
    "Dumping to EBS volumes instead of S3; ~90% shorter warm-ups; ~18,000 servers, ~14 PB",
    url="https://netflixtechblog.com/cache-warming-leveraging-ebs-for-moving-petabytes-of-data-adcf7a4a78c3",
)
bp.reference(
    "memcached protocol.txt",
    "lru_crawler mgdump and the meta commands (mg flags k f t v u, ms mode E for add)",
    url="https://github.com/memcached/memcached/blob/master/doc/protocol.txt",
)
bp.reference(
    "EVCache",
    "Netflix's Memcached client with zone replicas, fallback reads and dual writes",
    url="https://github.com/Netflix/EVCache",
)
bp.reference(
    "Netflix concurrency-limits",
    "Adaptive limits that shed load before a dependency queues",
    url="https://github.com/Netflix/concurrency-limits",
)
bp.reference(
    "Amazon S3: Best practices design patterns: optimizing performance",
    "3,500 PUT and 5,500 GET requests per second per prefix",
    url="https://docs.aws.amazon.com/AmazonS3/latest/userguide/optimizing-performance.html",
)
bp.reference(
    "Nishtala et al.: Scaling Memcache at Facebook (NSDI 2013)",
    "Cold cluster warm-up by reading from a warm cluster first",
    url="https://www.usenix.org/conference/nsdi13/technical-sessions/presentation/nishtala",
)

bp.key_numbers("peak_reads", "dump_bytes", "copy_time", "total_time", "cold_surge")

BLUEPRINT = bp.build()
