"""Distributed prime finder: sieve every integer in [2, 10^15) on about 1,000 Spot vCPUs in minutes.

The mechanism is a pull-based batch job, not a request path. A coordinator cuts the range into 10,000
fixed-width work units held as rows in Postgres; sieve workers lease one unit per vCPU with
`FOR UPDATE SKIP LOCKED`, run a cache-sized segmented sieve (primesieve) over it, and report per-unit
statistics (prime count, twin count, largest gap, sum of primes mod 2^64) with a conditional UPDATE that
only the lease holder can make. A unit takes ~33 s, under the 2-minute Spot interruption notice, so a
reclaimed node drains instead of losing work; a hard kill costs one lease timeout. Correctness is checked
three independent ways: duplicate runs compare checksums, a verifier recounts sampled units with an
analytic prime-counting algorithm (primecount), and the reducer checks its running sum against the known
values of pi(10^k) at every decade boundary.
"""

from kit import Blueprint, single_writer

bp = Blueprint(
    "distributed-prime-finder",
    title="Distributed Prime Number Finder",
    category="agent-era",
    learn="Billion-scale parallel compute blueprint",
    promise=(
        "Sieve all of [2, 10^15) (29.8 trillion primes) in under 15 minutes on ~1,000 Spot vCPUs for about "
        "$2 a run, with every work unit counted exactly once through preemptions and the total verified "
        "against the known pi(10^15)."
    ),
)

# -- clients ----------------------------------------------------------------------------------------
researcher = bp.component(
    "researcher",
    "user",
    "Researcher",
    tech="primejob CLI",
    responsibility="Submits sieve jobs, follows progress, downloads verified statistics and prime lists",
)

# -- control plane ----------------------------------------------------------------------------------
with bp.group("Control plane"):
    coordinator = bp.component(
        "coordinator",
        "service",
        "Job coordinator",
        tech="Go service",
        replicas=2,
        responsibility="Cuts [2, N) into 10,000 decade-aligned units, writes them, sizes the fleet, serves status",
    )
    scaler = bp.component(
        "scaler",
        "scheduler",
        "Fleet scaler",
        tech="Karpenter",
        replicas=2,
        responsibility="Turns pending worker pods into Spot nodes across 8 instance pools; replaces reclaimed ones",
    )

# -- worker fleet -----------------------------------------------------------------------------------
with bp.group("Spot worker fleet", kind="cell"):
    workers = bp.component(
        "workers",
        "batch-processor",
        "Sieve workers",
        tech="primesieve 12, C++",
        replicas=250,
        responsibility=(
            "250 pods x 4 single-threaded slots; each slot leases a unit and sieves it in L1/L2-sized segments"
        ),
    )

# -- job state ----------------------------------------------------------------------------------------
with bp.group("Job state"):
    units_db = bp.component(
        "units_db",
        "relational-db",
        "Work-unit table",
        tech="Postgres 16 + Patroni",
        replicas=2,
        topology=single_writer(sync_standbys=1, failover="30 s"),
        responsibility="One row per unit: range, lease, attempt and accepted statistics; every report kept",
    )
    lists = bp.component(
        "lists",
        "object-store",
        "Prime lists",
        tech="S3",
        managed="AWS",
        responsibility="Gap-encoded prime lists for requested sub-ranges, one object per (job, unit, attempt)",
    )

spot = bp.component(
    "spot",
    "external-service",
    "EC2 Spot",
    tech="EC2 Spot, 8 pools",
    responsibility="Spare capacity at ~70% off on-demand, reclaimable with a 2-minute notice",
    accepted_risk="A reclaimed pool costs capacity, not results: units drain or re-lease, other pools refill",
)

# -- verification -------------------------------------------------------------------------------------
with bp.group("Reduce & verify"):
    reducer = bp.component(
        "reducer",
        "worker",
        "Reducer",
        tech="Go, K8s Job",
        replicas=2,
        responsibility="Sums unit statistics in range order; checks running pi(x) at each 10^k boundary",
    )
    verifier = bp.component(
        "verifier",
        "worker",
        "Verifier",
        tech="primecount + re-sieve",
        replicas=2,
        responsibility="Recounts sampled and disputed units by another algorithm on another CPU family",
    )

