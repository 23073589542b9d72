"""On-demand code execution, part 1 of 2: the happy path of running strangers' code. A submission is
stored (code in S3, a job row in Postgres) and queued on its language's lane; a dispatcher leases a warm
Firecracker microVM on one of ~50 bare-metal hosts, the host agent injects the code, runs it under cgroup
limits with no network, streams the verdict back over SSE, then destroys the microVM and restores a fresh
one from the language's memory snapshot. Part 1 is about the event-driven workers, the sandbox and the
warm pool. Part 2 (code-execution-p2) is the same system with the same component names (Submit API, Jobs
DB, Run queues, Dispatcher, Host agent, Firecracker microVM) seen from its failure side: the layered
guest hardening, host-loss leases, infra-only retries and the dead-letter queue, which this part leaves out.
"""

from __future__ import annotations

from kit import Blueprint, single_writer

bp = Blueprint(
    "code-execution-p1",
    title="On-Demand Code Execution System (Part 1)",
    category="code-execution",
    learn="Event-driven workers, sandboxing, isolation",
    promise=(
        "Run 1,000 untrusted submissions/s at peak, each in a fresh Firecracker microVM that no other user "
        "ever touches, acknowledged in < 300 ms at p99 and with the verdict back in < 6 s at p99."
    ),
)

# -- components ---------------------------------------------------------------------------------------

coder = bp.component(
    "coder",
    "web-client",
    "Coder's browser",
    tech="Web IDE",
    responsibility="Sends code and stdin, then listens on an SSE stream for the verdict.",
)
gateway = bp.component(
    "gateway",
    "api-gateway",
    "API gateway",
    tech="Envoy",
    replicas=4,
    responsibility="Terminates TLS, checks the session and caps each user at 2 runs/s.",
)
events = bp.component(
    "events",
    "realtime-gateway",
    "Result stream",
    tech="Go SSE gateway",
    replicas=4,
    responsibility="Holds one SSE connection per waiting coder and relays job:{id} messages to it.",
)

with bp.group("Control plane", kind="tier"):
    submit = bp.component(
        "submit",
        "service",
        "Submit API",
        tech="Go",
        replicas=6,
        responsibility="Validates language and size (<= 64 KB), stores the code, writes the job, enqueues it.",
    )
    dispatcher = bp.component(
        "dispatcher",
        "service",
        "Dispatcher",
        lane="async",
        tech="Go",
        replicas=3,
        responsibility=(
            "Pulls from the language lanes and places each job on a host that has a warm microVM of that "
            "language, weighting lanes so a slow compiler cannot starve Python."
        ),
    )

queues = bp.component(
    "queues",
    "queue",
    "Run queues",
    tech="Amazon SQS, one queue per language",
    managed="AWS",
    availability=0.999,
    responsibility="One lane per language (py, cpp, java, js, go, ...), visibility timeout 30 s.",
)

with bp.group("Worker host (c6g.metal, 1 of 50)", kind="cell"):
    agent = bp.component(
        "agent",
        "worker",
        "Host agent",
        tech="Rust daemon + jailer",
        replicas=50,
        responsibility=(
            "Leases a warm microVM, injects code over vsock, enforces 2 s CPU / 5 s wall / 256 MB, "
            "collects stdout (1 MB cap), exit code, time and memory, then destroys the VM."
        ),
    )
    sandbox = bp.component(
        "sandbox",
        "sandbox",
        "Firecracker microVM",
        tech="Firecracker 1 vCPU / 256 MB",
        replicas=60,
        responsibility="One guest kernel per run, no network device, read-only rootfs; never reused.",
    )
    pool = bp.component(
        "pool",
        "sandbox",
        "Warm pool",
        tech="Firecracker snapshot restore",
        replicas=8,
        role="background",
        responsibility="Keeps paused microVMs per language restored from a snapshot, ready in < 10 ms.",
    )

with bp.group("State", kind="cluster"):
    code = bp.component(
        "code",
        "object-store",
        "Code + output",
        tech="Amazon S3",
        managed="AWS",
        availability=0.9999,
        responsibility="code/{job_id} and out/{job_id}, 30-day lifecycle rule.",
    )
    jobs = bp.component(
        "jobs",
        "relational-db",
        "Jobs DB",
        tech="Postgres 16 + Patroni",
        replicas=3,
        topology=single_writer(sync_standbys=1, async_standbys=1, failover="30 s"),
        responsibility="One row per job: state QUEUED -> RUNNING -> DONE, host, limits used, verdict.",
    )
    bus = bp.component(
        "bus",
        "pubsub",
        "Result bus",
        tech="Redis 7 pub/sub",
        replicas=3,
        topology=single_writer(async_standbys=2, failover="15 s"),
        responsibility="Channel job:{id}; a missed message is recovered by a GET on the job row.",
    )
    snapshots = bp.component(
        "snapshots",
        "object-store",
        "VM snapshots",
        tech="Amazon S3 + local NVMe copy",
        managed="AWS",
        availability=0.9999,
        responsibility="One memory + disk snapshot per language image, rebuilt on each runtime release.",
    )

