"""Distributed task scheduling service, in the shape of Dropbox's Async Task Framework: services schedule
one-off and cron tasks through an API; tasks sit durably in Cassandra in (shard, minute-bucket)
partitions; each of 64 shards is owned by one scanner through an etcd lease, which polls its due bucket
every second and moves due tasks to SQS with a compare-and-set on their status; executors run them with
heartbeats, and a heartbeat controller re-enqueues tasks whose executor went silent. Delivery is at least
once, so task handlers are idempotent on (task_id, run_at). The playbook lists this case study under
async and under code execution; it is one blueprint, filed under async.
"""

from kit import Blueprint, quorum

bp = Blueprint(
    "distributed-task-scheduler",
    title="Distributed Task Scheduling Service",
    category="async",
    learn="Highly scalable scheduler architecture",
    promise=(
        "Fire 10K scheduled tasks/s at peak, one-off or cron, within 2 s of their due time at p99, with "
        "no accepted task lost (RPO 0) and a scanner failover that delays at most 1/64 of tasks by 15 s."
    ),
)

# -- components ------------------------------------------------------------------------------------

services = bp.component(
    "services",
    "external-client",
    "Product services",
    tech="Internal callers, gRPC",
    responsibility="Schedule reminders, trial expiries and cleanups; implement idempotent handlers",
)

with bp.group("Scheduling plane", kind="tier"):
    api = bp.component(
        "api",
        "service",
        "Scheduler API",
        tech="Go, gRPC",
        replicas=6,
        responsibility="Validates task type, run_at or cron spec; writes the task to its shard and bucket",
    )
    scanners = bp.component(
        "scanners",
        "scheduler",
        "Shard scanners",
        tech="Go, 8 shards each",
        replicas=8,
        responsibility="For each leased shard, read the due bucket every 1 s and enqueue due tasks by CAS",
    )
    hbctl = bp.component(
        "hbctl",
        "worker",
        "Heartbeat controller",
        tech="Go, every 5 s",
        replicas=2,
        responsibility="Finds RUNNING tasks with a heartbeat older than 30 s; re-enqueues or dead-letters them",
    )

with bp.group("Delivery (SQS)", kind="cluster"):
    ready = bp.component(
        "ready",
        "queue",
        "Ready queue",
        tech="SQS, one per task type",
        managed="AWS",
        responsibility="Due tasks waiting for an executor; visibility 60 s",
    )
    dlq = bp.component(
        "dlq",
        "queue",
        "Failed tasks",
        tech="SQS DLQ, 14 days",
        managed="AWS",
        responsibility="Tasks that failed 5 attempts; owners inspect and redrive",
    )
    executors = bp.component(
        "executors",
        "worker",
        "Executors",
        tech="Go, 50 tasks each",
        replicas=150,
        lane="data",
        responsibility="Run the task's handler, heartbeat every 10 s, write SUCCESS or schedule a retry",
    )

with bp.group("State", kind="cluster"):
    store = bp.component(
        "store",
        "wide-column-db",
        "Task store",
        tech="Cassandra, RF 3",
        replicas=16,
        topology=quorum(3, failover="0 s"),
        responsibility="tasks_by_bucket ((shard, minute), run_at, id) and tasks_by_id; LWT for status changes",
    )

etcd = bp.component(
    "etcd",
    "coordination",
    "Shard leases",
    tech="etcd, 3 members",
    replicas=3,
    topology=quorum(3, failover="5 s"),
    responsibility="One 10 s lease per shard; the lease revision fences a stale owner",
)
monitoring = bp.component(
    "monitoring",
    "monitoring",
    "Metrics + alerts",
    tech="Prometheus + Alertmanager",
    replicas=2,
    role="control",
    responsibility="Firing lag, unowned shards, queue age, heartbeat timeouts",
)

# -- links -----------------------------------------------------------------------------------------

bp.link(services, api, "schedule / get / cancel", figure="peak_tasks")
bp.link(api, store, "insert task (QUORUM)")
bp.link(scanners, etcd, "lease + keepalive")
bp.link(scanners, store, "read due bucket, CAS", figure="scan_qps")
bp.link(scanners, ready, "SendMessageBatch", nature="async", figure="peak_tasks")
bp.link(ready, executors, "receive", nature="async")
bp.link(executors, store, "CAS status, heartbeat")
bp.link(hbctl, store, "find stale RUNNING")
bp.link(hbctl, ready, "re-enqueue", nature="async")
bp.link(hbctl, dlq, "after 5 attempts", nature="async")
bp.link(monitoring, scanners, "scrape lag")

# -- flows -----------------------------------------------------------------------------------------

