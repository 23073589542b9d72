"""Payment wallet: a double-entry ledger sharded by account range, where a merchant payment is one local
ACID transaction, a cross-shard P2P transfer is a saga built on holds, card top-ups are credited only
from signed PSP webhooks, and a daily reconciliation proves the books match the PSP's settlement files.
"""

from kit import Blueprint, leaderless, quorum, single_writer

bp = Blueprint(
    "payment-wallet",
    title="Payment Wallet",
    category="domain",
    learn="Microservice design for wallet/payments",
    promise=(
        "Move money between wallets at 20 M transfers/day (2.3 K transfers/s at peak) with no transfer lost or "
        "applied twice: every transfer is a balanced double-entry posting committed with RPO 0, "
        "at p99 < 300 ms."
    ),
)

# -- components ------------------------------------------------------------------------------------

app = bp.component(
    "app",
    "mobile-client",
    "Wallet app",
    tech="iOS / Android",
    responsibility="Shows balance and history; sends transfers and top-ups with an Idempotency-Key",
)
gateway = bp.component(
    "gateway",
    "api-gateway",
    "API gateway",
    tech="Envoy",
    replicas=4,
    responsibility="Terminates TLS, validates the JWT, rate-limits each user to 10 req/s and routes",
)

with bp.group("Wallet core", kind="tier"):
    wallet = bp.component(
        "wallet",
        "service",
        "Wallet API",
        tech="Go",
        replicas=6,
        responsibility="Public transfer API: idempotency, risk check, then a local post or a saga",
    )
    risk = bp.component(
        "risk",
        "service",
        "Risk service",
        tech="Go, rules + ML",
        replicas=4,
        responsibility="Scores amount, device and velocity in < 20 ms; allows, declines or asks for step-up",
    )
    saga = bp.component(
        "saga",
        "orchestrator",
        "Transfer saga",
        tech="Temporal",
        replicas=3,
        backing_store="temporal-db",
        responsibility="Runs a cross-shard transfer as hold -> credit -> capture; voids the hold on failure",
    )
    ledger_svc = bp.component(
        "ledger-svc",
        "service",
        "Ledger service",
        tech="Go, shard router",
        replicas=6,
        responsibility="The only writer to the ledger: maps accounts to shards, posts entries that sum to 0",
    )
    idem = bp.component(
        "idem",
        "key-value-store",
        "Idempotency keys",
        tech="Redis, 24 h TTL",
        replicas=2,
        # Sentinel promotes the replica; replication is asynchronous, which the ledger's unique key covers.
        topology=single_writer(async_standbys=1, failover="15 s"),
        responsibility="Key -> stored response for 24 h; the ledger's unique key is the durable backstop",
    )
    temporal_db = bp.component(
        "temporal-db",
        "relational-db",
        "Saga history",
        tech="Postgres 16",
        topology=single_writer(sync_standbys=1, failover="60 s"),
        responsibility="Temporal's workflow histories and timers; a saga resumes from here after a crash",
    )

with bp.group("Ledger shard (1 of 16)", kind="cell"):
    ledger = bp.component(
        "ledger",
        "relational-db",
        "Ledger primary",
        tech="Postgres 16 + Patroni",
        # Patroni's 30 s leader TTL plus promotion: writes to this shard stop for up to 60 s, once a month.
        topology=single_writer(sync_standbys=2, failover="60 s"),
        responsibility="Accounts, holds, append-only entries, transfers and outbox for one account range",
    )
    standby = bp.component(
        "standby",
        "relational-db",
        "Sync standbys",
        tech="Postgres 16, sync",
        replicas=2,
        # Batch reads go to either standby; their durability role is in the primary's topology.
        topology=leaderless(2, needed=1),
        responsibility="A commit returns once one of the two has flushed its WAL; also serves batch reads",
    )

with bp.group("Event pipeline", kind="tier"):
    relay = bp.component(
        "relay",
        "worker",
        "Outbox relay",
        tech="Debezium outbox router",
        replicas=2,
        backing_store="kafka",
        lane="async",
        responsibility="Streams committed outbox rows from the WAL to Kafka, at least once",
    )
    kafka = bp.component(
        "kafka",
        "stream",
        "Ledger events",
        tech="Kafka, RF 3",
        replicas=3,
        topology=quorum(3, failover="10 s"),
        responsibility="Transfer and top-up events keyed by account id, kept 7 days",
    )

