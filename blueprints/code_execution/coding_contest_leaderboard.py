"""Coding contest and leaderboard: a 2-hour ICPC-style round for 100 K contestants whose submissions spike
5x in the last 10 minutes. Submissions enter the code-execution platform of code-execution-p1/p2 on a lane
reserved for the contest; verdicts come back on a Kafka topic; a scoring consumer, idempotent per
submission_id, keeps the durable score in Postgres and a composite integer score in one Redis sorted set
per contest; a publisher snapshots the top 100 every 2 s to S3 behind a CDN so the 20 K req/s of polling
never reaches Redis, while "my rank" is one ZREVRANK. The judge fleet is drawn as one box: its inside is
parts 1 and 2.
"""

from __future__ import annotations

from kit import Blueprint, quorum, single_writer

bp = Blueprint(
    "coding-contest-leaderboard",
    title="Coding Contest & Leaderboard",
    category="code-execution",
    learn="Concurrency at scale, ranking pipelines",
    promise=(
        "Judge 700 submissions/s in a contest's final 10 minutes and show 100 K contestants a leaderboard "
        "at most 5 s behind the verdicts, with 20 K board polls/s served from a CDN and each rank lookup "
        "in < 250 ms at p99."
    ),
)

# -- components ---------------------------------------------------------------------------------------

browser = bp.component(
    "browser",
    "web-client",
    "Contestant's browser",
    tech="Contest web app",
    responsibility="Submits solutions, polls the board every 5 s and its own rank every 10 s.",
)
cdn = bp.component(
    "cdn",
    "cdn",
    "CDN",
    tech="CloudFront",
    managed="AWS",
    responsibility="Caches board/{contest}/top.json with max-age=2, so each POP asks origin once per 2 s.",
)
gateway = bp.component(
    "gateway",
    "api-gateway",
    "API gateway",
    tech="Envoy",
    replicas=4,
    responsibility="Session check; 1 submission per 10 s and 1 rank read per 2 s per contestant.",
)

with bp.group("Contest services", kind="tier"):
    submitapi = bp.component(
        "submitapi",
        "service",
        "Submission API",
        tech="Go",
        replicas=6,
        responsibility="Checks the contest window and problem, stores the submission PENDING, enqueues it.",
    )
    rankapi = bp.component(
        "rankapi",
        "service",
        "Rank API",
        tech="Go",
        replicas=4,
        responsibility="ZREVRANK + ZSCORE for the caller; returns the frozen rank after the freeze.",
    )
    judge = bp.component(
        "judge",
        "sandbox",
        "Judge fleet",
        tech="Firecracker hosts (parts 1-2)",
        replicas=170,
        responsibility="Runs each submission against 10 hidden tests in a fresh microVM; stops at the first failure.",
    )
    scoring = bp.component(
        "scoring",
        "stream-processor",
        "Scoring service",
        tech="Go Kafka consumer",
        replicas=6,
        responsibility=(
            "Applies each verdict once per submission_id, recomputes the contestant's ICPC score and "
            "writes Postgres, then ZADD."
        ),
    )
    publisher = bp.component(
        "publisher",
        "worker",
        "Board publisher",
        tech="Go, every 2 s, leader-elected",
        replicas=2,
        responsibility="Snapshots the top 100 to JSON; after the freeze it stops updating the public board.",
    )

with bp.group("Contest pipeline", kind="cluster"):
    lane = bp.component(
        "lane",
        "queue",
        "Contest lane",
        tech="Amazon SQS, one queue per contest",
        managed="AWS",
        availability=0.999,
        responsibility="Keeps a contest's submissions apart from practice runs; visibility timeout 60 s.",
    )
    verdicts = bp.component(
        "verdicts",
        "stream",
        "Verdict topic",
        tech="Kafka, RF 3, keyed by user",
        replicas=3,
        topology=quorum(3, failover="10 s"),
        responsibility="One event per judged submission: id, user, problem, verdict, judged_at.",
    )

with bp.group("Scores", kind="cluster"):
    board = bp.component(
        "board",
        "cache",
        "Leaderboard ZSET",
        tech="Redis 7, 1 primary + 2 replicas",
        replicas=3,
        topology=single_writer(async_standbys=2, failover="15 s"),
        responsibility="lb:{contest}: member user_id, score = solved x 1e10 - penalty_min x 1e4 - last_ac_s.",
    )
    db = bp.component(
        "db",
        "relational-db",
        "Contest DB",
        tech="Postgres 16 + Patroni",
        replicas=3,
        topology=single_writer(sync_standbys=1, async_standbys=1, failover="30 s"),
        responsibility="Contests, submissions and per-(contest, user, problem) results; the source of truth.",
    )
    snapshots = bp.component(
        "snapshots",
        "object-store",
        "Board snapshots",
        tech="Amazon S3",
        managed="AWS",
        availability=0.9999,
        responsibility="board/{contest}/top.json, one version every 2 s, kept for the contest's replay.",
    )