# -- links --------------------------------------------------------------------------------------------

bp.link(coder, gateway, "POST /runs", figure="peak_runs")
bp.link(gateway, submit, "create run")
bp.link(submit, code, "PUT code")
bp.link(submit, jobs, "INSERT job QUEUED")
bp.link(submit, queues, "send {job_id}", nature="async")
bp.link(dispatcher, queues, "ReceiveMessage (long poll)")
bp.link(dispatcher, agent, "place on host")
bp.link(agent, code, "GET code / PUT out")
bp.link(agent, sandbox, "run")
bp.link(agent, jobs, "verdict")
bp.link(agent, bus, "PUBLISH", nature="async")
bp.link(events, bus, "SUBSCRIBE job:{id}")
bp.link(coder, events, "GET /runs/{id}/events")
bp.link(agent, pool, "take / refill")
bp.link(pool, snapshots, "restore", nature="replication")

# -- flows --------------------------------------------------------------------------------------------

bp.flow(
    "Submit",
    [
        (coder, gateway, "POST /runs with language, source and stdin, plus an Idempotency-Key.", "40 ms", "150 ms"),
        (
            gateway,
            submit,
            "The gateway checks the session and the 2 runs/s limit, and forwards.",
            "2 ms",
            "10 ms",
        ),
        (submit, code, "The Submit API writes the source to code/{job_id}.", "20 ms", "80 ms"),
        (
            submit,
            jobs,
            "It inserts the job as QUEUED; a repeated Idempotency-Key returns the first job_id.",
            "4 ms",
            "25 ms",
        ),
        (
            submit,
            queues,
            "It sends {job_id, language} to the language's queue and answers 202 with the job_id.",
            "8 ms",
            "30 ms",
        ),
    ],
    critical=True,
    mode="write",
    description="Everything durable happens before the 202: a crash after it loses nothing.",
)

bp.flow(
    "Execute",
    [
        (
            dispatcher,
            queues,
            "The dispatcher long-polls the lanes, taking a batch of up to 10 from each in weighted turn.",
            "20 ms",
            "200 ms",
        ),
        (
            dispatcher,
            agent,
            "It picks the least-loaded host that reports a warm microVM of the language and hands it the job.",
            "3 ms",
            "15 ms",
        ),
        (agent, code, "The agent fetches the source from S3.", "15 ms", "60 ms"),
        (
            agent,
            sandbox,
            "It takes a paused microVM, copies the source in over vsock, compiles, runs it in a cgroup with "
            "2 s CPU, 5 s wall and 256 MB, and reads back stdout, exit code, CPU time and peak memory.",
            "900 ms",
            "5 s",
        ),
        (agent, code, "Output beyond 4 KB goes to out/{job_id}, capped at 1 MB.", "15 ms", "60 ms"),
        (agent, jobs, "It writes the verdict and moves the job to DONE.", "4 ms", "25 ms"),
        (agent, bus, "It publishes the verdict on job:{id}.", "1 ms", "5 ms"),
        (
            events,
            bus,
            "The SSE gateway holding that job's stream, subscribed since submit, receives it.",
            "1 ms",
            "5 ms",
        ),
        (coder, events, "The browser's open SSE stream delivers the verdict.", "30 ms", "120 ms"),
    ],
    critical=True,
    mode="read",
    description=(
        "Event-driven: nothing polls the database; the queue wakes the dispatcher and pub/sub wakes the "
        "browser. The run itself is most of the budget."
    ),
)

bp.flow(
    "Recycle",
    [
        (
            agent,
            pool,
            "After the run the agent kills the VMM process, deletes its tap-less jail directory and "
            "cgroup, and asks the pool for a replacement of the same language.",
            "5 ms",
            "20 ms",
        ),
        (
            pool,
            snapshots,
            "The pool restores a new microVM from the language's snapshot on local NVMe, mapping guest "
            "memory copy-on-write, and pauses it until the next job.",
            "10 ms",
            "40 ms",
        ),
    ],
    description="Isolation by construction: a microVM runs exactly one job, so no state leaks between users.",
)

