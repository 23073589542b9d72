"""On-demand code execution, part 2 of 2: the same system as part 1 (code-execution-p1), seen from the side
of what goes wrong. Part 1 drew the happy path (Submit API, Jobs DB, Run queues, Dispatcher, Host agent,
Firecracker microVM, warm pool); part 2 keeps those names and adds what makes a hostile run safe and a lost
run recoverable: the guest boundary in layers (microVM + seccomp-bpf on the VMM + read-only rootfs +
non-root + cgroup pids/memory/CPU + a wall-clock watchdog + an output cap, no network except a deny-by-default
egress proxy), a job state machine with host leases renewed every 5 s, a reaper that requeues jobs whose
lease lapsed with attempt+1, infra-only retries with backoff, a dead-letter queue and an abuse detector.
The submit and result-streaming path of part 1 is folded into the Submit API here on purpose: the flows
below are the failure workflows, not a repeat of part 1.
"""

from __future__ import annotations

from kit import Blueprint, quorum, single_writer

bp = Blueprint(
    "code-execution-p2",
    title="On-Demand Code Execution System (Part 2)",
    category="code-execution",
    learn="Secure execution, retries, failure workflows",
    promise=(
        "Contain every hostile run in a microVM wrapped in seccomp, cgroup and read-only, non-root limits "
        "with no egress outside an allow-list, detect a lost host within 35 s, "
        "and finish 99.9999% of jobs despite 0.5% infrastructure faults by retrying only infra failures, "
        "at most 3 times, with one verdict per (job, attempt)."
    ),
)

# -- components ---------------------------------------------------------------------------------------

coder = bp.component(
    "coder",
    "web-client",
    "Coder's browser",
    tech="Web IDE",
    responsibility="Submits code; receives a verdict or an explicit 'system error, retrying' status.",
)
oncall = bp.component(
    "oncall",
    "operator",
    "On-call engineer",
    tech="Runbook + redrive CLI",
    responsibility="Inspects dead-lettered jobs, fixes the cause, redrives them.",
)

with bp.group("Control plane", kind="tier"):
    submit = bp.component(
        "submit",
        "service",
        "Submit API",
        tech="Go (part 1's submit path)",
        replicas=6,
        responsibility="Stores code and the QUEUED job, enqueues; serves GET /runs/{id} from the job row.",
    )
    reaper = bp.component(
        "reaper",
        "worker",
        "Lease reaper",
        tech="Go, every 5 s, leader-elected",
        replicas=2,
        responsibility="Finds RUNNING jobs whose lease lapsed, bumps attempt and requeues or dead-letters them.",
    )
    dispatcher = bp.component(
        "dispatcher",
        "service",
        "Dispatcher",
        lane="async",
        tech="Go",
        replicas=3,
        responsibility="Places jobs on hosts; moves a job to RUNNING with (host_id, attempt, lease_until).",
    )

with bp.group("Messaging", kind="cluster"):
    queues = bp.component(
        "queues",
        "queue",
        "Run queues",
        tech="Amazon SQS, one queue per language",
        managed="AWS",
        availability=0.999,
        responsibility="As in part 1; retries re-enter with DelaySeconds = backoff.",
    )
    dlq = bp.component(
        "dlq",
        "queue",
        "Dead-letter queue",
        tech="Amazon SQS, 14-day retention",
        managed="AWS",
        availability=0.999,
        responsibility="Jobs that failed on infrastructure 3 times; never retried automatically.",
    )
    telemetry = bp.component(
        "telemetry",
        "stream",
        "Run telemetry",
        tech="Kafka, RF 3",
        replicas=3,
        topology=quorum(3, failover="10 s"),
        responsibility="Per-run CPU, syscalls denied, pids hit, egress attempts, exit class.",
    )