# -- links --------------------------------------------------------------------------------------------

bp.link(browser, gateway, "POST /submissions, GET rank", figure="peak_subs")
bp.link(gateway, submitapi, "submit")
bp.link(submitapi, db, "INSERT PENDING")
bp.link(submitapi, lane, "send", nature="async")
bp.link(judge, lane, "receive")
bp.link(judge, verdicts, "verdict", nature="stream")
bp.link(scoring, verdicts, "poll", nature="stream", figure="peak_subs")
bp.link(scoring, db, "upsert / reload", figure="pg_tx")
bp.link(scoring, board, "ZADD")
bp.link(publisher, board, "ZREVRANGE 0 99")
bp.link(publisher, snapshots, "PUT top.json")
bp.link(browser, cdn, "GET top.json", figure="board_polls")
bp.link(cdn, snapshots, "miss, 1 per 2 s")
bp.link(gateway, rankapi, "rank")
bp.link(rankapi, board, "ZREVRANK", figure="rank_reads")

# -- flows --------------------------------------------------------------------------------------------

bp.flow(
    "Submit",
    [
        (
            browser,
            gateway,
            "POST /submissions with problem, language, source and an Idempotency-Key.",
            "40 ms",
            "150 ms",
        ),
        (gateway, submitapi, "The gateway checks the session and the 1 per 10 s limit.", "2 ms", "10 ms"),
        (
            submitapi,
            db,
            "INSERT the submission PENDING if now() is inside the contest window; a repeated key returns the first id.",
            "4 ms",
            "25 ms",
        ),
        (submitapi, lane, "Send {submission_id} to the contest's lane and answer 202.", "8 ms", "30 ms"),
    ],
    critical=True,
    mode="write",
    description="Accepted means durable: the submission row exists before the 202.",
)

bp.flow(
    "Judge and score",
    [
        (judge, lane, "A judge host takes the submission (the lane has its own reserved hosts).", "20 ms", "200 ms"),
        (
            judge,
            verdicts,
            "It runs up to 10 tests (~1 s each, stopping at the first failure) and publishes the verdict.",
            "4 s",
            "12 s",
        ),
        (scoring, verdicts, "The scoring consumer reads the user's partition in order.", "20 ms", "500 ms"),
        (
            scoring,
            db,
            "In one transaction: UPDATE the submission's verdict WHERE verdict='PENDING' (a replay changes "
            "0 rows and stops here) and recompute the (contest, user) result row.",
            "5 ms",
            "30 ms",
        ),
        (
            scoring,
            board,
            "ZADD lb:{contest} with the new composite score; one command, O(log N).",
            "1 ms",
            "5 ms",
        ),
    ],
    critical=True,
    description="Postgres first, Redis second: the board can always be rebuilt from the result rows.",
)

bp.flow(
    "Publish board",
    [
        (
            publisher,
            board,
            "Every 2 s the publisher reads the top 100 with scores (ZREVRANGE lb:{c} 0 99 WITHSCORES).",
            "1 ms",
            "5 ms",
        ),
        (publisher, snapshots, "It writes top.json (~8 KB) with a version and a generated_at time.", "20 ms", "80 ms"),
    ],
    description="One writer, one object: after the freeze the public top.json simply stops changing.",
)

bp.flow(
    "Board read",
    [
        (browser, cdn, "Each contestant polls top.json every 5 s; the POP answers from cache.", "30 ms", "120 ms"),
        (cdn, snapshots, "At most once per 2 s per POP, the CDN refetches from S3.", "20 ms", "80 ms"),
    ],
    mode="read",
    description="The herd lands on the CDN: 20 K polls/s become ~30 origin reads/s.",
)

bp.flow(
    "My rank",
    [
        (browser, gateway, "GET /contests/{c}/rank/me every 10 s.", "40 ms", "150 ms"),
        (gateway, rankapi, "The gateway forwards with the verified user id.", "2 ms", "10 ms"),
        (
            rankapi,
            board,
            "ZREVRANK and ZSCORE on a replica give rank and score in O(log N); during the freeze the API reads "
            "lb:{c}:frozen instead.",
            "1 ms",
            "5 ms",
        ),
    ],
    mode="read",
    description="Personal and live, so not cacheable at the CDN, but one O(log N) read on a replica.",
)