with bp.group("PSP integration", kind="tier"):
    psp_adapter = bp.component(
        "psp-adapter",
        "service",
        "PSP adapter",
        tech="Go",
        replicas=3,
        responsibility="Creates PSP payments and turns verified webhooks into ledger postings",
    )
    recon = bp.component(
        "recon",
        "worker",
        "Reconciliation job",
        tech="Go, daily at 02:00 UTC",
        accepted_risk="A batch job: a failed run is re-run from its checkpoint the same morning; "
        "no user request waits on it",
        responsibility="Matches ledger entries to PSP settlement lines, books fees, reports breaks",
    )

psp = bp.component(
    "psp",
    "payment-provider",
    "Card PSP",
    tech="Stripe / Adyen",
    accepted_risk="Only top-ups depend on it and they can wait; a second acquirer is the scaling path's next step",
    responsibility="Card acquiring and 3-D Secure; settles to our bank daily with a settlement file",
)
audit = bp.component(
    "audit",
    "audit-log",
    "Audit archive",
    tech="S3 Object Lock, WORM",
    managed="AWS",
    responsibility="Write-once copy of every ledger event, retained 7 years",
)
monitoring = bp.component(
    "monitoring",
    "monitoring",
    "Metrics + alerts",
    tech="Prometheus + PagerDuty",
    replicas=2,
    responsibility="SLO dashboards; pages on reconciliation breaks, outbox lag and shard failover",
)

# -- links -----------------------------------------------------------------------------------------

bp.link(app, gateway, "POST + idem key")
bp.link(gateway, wallet, "authed call", figure="peak_tps")
bp.link(wallet, idem, "SET NX / replay")
bp.link(wallet, risk, "score transfer")
bp.link(wallet, ledger_svc, "post transfer / read")
bp.link(wallet, saga, "start saga", figure="peak_sagas")
bp.link(wallet, psp_adapter, "create top-up")
bp.link(saga, ledger_svc, "hold/credit/capture")
bp.link(saga, temporal_db, "workflow history")
bp.link(ledger_svc, ledger, "1 tx: entries+outbox", figure="shard_tx")
bp.link(ledger, standby, "sync WAL, RPO 0", nature="replication")
bp.link(ledger, relay, "outbox via CDC", nature="replication")
bp.link(relay, kafka, "ledger events", nature="async")
bp.link(kafka, audit, "archive", nature="stream")
bp.link(kafka, risk, "velocity features", nature="stream")
bp.link(psp_adapter, psp, "PaymentIntent + idem key")
bp.link(psp, psp_adapter, "signed webhook", nature="async")
bp.link(psp_adapter, ledger_svc, "post top-up (event id)")
bp.link(recon, psp, "fetch settlement file")
bp.link(recon, standby, "read day's entries")
bp.link(recon, ledger_svc, "book PSP fees")
bp.link(recon, monitoring, "breaks, residuals", nature="async")

# -- flows -----------------------------------------------------------------------------------------

bp.flow(
    "Pay a merchant, same shard",
    [
        (
            app,
            gateway,
            "The app sends POST /transfers with a UUID Idempotency-Key and the amount as an integer "
            "in minor units (1250 = EUR 12.50).",
        ),
        (
            gateway,
            wallet,
            "The gateway validates the JWT and the per-user rate limit, then forwards the call.",
            "5 ms",
            "15 ms",
        ),
        (
            wallet,
            idem,
            "Wallet API claims the key with SET NX (a 30 s in-flight lock, replaced by the stored response "
            "for 24 h after commit), so a retry of a finished request gets the same answer back.",
            "2 ms",
            "10 ms",
        ),
        (
            wallet,
            risk,
            "Risk service scores the transfer within 20 ms; if it has not answered in 50 ms, amounts under "
            "EUR 50 pass under tighter daily limits and larger ones are declined.",
            "20 ms",
            "50 ms",
        ),
        (
            wallet,
            ledger_svc,
            "Ledger service finds the payer and the merchant's receiving sub-account on the same shard, "
            "because every merchant has one sub-account per shard.",
            "3 ms",
            "10 ms",
        ),
        (
            ledger_svc,
            ledger,
            "In one transaction it inserts the transfer row (unique on payer + key), locks both accounts in "
            "ascending id order with SELECT ... FOR UPDATE and checks balance minus holds covers the amount.",
            "7 ms",
            "40 ms",
        ),
        (
            ledger_svc,
            ledger,
            "In the same transaction it inserts a debit and a credit entry that sum to zero, updates both "
            "balance rows, inserts an outbox row and commits.",
            "7 ms",
            "40 ms",
        ),
        (
            ledger,
            standby,
            "COMMIT returns only after one of the two standbys has flushed the WAL record, so an "
            "acknowledged transfer survives the loss of the primary.",
            "1 ms",
            "5 ms",
        ),
    ],
    critical=True,
    mode="write",
    description=(
        "The critical path: one local ACID transaction on the payer's shard, about 72% of all transfers. "
        "Latencies run from the gateway on; the app's own hop is outside the budget."
    ),
)