bp.flow(
    "Schedule",
    [
        (
            services,
            api,
            "A service calls Schedule(type, payload, run_at or cron, dedupe key); the API gives the task "
            "an id and shard = hash(id) mod 64.",
        ),
        (
            api,
            store,
            "It writes the task to tasks_by_id and to partition (shard, minute of run_at) at QUORUM, "
            "status SCHEDULED, and answers with the id.",
            "6 ms",
            "40 ms",
        ),
    ],
    critical=True,
    mode="write",
    description="A task is accepted once 2 of 3 replicas hold it.",
)

bp.flow(
    "Fire",
    [
        (scanners, etcd, "Each scanner keeps its shard leases alive every 3 s (TTL 10 s)."),
        (
            scanners,
            store,
            "Every 1 s, for each shard it owns, it reads the current and the overdue minute buckets for "
            "rows with run_at <= now + 1 s and status SCHEDULED.",
        ),
        (
            scanners,
            store,
            "For each due task, an LWT sets SCHEDULED -> ENQUEUED if the scanner's lease revision is "
            "current; a stale owner's write fails.",
        ),
        (scanners, ready, "It sends the won tasks to the ready queue in batches of 10."),
        (ready, executors, "An executor receives the task when it has a free slot of its 50."),
        (
            executors,
            store,
            "It sets ENQUEUED -> RUNNING, runs the handler with heartbeats every 10 s, and writes SUCCESS; "
            "a cron task also gets its next occurrence inserted.",
        ),
    ],
    description="Polling one bucket per shard per second sets the firing precision: 1 s plus queue time.",
)

bp.flow(
    "Scanner failover",
    [
        (
            scanners,
            etcd,
            "A scanner dies; its leases expire after 10 s and another scanner acquires them with a higher revision.",
        ),
        (
            scanners,
            store,
            "The new owner scans back from the shard's checkpoint bucket, so nothing due while the shard "
            "was unowned is skipped.",
        ),
        (
            scanners,
            ready,
            "It enqueues overdue SCHEDULED rows, and re-sends rows ENQUEUED for over 60 s that no "
            "executor has started.",
        ),
    ],
    description="At-least-once: a task may be enqueued twice, never lost.",
)

bp.flow(
    "Executor lost",
    [
        (
            hbctl,
            store,
            "The heartbeat controller finds RUNNING tasks whose heartbeat is older than 30 s.",
        ),
        (
            hbctl,
            ready,
            "It CASes each to ENQUEUED with attempt + 1 and re-enqueues it with backoff 2^attempt x 10 s.",
        ),
        (hbctl, dlq, "After the 5th attempt the task becomes FAILED and goes to the dead-letter queue."),
    ],
    description="The handler must be idempotent on (task_id, run_at): the lost executor may have finished.",
)

bp.flow(
    "Read task",
    [
        (services, api, "A service asks GetTask(id) or lists its tasks."),
        (api, store, "The API reads tasks_by_id at LOCAL_QUORUM.", "4 ms", "30 ms"),
    ],
    mode="read",
)

bp.flow(
    "Watch lag",
    [(monitoring, scanners, "Prometheus scrapes per-shard firing lag and lease ownership every 15 s.")],
)

# -- scope -----------------------------------------------------------------------------------------

bp.use_case("Service", "schedules a one-off or cron task", mode="write", flow="Schedule")
bp.use_case("Service", "reads a task's status and attempts", mode="read", flow="Read task")
bp.use_case("Scheduler", "fires each due task at least once within 2 s", flow="Fire")
bp.use_case("Operator", "sees firing lag and redrives failed tasks", flow="Watch lag")
bp.out_of_scope("Workflow DAGs between tasks", "Sub-second precision", "Running untrusted user code")

# -- targets ---------------------------------------------------------------------------------------

bp.target("Schedule latency", flow="Schedule", p50="15 ms", p99="80 ms")
bp.target("Read latency", flow="Read task", p50="10 ms", p99="60 ms")
bp.target("Schedule availability", flow="Schedule", availability="99.95%")
bp.target("Durability", flow="Schedule", rpo="0 s", rto="60 s", note="QUORUM writes on RF 3")
bp.target(
    "Firing precision",
    "p99 < 2 s from run_at to an executor starting it",
    note="1 s poll + ~0.1 s SQS + a free executor slot; failover adds up to 15 s for 1/64 of tasks",
)

# -- data model and API ----------------------------------------------------------------------------

