"""Assigning 100 K unique timestamps a second, two ways, each where it fits. Transactions that need one
global order take their start and commit timestamps from a timestamp oracle (TSO) in the style of
Percolator and TiDB's Placement Driver: one Raft-elected leader hands out (physical ms << 18 | logical)
from memory, persists only an upper bound 3 s ahead in etcd, and zonal proxies batch every request of the
last millisecond into one RPC. Entity ids that only need to be unique and roughly time-sorted come from
Snowflake workers (41-bit ms, 10-bit worker, 12-bit sequence) whose worker ids are leases in the same etcd,
with no coordination per id. Both trust the clock only within limits: chrony disciplines it from a PTP
source, and each generator refuses to go backwards.
"""

from kit import Blueprint, quorum

bp = Blueprint(
    "unique-timestamps",
    title="Assigning 100K Unique Timestamps/sec",
    category="real-time",
    learn="Global ordering & clock contention control",
    promise=(
        "Hand out 100 K strictly increasing, never-repeated timestamps a second for transactions at p99 "
        "< 10 ms, across leader failover and clock steps, and mint unique time-sorted ids with no per-id "
        "coordination."
    ),
)

# -- components ---------------------------------------------------------------------------------------

apps = bp.component(
    "apps",
    "service",
    "Transaction clients",
    tech="App pods with the TSO client",
    replicas=300,
    lane="clients",
    responsibility="Ask for a start_ts and a commit_ts per transaction and a Snowflake id per new entity",
)
with bp.group("Per zone", kind="tier"):
    proxy = bp.component(
        "proxy",
        "service-mesh",
        "TSO proxy",
        tech="Go, 2 per zone",
        replicas=6,
        responsibility="Coalesces all requests waiting in a 1 ms tick into one GetTS(count=n) RPC; bounds the queue",
    )

with bp.group("Oracle, 3 zones", kind="cell"):
    tso = bp.component(
        "tso",
        "service",
        "TSO leader",
        tech="Go, PD-style TSO",
        replicas=3,
        topology=quorum(3, failover="5 s"),
        responsibility=(
            "Serves ranges from memory: ts = physical_ms << 18 | logical; 262,144 per ms; never above the saved bound"
        ),
    )
    etcd = bp.component(
        "etcd",
        "coordination",
        "etcd",
        tech="etcd 3.5, 3 voters",
        replicas=3,
        topology=quorum(3, failover="3 s"),
        lane="data",
        responsibility="Leader lease, the TSO's saved upper bound, and Snowflake worker-id leases",
    )

with bp.group("Ids", kind="tier"):
    idworker = bp.component(
        "idworker",
        "service",
        "Snowflake workers",
        tech="Go, 41+10+12 bits",
        replicas=3,
        responsibility=(
            "id = ms << 22 | worker << 12 | seq; seq++ within a ms, waits at 4,096, refuses if the clock ran back"
        ),
    )

store = bp.component(
    "store",
    "key-value-store",
    "MVCC store",
    tech="TiKV, Raft x 3",
    replicas=30,
    topology=quorum(3, failover="10 s"),
    responsibility="Keeps versions keyed (key, commit_ts); a read at start_ts sees every commit below it",
)

timesrc = bp.component(
    "timesrc",
    "external-service",
    "Time source",
    tech="Amazon Time Sync, PTP hardware clock",
    managed="AWS",
    responsibility="Microsecond-accurate reference for chrony on every TSO and Snowflake host",
)
clockmon = bp.component(
    "clockmon",
    "monitoring",
    "Clock monitor",
    tech="Prometheus + chrony exporter",
    replicas=2,
    responsibility="Alerts when a host's offset passes 1 ms or a generator waited on the clock",
)

# -- links --------------------------------------------------------------------------------------------

bp.link(apps, proxy, "GetTS()", figure="ts_rate")
bp.link(proxy, tso, "GetTS(count=n)", figure="tso_rpcs")
bp.link(tso, etcd, "save bound / lease")
bp.link(apps, store, "prewrite + commit", figure="peak_txns")
bp.link(apps, idworker, "NextId()", figure="id_rate")
bp.link(idworker, etcd, "worker-id lease")
bp.link(tso, timesrc, "chrony poll")
bp.link(idworker, timesrc, "chrony poll")
bp.link(idworker, clockmon, "offset metrics")

# -- flows --------------------------------------------------------------------------------------------

bp.flow(
    "Commit timestamp",
    [
        (apps, proxy, "The client asks a proxy in its own zone for a commit_ts."),
        (
            proxy,
            tso,
            "At the next 1 ms tick the proxy sends one RPC for all n waiting requests.",
            "1.5 ms",
            "4 ms",
        ),
        (
            apps,
            store,
            "The proxy splits the range [ts, ts+n) among the waiters; the client commits with its commit_ts.",
        ),
    ],
    critical=True,
    mode="write",
    description=(
        "One RPC carries a whole millisecond of a proxy's requests, so the leader sees ~6 K RPCs/s for "
        "100 K timestamps/s and answers each from memory."
    ),
)