bp.flow(
    "Board rebuild",
    [
        (
            scoring,
            db,
            "After losing the Redis primary, the scoring service reads all (contest, user) result rows.",
            "300 ms",
            "1 s",
        ),
        (
            scoring,
            board,
            "It rebuilds lb:{contest} with ZADD in batches of 1,000, then resumes consuming.",
            "200 ms",
            "1 s",
        ),
    ],
    description="Recovery: Redis holds nothing that Postgres does not, so the board comes back in seconds.",
)

# -- scope --------------------------------------------------------------------------------------------

bp.use_case("Contestant", "submits a solution during the contest", mode="write", flow="Submit")
bp.use_case("Contestant", "sees the top 100 within 5 s of a verdict", mode="read", flow="Board read")
bp.use_case("Contestant", "sees their own rank and score", mode="read", flow="My rank")
bp.use_case("Platform", "turns each verdict into exactly one score change", flow="Judge and score")
bp.use_case("Organiser", "freezes the public board for the last hour and unfreezes it after", flow="Publish board")
bp.out_of_scope(
    "Problem authoring and test-data generation",
    "Plagiarism detection and rating changes after the round",
    "Hacks / challenge phases (Codeforces-style)",
)

# -- targets ------------------------------------------------------------------------------------------

bp.target("Submit acknowledge", flow="Submit", p50="100 ms", p99="300 ms", availability="99.5%", window="2 h")
bp.target("Submission durability", flow="Submit", rpo="0 s", rto="60 s")
bp.target("Verdict to score", flow="Judge and score", p50="5 s", p99="15 s", note="Mostly the tests themselves")
bp.target("Board poll", flow="Board read", p50="60 ms", p99="250 ms", note="Publisher steps run off the request path")
bp.target("My rank", flow="My rank", p50="60 ms", p99="250 ms")
bp.target(
    "Board freshness", "top 100 at most 5 s behind the scored verdicts", note="2 s snapshot + 2 s CDN + 1 s slack"
)
bp.target("Judge throughput", flow="Judge and score", throughput="700 tasks/s", capacity="judge_rate")

# -- load model ---------------------------------------------------------------------------------------

bp.quantity(
    "contestants",
    "100e3 users",
    "Contestants in one round",
    basis="Planning value (assume) for a global round in 2026; large Codeforces rounds draw tens of thousands",
)
bp.quantity("subs_per_user", "10 tasks/users", "Submissions per contestant", basis="ICPC-style, 6-8 problems, retries")
bp.quantity("round", "2 h", "Round length", basis="Typical ICPC-style online round")
bp.quantity("peak_factor", "5", "Final-10-minute peak factor", basis="Last-minute submissions; planning value (assume)")
bp.quantity("tests", "10", "Tests run per submission", basis="Stops at the first failing test; 10 when accepted")
bp.quantity("test_time", "1 s", "Sandbox time per test", basis="Time limits of 1-2 s; mean planning value")
bp.quantity("vm_per_host", "60 tasks/nodes", "MicroVMs per host", basis="Part 1: 64-vCPU c6g.metal")
bp.quantity("headroom", "0.7", "Usable host fraction", basis="30% headroom, as in part 1")
bp.quantity("board_poll", "0.2 req/users/s", "Board polls per contestant", basis="Every 5 s")
bp.quantity("rank_poll", "0.1 req/users/s", "Rank reads per contestant", basis="Every 10 s")
bp.quantity("pops", "60", "CDN POPs serving the round", basis="Planning value for a global audience")
bp.quantity("refresh", "0.5 req/s", "Origin refetch per POP", basis="max-age=2")
bp.quantity("member_bytes", "100 B/users", "ZSET bytes per member", basis="Skiplist + dict entry, 8-byte id, double")
bp.quantity("top_bytes", "8 KB/req", "top.json response", basis="100 rows x ~80 B, gzip")
bp.quantity("zadd_task", "10 us/task", "Redis cost per verdict (ZADD)", basis="O(log N) on 100 K members")
bp.quantity("tx_per_verdict", "1 tx/task", "Postgres tx per verdict", basis="Submission + result row in one tx")
bp.quantity("pg_budget", "10000 tx/s", "Postgres write budget", basis="One primary with a synchronous standby")
bp.quantity("zadd_cost", "10 us/req", "Redis cost per ZREVRANK", basis="O(log N) on 100 K members")
bp.quantity("contests_per_year", "100", "Rounds per year", basis="About two a week")
bp.table(
    "submissions",
    primary_key="submission_id (bigint)",
    fields=[
        ("submission_id", "bigint", 8),
        ("contest_id", "int", 4),
        ("user_id", "bigint", 8),
        ("problem_id", "int", 4),
        ("language", "smallint", 2),
        ("verdict", "smallint", 2),
        ("submitted_at", "timestamptz", 8),
        ("judged_at", "timestamptz", 8),
        ("runtime_ms, memory_kb", "2 x int", 8),
        ("idempotency_key", "uuid", 16),
        ("row header", "Postgres tuple header", 24),
    ],
    indexes=[
        ("(contest_id, user_id, problem_id, submitted_at)", "penalty: wrong tries before the first accept"),
        ("(user_id, idempotency_key) UNIQUE", "a retried POST returns the first submission"),
        ("(contest_id, verdict) WHERE verdict = 'PENDING'", "finds submissions stuck in judging"),
    ],
    per="task",
)
bp.table(
    "results",
    primary_key="(contest_id, user_id)",
    fields=[
        ("contest_id", "int", 4),
        ("user_id", "bigint", 8),
        ("solved", "smallint", 2),
        ("penalty_min", "int", 4),
        ("last_ac_s", "int", 4),
        ("per-problem tries + ac time", "jsonb, ~8 problems", 120),
        ("row header", "Postgres tuple header", 24),
    ],
    indexes=[("(contest_id, solved DESC, penalty_min, last_ac_s)", "final standings and the Redis rebuild in order")],
    per="users",
)
bp.api(
    "submits a solution during the contest",
    'POST /contests/812/submissions\nIdempotency-Key: 2b7e...\n{"problem": "C", "language": "cpp20", "source": "..."}',
    '202 Accepted\n{"submission_id": 90311244, "status": "PENDING"}',
)