with bp.group("Worker host (c6g.metal)", kind="zone"):
    with bp.group("Untrusted guest", kind="zone"):
        sandbox = bp.component(
            "sandbox",
            "sandbox",
            "Firecracker microVM",
            tech="Firecracker + seccomp-bpf",
            replicas=60,
            responsibility=(
                "Runs as uid 1000 on a read-only rootfs with a 64 MB tmpfs; cgroup pids.max=64, "
                "memory.max=256M, cpu.max 1 core; VMM jailed with seccomp."
            ),
        )
    agent = bp.component(
        "agent",
        "worker",
        "Host agent",
        tech="Rust daemon + jailer",
        replicas=50,
        responsibility=(
            "Renews the host's leases every 5 s, classifies each end as user fault or infra fault, writes "
            "the verdict only for its (job_id, attempt)."
        ),
    )

egress = bp.component(
    "egress",
    "service-mesh",
    "Egress proxy",
    tech="Envoy, deny by default",
    replicas=3,
    lane="external",
    responsibility="The only route out; allows just the package mirror for install steps, logs every attempt.",
)

with bp.group("State", kind="cluster"):
    jobs = bp.component(
        "jobs",
        "relational-db",
        "Jobs DB",
        tech="Postgres 16 + Patroni",
        replicas=3,
        topology=single_writer(sync_standbys=1, async_standbys=1, failover="30 s"),
        responsibility="Job state machine and leases; verdicts land only WHERE job_id AND attempt match.",
    )
abuse = bp.component(
    "abuse",
    "stream-processor",
    "Abuse detector",
    tech="Go consumer, windows in memory",
    replicas=3,
    role="background",
    responsibility="Flags mining, fork bombs and scanning per user; suspends accounts over the threshold.",
)
audit = bp.component(
    "audit",
    "audit-log",
    "Audit log",
    tech="S3 Object Lock",
    managed="AWS",
    availability=0.9999,
    responsibility="Append-only record of suspensions, redrives and policy changes, 1 year.",
)
alerts = bp.component(
    "alerts",
    "alerting",
    "Alerting",
    tech="Prometheus + PagerDuty",
    replicas=2,
    responsibility="Pages on DLQ depth, lease-expiry bursts and detector hits.",
)

# -- links --------------------------------------------------------------------------------------------

bp.link(coder, submit, "POST /runs, GET /runs/{id}")
bp.link(submit, jobs, "INSERT / read job")
bp.link(submit, queues, "send {job_id, attempt}", nature="async")
bp.link(queues, dispatcher, "receive", nature="async")
bp.link(dispatcher, jobs, "claim: RUNNING, lease")
bp.link(dispatcher, agent, "start (job, attempt)")
bp.link(agent, sandbox, "run")
bp.link(sandbox, egress, "allow-listed only")
bp.link(agent, jobs, "renew / verdict if attempt", figure="lease_tx")
bp.link(agent, telemetry, "run facts", nature="stream")
bp.link(telemetry, abuse, "per-user windows", nature="stream")
bp.link(abuse, audit, "suspension")
bp.link(reaper, jobs, "find lapsed leases")
bp.link(reaper, queues, "requeue attempt+1", nature="async")
bp.link(reaper, dlq, "after 3 infra faults", nature="async")
bp.link(dlq, alerts, "depth > 0", nature="async")
bp.link(oncall, dlq, "redrive")
bp.link(oncall, audit, "redrive record")

# -- flows --------------------------------------------------------------------------------------------