bp.flow(
    "P2P transfer across shards",
    [
        (
            wallet,
            saga,
            "The two accounts live on different shards, so Wallet API starts a saga whose workflow id is "
            "the transfer id and answers 202 pending.",
        ),
        (
            saga,
            temporal_db,
            "Temporal appends each workflow event to its history before acting on it, so a crashed worker "
            "resumes exactly where it stopped.",
        ),
        (
            saga,
            ledger_svc,
            "Hold: on the sender's shard it locks the account, checks the available balance and inserts a "
            "hold row, so the money cannot be spent twice although it has not moved yet.",
        ),
        (
            saga,
            ledger_svc,
            "Credit: on the receiver's shard it debits that shard's in-transit clearing account and credits "
            "the receiver, keyed by (transfer id, step) so a retried step changes nothing.",
        ),
        (
            saga,
            ledger_svc,
            "Capture: on the sender's shard it closes the hold, debits the sender and credits the clearing "
            "account, which cannot fail for lack of funds because the hold reserved them.",
        ),
        (
            saga,
            ledger_svc,
            "Compensation: if the credit fails for good (receiver closed or frozen), the saga voids the hold "
            "instead and the sender's available balance is whole again.",
        ),
    ],
    description=(
        "Each step is a local transaction that balances on its own shard; the two clearing entries cancel "
        "out once the saga settles."
    ),
)

bp.flow(
    "Read balance and history",
    [
        (app, gateway, "The app sends GET /wallets/me/entries?limit=50 when the user opens the wallet."),
        (gateway, wallet, "The gateway authenticates the user and forwards the read.", "5 ms", "15 ms"),
        (
            wallet,
            ledger_svc,
            "Wallet API asks the Ledger service for the balance and the latest entries.",
            "3 ms",
            "10 ms",
        ),
        (
            ledger_svc,
            ledger,
            "It reads the balance row and the newest 50 entries through the (account_id, created_at) index on the "
            "primary, so a user never sees a balance older than their own last transfer.",
            "4 ms",
            "25 ms",
        ),
    ],
    mode="read",
    description="Balance and history come from the primary: reads are ~2x writes and fit its budget.",
)

bp.flow(
    "Top-up by card",
    [
        (app, gateway, "The user adds EUR 50: the app sends POST /top-ups with a fresh Idempotency-Key."),
        (gateway, wallet, "The gateway authenticates and forwards the request as for a transfer."),
        (wallet, psp_adapter, "Wallet API records a pending top-up and asks the PSP adapter for a payment."),
        (
            psp_adapter,
            psp,
            "The adapter creates a PaymentIntent, reusing the top-up id as the PSP's idempotency key, and "
            "the app finishes card authentication with the PSP's SDK.",
        ),
        (
            psp,
            psp_adapter,
            "The PSP posts a 'payment succeeded' webhook; the adapter checks its HMAC-SHA256 signature over "
            "the raw body and rejects timestamps older than 5 min.",
        ),
        (
            psp_adapter,
            ledger_svc,
            "The adapter posts debit PSP receivable / credit user wallet with the psp_event_id under a "
            "unique constraint, so a redelivered webhook changes nothing and still gets 200.",
        ),
    ],
    description="The wallet is credited from the signed webhook only, never from the app's redirect.",
)