bp.derive("avg_subs", "contestants * subs_per_user / round", "Submissions, round average", unit="tasks/s")
bp.derive("peak_subs", "avg_subs * peak_factor", "Submissions, final 10 min", unit="tasks/s")
bp.derive(
    "busy_vms", "peak_subs * tests * test_time", "Busy sandboxes at peak (Little's law)", unit="tasks", section="queues"
)
bp.derive(
    "judge_hosts", "ceil(busy_vms / (vm_per_host * headroom))", "Judge hosts reserved", unit="nodes", section="fleet"
)
bp.derive("judge_rate", "judge_hosts * vm_per_host / (tests * test_time)", "Judge capacity", unit="tasks/s")
bp.derive("board_polls", "contestants * board_poll", "Board polls at the CDN", unit="req/s")
bp.derive("origin", "pops * refresh", "Board reads at origin", unit="req/s")
bp.derive("board_bw", "board_polls * top_bytes", "Board bandwidth from the CDN", unit="MB/s")
bp.derive("rank_reads", "contestants * rank_poll", "Rank reads", unit="req/s")
bp.derive("zset_mem", "contestants * member_bytes", "ZSET memory per contest", unit="MB", section="memory")
bp.derive("redis_busy", "peak_subs * zadd_task + rank_reads * zadd_cost", "Redis core busy", unit="%", section="fleet")
bp.derive("pg_tx", "peak_subs * tx_per_verdict", "Postgres writes at peak", unit="tx/s")
bp.derive("pg_load", "pg_tx / pg_budget", "Postgres utilisation", unit="%", section="fleet")
bp.derive(
    "sub_storage",
    "contestants * subs_per_user * submissions_record * contests_per_year",
    "Submission rows per year",
    unit="GB",
)

# -- trade-offs ---------------------------------------------------------------------------------------