bp.flow(
    "Mint an id",
    [
        (apps, idworker, "NextId() goes to any of the three workers, which answers from memory."),
    ],
    mode="write",
    description="No coordination per id: uniqueness comes from the worker id, order within a worker from its clock.",
)

bp.flow(
    "TSO failover",
    [
        (tso, etcd, "Every 1 s the leader raises the saved bound to now + 3 s; it never issues above it."),
        (tso, etcd, "The leader dies; its lease lapses and a follower wins it after ~3 s."),
        (tso, etcd, "The new leader reads the saved bound and starts above max(bound, its own now)."),
        (proxy, tso, "Proxies find the new leader and resend the waiting batch; clients saw a ~5 s stall."),
    ],
    description=(
        "Strict order survives a leader change because nothing is ever issued above the saved bound, and "
        "the new leader starts past it."
    ),
)

bp.flow(
    "Clock runs back",
    [
        (idworker, etcd, "Each worker holds its worker id as an etcd lease (TTL 30 s), renewed every 10 s."),
        (idworker, timesrc, "chrony follows a bad source and the host's clock steps back 40 ms."),
        (idworker, etcd, "The worker sees now < last_ms: it waits if the gap is under 5 ms, else drops its lease."),
        (idworker, clockmon, "Its offset and refusals page on-call; clients use the other two workers meanwhile."),
    ],
    description="Refuse rather than repeat: a worker never issues an id from a clock that went backwards.",
)

# -- scope --------------------------------------------------------------------------------------------

bp.use_case(
    "Transaction client",
    "gets a start_ts and a commit_ts above every earlier commit",
    mode="write",
    flow="Commit timestamp",
)
bp.use_case("Service", "mints a unique, time-sorted 64-bit id", mode="write", flow="Mint an id")
bp.use_case("Operator", "replaces the TSO leader without a repeated timestamp", flow="TSO failover")
bp.use_case("Operator", "sees a host's clock drift before it affects ids", flow="Clock runs back")
bp.out_of_scope(
    "Cross-region external consistency (Spanner TrueTime commit wait)",
    "Human-readable or gap-free sequence numbers (invoice numbers)",
    "Hybrid logical clocks in the storage nodes",
)

# -- targets ------------------------------------------------------------------------------------------

bp.target(
    "Timestamp latency",
    flow="Commit timestamp",
    p50="3 ms",
    p99="10 ms",
    note="At the proxy: the wait for the next 1 ms tick plus one RPC to the leader",
)
bp.target("Id latency", "p99 < 2 ms in one zone", note="One RPC answered from memory; no consensus on the path")
bp.target(
    "Timestamp availability",
    flow="Commit timestamp",
    availability="99.98%",
    note="Two Raft groups on the path (TSO, TiKV), each 3 nodes at 99.5% plus one election a month",
)
bp.target("Durability of order", flow="Commit timestamp", rpo="0 s", rto="15 s", note="Bound and commits in Raft")
bp.target(
    "Uniqueness",
    "0 repeated timestamps or ids, ever",
    note="Saved bound for the TSO; worker-id lease + clock guard for ids",
)
bp.target("Throughput", flow="Commit timestamp", throughput="100000 req/s", capacity="tso_capacity")

# -- inputs and load model ----------------------------------------------------------------------------