bp.flow(
    "Contained run",
    [
        (
            dispatcher,
            jobs,
            "The dispatcher claims the job: UPDATE ... SET state='RUNNING', host_id, attempt, lease_until = "
            "now()+30 s WHERE job_id AND state='QUEUED'.",
            "4 ms",
            "25 ms",
        ),
        (dispatcher, agent, "It hands (job_id, attempt) to the host's agent.", "3 ms", "15 ms"),
        (
            agent,
            sandbox,
            "The guest runs the code as non-root on a read-only rootfs; the cgroup caps pids at 64, memory "
            "at 256 MB and CPU at 2 s, a watchdog kills it at 5 s wall, output stops at 1 MB.",
            "900 ms",
            "5 s",
        ),
        (
            sandbox,
            egress,
            "Any connection leaves only through the proxy, which refuses all but the package mirror and "
            "counts the refusals.",
            "1 ms",
            "10 ms",
        ),
        (
            agent,
            jobs,
            "The agent classifies the end (OK, compile error, TLE, MLE, runtime error) as a user verdict and "
            "writes it WHERE job_id AND attempt = :attempt AND state='RUNNING'; 0 rows means a newer attempt won.",
            "4 ms",
            "25 ms",
        ),
        (agent, telemetry, "It emits the run's facts: CPU, memory, pids peak, denied syscalls, egress refusals."),
        (telemetry, abuse, "The detector keeps per-user windows of those facts."),
        (
            abuse,
            audit,
            "Over a threshold (e.g. 90% of CPU caps hit across 50 runs in 10 min, or egress refusals) it "
            "suspends the user and records why.",
        ),
    ],
    critical=True,
    mode="write",
    description="User faults are verdicts, not errors: they end the job at once and are never retried.",
)

bp.flow(
    "Host lost",
    [
        (
            agent,
            jobs,
            "Every 5 s each agent renews all its leases in one UPDATE ... SET lease_until = now()+30 s "
            "WHERE host_id = :me AND state='RUNNING'; a dead host stops renewing.",
        ),
        (
            reaper,
            jobs,
            "Every 5 s the reaper selects RUNNING rows with lease_until < now() FOR UPDATE SKIP LOCKED, "
            "sets state='QUEUED' and attempt = attempt + 1 if the job's infra faults are under 3.",
        ),
        (
            reaper,
            queues,
            "It sends {job_id, attempt} back to the language lane with DelaySeconds of 1, 4, then 16 s.",
        ),
        (
            queues,
            dispatcher,
            "The dispatcher receives it and avoids the host that failed (it is marked draining).",
        ),
        (
            dispatcher,
            agent,
            "Another host runs it; if the old host comes back, its late verdict matches no row (attempt moved on).",
        ),
    ],
    description="Detection within 30 s lease + 5 s scan; the conditional write makes a zombie's verdict harmless.",
)

bp.flow(
    "Dead letter",
    [
        (reaper, dlq, "A job whose third attempt also ends on an infra fault is set FAILED_SYSTEM and dead-lettered."),
        (dlq, alerts, "Any DLQ message pages on-call, with the job's attempts and hosts."),
        (
            oncall,
            dlq,
            "After the fix (image, host, kernel) on-call redrives the messages; each re-enters with "
            "attempt reset to 1.",
        ),
        (oncall, audit, "The redrive and its reason are recorded."),
    ],
    description="No silent loss: a job ends with a verdict, FAILED_SYSTEM shown to the coder, or a human decision.",
)

bp.flow(
    "Status read",
    [
        (coder, submit, "GET /runs/{id} when the result stream dropped or the coder reloads.", "40 ms", "150 ms"),
        (submit, jobs, "Reads state, attempt and verdict from the job row (a standby serves it).", "2 ms", "15 ms"),
    ],
    mode="read",
    description="The job row is the truth the coder sees: QUEUED, RUNNING (attempt n), a verdict or FAILED_SYSTEM.",
)

# -- scope --------------------------------------------------------------------------------------------

bp.use_case("Coder", "runs hostile or buggy code and gets a verdict, not an outage", mode="write", flow="Contained run")
bp.use_case("Coder", "sees the job's state, attempt and verdict", mode="read", flow="Status read")
bp.use_case("Platform", "reruns jobs lost with a host on another host", flow="Host lost")
bp.use_case("Operator", "redrives dead-lettered jobs after a fix", mode="write", flow="Dead letter")
bp.use_case("Platform", "suspends users whose runs mine, fork-bomb or scan", flow="Contained run")
bp.out_of_scope(
    "Submit and result streaming (part 1)",
    "Kernel and hypervisor patching cadence",
    "Judging and scoring (coding-contest-leaderboard)",
)