bp.table(
    "tasks_by_bucket",
    primary_key="((shard, minute), run_at, task_id)",
    fields=[
        ("shard", "smallint", 2),
        ("minute", "timestamp", 8),
        ("run_at", "timestamp", 8),
        ("task_id", "timeuuid", 16),
        ("type", "text", 24),
        ("status", "tinyint", 1),
        ("attempt", "tinyint", 1),
        ("owner_rev", "bigint, lease revision", 8),
        ("heartbeat_at", "timestamp", 8),
        ("cron", "text", 24),
        ("payload", "blob", 512),
        ("Cassandra cell overhead", "per-column timestamps", 150),
    ],
    indexes=[
        ("partition (shard, minute)", "a scanner reads one small partition per shard per second"),
        ("table tasks_by_id (task_id)", "GetTask and cancel by id without knowing the bucket"),
    ],
    per="task",
    note="TTL 2 days after a terminal status",
)
bp.api(
    "schedules a one-off or cron task",
    'Schedule {"type": "trial.expire", "run_at": "2026-12-01T09:00:00Z", "payload": {...}, "dedupe_key": "t_77"}',
    '{"task_id": "0b9e...", "shard": 17, "status": "SCHEDULED"}',
)

# -- load model ------------------------------------------------------------------------------------

bp.quantity("avg_tasks", "4000 tasks/s", "Average tasks", basis="Planning value; Dropbox ATF ran ~9K tasks/s (2020)")
bp.quantity("peak_factor", "2.5", "Peak over average", basis="Minute-boundary cron bursts (planning value)")
bp.quantity("shards", "64 shards", "Scheduler shards", basis="Topic notes; 8 per scanner")
bp.quantity("polls", "1 req/s/shards", "Polls per shard", basis="1 s firing precision")
bp.quantity("run_time", "0.5 s", "Mean handler run time", basis="Handlers call one internal service")
bp.quantity("slots", "50 tasks", "Slots per executor", basis="I/O-bound handlers, Go")
bp.quantity("utilisation", "70 %", "Executor utilisation target", basis="Headroom for the :00 bursts")
bp.quantity("writes_per_task", "4 rows/tasks", "Store writes per task", basis="Insert, ENQUEUED, RUNNING, SUCCESS")
bp.quantity("copies", "3", "Replication factor", basis="RF 3")
bp.quantity("node_writes", "15000 rows/s", "Writes per Cassandra node", basis="Mixed LWT and plain writes (load test)")
bp.quantity("headroom", "50 %", "Usable node capacity", basis="Compaction and a lost node")
bp.quantity("retention", "2 day", "Finished task retention", basis="TTL for debugging")

bp.derive("peak_tasks", "avg_tasks * peak_factor", "Peak tasks fired", unit="tasks/s")
bp.derive("scan_qps", "shards * polls", "Scanner bucket reads", unit="req/s")
bp.derive("per_shard", "peak_tasks / shards", "Peak tasks per shard", unit="tasks/s/shards")
bp.derive("in_flight", "peak_tasks * run_time", "Tasks running (Little's law)", unit="tasks", section="queues")
bp.derive("executors_needed", "ceil(in_flight / (slots * utilisation))", "Executors", unit="", section="fleet")
bp.derive("row_writes", "peak_tasks * writes_per_task * copies", "Replica writes at peak", unit="rows/s")
bp.derive("store_nodes", "ceil(row_writes / (node_writes * headroom))", "Cassandra nodes", unit="", section="fleet")
bp.derive("daily_tasks", "avg_tasks * day", "Tasks per day", unit="tasks")
bp.derive(
    "storage",
    "avg_tasks * retention * tasks_by_bucket_record * copies * 2",
    "Store size, both tables, RF 3",
    unit="TB",
    section="storage",
)

# -- trade-offs ------------------------------------------------------------------------------------

bp.tradeoff(
    decision="Where future tasks wait",
    chosen="Durable minute buckets in Cassandra, polled per shard",
    rejected="Delay queues (SQS DelaySeconds) or a Redis sorted set alone",
    why=(
        "Tasks are scheduled days ahead but SQS delays stop at 15 min; a Redis ZSET replicates "
        "asynchronously and loses its last writes on failover, against an RPO of 0 at {peak_tasks}"
    ),
    cost="{scan_qps} of bucket reads even when nothing is due, and 1 s precision at best",
    revisit_when="Most tasks are due within 15 min and loss of 1 s of tasks is acceptable",
)
bp.tradeoff(
    decision="Who scans",
    chosen="64 shards leased through etcd to 8 scanners",
    rejected="One leader scanner with a hot standby",
    why=(
        "A single leader must CAS and enqueue all {peak_tasks}; its failover stalls every task; with "
        "leases a dead scanner delays {per_shard} per shard, 1/64 of the load"
    ),
    cost="A lease protocol with fencing revisions, and a fixed shard count chosen up front",
    revisit_when="Any shard passes 1K tasks/s; then split to 256 shards (new tasks only)",
)
bp.tradeoff(
    decision="Firing exactly at :00",
    chosen="Enqueue up to 1 s early and let cron tasks opt into 0-30 s jitter",
    rejected="Fire every task exactly on its second",
    why=(
        "Cron specs bunch at minute boundaries, giving the 2.5x peak of {peak_tasks}; 30 s jitter "
        "spreads a minute's burst, and {executors_needed} executors size for the peak"
    ),
    cost="Tasks may start up to 1 s before run_at and opted-in tasks up to 30 s late",
    revisit_when="Fewer than 10% of tasks are cron, so bursts fall under 1.5x the average",
)
bp.tradeoff(
    decision="Delivery guarantee",
    chosen="At least once, with idempotent handlers keyed by (task_id, run_at)",
    rejected="Exactly-once firing through a transaction across store, queue and handler",
    why=(
        "An executor can finish a task and die before writing SUCCESS; no protocol spans SQS, Cassandra "
        "and the handler's side effects at {peak_tasks}"
    ),
    cost="Every handler owner must dedupe; about 0.1% of tasks run twice after failovers",
    revisit_when="Duplicate runs exceed 1% of tasks or a handler cannot be made idempotent",
)