bp.flow(
    "After commit",
    [
        (
            ledger,
            relay,
            "Debezium reads new outbox rows from the WAL through a logical replication slot, so only "
            "committed transfers are ever published.",
        ),
        (
            relay,
            kafka,
            "It publishes each event keyed by account id with acks=all and an idempotent producer, keeping "
            "one account's events in order.",
        ),
        (
            kafka,
            audit,
            "An S3 sink writes events in 5 min batches to Object Lock storage (compliance mode, 7 years).",
        ),
        (
            kafka,
            risk,
            "Risk service updates per-user velocity counters (count and sum over 1 h and 24 h) that step 4 "
            "reads on the next transfer.",
        ),
    ],
    description="Off the critical path: the outbox turns each commit into one event, deduped by event id.",
)

bp.flow(
    "Daily reconciliation",
    [
        (
            recon,
            psp,
            "At 02:00 UTC the job downloads yesterday's settlement file: every captured payment, refund and fee.",
        ),
        (
            recon,
            standby,
            "It reads the same day's PSP-receivable entries from a standby, off the primary, and checks "
            "that each shard's entries sum to zero.",
        ),
        (
            recon,
            ledger_svc,
            "For matched lines it books the PSP fee (debit fee expense, credit PSP receivable); mismatches "
            "are never corrected automatically.",
        ),
        (
            recon,
            monitoring,
            "It reports the count and amount of breaks, and any line still unmatched after one day pages "
            "finance on-call.",
        ),
    ],
    description="Proves the ledger matches the money the PSP actually moved, to the cent, by T+1.",
)

# -- scope -----------------------------------------------------------------------------------------

bp.use_case("User", "pays a merchant from the wallet balance", mode="write", flow="Pay a merchant, same shard")
bp.use_case("User", "sends money to another user's wallet", mode="write", flow="P2P transfer across shards")
bp.use_case("User", "tops up the wallet by card through a PSP", mode="write", flow="Top-up by card")
bp.use_case("User", "sees the balance and every transfer behind it", mode="read", flow="Read balance and history")
bp.use_case("Finance ops", "reconciles the ledger against PSP settlement files every day")
bp.out_of_scope(
    "Card issuing",
    "FX conversion and multi-currency transfers",
    "KYC / AML onboarding",
    "Payouts to bank accounts",
    "Chargebacks and disputes",
)

# -- targets ---------------------------------------------------------------------------------------

bp.target(
    "Transfer latency (same shard)",
    flow="Pay a merchant, same shard",
    p50="80 ms",
    p99="300 ms",
    note="Measured at the gateway; the row locks are held for steps 6-8",
)
bp.target("Balance read latency", flow="Read balance and history", p50="50 ms", p99="200 ms")
bp.target(
    "Cross-shard completion",
    "p99 < 2 s until the receiver is credited",
    note="3 shard transactions plus orchestration; the sender sees 'pending' meanwhile",
)
bp.target(
    "Availability",
    flow="Pay a merchant, same shard",
    availability="99.99%",
    note="4.3 min a month; a shard failover touches 1/16 of accounts",
)
bp.target(
    "Durability",
    flow="Pay a merchant, same shard",
    rpo="0 s",
    rto="60 s",
    note="Commit waits for 1 of 2 sync standbys; base backups and WAL archive allow PITR",
    accepted_miss="Only the Redis idempotency keys can lose their last writes; the ledger's unique "
    "(payer_id, idempotency_key) index is the durable record, so a lost key costs a slower replay, "
    "not a double transfer",
)
bp.target(
    "Consistency",
    "Strong within a shard; every posting sums to 0; 0 unresolved breaks after T+1",
    note="Row locks serialise each account; clearing accounts net to 0 once in-flight sagas settle",
)
bp.target(
    "Idempotency",
    "0 double-applied requests; keys honoured >= 24 h",
    note="Redis answers replays fast; the unique key on the transfer row holds forever",
)

# -- assumptions and load model --------------------------------------------------------------------