metrics = bp.component(
    "metrics",
    "monitoring",
    "Job metrics",
    tech="Prometheus + Grafana",
    replicas=2,
    role="background",
    responsibility="Units done/s, lease expiries, unit-time outliers, checksum mismatches; pages on thresholds",
)

# -- links ----------------------------------------------------------------------------------------------
bp.link(researcher, coordinator, "POST /jobs, GET /jobs/{id}")
bp.link(coordinator, units_db, "COPY 10K units; progress")
bp.link(coordinator, scaler, "worker pods wanted", nature="async")
bp.link(scaler, spot, "CreateFleet (8 pools)")
bp.link(spot, workers, "2-min notice", nature="async")
bp.link(workers, units_db, "lease / report", figure="peak_db_tx")
bp.link(workers, lists, "PUT gap list")
bp.link(reducer, units_db, "ordered SUM")
bp.link(verifier, units_db, "sample; verdict")
bp.link(verifier, lists, "GET list, recount")
bp.link(researcher, lists, "GET presigned list")
bp.link(workers, metrics, "unit timings", nature="async")

# -- flows ----------------------------------------------------------------------------------------------
bp.flow(
    "Run a job",
    [
        (
            researcher,
            coordinator,
            "The researcher submits POST /jobs for [2, 10^15) with the statistics wanted and the sub-ranges "
            "to list, under an Idempotency-Key.",
            "40 ms",
            "150 ms",
        ),
        (
            coordinator,
            units_db,
            "In one transaction the coordinator writes the job row and COPYs 10,000 units of 10^11 integers, "
            "cut so that every power of ten is a unit boundary.",
            "80 ms",
            "300 ms",
        ),
        (
            coordinator,
            scaler,
            "It asks for 250 worker pods of 4 vCPU; the researcher gets 202 with the job id.",
        ),
        (
            scaler,
            spot,
            "Karpenter launches Spot nodes with price-capacity-optimized allocation across 8 instance pools.",
        ),
        (
            workers,
            units_db,
            "Each slot leases the lowest pending or expired unit with FOR UPDATE SKIP LOCKED, gets a "
            "120 s lease and a fresh lease token, sieves base primes up to 3.2e7 itself, then the unit.",
        ),
        (
            workers,
            lists,
            "For a unit inside a requested sub-range, the worker writes its primes as varint gaps, ~1 B per "
            "prime, under a key naming job, unit and attempt.",
        ),
        (
            workers,
            units_db,
            "It reports count, twins, largest gap and sum mod 2^64 with an UPDATE that matches only its own "
            "lease token; a late duplicate is stored as an attempt and compared.",
        ),
        (
            reducer,
            units_db,
            "When the last unit is done, the reducer sums units in range order, checks the running count at "
            "10^9 ... 10^15 against known pi(10^k), and marks the job verified or disputed.",
        ),
    ],
    critical=True,
    mode="write",
    description=(
        "Steps 1-2 are the synchronous submit; from step 3 the job runs asynchronously, ~30 units finishing "
        "per second over ~7 minutes."
    ),
)

bp.flow(
    "Spot reclaim",
    [
        (
            spot,
            workers,
            "EC2 reclaims one pool; each worker there reads the 2-minute instance-action notice and stops "
            "leasing new units.",
        ),
        (
            workers,
            units_db,
            "Its in-flight units (~33 s of work each) finish and report inside the notice; a node killed "
            "without notice leaves leases that expire after 120 s and are leased again with attempt + 1.",
        ),
        (
            scaler,
            spot,
            "Karpenter gets the same interruption event, cordons those nodes and requests replacements from "
            "the other 7 pools.",
        ),
        (
            workers,
            metrics,
            "Lease expiries and units per second are exported; an expiry rate above 1% of leases a minute "
            "pages the operator.",
        ),
    ],
    description="Recovery path: a reclaim costs capacity for ~2 minutes, never a result.",
)

bp.flow(
    "Verify a job",
    [
        (
            verifier,
            units_db,
            "The verifier picks a random 1% of units plus every unit with two disagreeing attempts.",
        ),
        (
            verifier,
            lists,
            "For listed units it decodes the gap list and checks that its length and sum match the report.",
        ),
        (
            verifier,
            units_db,
            "It checks each count as pi(hi) - pi(lo) with primecount and re-sieves the unit on a Graviton "
            "(Arm) node; it records the verdict, and a mismatch quarantines the host that produced it.",
        ),
    ],
    mode="write",
    description=(
        "Asynchronous; runs beside the job. A different algorithm and a different CPU family make a shared bug "
        "or a faulty core show up as a disagreement."
    ),
)