# -- scope --------------------------------------------------------------------------------------------

bp.use_case("Coder", "submits code in one of 12 languages to run with stdin", mode="write", flow="Submit")
bp.use_case("Coder", "receives stdout, exit code, CPU time and memory of the run", mode="read", flow="Execute")
bp.use_case("Platform", "runs every job in a fresh microVM, never shared across users", flow="Recycle")
bp.use_case("Operator", "publishes a new language image and its snapshot")
bp.out_of_scope(
    "Guest hardening, host-loss recovery, retries and the dead-letter queue (part 2)",
    "Judging against hidden tests and scoring (coding-contest-leaderboard)",
    "Interactive terminals and long-running notebooks",
    "Network access from user code",
)

# -- targets ------------------------------------------------------------------------------------------

bp.target("Acknowledge", flow="Submit", p50="100 ms", p99="300 ms", availability="99.9%", rpo="0 s", rto="60 s")
bp.target(
    "Verdict",
    flow="Execute",
    p50="1.1 s",
    p99="6 s",
    note="From dequeue to the browser; the 5 s wall-clock cap is most of the p99",
)
bp.target(
    "Isolation",
    "0 microVMs reused across jobs; 0 network devices in guests",
    note="Enforced by the agent: destroy after every run",
)
bp.target("Throughput", flow="Execute", throughput="1000 tasks/s", capacity="fleet_rate")

# -- load model ---------------------------------------------------------------------------------------

bp.quantity(
    "coders",
    "2e6 users",
    "Daily active coders",
    basis="Planning value for a LeetCode-class practice site in 2026 (assume); scale linearly",
)
bp.quantity("runs_per_coder", "15 tasks/users/day", "Runs per coder per day", basis="Run + submit clicks (assume)")
bp.quantity("peak_factor", "3", "Peak factor", basis="Evening peak in the busiest time zone over the day average")
bp.quantity(
    "occupancy",
    "2 s",
    "MicroVM time per run",
    basis="Mean of take + compile + run + teardown; the 2 s CPU cap bounds the run (assume)",
)
bp.quantity(
    "vm_per_host",
    "60 tasks/nodes",
    "MicroVMs per host",
    basis="c6g.metal: 64 vCPU, 128 GiB; 1 vCPU per VM, 4 vCPU kept for the agent and VMM threads",
)
bp.quantity("headroom", "0.7", "Usable fraction of a host", basis="30% headroom for a lost zone and bursts")
bp.quantity(
    "refill_time",
    "0.2 s",
    "Time to restore a warm microVM",
    basis="Snapshot restore plus page-in, planning value; a cold boot is ~125 ms to the guest's init",
)
bp.quantity(
    "create_rate",
    "5 tasks/s",
    "MicroVM creations per core per second",
    basis="Firecracker design spec: up to 5 microVMs per host core per second",
)
bp.quantity("cores", "64 1/nodes", "Cores per host", basis="c6g.metal")
bp.quantity("tx_per_job", "3 tx/task", "Postgres writes per job", basis="INSERT, RUNNING, DONE")
bp.quantity("pg_budget", "10000 tx/s", "Postgres write budget", basis="One primary with a synchronous standby")
bp.quantity("out_bytes", "2 KB/task", "Mean output kept", basis="Most runs print little; 1 MB cap (assume)")
bp.quantity("code_bytes", "4 KB/task", "Mean source size", basis="64 KB cap; typical solutions are 1-8 KB (assume)")
bp.quantity("retention", "30 day", "Code and output retention", basis="History page shows the last 30 days")
bp.quantity("row_retention", "90 day", "Job row retention", basis="Usage reports are quarterly")
bp.quantity("vm_mem", "261 MB/task", "Memory per warm microVM", basis="256 MB guest + < 5 MiB VMM overhead")
bp.quantity("sse_hold", "3 s", "SSE connection held per run", basis="Opened at submit, closed at the verdict")
bp.table(
    "jobs",
    primary_key="job_id (UUIDv7)",
    fields=[
        ("job_id", "uuid", 16),
        ("user_id", "bigint", 8),
        ("language", "smallint", 2),
        ("state", "smallint", 2),
        ("host_id", "int", 4),
        ("idempotency_key", "uuid", 16),
        ("created_at", "timestamptz", 8),
        ("finished_at", "timestamptz", 8),
        ("exit_code", "smallint", 2),
        ("cpu_ms, wall_ms, mem_kb", "3 x int", 12),
        ("stdout_head", "text (first 4 KB, avg)", 300),
        ("row header", "Postgres tuple header", 24),
    ],
    indexes=[
        ("(user_id, idempotency_key) UNIQUE", "a retried POST returns the first job instead of running twice"),
        ("(user_id, created_at DESC)", "the coder's run history page"),
        ("(state, created_at) WHERE state <> 'DONE'", "operators find stuck jobs without scanning history"),
    ],
    per="task",
)
bp.api(
    "submits code in one of 12 languages to run with stdin",
    'POST /runs\nIdempotency-Key: 7f3a...\n{"language": "python3.12", "source": "print(input())", "stdin": "42"}',
    '202 Accepted\n{"job_id": "0192f1...", "events": "/runs/0192f1.../events"}',
)