bp.table(
    "transfers",
    primary_key="transfer_id",
    fields=[
        ("transfer_id", "uuid", 16),
        ("payer_id", "bigint", 8),
        ("payee_id", "bigint", 8),
        ("amount_minor", "bigint", 8),
        ("currency", "char(3)", 4),
        ("idempotency_key", "uuid", 16),
        ("status", "smallint", 2),
        ("created_at", "timestamptz", 8),
        ("row header", "Postgres tuple header", 24),
    ],
    indexes=[
        ("UNIQUE (payer_id, idempotency_key)", "the durable backstop against a retried POST applied twice"),
    ],
    per="transfer",
)
bp.table(
    "entries",
    primary_key="entry_id",
    fields=[
        ("entry_id", "bigint", 8),
        ("transfer_id", "uuid", 16),
        ("account_id", "bigint", 8),
        ("amount_minor", "bigint (signed)", 8),
        ("created_at", "timestamptz", 8),
        ("row header", "Postgres tuple header", 24),
    ],
    indexes=[
        ("(account_id, created_at)", "history pages and balance replays read one account's entries in time order"),
        ("(transfer_id)", "reconciliation and audits fetch both legs of a transfer"),
    ],
    per="entry",
    note="append-only; a posting's entries sum to 0",
)
bp.api(
    "pays a merchant from the wallet balance",
    'POST /transfers\nIdempotency-Key: 9f1c...\n{"to": "merchant:42", "amount_minor": 1250, "currency": "EUR"}',
    '201 Created\n{"transfer_id": "5b0e...", "status": "posted", "balance_minor": 48750}',
)
bp.api(
    "sends money to another user's wallet",
    'POST /transfers\nIdempotency-Key: 3a7d...\n{"to": "wallet:881", "amount_minor": 2000, "currency": "EUR"}',
    '202 Accepted\n{"transfer_id": "c41a...", "status": "pending"}',
)
bp.api(
    "tops up the wallet by card through a PSP",
    'POST /top-ups\nIdempotency-Key: 77e2...\n{"amount_minor": 5000, "currency": "EUR"}',
    '201 Created\n{"top_up_id": "t_91...", "client_secret": "pi_..._secret_..."}',
)

bp.quantity("wallets", "10e6 users", "Daily active wallets", basis="Planning value for a national consumer wallet")
bp.quantity(
    "payments_per_wallet", "2 transfers/user/day", "Transfers per active wallet", basis="Planning value (topic notes)"
)
bp.quantity("peak_factor", "10", "Peak over average", basis="Lunch-hour, payday and sale bursts (planning value)")
bp.quantity("p2p_share", "30 %", "P2P share of transfers", basis="Planning value; the other 70% pay merchants")
bp.quantity("shards", "16 shards", "Ledger shards", basis="Blast radius: a failover touches 1/16 of accounts")
bp.quantity("tx_local", "1 tx/transfer", "Shard transactions, local transfer", basis="One ACID transaction")
bp.quantity("tx_saga", "3 tx/transfer", "Shard transactions, cross-shard saga", basis="Hold, credit, capture")
bp.quantity(
    "primary_budget", "2000 tx/s/shard", "Ledger tx per primary", basis="With sync commit; to confirm by load test"
)
bp.quantity("headroom", "50 %", "Usable share of a primary", basis="Room for a failover and a bad day")
bp.quantity("rows_per_transfer", "4 rows/transfer", "Ledger row writes", basis="2 entries + 2 balance updates")
bp.quantity("entries_per_transfer", "2 entries/transfer", "Entries per transfer", basis="One debit, one credit")
bp.quantity("index_overhead", "2", "Table plus indexes over table alone", basis="3 indexes on two narrow tables")
bp.quantity("retention_years", "7 years", "Ledger retention", basis="Audit and tax record keeping")
bp.quantity(
    "lock_hold", "15 ms/transfer", "Row lock hold per transfer", basis="Steps 6-8: FOR UPDATE to COMMIT, 7 + 7 + 1 ms"
)
bp.quantity(
    "merchant_peak", "324 transfers/s", "Largest merchant at peak", basis="1.4% of peak transfers (planning value)"
)
bp.quantity("copies", "3", "Ledger copies on disk", basis="Primary + 2 synchronous standbys")
bp.quantity("idem_bytes", "200 B/transfer", "Idempotency record", basis="Key, request hash and stored response")
bp.quantity("event_bytes", "1 KB/transfer", "Ledger event size", basis="JSON event with both legs and metadata")
bp.quantity("kafka_copies", "3", "Kafka replication factor", basis="RF 3 across three zones")
bp.quantity("retention", "7 days", "Kafka retention", basis="Replay window for consumers")
bp.quantity("saga_time", "1 s", "Mean saga duration", basis="3 shard transactions + Temporal hops; p99 target 2 s")