bp.quantity("avg_txns", "20e3 tx/s", "Average transactions", basis="Planning value for an OLTP platform, 2026")
bp.quantity("peak_factor", "2.5", "Peak over average", basis="Daily peak; assume")
bp.quantity("ts_per_tx", "2 req/tx", "Timestamps per transaction", basis="start_ts + commit_ts (Percolator)")
bp.quantity("proxies", "6", "TSO proxies", basis="Two per zone, three zones")
bp.quantity("tick", "1 ms", "Proxy batching tick", basis="Chosen: adds at most 1 ms")
bp.quantity(
    "tso_machine",
    "2e6 req/s",
    "TSO capacity, one machine",
    basis="Percolator (OSDI 2010): ~2 M timestamps/s from one machine",
)
bp.quantity("logical_bits", "262144 req/ms", "Logical values per ms", basis="PD's 18-bit logical counter")
bp.quantity("ids_per_tx", "0.5 entries/tx", "New entities per transaction", basis="Assume")
bp.quantity("seq_per_ms", "4096 entries/ms", "Snowflake sequence per ms", basis="12-bit sequence")
bp.quantity("ts_bits_ms", "2199023255552 ms", "Snowflake time range", basis="2^41 ms")
bp.quantity(
    "version_bytes", "256 B/tx", "MVCC version written per transaction", basis="Key 32 B + 2 timestamps + value"
)
bp.quantity("gc_life", "10 min", "MVCC history kept", basis="TiKV gc_life_time default")
bp.quantity("failover", "5 s", "TSO election stall", basis="3 s lease + detection and reconnect")
bp.table(
    "etcd_keys",
    primary_key="key path",
    fields=[
        ("/tso/leader (lease)", "member id", 8),
        ("/tso/saved_bound", "int64 ms", 8),
        ("/ids/workers/{0..1023}", "holder + lease id, each", 24),
        ("etcd revision + key overhead", "per key", 64),
    ],
    indexes=[
        ("lease on /tso/leader", "exactly one leader may serve; lapses 3 s after it stops renewing"),
        ("prefix /ids/workers/", "a starting worker takes the first free id with one transaction"),
    ],
    per="entries",
    note="The whole coordination state is a few KB; it changes about once a second",
)
bp.api(
    "gets a start_ts and a commit_ts above every earlier commit",
    'gRPC Tso.GetTS\n{count: 17, dc: "us-east-1"}',
    "{physical: 1796111400123, logical: 4096, count: 17}  (ts = physical << 18 | logical, the next 17 are yours)",
)
bp.api(
    "mints a unique, time-sorted 64-bit id",
    "gRPC Ids.NextId\n{}",
    "{id: 7533941221330739201}  (= ms 1796111400123 - epoch, worker 117, seq 1)",
)

bp.derive("peak_txns", "avg_txns * peak_factor", "Peak transactions", unit="tx/s", section="rates")
bp.derive("ts_rate", "peak_txns * ts_per_tx", "Peak timestamp requests", unit="req/s", section="rates")
bp.derive("tso_rpcs", "proxies * req / tick", "TSO RPCs, every proxy every tick", unit="req/s", section="rates")
bp.derive("batch", "ts_rate / tso_rpcs", "Timestamps per RPC", unit="", section="rates")
bp.derive("tso_capacity", "tso_machine", "TSO capacity (Percolator figure)", unit="req/s", section="fleet")
bp.derive("tso_load", "ts_rate / tso_machine", "TSO utilisation", unit="%", section="fleet")
bp.derive("logical_use", "ts_rate / logical_bits", "Logical counter used per ms", unit="%", section="fleet")
bp.derive("id_rate", "peak_txns * ids_per_tx", "Peak id requests", unit="entries/s", section="rates")
bp.derive("worker_cap", "seq_per_ms", "One Snowflake worker's ceiling", unit="entries/s", section="fleet")
bp.derive("id_years", "ts_bits_ms", "Snowflake id range", unit="year", section="time")
bp.derive(
    "stalled", "ts_rate * failover", "Requests waiting in one failover (Little's law)", unit="req", section="queues"
)
bp.derive("gc_history", "peak_txns * gc_life * version_bytes", "MVCC history held for GC", unit="GB", section="storage")
bp.derive("etcd_state", "1024 * entries * etcd_keys_record", "etcd state, worst case", unit="KB", section="storage")

bp.key_numbers("ts_rate", "tso_rpcs", "batch", "tso_load", "id_years")

# -- trade-offs ---------------------------------------------------------------------------------------

bp.tradeoff(
    decision="Source of transaction order",
    chosen="A central TSO (one Raft leader) with batching proxies",
    rejected="Snowflake-style ids as timestamps, or HLC on each node",
    why=(
        "Snowflake ids are only k-sorted across workers, off by the clock skew (~1 ms with chrony); a commit "
        "could get a lower ts than one it read, breaking snapshot isolation; the TSO runs at {tso_load} of one machine"
    ),
    cost="One leader on every transaction's path: +~2 ms per timestamp and a ~5 s stall on failover",
    revisit_when="Timestamp demand passes 1 M/s, or transactions span regions more than 20 ms apart",
)
bp.tradeoff(
    decision="Batching",
    chosen="Zonal proxies coalesce a 1 ms tick into one RPC (~{batch} timestamps each)",
    rejected="One RPC per timestamp straight to the leader",
    why="{ts_rate} single RPCs from 300 pods cost the leader {batch}x the RPCs of {tso_rpcs}; a tick adds at most 1 ms",
    cost="Up to 1 ms of added latency and one extra in-zone hop (~0.2 ms), and 6 proxies to run",
    revisit_when="Demand falls below 5 K timestamps/s, where direct RPCs are simpler",
)
bp.tradeoff(
    decision="What the TSO persists",
    chosen="Only an upper bound, now + 3 s, raised about once a second",
    rejected="Persist every issued timestamp (or every batch) through Raft",
    why="A Raft write costs ~1-5 ms; once per batch is {tso_rpcs} of consensus writes, once a second is 1",
    cost="Up to 3 s of timestamp space skipped on every failover; harmless in 2^46 ms of range",
    revisit_when="A clock offset between TSO members above 1 s is seen, which would eat the window",
)
bp.tradeoff(
    decision="Entity ids",
    chosen="Snowflake workers with leased worker ids, 3 of 1,024 in use",
    rejected="Take entity ids from the TSO as well",
    why=(
        "Ids need uniqueness, not order: one worker's ceiling is {worker_cap} against {id_rate}, with no leader on "
        "the path"
    ),
    cost="Ids are only roughly time-sorted across workers, and a backwards clock makes a worker refuse ids",
    revisit_when="More than 1,024 concurrent workers are needed, or ids must follow commit order",
)