# -- targets ------------------------------------------------------------------------------------------

bp.target("Verdict write", flow="Contained run", p50="1.1 s", p99="6 s", note="Claim to verdict; the run is most of it")
bp.target("Status read", flow="Status read", p50="60 ms", p99="200 ms", availability="99.9%")
bp.target("Durability of jobs", flow="Contained run", rpo="0 s", rto="60 s")
bp.target(
    "Lost-host detection",
    "<= 35 s from host death to requeue",
    note="30 s lease + 5 s reaper period",
)
bp.target(
    "Completion",
    "99.9999% of jobs end with a verdict or a user-visible FAILED_SYSTEM",
    note="3 attempts at 0.5% independent infra fault rate",
)
bp.target("Containment", "0 guest egress except the allow-list; 0 verdicts written by a stale attempt")

# -- load model ---------------------------------------------------------------------------------------

bp.quantity("peak_runs", "1040 tasks/s", "Runs at peak", basis="Part 1's load model: 2 M coders x 15 runs/day x 3 peak")
bp.quantity("peak_factor", "3", "Peak factor", basis="Carried from part 1: evening peak over the day average")
bp.quantity("hosts", "50 nodes", "Worker hosts", basis="Part 1: busy microVMs / (60 per host x 0.7)")
bp.quantity("renew_period", "5 s", "Lease renewal period", basis="One UPDATE per host covers all its jobs")
bp.quantity("lease", "30 s", "Lease length", basis="6 missed renewals before a job is presumed lost")
bp.quantity("renew_cost", "1 tx/nodes", "Writes per host renewal", basis="One UPDATE covers all the host's jobs")
bp.quantity("scan_period", "5 s", "Reaper scan period", basis="Partial index on (lease_until) WHERE RUNNING")
bp.quantity(
    "infra_rate",
    "0.5 %",
    "Infra fault rate per attempt",
    basis="Planning value (assume): host loss, snapshot errors, agent crashes; measure per week",
)
bp.quantity("attempts", "3", "Attempts per job", basis="1 + 2 retries")
bp.quantity("busy_vms", "2080 tasks", "Busy microVMs at peak", basis="Part 1's Little's law: 1,040/s x 2 s")
bp.quantity("facts_bytes", "400 B/task", "Telemetry record per run", basis="12 counters + ids, JSON, compressed")
bp.quantity("tel_retention", "7 day", "Telemetry retention", basis="Detector windows are <= 1 day; 7 days for replay")
bp.quantity("pg_budget", "10000 tx/s", "Postgres write budget", basis="As in part 1")
bp.quantity("tx_per_job", "3 tx/task", "Writes per job", basis="INSERT, claim, verdict (part 1)")
bp.table(
    "job_attempts",
    primary_key="(job_id, attempt)",
    fields=[
        ("job_id", "uuid", 16),
        ("attempt", "smallint", 2),
        ("host_id", "int", 4),
        ("started_at", "timestamptz", 8),
        ("lease_until", "timestamptz", 8),
        ("end_class", "smallint (user / infra)", 2),
        ("end_reason", "smallint", 2),
        ("row header", "Postgres tuple header", 24),
    ],
    indexes=[
        ("jobs (lease_until) WHERE state = 'RUNNING'", "the reaper's 5 s scan reads only running rows"),
        ("jobs (host_id) WHERE state = 'RUNNING'", "one renewal UPDATE per host touches only its jobs"),
        ("(host_id, started_at)", "find every attempt a suspect host ran, to drain and replay it"),
    ],
    per="task",
)
bp.api(
    "runs hostile or buggy code and gets a verdict, not an outage",
    "(internal) agent -> Jobs DB\nUPDATE jobs SET state='DONE', verdict='TLE', cpu_ms=2000\n"
    "WHERE job_id=$1 AND attempt=$2 AND state='RUNNING'",
    "UPDATE 1 -> publish verdict; UPDATE 0 -> a newer attempt owns the job, drop this result",
)
bp.api(
    "redrives dead-lettered jobs after a fix",
    'POST /admin/dlq/redrive\n{"queue": "runs-dlq", "filter": {"end_reason": "SNAPSHOT_CORRUPT"}, "max": 500}',
    '202 Accepted\n{"redriven": 212, "audit_id": "rd_4410"}',
)