bp.flow(
    "Read results",
    [
        (
            researcher,
            coordinator,
            "The researcher polls GET /jobs/{id} for progress, totals and verdict.",
            "40 ms",
            "150 ms",
        ),
        (
            coordinator,
            units_db,
            "The coordinator reads the job row and per-status unit counts from an index-only scan.",
            "5 ms",
            "25 ms",
        ),
        (
            researcher,
            lists,
            "The CLI downloads each listed unit through a presigned URL, in byte ranges.",
            "60 ms",
            "250 ms",
        ),
    ],
    mode="read",
    description="Cheap and rare: a few polls a minute per job, and list downloads after the job.",
)

# -- scope ------------------------------------------------------------------------------------------------
bp.use_case(
    "Researcher",
    "submits a job to sieve [2, N) with chosen statistics and list sub-ranges",
    mode="write",
    flow="Run a job",
)
bp.use_case(
    "Sieve worker",
    "reports a unit's statistics so that each unit is counted exactly once",
    mode="write",
    flow="Run a job",
)
bp.use_case(
    "Researcher",
    "follows progress and reads the verified totals of a job",
    mode="read",
    flow="Read results",
)
bp.use_case(
    "Researcher",
    "downloads the prime list of a requested sub-range",
    mode="read",
    flow="Read results",
)
bp.use_case(
    "Verifier",
    "recounts sampled and disputed units and quarantines a host that disagrees",
    mode="write",
    flow="Verify a job",
)
bp.out_of_scope(
    "Ranges above 2^64 (1.8e19): they need 128-bit arithmetic and other sieve code",
    "Primality proofs of single large numbers (ECPP, Lucas-Lehmer): a different workload",
    "Multi-tenant scheduling and billing between research groups",
)
bp.api(
    "submits a job to sieve [2, N) with chosen statistics and list sub-ranges",
    'POST /jobs\nIdempotency-Key: 6c1e...\n{"lo": 2, "hi": 1e15, "unit_width": 1e11,\n'
    ' "stats": ["count", "twins", "max_gap", "sum_mod_2_64"], "list": [[999e12, 1e15]]}',
    '202 Accepted\n{"job_id": 8812, "units": 10000, "status": "/jobs/8812"}',
)
bp.api(
    "reports a unit's statistics so that each unit is counted exactly once",
    "UPDATE work_units SET status='done', prime_count=$1, twin_count=$2, max_gap=$3,\n"
    "  max_gap_start=$4, prime_sum=$5, finished_at=now()\n"
    "WHERE job_id=8812 AND unit_id=4711 AND status='leased' AND lease_token=$6",
    "UPDATE 1 (accepted); UPDATE 0 means the lease was lost: the report is kept in unit_attempts and "
    "compared with the accepted one",
)
bp.table(
    "verdicts",
    primary_key="(job_id, unit_id, method)",
    fields=[
        ("job_id, unit_id", "bigint, int", 12),
        ("method", "text: primecount, resieve-arm, list", 12),
        ("expected_count", "bigint", 8),
        ("ok", "boolean", 1),
        ("checked_at", "timestamptz", 8),
        ("row header", "Postgres tuple header", 24),
    ],
    indexes=[("(job_id) WHERE NOT ok", "the reducer refuses to mark a job verified while any row matches")],
    per="task",
    note="~1% of units per job plus every disputed one",
)
bp.api(
    "recounts sampled and disputed units and quarantines a host that disagrees",
    "INSERT INTO verdicts (job_id, unit_id, method, expected_count, ok)\n"
    "VALUES (8812, 4711, 'primecount', 2958130245, true)",
    "INSERT 0 1; ok=false also taints the host's node (NoSchedule) and re-queues its units",
)