# -- failure modes ---------------------------------------------------------------------------------

bp.failure(
    failure="A scanner crashes",
    detection="Shard unowned > 10 s; per-shard firing lag > 5 s",
    blast_radius="Its 8 shards (1/8 of tasks) fire late; nothing is lost",
    mitigation="Leases expire in 10 s, others take them and scan back from the checkpoint; recovered in 15 s",
)
bp.failure(
    failure="An executor dies mid-task",
    detection="Heartbeat older than 30 s on RUNNING rows",
    blast_radius="Up to 50 tasks in flight on it",
    mitigation="The heartbeat controller re-enqueues them with attempt + 1; rerun within 45 s",
)
bp.failure(
    failure="A stale scanner keeps running after losing its lease (GC pause)",
    detection="LWT rejections for stale owner_rev > 0",
    blast_radius="Nothing: its CAS fails, so it enqueues no duplicates",
    mitigation="The fencing revision rejects its writes; it exits and re-joins within 10 s",
)
bp.failure(
    failure="Cassandra node lost",
    detection="Node down in gossip; write p99 > 100 ms for 2 min",
    blast_radius="None while 2 of 3 replicas answer; LWT latency rises",
    mitigation="Replace the node and stream data back; no pause; rebuilt in about 2 h",
)
bp.failure(
    failure="etcd loses quorum",
    detection="etcd leader missing > 5 s; lease keepalive errors",
    blast_radius="No lease renews: after 10 s every scanner stops and firing halts",
    mitigation="Restore the third member or from snapshot; tasks wait in buckets, none lost; recovered in 5 min",
)

# -- scaling path ----------------------------------------------------------------------------------

bp.scaling(
    at="10x (100K tasks/s)",
    breaks="Per-shard load reaches 10 x {per_shard}, over the 1K tasks/s per-shard threshold; store 10x",
    next_move="Move to 1,024 shards for new tasks, ~160 Cassandra nodes, executors autoscaled on queue age",
)
bp.scaling(
    at="100x (1M tasks/s)",
    breaks="LWTs at 1M tasks/s make Paxos rounds the cost; SQS per-type queues fan out widely",
    next_move="Replace LWT with a per-shard single writer (no Paxos), batch enqueue to Kafka, cells per region",
)

# -- references ------------------------------------------------------------------------------------

bp.reference(
    "Dropbox: Async Task Framework at Dropbox",
    "Frontend, task store, store consumer, SQS, controller, executor and heartbeats; 9K tasks/s",
    url="https://dropbox.tech/infrastructure/asynchronous-task-scheduling-at-dropbox",
)
bp.reference(
    "etcd documentation: lease API",
    "TTL leases with keepalive, used for shard ownership",
    url="https://etcd.io/docs/v3.5/learning/api/",
)
bp.reference(
    "Apache Cassandra documentation: lightweight transactions",
    "IF conditions for compare-and-set on task status",
    url="https://cassandra.apache.org/doc/latest/cassandra/developing/cql/dml.html",
)
bp.reference(
    "Amazon SQS Developer Guide: delay queues",
    "The 15 min maximum delay that rules SQS out as the store of future tasks",
    url="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-delay-queues.html",
)
bp.reference(
    "Martin Kleppmann: How to do distributed locking (2016)",
    "Fencing tokens against a paused lease holder",
    url="https://martin.kleppmann.com/2016/02/08/how-to-do-distributed-locking.html",
)

bp.key_numbers("peak_tasks", "scan_qps", "executors_needed", "store_nodes", "storage")

BLUEPRINT = bp.build()