bp.derive("retry_rate", "peak_runs * infra_rate", "Infra retries at peak", unit="tasks/s")
bp.derive("p_lost", "infra_rate ** attempts", "Jobs failing all 3 attempts (independent)", unit="%")
bp.derive("dlq_rate", "peak_runs * p_lost", "Dead letters at peak", unit="tasks/h")
bp.derive("renew_tx", "hosts * renew_cost / renew_period", "Lease renewals", unit="tx/s")
bp.derive("lease_tx", "peak_runs * tx_per_job * (1 + infra_rate) + renew_tx", "Jobs DB writes at peak", unit="tx/s")
bp.derive("pg_load", "lease_tx / pg_budget", "Postgres utilisation", unit="%", section="fleet")
bp.derive("detect", "lease + scan_period", "Worst lost-host detection", unit="s", section="time")
bp.derive("lost_vms", "busy_vms / hosts", "Runs lost with one host", unit="tasks/nodes", section="queues")
bp.derive("tel_storage", "peak_runs / peak_factor * facts_bytes * tel_retention", "Telemetry, 7 days", unit="GB")

# -- trade-offs ---------------------------------------------------------------------------------------

bp.tradeoff(
    decision="What to retry",
    chosen="Infra faults only (host lost, agent crash, snapshot error), up to 3 attempts with 1/4/16 s backoff",
    rejected="Retry every failed run, user faults included",
    why=(
        "A user fault repeats deterministically: retrying a 5 s infinite loop 3x burns 15 s of a microVM for "
        "nothing and multiplies abuse. Infra-only gives {retry_rate} at peak"
    ),
    cost="The agent must classify every end correctly; a misfiled OOM of the host shows the coder a false MLE",
    revisit_when="if the infra fault rate passes 2% (then retries alone hide a sick fleet: fix hosts first)",
)
bp.tradeoff(
    decision="Delivery guarantee",
    chosen="At-least-once delivery with a conditional verdict write on (job_id, attempt)",
    rejected="Exactly-once execution through distributed transactions between queue, host and DB",
    why=(
        "A host can be partitioned, not dead, and finish after its lease lapsed; no protocol stops it "
        "running, so the fence is at the write. Cost: {lease_tx} writes, {pg_load} of the primary"
    ),
    cost="Some runs execute twice (the zombie and the retry): ~0.5% of CPU, invisible to the coder",
    revisit_when="if duplicate executions pass 1% of runs, or runs gain side effects outside the sandbox",
)
bp.tradeoff(
    decision="Time limits",
    chosen="Both a 2 s CPU cap (cgroup cpu.max + RLIMIT_CPU) and a 5 s wall-clock watchdog",
    rejected="CPU time alone",
    why=(
        "sleep(), blocking reads and deadlocks use no CPU, so a CPU cap never fires and the microVM is held; "
        "at {busy_vms} busy, each hung VM held 60 s instead of 5 s costs 12x its slot"
    ),
    cost="Fair judging needs both numbers reported; a slow host can push a borderline run over 5 s wall",
    revisit_when="if wall-time kills of runs under 1 s CPU exceed 0.1% (host contention, not user code)",
)
bp.tradeoff(
    decision="Lease granularity",
    chosen="One renewal per host every 5 s covering all its jobs, 30 s lease",
    rejected="A heartbeat per job every 5 s",
    why="Per job is {busy_vms} / 5 s = ~420 tx/s; per host is {renew_tx}, with the same 35 s detection",
    cost="A wedged VM on a live host keeps its lease; the 5 s watchdog, not the lease, must catch it",
    revisit_when="if detection must drop under 10 s (then 2 s renewals, still only 25 tx/s)",
)