bp.table(
    "work units",
    primary_key="(job_id, unit_id)",
    fields=[
        ("job_id", "bigint", 8),
        ("unit_id", "int, in range order", 4),
        ("lo, hi", "bigint x 2", 16),
        ("status", "smallint", 2),
        ("lease_token", "uuid", 16),
        ("lease_expires", "timestamptz", 8),
        ("attempt", "smallint", 2),
        ("prime_count, twin_count", "bigint x 2", 16),
        ("max_gap", "int", 4),
        ("max_gap_start", "bigint", 8),
        ("prime_sum", "bigint, mod 2^64", 8),
        ("finished_at", "timestamptz", 8),
        ("row header", "Postgres tuple header", 24),
    ],
    indexes=[
        (
            "(job_id, unit_id) WHERE status <> 'done'",
            "partial index the lease query scans: only undone units, so it shrinks as the job runs",
        ),
    ],
    per="task",
    note="A unit is the task the load model counts",
)
bp.table(
    "unit attempts",
    primary_key="(job_id, unit_id, attempt)",
    fields=[
        ("job_id, unit_id, attempt", "bigint, int, smallint", 14),
        ("host_id", "EC2 instance id", 20),
        ("instance_type", "text", 12),
        ("prime_count, twin_count", "bigint x 2", 16),
        ("max_gap", "int", 4),
        ("prime_sum", "bigint", 8),
        ("sieve_seconds", "real", 4),
        ("reported_at", "timestamptz", 8),
        ("row header", "Postgres tuple header", 24),
    ],
    indexes=[
        ("(host_id)", "quarantine: find every unit one suspect host computed, to re-run them elsewhere"),
    ],
    per="task",
    note="Every report, accepted or not: the evidence when two runs of one unit disagree",
)

# -- targets ----------------------------------------------------------------------------------------------
bp.target(
    "Job accepted",
    flow="Run a job",
    p50="200 ms",
    p99="600 ms",
    note="POST /jobs returns 202 once the job and its 10,000 units are committed",
)
bp.target(
    "Unit throughput",
    flow="Run a job",
    throughput="17 tasks/s",
    capacity="unit_throughput",
    note="10,000 units in 10 min of sieving; with ~3 min of fleet ramp-up and tail the job ends inside 15 min",
)
bp.target(
    "Job wall time (N = 10^15)",
    "< 15 min, p50 ~ 10 min",
    note=(
        "Sieving takes {sieve_time} at 85% efficiency. Spot nodes join in about two minutes; "
        "the tail adds about one more"
    ),
)
bp.target(
    "Control plane availability",
    flow="Run a job",
    availability="99.9%",
    note="Workers keep sieving through a coordinator outage; only submits, leases and reports wait",
)
bp.target(
    "Accepted results",
    flow="Run a job",
    rpo="0 s",
    rto="60 s",
    note="A report is acknowledged only after the synchronous standby has it; a lost report is a re-run unit",
)
bp.target(
    "Correctness",
    "0 unverified totals; each unit counted exactly once",
    note="Final pi(N) must equal the known value where one exists; 1% of units recounted by primecount",
)
bp.target(
    "Read results",
    flow="Read results",
    p50="150 ms",
    p99="500 ms",
)