bp.derive("avg_tps", "wallets * payments_per_wallet", "Average transfers", unit="transfers/s")
bp.derive("peak_tps", "avg_tps * peak_factor", "Peak transfers", unit="transfers/s")
bp.derive("cross_share", "p2p_share * (shards - shard) / shards", "Cross-shard share", unit="%", section="rates")
bp.derive("peak_sagas", "peak_tps * cross_share", "Peak sagas", unit="transfers/s")
bp.derive(
    "peak_shard_tx",
    "peak_tps * ((1 - cross_share) * tx_local + cross_share * tx_saga)",
    "Peak shard transactions",
    unit="tx/s",
)
bp.derive("shard_tx", "peak_shard_tx / shards", "Peak per shard", unit="tx/s/shard", section="rates")
bp.derive("row_writes", "peak_tps * rows_per_transfer", "Peak ledger row writes", unit="rows/s")
bp.derive(
    "bytes_per_transfer",
    "(transfers_record + entries_record * entries_per_transfer) * index_overhead",
    "Stored per transfer",
    unit="B/transfer",
)
bp.derive("account_ceiling", "1 / lock_hold", "Ceiling of one account row", unit="transfers/s", section="fleet")
bp.derive("sub_account_peak", "merchant_peak / shards", "Largest merchant, per sub-account", unit="transfers/s/shard")
bp.derive(
    "daily_storage",
    "wallets * payments_per_wallet * bytes_per_transfer",
    "Ledger growth",
    unit="B/day",
    section="storage",
)
bp.derive("yearly_storage", "daily_storage * year * copies", "Ledger per year, all copies", unit="B")
bp.derive("retained_storage", "yearly_storage * retention_years / year", "Ledger over 7 years, all copies", unit="B")
bp.derive("event_bw", "peak_tps * event_bytes", "Peak event stream", unit="B/s")
bp.derive(
    "kafka_disk", "wallets * payments_per_wallet * event_bytes * retention * kafka_copies", "Kafka disk", unit="B"
)
bp.derive(
    "idem_memory",
    "wallets * payments_per_wallet * idem_bytes * day",
    "Idempotency keys (24 h)",
    unit="B",
    section="memory",
)
bp.derive(
    "shards_needed",
    "ceil(peak_shard_tx / (primary_budget * headroom))",
    "Shards for throughput alone",
    unit="shards",
    section="fleet",
)
bp.derive("shard_load", "shard_tx / primary_budget", "Per-primary utilisation", unit="%", section="fleet")
bp.derive("sagas_in_flight", "peak_sagas * saga_time", "Sagas in flight at peak", unit="transfers", section="queues")

# -- trade-offs ------------------------------------------------------------------------------------