bp.derive("avg_runs", "coders * runs_per_coder", "Runs, day average", unit="tasks/s")
bp.derive("peak_runs", "avg_runs * peak_factor", "Runs at peak", unit="tasks/s")
bp.derive("busy_vms", "peak_runs * occupancy", "Busy microVMs at peak (Little's law)", unit="tasks", section="queues")
bp.derive("hosts", "ceil(busy_vms / (vm_per_host * headroom))", "Worker hosts", unit="nodes", section="fleet")
bp.derive("fleet_rate", "hosts * vm_per_host / occupancy", "Fleet capacity", unit="tasks/s")
bp.derive(
    "warm_needed", "peak_runs * refill_time", "Warm microVMs in refill (Little's law)", unit="tasks", section="queues"
)
bp.derive("host_take", "peak_runs / hosts", "MicroVMs taken per host", unit="tasks/s/nodes")
bp.derive("host_create", "create_rate * cores", "MicroVM creation capacity per host", unit="tasks/s/nodes")
bp.derive("pool_mem", "warm_needed * 2 * vm_mem", "Warm-pool memory, fleet, 2x cover", unit="GB", section="memory")
bp.derive("pg_tx", "peak_runs * tx_per_job", "Postgres writes at peak", unit="tx/s")
bp.derive("pg_load", "pg_tx / pg_budget", "Postgres utilisation", unit="%", section="fleet")
bp.derive("s3_storage", "avg_runs * (code_bytes + out_bytes) * retention", "S3 code + output, 30 days", unit="TB")
bp.derive("row_storage", "avg_runs * jobs_record * row_retention", "Job rows, 90 days", unit="GB")
bp.derive("sse_open", "peak_runs * sse_hold", "Open SSE streams at peak (Little's law)", unit="tasks", section="queues")

# -- trade-offs ---------------------------------------------------------------------------------------

bp.tradeoff(
    decision="Isolation boundary",
    chosen="Firecracker microVM per run (KVM hardware boundary, own guest kernel)",
    rejected="gVisor containers (user-space kernel) or plain containers with seccomp (shared host kernel)",
    why=(
        "Code is hostile by default; a container escape needs one host-kernel bug, a microVM escape needs a "
        "KVM or VMM bug as well. VMM overhead is < 5 MiB per VM, so {busy_vms} cost ~2% extra memory"
    ),
    cost="Bare-metal hosts ({hosts} c6g.metal) instead of cheap shared VMs; guest images to build per language",
    revisit_when="if bare-metal capacity is short or runs drop under 100 ms, where gVisor's faster start wins",
)
bp.tradeoff(
    decision="Warm pool vs boot on demand",
    chosen="Per-language pools of paused microVMs restored from snapshots, ~2x the refill demand",
    rejected="Boot a microVM and start the language runtime per job",
    why=(
        "A JVM or .NET runtime takes 0.5-1.5 s to warm; restore skips it. Cover is {warm_needed} in refill "
        "at peak, costing {pool_mem} of RAM across the fleet"
    ),
    cost="RAM held idle, snapshot rebuilds on each runtime release, and a pool to rebalance across 12 languages",
    revisit_when="if pool memory exceeds 10% of fleet RAM or a language's p50 start without a pool is < 150 ms",
)
bp.tradeoff(
    decision="Fresh sandbox vs reuse",
    chosen="Destroy every microVM after one run and restore a new one",
    rejected="Reuse a VM for the same user's next runs after wiping /tmp",
    why=(
        "Reuse saves one restore (~{refill_time}) but any state a run leaves (files, a forked daemon, a "
        "poisoned cache) reaches the next run; {host_take} per host is ~7% of its {host_create} creation rate"
    ),
    cost="One restore per run and its CPU, about 1% of a host",
    revisit_when="if take rate per host passes 50% of the creation rate (~160 runs/s per host)",
)
bp.tradeoff(
    decision="Per-language lanes",
    chosen="One SQS queue per language, drained in weighted turn by the dispatcher",
    rejected="One shared FIFO queue for all jobs",
    why=(
        "A C++ template bomb compiling for 5 s must not stall Python jobs behind it; with one queue the "
        "p99 of short languages follows the slowest compile, not their own mean of {occupancy}"
    ),
    cost="12 queues to watch and a weighting to tune; a cold language keeps a small idle pool",
    revisit_when="if more than 30 languages are offered, then group languages into 4 lanes by run-time class",
)