# -- load model -------------------------------------------------------------------------------------------
bp.quantity("n_max", "1e15", "Upper bound N", basis="Headline job; pi(10^15) = 29,844,570,422,669 (OEIS A006880)")
bp.quantity("unit_width", "1e11 1/task", "Integers per unit", basis="Chosen so one unit takes < 1/3 of the Spot notice")
bp.quantity(
    "sieve_rate",
    "3e9 1/s",
    "Integers sieved per vCPU-second",
    basis=(
        "Assumption: pi(10^12) in ~200 core-s with primesieve (~5e9/s per core); two hyperthreads share one "
        "core's L2, ~1.2x, so ~3e9 per vCPU; timed per instance type before each job"
    ),
)
bp.quantity("fleet", "1000", "Worker vCPUs", basis="654 needed for a 10-min sieve (below) + ~50% for a lost pool")
bp.quantity("vcpu_per_pod", "4", "vCPUs per pod", basis="One single-threaded slot per vCPU")
bp.quantity(
    "efficiency",
    "85 %",
    "Useful share of vCPU time",
    basis="Assumption: ~5% re-runs and duplicates, ~10% idle slots in the tail and on slow pools",
)
bp.quantity("sieve_window", "10 min", "Sieve time wanted", basis="Leaves ~5 min of the 15 min target for ramp-up")
bp.quantity(
    "peak_factor",
    "10",
    "Lease burst over steady state",
    basis="1,000 slots lease within ~3 s of a fleet start (~300/s) vs ~30/s steady",
)
bp.quantity("tx_per_unit", "2 tx/task", "DB transactions per unit", basis="One lease + one report (with its attempt)")
bp.quantity(
    "pg_capacity",
    "5000 tx/s",
    "Postgres primary budget",
    basis="Assumption: single-row UPDATEs with synchronous commit on a 16-vCPU primary, kept < 50% busy",
)
bp.quantity(
    "spot_price",
    "0.02 USD/h",
    "Spot price per vCPU-hour",
    basis="Assumption: c7i/m7i Spot in us-east-1, 2025, ~55-70% under ~$0.045 on-demand per vCPU-hour",
)
bp.quantity("jobs_per_day", "8 1/day", "Jobs of this size a day", basis="Assumption: one research group's programme")
bp.quantity("retention", "1095 days", "Unit-table retention", basis="3 years: results are cited in papers")
bp.quantity("list_width", "1e12", "Listed integers per job", basis="Assumption: e.g. the top 10^12 below N")
bp.quantity(
    "density", "0.029", "Primes per integer near 10^15", basis="1 / ln(10^15) = 1 / 34.5 (prime number theorem)"
)
bp.quantity(
    "gap_bytes",
    "1 B",
    "Bytes per listed prime",
    basis="Varint of gap/2: one byte below a gap of 256; mean gap 34.5, so > 99.9% fit one byte",
)
bp.quantity("list_retention", "90 days", "List retention", basis="Downloaded and archived by the group within weeks")
bp.quantity("base_primes", "1.95e6", "Base primes up to sqrt(10^15)", basis="pi(3.16e7), ~1.95 M")
bp.quantity("base_prime_bytes", "4 B", "Bytes per base prime", basis="uint32: every prime < 3.2e7 fits")
bp.quota(
    "spot_quota",
    "1200",
    "EC2 Spot vCPU quota (standard families)",
    basis="Per-account Service Quota, raised on request; assumed granted at 1,200",
    load="fleet",
)

units = bp.derive("units", "n_max / unit_width", "Work units per job", unit="tasks")
bp.derive("unit_time", "unit_width / sieve_rate", "Sieve time per unit", unit="s/task", section="time")
bp.derive("total_work", "n_max / sieve_rate", "Sieve work per job (vCPU-hours)", unit="h", section="time")
bp.derive(
    "vcpus_needed",
    "ceil(total_work / (sieve_window * efficiency))",
    "vCPUs for the sieve window",
    unit="",
    section="fleet",
)
bp.derive("pods", "fleet / vcpu_per_pod", "Worker pods", unit="", section="fleet")
bp.derive("sieve_time", "total_work / (fleet * efficiency)", "Sieve wall time", unit="min", section="time")
bp.derive(
    "unit_throughput", "fleet * efficiency / unit_time", "Units finished per second", unit="tasks/s", section="rates"
)
bp.derive("in_flight", "unit_throughput * unit_time * task", "Units in flight", unit="tasks", section="queues")
bp.derive("db_tx", "unit_throughput * tx_per_unit", "Postgres writes, steady", unit="tx/s", section="rates")
bp.derive("peak_db_tx", "db_tx * peak_factor", "Postgres writes at fleet start", unit="tx/s", section="rates")
bp.derive("pg_headroom", "pg_capacity / peak_db_tx", "Postgres headroom at peak", unit="", section="fleet")
bp.derive("job_cost", "total_work / efficiency * spot_price", "Spot cost per job", unit="USD", section="cost")
bp.derive(
    "unit_storage",
    "jobs_per_day * units * (work_units_record + unit_attempts_record) * retention",
    "Unit and attempt rows, 3 years",
    unit="GB",
    section="storage",
)
bp.derive("list_per_job", "list_width * density * gap_bytes", "Prime list per job", unit="GB", section="storage")
bp.derive(
    "list_storage", "jobs_per_day * list_per_job * list_retention", "Prime lists retained", unit="TB", section="storage"
)
bp.derive("list_bandwidth", "list_per_job / sieve_time", "List upload rate", unit="MB/s", section="bandwidth")
bp.derive("base_blob", "base_primes * base_prime_bytes", "Base primes per worker", unit="MB", section="memory")