# -- failure modes ------------------------------------------------------------------------------------

bp.failure(
    failure="The TSO leader dies",
    detection="Leader lease not renewed for 3 s; proxy GetTS p99 > 50 ms",
    blast_radius="Every transaction stalls for the election: about {stalled} wait at the proxies",
    mitigation="A follower takes the lease and starts above the saved bound; service resumes in ~5 s",
)
bp.failure(
    failure="etcd loses quorum",
    detection="etcd has no leader for 5 s; TSO bound-save errors > 0",
    blast_radius="The TSO serves until now reaches the saved bound (<= 3 s), then refuses; new Snowflake leases fail",
    mitigation="The TSO refuses rather than run past its bound; restore quorum (replace one member) in ~10 min",
)
bp.failure(
    failure="A host's clock steps back (bad source, VM migration)",
    detection="chrony offset > 1 ms, or a worker's now < last_ms",
    blast_radius="That host's Snowflake worker only; the TSO is safe because it never issues below its last value",
    mitigation="Gaps under 5 ms are waited out; larger ones drop the worker's lease; fixed in ~5 min",
)
bp.failure(
    failure="Proxy queue grows without bound during a stall",
    detection="Proxy queue > 50 K requests or oldest wait > 2 s",
    blast_radius="Memory and timeouts on every host, then a retry burst when the leader returns",
    mitigation=(
        "Proxies cap waiters at 100 K and fail fast with a retriable error; drained ~1 s after the leader is back"
    ),
)

# -- scaling path -------------------------------------------------------------------------------------

bp.scaling(
    at="10x (1 M timestamps/s)",
    breaks="The leader's CPU reaches half of one machine, 10 x {tso_load}; RPCs stay at {tso_rpcs}, batches grow 10x",
    next_move=(
        "Keep one leader on a larger machine with pinned cores; measure, since Percolator's ceiling is a 2010 figure"
    ),
)
bp.scaling(
    at="100x (10 M timestamps/s)",
    breaks="One machine's ceiling (~{tso_capacity}) and every transaction crossing one zone",
    next_move=(
        "Shard the TSO per keyspace (local transactions) with a global TSO only for cross-shard ones, as TiDB does"
    ),
)

# -- references ---------------------------------------------------------------------------------------

bp.reference(
    "Peng and Dabek: Large-scale Incremental Processing Using Distributed Transactions and Notifications (OSDI 2010)",
    "Percolator's timestamp oracle: batching and ~2 M timestamps/s from one machine.",
    url="https://www.usenix.org/legacy/event/osdi10/tech/full_papers/Peng.pdf",
)
bp.reference(
    "TiDB documentation: TimeStamp Oracle (TSO) in TiDB",
    "Physical and logical parts, the saved window in etcd and the PD leader.",
    url="https://docs.pingcap.com/tidb/stable/tso",
)
bp.reference(
    "Twitter engineering: Announcing Snowflake (2010)",
    "The 41-bit time, 10-bit worker and 12-bit sequence layout.",
    url="https://blog.twitter.com/engineering/en_us/a/2010/announcing-snowflake",
)
bp.reference(
    "Kulkarni et al.: Logical Physical Clocks and Consistent Snapshots in Globally Distributed Databases (2014)",
    "Hybrid logical clocks, the alternative that avoids a central oracle.",
    url="https://cse.buffalo.edu/tech-reports/2014-04.pdf",
)
bp.reference(
    "AWS: Amazon Time Sync Service",
    "A PTP hardware clock and NTP source in every region for chrony.",
    url="https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/set-time.html",
)
bp.reference(
    "etcd documentation: leases",
    "Leases with TTLs that back the leader key and the worker ids.",
    url="https://etcd.io/docs/v3.5/learning/api/#lease-api",
)

BLUEPRINT = bp.build()