bp.tradeoff(
    decision="Transactions across shards",
    chosen="Local ACID transaction per shard, merchant sub-accounts on every shard, sagas with holds for P2P",
    rejected="Two-phase commit (PREPARE TRANSACTION) across shards, or a distributed SQL database",
    why=(
        "2PC holds both rows locked across two more round trips, and indefinitely if the coordinator dies "
        "after prepare; a 15 ms hold already caps an account at {account_ceiling}, and 72% of transfers "
        "never cross shards"
    ),
    cost=(
        "Cross-shard P2P ({peak_sagas} at peak) settles asynchronously (p99 < 2 s) with holds, clearing "
        "accounts and a saga engine; the receiver briefly sees 'pending'"
    ),
    revisit_when=(
        "Cross-shard transfers pass 50% of volume, or a distributed SQL store sustains 23K TPS "
        "(10x peak) at p99 < 100 ms in our load test"
    ),
)
bp.tradeoff(
    decision="Ledger model",
    chosen="Append-only double-entry entries; balance rows are a cache updated in the same transaction",
    rejected="A mutable balance column alone (UPDATE balance = balance - amount)",
    why=(
        "Every cent must be explainable to auditors for 7 years, and the invariants (a posting sums to 0, "
        "balance = sum of entries) catch bugs a bare balance hides; replaying entries rebuilds any "
        "balance at any date"
    ),
    cost=(
        "4 row writes per transfer instead of 2 ({row_writes} at peak), {yearly_storage} a year over 3 "
        "copies, and mistakes are fixed only with reversing entries, never UPDATE or DELETE"
    ),
    revisit_when="Never for the model; move closed months to cold partitions once a shard passes 2 TB",
)
bp.tradeoff(
    decision="Money representation",
    chosen="Signed 64-bit integers in minor units, with an ISO 4217 currency per account",
    rejected="Binary floating-point (double) amounts",
    why=(
        "A double cannot hold 0.10 exactly (0.1 + 0.2 != 0.3), yet reconciliation must match PSP files "
        "to the cent over 20 M transfers/day; a BIGINT holds 9.2 x 10^18 minor units (9.2 x 10^16 EUR)"
    ),
    cost=(
        "Every boundary converts with the currency's exponent (JPY 0, EUR 2, KWD 3), and fee and split "
        "rounding must be explicit (largest-remainder allocation)"
    ),
    revisit_when=(
        "A product needs amounts below one minor unit (sub-cent unit pricing, crypto with 8-18 decimals); "
        "then use a larger fixed scale per asset, still never floats"
    ),
)
bp.tradeoff(
    decision="Hot merchant accounts",
    chosen="One receiving sub-account per merchant on each of the 16 shards, swept daily at payout",
    rejected="One account row per merchant",
    why=(
        "A transfer holds the row lock 15 ms, so one row takes at most {account_ceiling}; the largest "
        "merchant peaks at {merchant_peak}, 4.9x that, and one row would also send its payments across shards"
    ),
    cost=(
        "A merchant's balance sums 16 rows ({sub_account_peak} each at peak); payouts sweep them "
        "(16 postings per merchant a day) and there are 16x more accounts to reconcile"
    ),
    revisit_when=(
        "Any sub-account sustains > 33 transfers/s (half the lock ceiling); then give that merchant "
        "several sub-accounts per shard"
    ),
)
bp.tradeoff(
    decision="Ledger storage engine",
    chosen="Postgres 16, 16 range shards, each a primary plus 2 quorum standbys under Patroni",
    rejected="TigerBeetle, a purpose-built double-entry database with native pending transfers",
    why=(
        "The peak is {peak_shard_tx}, {shard_tx} per shard, {shard_load} of a primary's budget; "
        "Postgres lets one transaction cover holds, outbox and idempotency rows, and the team already "
        "runs its PITR and CDC tooling"
    ),
    cost=(
        "We enforce double-entry rules ourselves (constraint triggers, tests, nightly zero-sum checks), "
        "shard and rebalance ourselves, and row locks bound each account's throughput"
    ),
    revisit_when=(
        "Sustained peak passes ~50K transfers/s: 50K x 1.5625 / 64 shards ≈ 1.2K tx/s per primary, "
        "close to the budget even after the 10x split"
    ),
)

# -- failure modes ---------------------------------------------------------------------------------

bp.failure(
    failure="A ledger shard primary crashes or its zone goes down",
    detection="Patroni leader lock expires (30 s TTL); shard write errors > 1% for 30 s page on-call",
    blast_radius=(
        "1 of 16 shards: ~6% of accounts cannot pay or be paid, including sagas touching them; other shards carry on"
    ),
    mitigation=(
        "Patroni promotes a synchronous standby, which holds every acknowledged commit (RPO 0); clients "
        "retry with the same Idempotency-Key; writes resume in < 60 s and a new standby is rebuilt"
    ),
)
bp.failure(
    failure="A PSP webhook arrives twice, out of order, or not at all",
    detection="Counter of duplicate psp_event_id rejections; top-ups pending > 15 min without a webhook",
    blast_radius="Only the affected top-ups: a delayed credit, never a double credit",
    mitigation=(
        "The unique psp_event_id makes a redelivery a no-op that answers 200; a sweeper asks the PSP about "
        "top-ups pending > 15 min and posts the result the same way; credited within 15 min"
    ),
)
bp.failure(
    failure="A saga stalls between hold and capture (worker crash, Saga history failover, receiver's shard down)",
    detection="Sagas not terminal after 60 s; any hold older than 1 h",
    blast_radius="Only in-flight transfers: the sender's money is held, not lost, and the receiver waits",
    mitigation=(
        "Temporal replays the workflow and retries each idempotent step; a credit still failing after 10 min "
        "voids the hold, and a posted credit makes the capture retry until it succeeds; resolved in 10 min"
    ),
)
bp.failure(
    failure="The outbox relay or Kafka (Ledger events) stalls",
    detection="Oldest unpublished outbox row > 30 s old; replication slot retaining > 20 GB of WAL",
    blast_radius=(
        "Audit archive and risk velocity features lag, so risk scores use stale counters; transfers keep "
        "committing, but retained WAL grows on every primary"
    ),
    mitigation=(
        "The relay resumes from the slot's confirmed position and consumers dedupe on event id; "
        "max_slot_wal_keep_size protects the disk; a 30 min backlog (4.2 M events) drains in ~4 min at 20K "
        "events/s"
    ),
)
bp.failure(
    failure="Ledger and PSP settlement disagree (missed webhook, fee change, bug)",
    detection="Daily job: unmatched lines > 0, or a non-zero PSP-receivable or clearing residual after T+1",
    blast_radius=(
        "The books first: bounded by one day of one PSP's volume; users only if a bug credited or debited them wrongly"
    ),
    mitigation=(
        "Finance traces the break through immutable entries and fixes it with reversing entries posted "
        "through the Ledger service under two-person approval; resolved within 1 business day"
    ),
)