# -- trade-offs ---------------------------------------------------------------------------------------------
bp.tradeoff(
    decision="Work distribution",
    chosen="Pull: 10,000 fixed units of 10^11, leased from Postgres with SKIP LOCKED, 120 s leases",
    rejected="Static split: K8s Indexed Job, pod i sieves 1/250 of the range",
    why=(
        "A static slice is 4e12 integers, ~5.6 min on a 4-vCPU pod; a reclaimed pod loses it all and the job waits on "
        "the slowest of 8 instance types. Units of {unit_time} bound both losses"
    ),
    cost="~{db_tx} of lease and report traffic and a Postgres to run; a hard-killed unit waits 120 s to re-lease",
    revisit_when="On-demand, identical hosts under 100 pods, where a static split's tail is < 5% of the run",
)
bp.tradeoff(
    decision="Test per range",
    chosen="Segmented sieve of Eratosthenes (primesieve: wheel, L1-sized segments, bucket sieve for big primes)",
    rejected="Deterministic Miller-Rabin per candidate (first 12 prime bases, exact for 64-bit)",
    why=(
        "Sieving costs ~0.33 ns per integer; Miller-Rabin costs ~100 ns per candidate and ~12% of integers "
        "survive trial division by primes < 100: ~12 ns per integer, ~36x slower"
    ),
    cost="Each unit must sieve its base primes to sqrt(hi) first and hold ~8 MB of them; no answer for one number",
    revisit_when="Inputs are sparse: single 64-bit numbers or windows under ~10^6 wide near 10^18",
)
bp.tradeoff(
    decision="What a unit returns",
    chosen="Statistics per unit (count, twins, max gap, sum mod 2^64); varint gap lists only for asked sub-ranges",
    rejected="Every prime as a uint64 in S3",
    why=(
        "29.8 trillion primes x 8 B = 239 TB per job (~30 TB even gap-encoded) against {list_per_job} for "
        "the requested 10^12; statistics are ~124 B per unit"
    ),
    cost="A new statistic means a re-run (~$2); lists outside the asked ranges do not exist",
    revisit_when="List requests pass 10^13 integers per job (~290 GB), or the same ranges are re-listed weekly",
)
bp.tradeoff(
    decision="Where to run",
    chosen="~1,000 Spot vCPUs across 8 instance pools for ~7 minutes",
    rejected="One 192-vCPU on-demand box (c7i.48xlarge) running primesieve multi-threaded",
    why=(
        "The box needs 333,333 vCPU-s / 192 = 29 min, twice the 15 min target; the fleet takes {sieve_time} "
        "for {job_cost} per run"
    ),
    cost="Preemptions, a lease table, a scaler and ~2 min of node start-up: machinery a single box never needs",
    revisit_when="N at or below 10^14 (the box needs ~3 min), or a target looser than 30 min",
)
bp.tradeoff(
    decision="Base primes",
    chosen="Each slot sieves its own base primes up to sqrt(N) = 3.2e7 (~20 ms)",
    rejected="Coordinator computes them once and broadcasts a blob through S3",
    why="The blob is {base_blob}, ~80 ms to fetch and one more dependency, to save ~20 ms of CPU per slot",
    cost="~20 ms of recomputation per slot start, 1,000 times a job: ~20 vCPU-s of 333,333",
    revisit_when="sqrt(N) passes ~10^9 (N > 10^18), where re-sieving base primes takes > 1 s per slot",
)