# -- failure modes ------------------------------------------------------------------------------------

bp.failure(
    failure="A worker host dies with ~60 runs in flight",
    detection="agent heartbeat missing for 15 s; SQS ApproximateAgeOfOldestMessage > 10 s",
    blast_radius="the ~60 runs on that host (1 of {hosts}); their messages are not deleted yet",
    mitigation=(
        "SQS redelivers after the 30 s visibility timeout and another host runs them; the coder waits "
        "< 40 s more (part 2 adds leases and attempt numbers)"
    ),
)
bp.failure(
    failure="Warm pool for one language runs dry (release storm, snapshot missing)",
    detection="pool depth for a language = 0 on > 20% of hosts for 30 s; take latency p99 > 500 ms",
    blast_radius="that language only: its runs fall back to a cold boot and wait up to +1.5 s",
    mitigation="cold-boot fallback, pull the snapshot from S3 again; pools refill within 60 s",
)
bp.failure(
    failure="Jobs DB primary fails",
    detection="Patroni loses the leader key; write errors > 1% for 5 s",
    blast_radius="all submits and verdict writes; running VMs keep running and the agent buffers verdicts",
    mitigation="Patroni promotes the synchronous standby (RPO 0) in ~30 s; agents replay buffered verdicts",
)
bp.failure(
    failure="Result bus (Redis pub/sub) loses messages during failover",
    detection="SSE streams waiting > 10 s after the job is DONE; Redis failover event",
    blast_radius="coders waiting during the ~15 s failover see no push",
    mitigation="the SSE gateway re-reads the job row on reconnect and every 5 s while waiting; < 20 s",
)

# -- scaling path -------------------------------------------------------------------------------------

bp.scaling(
    at="10x (10,000 runs/s)",
    breaks=(
        "Postgres first: 10 x {pg_tx} is 3x one primary's budget; the fleet grows to ~10 x {hosts} hosts, "
        "and the dispatcher's placement map gets hot"
    ),
    next_move="shard the Jobs DB by job_id hash (4 shards); shard dispatchers by language, each owning its hosts",
)
bp.scaling(
    at="100x (100,000 runs/s)",
    breaks="one region's bare-metal capacity (~5,000 hosts) and S3 PUT rate per prefix",
    next_move="cells of ~200 hosts each with their own queues and Jobs DB, across regions; hash-spread S3 keys",
)

# -- references ---------------------------------------------------------------------------------------

bp.reference(
    "Agache et al.: Firecracker: Lightweight Virtualization for Serverless Applications (NSDI 2020)",
    "The microVM design behind Lambda: < 5 MiB overhead, ~125 ms boot, density per host.",
    url="https://www.usenix.org/conference/nsdi20/presentation/agache",
)
bp.reference(
    "Firecracker: design and specification",
    "Jailer, seccomp filters on the VMM, and the create-rate figure used here.",
    url="https://github.com/firecracker-microvm/firecracker/blob/main/docs/design.md",
)
bp.reference(
    "Firecracker: snapshot support",
    "Saving and restoring a microVM's memory and device state, the basis of the warm pool.",
    url="https://github.com/firecracker-microvm/firecracker/blob/main/docs/snapshotting/snapshot-support.md",
)
bp.reference(
    "gVisor documentation: What is gVisor?",
    "The user-space kernel alternative weighed in the isolation trade-off.",
    url="https://gvisor.dev/docs/",
)
bp.reference(
    "Amazon SQS: visibility timeout",
    "Why an unacknowledged job comes back to another worker.",
    url="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html",
)
bp.reference(
    "Judge0: open-source online code execution system",
    "A public judge with per-language images and isolate-based sandboxes, for comparison.",
    url="https://github.com/judge0/judge0",
)

bp.key_numbers("peak_runs", "busy_vms", "hosts", "warm_needed", "pg_tx")

BLUEPRINT = bp.build()