# -- failure modes ------------------------------------------------------------------------------------

bp.failure(
    failure="A worker host dies or is partitioned",
    detection="no lease renewal for 30 s; reaper finds > 0 lapsed RUNNING rows on one host_id",
    blast_radius="the ~{lost_vms} runs on that host; their coders see 'retrying' once",
    mitigation=(
        "reaper requeues with attempt+1 and DelaySeconds 1 s; "
        "the rerun starts on another host within {detect}, plus one backoff step"
    ),
)
bp.failure(
    failure="Sandbox escape attempt or abuse (fork bomb, crypto-mining, port scans)",
    detection="pids.max hits, denied seccomp syscalls or egress refusals > 10 per user in 10 min",
    blast_radius="contained in one microVM; the user's later runs until suspension",
    mitigation="detector suspends the account and logs it; security reviews within 24 h; suspension takes < 60 s",
)
bp.failure(
    failure="Bad runtime image or snapshot makes every run of a language fail as infra",
    detection="infra-fault rate for one language > 5% for 2 min; DLQ depth rising",
    blast_radius="one language; retries triple its load before dead-lettering",
    mitigation="roll back the image (previous snapshot kept), then redrive the DLQ; < 15 min",
)
bp.failure(
    failure="Jobs DB primary fails",
    detection="Patroni loses the leader key; claim and renewal errors > 1% for 5 s",
    blast_radius="every claim, renewal and verdict write for ~30 s; leases must not lapse meanwhile",
    mitigation="standby promoted (RPO 0) in ~30 s; reaper pauses for 1 lease length after a failover",
)

# -- scaling path -------------------------------------------------------------------------------------

bp.scaling(
    at="10x (10,000 runs/s)",
    breaks="Jobs DB writes reach 10 x {lease_tx}, 3x one primary; the single reaper scan grows to ~20K rows",
    next_move="shard Jobs DB by job_id (4 shards) with one reaper per shard",
)
bp.scaling(
    at="100x (100,000 runs/s)",
    breaks="the telemetry stream and detector state (100 x {tel_storage}) and one region's hosts",
    next_move="cells with their own Jobs DB, reaper and detector; a global abuse view aggregated per minute",
)

# -- references ---------------------------------------------------------------------------------------

bp.reference(
    "Firecracker: production host setup",
    "Jailer, cgroups, seccomp and host hardening the guest boundary relies on.",
    url="https://github.com/firecracker-microvm/firecracker/blob/main/docs/prod-host-setup.md",
)
bp.reference(
    "Linux kernel documentation: Control Group v2",
    "pids.max, memory.max and cpu.max, the per-run limits.",
    url="https://docs.kernel.org/admin-guide/cgroup-v2.html",
)
bp.reference(
    "Linux kernel documentation: Seccomp BPF",
    "Syscall filtering used on the VMM and in the guest.",
    url="https://docs.kernel.org/userspace-api/seccomp_filter.html",
)
bp.reference(
    "Amazon SQS: dead-letter queues and redrive",
    "Where jobs go after their last attempt and how they come back.",
    url="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html",
)
bp.reference(
    "Martin Kleppmann: How to do distributed locking (2016)",
    "Fencing tokens: why the attempt number must be checked at the store.",
    url="https://martin.kleppmann.com/2016/02/08/how-to-do-distributed-locking.html",
)
bp.reference(
    "Google: nsjail",
    "A lighter process-level jail (namespaces, seccomp, rlimits) for comparison.",
    url="https://github.com/google/nsjail",
)

bp.key_numbers("retry_rate", "p_lost", "lease_tx", "detect", "lost_vms")

BLUEPRINT = bp.build()