# -- failure modes ------------------------------------------------------------------------------------------
bp.failure(
    failure="A Spot pool is reclaimed",
    detection="Instance-action notice on IMDS and Karpenter's interruption queue; lease expiries > 1% a minute",
    blast_radius="Up to one pool, ~1/8 of the fleet (~125 vCPUs); units in flight finish inside the notice",
    mitigation=(
        "Drain: stop leasing, finish ~33 s units, report. Hard kills re-lease after 120 s. Karpenter refills "
        "from other pools in ~2 min; the job ends ~1 min later"
    ),
)
bp.failure(
    failure="Silent data corruption on a faulty core",
    detection="Any disagreement (threshold 1): duplicate attempts, a primecount recount, or a decade check",
    blast_radius="Units that host computed: ~4 slots x ~10 units a job, ~40 of 10,000",
    mitigation=(
        "Taint the node, re-run all its units (by the host_id index) on other hosts: ~2 min of fleet time; "
        "the job stays 'disputed' until every recount agrees"
    ),
)
bp.failure(
    failure="Postgres primary fails",
    detection="Patroni leader key lost; lease and report errors > 1% for 10 s",
    blast_radius="Leases and reports pause fleet-wide; sieving continues and finished reports wait in memory",
    mitigation="Patroni promotes the synchronous standby in ~30 s (RPO 0); workers retry with the same token",
)
bp.failure(
    failure="Straggler units at the tail",
    detection="A unit leased longer than 2x the median unit time (~66 s) once 95% of units are done",
    blast_radius="Job wall time only: the last ~500 units on slow or throttled hosts",
    mitigation=(
        "Idle slots take backup copies of old leases (MapReduce backup tasks); first valid report wins, the "
        "other is compared: tail under ~1 min"
    ),
)
bp.failure(
    failure="Bug in a new sieve build",
    detection="Canary: the first 10^12 must give pi = 37,607,912,018 before the fleet starts (threshold: exact)",
    blast_radius="None when the canary catches it; otherwise every unit of the job",
    mitigation="Pin the previous image digest and re-run; the canary costs ~333 vCPU-s, under 2 min on one 4-vCPU pod",
)

# -- scaling path -------------------------------------------------------------------------------------------
bp.scaling(
    at="10x (N = 10^16, or ten 10^15 jobs a day at once)",
    breaks=(
        "Spot capacity and the vCPU quota: ~10,000 vCPUs for the same 15 min exceeds one region's pools and "
        "the 1,200 quota; Postgres is fine at 10 x {db_tx}"
    ),
    next_move=(
        "Raise the quota, spread fleets over 3 regions with one lease table, and widen units to 10^12 (~5.6 "
        "min) with a progress checkpoint every 60 s"
    ),
)
bp.scaling(
    at="100x (N = 10^17)",
    breaks=(
        "Cost and tail: ~9,300 vCPU-h (~$220) per job; primecount recounts near 10^17 take ~100x longer, and "
        "sieving slows as base primes to 3.2e8 spill out of L2"
    ),
    next_move=(
        "Verify by re-sieve on another CPU family plus primecount only at decade boundaries; run as a "
        "scheduled multi-hour job on 10,000+ vCPUs"
    ),
)

# -- references ---------------------------------------------------------------------------------------------
bp.reference(
    "primesieve (Kim Walisch)",
    "Segmented sieve of Eratosthenes with wheel factorisation and a bucket sieve for large primes",
    url="https://github.com/kimwalisch/primesieve",
)
bp.reference(
    "primecount (Kim Walisch)",
    "Combinatorial pi(x) (Deleglise-Rivat, Gourdon): the independent recount the verifier uses",
    url="https://github.com/kimwalisch/primecount",
)
bp.reference(
    "OEIS A006880: number of primes < 10^n",
    "The known values behind the decade checks: pi(10^9) = 50,847,534 ... pi(10^15)",
    url="https://oeis.org/A006880",
)
bp.reference(
    "Oliveira e Silva, Herzog, Pardi: Goldbach verification and prime gaps up to 4e18 (Math. Comp., 2014)",
    "A real distributed segmented-sieve computation, with its cache-friendly bucket sieve",
)
bp.reference(
    "PostgreSQL: SELECT ... FOR UPDATE SKIP LOCKED",
    "The row-locking clause that makes a table a work queue without lease contention",
    url="https://www.postgresql.org/docs/current/sql-select.html",
)
bp.reference(
    "Amazon EC2 Spot instance interruption notices",
    "The 2-minute instance-action warning the drain relies on",
    url="https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/spot-instance-termination-notices.html",
)
bp.reference(
    "Karpenter",
    "Node provisioning across instance pools and Spot interruption handling",
    url="https://karpenter.sh",
)
bp.reference(
    "Dean and Ghemawat, MapReduce (OSDI 2004)",
    "Backup tasks for stragglers: the tail mitigation used here",
)
bp.reference(
    "Hochschild et al., Cores that don't count (HotOS 2021)",
    "Mercurial CPU cores that compute wrong answers silently: why every unit is checkable",
)

bp.key_numbers("units", "unit_time", "total_work", "sieve_time", "job_cost")

bp.layout(direction="LR")
BLUEPRINT = bp.build()