# -- scaling path ----------------------------------------------------------------------------------

bp.scaling(
    at="10x (2.3K TPS average, 23K TPS peak)",
    breaks=(
        "Per-shard commits reach 23K x 1.5625 / 16 ≈ 2.3K tx/s, over the 2K budget; storage grows "
        "~100 TB a year over 3 copies (10x {yearly_storage}); idempotency keys need ~40 GB of Redis"
    ),
    next_move=(
        "Split every shard in four by account range (64 shards, ≈ 565 tx/s each) with logical replication "
        "and a seconds-long write pause per range; partition entries by month onto cheaper storage; "
        "run Redis as a 4-shard cluster"
    ),
)
bp.scaling(
    at="100x (23K TPS average, 230K TPS peak)",
    breaks=(
        "230K x 1.5625 ≈ 360K shard tx/s would need ~180 primaries at 2K tx/s each, and ~65K sagas/s "
        "strain the orchestrator; row locks cap the hottest accounts"
    ),
    next_move=(
        "Move balances and postings to a purpose-built ledger (TigerBeetle clusters per region), whose "
        "pending / post / void transfers replace hold rows and batch many transfers per request; keep "
        "Postgres for transfer metadata"
    ),
)

# -- references ------------------------------------------------------------------------------------

bp.reference(
    "Stripe: Designing robust and predictable APIs with idempotency",
    "Idempotency-Key semantics and safe client retries with backoff",
    url="https://stripe.com/blog/idempotency",
)
bp.reference(
    "Brandur Leach: Implementing Stripe-like Idempotency Keys in Postgres",
    "Keeping the key and the work in one Postgres transaction",
    url="https://brandur.org/idempotency-keys",
)
bp.reference(
    "Alex Xu and Sahn Lam: System Design Interview Vol. 2, Digital Wallet chapter",
    "A 1M TPS wallet: partitioning by account, distributed transactions, event sourcing",
)
bp.reference(
    "TigerBeetle: Two-Phase Transfers",
    "Pending, post and void transfers: the database-native form of our holds",
    url="https://docs.tigerbeetle.com/coding/two-phase-transfers/",
)
bp.reference(
    "Modern Treasury: Accounting for Developers, Part I",
    "Debit- and credit-normal accounts, and why every transaction balances",
    url="https://www.moderntreasury.com/journal/accounting-for-developers-part-i",
)
bp.reference(
    "Square: Books, an immutable double-entry accounting database service",
    "Append-only books where corrections are new entries",
)
bp.reference(
    "Uber: How Uber Migrated Financial Data from DynamoDB to Docstore",
    "LedgerStore: immutable, sealed ledger records behind the Gulfstream payment platform",
    url="https://www.uber.com/blog/dynamodb-to-docstore-migration/",
)
bp.reference(
    "microservices.io: Saga pattern",
    "Orchestrated sagas and compensating transactions",
    url="https://microservices.io/patterns/data/saga.html",
)
bp.reference(
    "microservices.io: Transactional outbox",
    "Publishing events reliably from the same transaction as the state change",
    url="https://microservices.io/patterns/data/transactional-outbox.html",
)
bp.reference(
    "PostgreSQL documentation: Synchronous Replication",
    "Quorum synchronous_standby_names and what a commit waits for",
    url="https://www.postgresql.org/docs/current/warm-standby.html",
)

bp.key_numbers("peak_tps", "shard_tx", "account_ceiling", "retained_storage", "sagas_in_flight")

# Left to right, no layout with lane columns is clean, and freely ranked the risk service drifts
# past the event pipeline and leaves the wallet tier mostly empty: top to bottom reads compactly.
bp.layout(direction="TB")

BLUEPRINT = bp.build()