bp.tradeoff(
    decision="Ranking store",
    chosen="Redis sorted set per contest, rebuilt from Postgres when lost",
    rejected="SQL ORDER BY solved DESC, penalty ASC on the results table per request",
    why=(
        "{rank_reads} rank reads each counting rows ahead of the caller is O(N) per read on 100 K rows; "
        "ZREVRANK is O(log N), so Redis is only {redis_busy} busy"
    ),
    cost="A second copy of the scores to keep in step; a Redis failover drops up to ~1 s of ZADDs until the rebuild",
    revisit_when="if contestants exceed 10 M in one round, then shard the ZSET by score band",
)
bp.tradeoff(
    decision="Board delivery",
    chosen="Top-100 snapshot every 2 s to S3 behind a CDN",
    rejected="Live per-user reads of ZREVRANGE through the API",
    why="{board_polls} polls become {origin} at origin; live reads would put all of them on one Redis primary",
    cost="Up to 4 s staleness on the board; the snapshot is a second publishing path to watch",
    revisit_when="if the product needs sub-second boards (e.g. > 1 M viewers of a final), then push over SSE",
)
bp.tradeoff(
    decision="Score encoding",
    chosen="One integer: solved x 1e10 - penalty_min x 1e4 - last_ac_s, exact in a double below 2^53",
    rejected="Multi-field sort (solved, penalty, time) in application code or a ZSET per field",
    why=(
        "ZSET orders by one double; 15 solved = 1.5e11, far under 2^53 = 9e15, and penalty stays < 1e6 "
        "minutes so fields never overlap; each update stays one ZADD"
    ),
    cost="Tie-break rules are baked into the number; changing them means a rebuild from Postgres",
    revisit_when="if a rule adds a fourth key or penalties can pass 1e6 minutes",
)
bp.tradeoff(
    decision="Judge capacity in the final 10 minutes",
    chosen="Judge hosts reserved for the round's lane, sized for the peak: {judge_hosts}",
    rejected="Share part 1's 50-host fleet and let the lane queue",
    why=(
        "At {peak_subs} x 10 tests x 1 s the round keeps {busy_vms} in sandboxes at once; 50 hosts run ~2,100, "
        "so the queue would grow by ~490 submissions/s and verdicts would wait minutes"
    ),
    cost="~170 bare-metal hosts for 2 h per round, idle outside the last half hour",
    revisit_when="if a round's peak drops under 200 submissions/s, then the shared fleet suffices",
)

# -- failure modes ------------------------------------------------------------------------------------

bp.failure(
    failure="Redis primary holding the contest's sorted set fails",
    detection="Sentinel failover event; ZADD errors > 1% for 5 s",
    blast_radius="board and ranks for ~15 s, up to ~1 s of ZADDs lost on the promoted replica",
    mitigation="scoring pauses, rebuilds the ZSET from results rows (100 K rows in ~1 s) and resumes; < 30 s",
)
bp.failure(
    failure="Judge backlog in the final minutes",
    detection="lane ApproximateAgeOfOldestMessage > 30 s or busy sandboxes > 90% for 1 min",
    blast_radius="verdicts late for everyone; penalties use submitted_at, so ranks stay fair",
    mitigation="add warm hosts from the practice pool (~2 min) and pause practice runs; backlog drains within 10 min",
)
bp.failure(
    failure="Scoring consumer replays verdicts after a crash",
    detection="consumer lag > 10 s or a restart; replayed events counted by UPDATE 0",
    blast_radius="none on scores: the PENDING guard makes each verdict count once",
    mitigation="resume from the last committed offset; catch-up of 10 s of lag takes < 5 s",
)
bp.failure(
    failure="Contest DB primary fails",
    detection="Patroni loses the leader key; INSERT errors > 1% for 5 s",
    blast_radius="new submissions and scoring stop for ~30 s; the board shows the last snapshot",
    mitigation="promote the synchronous standby (RPO 0) in ~30 s; the organiser extends the round by the outage",
)

# -- scaling path -------------------------------------------------------------------------------------

bp.scaling(
    at="10x (1 M contestants)",
    breaks="judging first: 10 x {busy_vms} needs ~1,700 hosts; board polls reach 10 x {board_polls} at the CDN",
    next_move="cap the final-minute rate with a submission queue position; run judges across two regions",
)
bp.scaling(
    at="100x (10 M contestants)",
    breaks="one ZSET at 100 x {zset_mem} and all ZADDs on one Redis core; Postgres at 100 x {pg_tx}",
    next_move="shard results by user, keep per-shard ZSETs and merge top-100s; divisions as separate contests",
)

# -- references ---------------------------------------------------------------------------------------

bp.reference("Redis documentation: ZADD", "Sorted-set insert in O(log N).", url="https://redis.io/commands/zadd/")
bp.reference(
    "Redis documentation: ZREVRANK", "The caller's rank in O(log N).", url="https://redis.io/commands/zrevrank/"
)
bp.reference(
    "ICPC World Finals rules",
    "Ranking by problems solved, then penalty time (20 minutes per rejected run).",
)
bp.reference(
    "Amazon CloudFront: managing how long content stays in the cache",
    "max-age and how a POP refetches from the origin.",
    url="https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/Expiration.html",
)
bp.reference(
    "Kafka documentation: consumer offsets and delivery semantics",
    "Why the scorer sees a verdict again after a crash.",
    url="https://kafka.apache.org/documentation/#semantics",
)

bp.key_numbers("peak_subs", "busy_vms", "judge_hosts", "board_polls", "rank_reads")

BLUEPRINT = bp.build()
