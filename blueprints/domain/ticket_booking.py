"""Ticket booking for a stadium-tour on-sale, where 14 M queued fans chase 3.1 M reserved seats: a virtual
waiting room meters fans into the core with signed tokens, Redis turns away seat contention in microseconds
(one `SET NX PX` key per seat, all-or-nothing through a Lua script), and Postgres stays the one authority
whose conditional UPDATEs and unique (show, seat) key rule out a double-sell.
"""

from __future__ import annotations

from kit import Blueprint, quorum, single_writer

bp = Blueprint(
    "ticket-booking",
    title="Ticket Booking System",
    category="domain",
    learn="Inventory, concurrency & seat locking",
    promise=(
        "Sell 3.1 M reserved seats across 52 shows to 14 M fans who queue for the on-sale, with zero "
        "double-sells: a waiting room admits 2,000 fans/s, a seat hold answers in < 250 ms at p99 and lasts "
        "10 min, and Postgres has the final say on every sale."
    ),
)

# -- components ---------------------------------------------------------------------------------------

fan = bp.component(
    "fan",
    "web-client",
    "Fan's browser",
    tech="Web / mobile app",
    responsibility="Waits in the queue, picks seats on a map it polls every 2 s, holds them and pays.",
)
cdn = bp.component(
    "cdn",
    "cdn",
    "CDN",
    tech="CloudFront",
    managed="AWS",
    responsibility="Serves static assets and each show's seat map with max-age=1, so polls rarely reach origin.",
)
waitroom = bp.component(
    "waitroom",
    "waiting-room",
    "Virtual waiting room",
    tech="Go + Ed25519-signed JWTs",
    replicas=4,
    responsibility=(
        "Challenges bots at join, gives each fan a signed queue number (shuffled for the pre-queue, FIFO "
        "after), and releases fans at the set rate with a 15 min admission token."
    ),
)
gateway = bp.component(
    "gateway",
    "api-gateway",
    "API gateway",
    tech="Envoy + JWT filter",
    replicas=6,
    responsibility=(
        "Verifies the admission token (signature, show, expiry, fan id) and limits each fan to 5 req/s "
        "before any core service sees the call."
    ),
)

with bp.group("Booking core", kind="tier"):
    holds = bp.component(
        "holds",
        "service",
        "Hold service",
        tech="Java 21",
        replicas=8,
        responsibility=(
            "Takes all-or-nothing holds of up to 8 seats in Redis, then records them in Postgres, which can "
            "still refuse them."
        ),
    )
    checkout = bp.component(
        "checkout",
        "orchestrator",
        "Checkout saga",
        tech="Temporal workflows",
        replicas=4,
        backing_store="workflows",
        responsibility=(
            "Runs authorize, confirm seats, capture as one durable workflow per order and voids the "
            "authorization when the seats cannot be confirmed."
        ),
    )
    sweeper = bp.component(
        "sweeper",
        "worker",
        "Expiry sweeper",
        tech="Go, runs every 1 s",
        replicas=2,
        role="background",
        responsibility=(
            "Returns seats whose hold_expires has passed to AVAILABLE in batches of 1,000 rows taken with "
            "FOR UPDATE SKIP LOCKED."
        ),
    )
    seatmap = bp.component(
        "seatmap",
        "service",
        "Seat-map service",
        tech="Go",
        replicas=6,
        responsibility="Keeps one availability bitmap per show from seat events and serves it to the CDN.",
    )

mailer = bp.component(
    "mailer",
    "worker",
    "Ticket mailer",
    tech="Go consumer",
    replicas=4,
    lane="async",
    responsibility="Emails the confirmation and e-tickets once per order id, however often an event arrives.",
)
events = bp.component(
    "events",
    "stream",
    "Booking events",
    tech="Kafka, RF 3",
    replicas=3,
    topology=quorum(3, failover="10 s"),
    responsibility="Carries seat-status and order changes captured from Postgres in 48 partitions keyed by show id.",
)

with bp.group("Inventory state", kind="cluster"):
    holdstore = bp.component(
        "holdstore",
        "cache",
        "Seat-hold store",
        tech="Redis Cluster 7",
        replicas=6,
        # 3 primaries with an asynchronous replica each: promotion in ~15 s may drop the last writes.
        topology=single_writer(async_standbys=1, failover="15 s"),
        responsibility=(
            "One key per taken seat, `seat:{show}:{seat}` = fan id with a 600 s TTL (SOLD, no TTL, once paid); "
            "the `{show}` hash tag keeps a show's keys in one slot, so one Lua script can hold several seats."
        ),
    )
    mapcache = bp.component(
        "mapcache",
        "cache",
        "Seat-map cache",
        tech="Redis 7",
        replicas=3,
        topology=single_writer(async_standbys=2, failover="15 s"),
        responsibility="One bitmap per show, one bit per seat: 60,000 bits = 7.5 KB for a stadium.",
    )
    inventory = bp.component(
        "inventory",
        "relational-db",
        "Seats + orders",
        tech="Postgres 16 + Patroni",
        replicas=3,
        topology=single_writer(sync_standbys=1, async_standbys=1, failover="30 s"),
        responsibility=(
            "The authority: one row per seat with unique (show_id, seat_id), status, held_by and "
            "hold_expires, plus orders; commits wait for a synchronous standby."
        ),
    )
    workflows = bp.component(
        "workflows",
        "relational-db",
        "Workflow history",
        tech="Postgres 16 (Temporal)",
        topology=single_writer(sync_standbys=1, failover="30 s"),
        responsibility="Temporal's histories and timers: a checkout resumes here after a worker crash.",
    )

psp = bp.component(
    "psp",
    "payment-provider",
    "Payment provider",
    tech="Stripe",
    accepted_risk="A hold keeps the seats for 10 min while payment retries with the same Idempotency-Key; "
    "a second provider costs more than the rare outage at this volume",
    responsibility="Authorizes, captures and voids card payments; a repeated Idempotency-Key never charges twice.",
)
email = bp.component(
    "email",
    "external-service",
    "Email provider",
    tech="Amazon SES",
    managed="AWS",
    responsibility="Delivers confirmation emails with the e-tickets attached.",
)
monitoring = bp.component(
    "monitoring",
    "monitoring",
    "Monitoring + control",
    tech="Prometheus + rate controller",
    replicas=2,
    responsibility=(
        "Scrapes hold p99, Postgres commit latency and sweeper lag; a small controller turns them into the "
        "waiting room's release rate, and alerts page on-call."
    ),
)

# -- links --------------------------------------------------------------------------------------------

bp.link(fan, waitroom, "join / poll queue")
bp.link(monitoring, waitroom, "set release rate")
bp.link(fan, cdn, "GET assets + seat map", figure="map_polls")
bp.link(cdn, seatmap, "map miss (max-age=1)")
bp.link(seatmap, mapcache, "read / set seat bits")
bp.link(fan, gateway, "API + admission token")
bp.link(gateway, holds, "POST /holds", figure="hold_attempts")
bp.link(gateway, checkout, "POST /orders")
bp.link(holds, holdstore, "SET NX PX 600000 (Lua)")
bp.link(holds, inventory, "UPDATE HELD if AVAILABLE", figure="pg_tx")
bp.link(inventory, events, "CDC: seat + order rows", nature="replication")
bp.link(events, seatmap, "seat-status events", nature="stream")
bp.link(checkout, psp, "authorize / capture / void", figure="psp_writes")
bp.link(checkout, workflows, "workflow history")
bp.link(checkout, inventory, "UPDATE to SOLD if held")
bp.link(checkout, holdstore, "mark SOLD or release (Lua)")
bp.link(sweeper, inventory, "release expired holds")
bp.link(events, mailer, "confirmed orders", nature="stream")
bp.link(mailer, email, "send e-tickets")

# -- flows --------------------------------------------------------------------------------------------

bp.flow(
    "Queue and admission",
    [
        (
            fan,
            waitroom,
            "The fan joins before 10:00 and passes a bot challenge; at 10:00 everyone already waiting is "
            "shuffled into random queue numbers and later arrivals are numbered in arrival order.",
        ),
        (
            monitoring,
            waitroom,
            "The admission controller advances the serving counter by 2,000 fans/s while hold p99 stays "
            "under 250 ms, and slows it when hold p99 or Postgres commit latency rises.",
        ),
        (
            fan,
            waitroom,
            "Each poll (every 60 s, every 5 s near the front) compares the fan's signed number with the "
            "serving counter (cached for 1 s), and the first poll after the fan's turn returns a 15 min "
            "admission token bound to fan and show.",
        ),
        (
            fan,
            cdn,
            "The admitted fan loads the event page and the show's seat map, a bitmap the CDN serves from a "
            "copy at most 1 s old.",
        ),
        (
            cdn,
            seatmap,
            "A cache miss asks the seat-map service, at most once per show per POP each second.",
        ),
        (
            seatmap,
            mapcache,
            "The service reads the show's bitmap, where a set bit marks a seat that is held or sold.",
        ),
    ],
    description=(
        "Keeps the core's load set by the admission rate, not by the crowd: 14 M fans wait at the edge, "
        "and only those holding a valid admission token reach the API."
    ),
)

bp.flow(
    "Hold seats",
    [
        (
            fan,
            gateway,
            "The fan sends POST /holds with the show, up to 8 seat ids and an Idempotency-Key; the budget "
            "starts at the gateway, since the fan's own network is not ours.",
        ),
        (
            gateway,
            holds,
            "The gateway checks the admission token and the 5 req/s limit, then forwards the request with the "
            "fan id from the verified token, never from the request body.",
            "14 ms",
            "40 ms",
        ),
        (
            holds,
            holdstore,
            "One Lua script checks every seat:{show}:{seat} key and, only if none exists, runs SET key fan "
            "NX PX 600000 on each, so a 4-seat request gets all 4 seats or none in about 25 us.",
            "1 ms",
            "10 ms",
        ),
        (
            holds,
            inventory,
            "UPDATE seats SET status='HELD', held_by=:fan, hold_expires=now() + interval '10 min' WHERE "
            "show_id=:show AND "
            "seat_id = ANY(:seats) AND status='AVAILABLE' must touch every seat, otherwise it rolls back, "
            "the Redis keys are deleted and the fan gets 409.",
            "30 ms",
            "150 ms",
        ),
        (
            inventory,
            events,
            "Debezium reads the committed seat rows from the write-ahead log and publishes them within about 500 ms.",
        ),
        (
            events,
            seatmap,
            "The seat-map service consumes the status change for the show's partition.",
        ),
        (
            seatmap,
            mapcache,
            "It sets the seats' bits, so with the 1 s CDN max-age every fan sees them taken within 2 s.",
        ),
    ],
    critical=True,
    mode="write",
    description=(
        "The contended path: Redis turns away losers in microseconds so Postgres only sees winning holds "
        "(about 500/s of 3,000 attempts/s), and Postgres can still refuse a hold Redis granted."
    ),
)

bp.flow(
    "Pay and confirm",
    [
        (
            fan,
            gateway,
            "The fan submits POST /orders for the hold with card details tokenized by the PSP's own form "
            "and an Idempotency-Key.",
        ),
        (
            gateway,
            checkout,
            "The gateway starts a checkout workflow whose id is the hold id, so a retried request joins the "
            "running workflow instead of starting a second one.",
            "10 ms",
            "30 ms",
        ),
        (
            checkout,
            workflows,
            "Temporal records the workflow start in its history before any step runs.",
            "5 ms",
            "30 ms",
        ),
        (
            checkout,
            psp,
            "The saga extends the hold once by 120 s and asks the PSP to authorize the total with the order "
            "id as Idempotency-Key; it captures only after the next step commits.",
            "800 ms",
            "3 s",
        ),
        (
            checkout,
            inventory,
            "Once authorized, one transaction runs UPDATE seats SET status='SOLD', order_id=:order WHERE "
            "show_id=:show AND seat_id = ANY(:seats) AND held_by=:fan AND hold_expires > now(), which must "
            "touch every seat, and inserts the order as CONFIRMED; on a decline or a short match the saga "
            "instead sets the fan's HELD rows back to AVAILABLE and voids the authorization.",
            "30 ms",
            "150 ms",
        ),
        (
            checkout,
            holdstore,
            "On success the seats' keys are rewritten to SOLD with no TTL; on failure the fan's keys are "
            "deleted so the seats return at once.",
            "1 ms",
            "10 ms",
        ),
        (
            inventory,
            events,
            "Debezium publishes the SOLD seats and the CONFIRMED order row.",
        ),
        (
            events,
            mailer,
            "The mailer consumes the order event and skips order ids it has already emailed.",
        ),
        (
            mailer,
            email,
            "It sends the confirmation with the e-tickets through the email provider.",
        ),
    ],
    critical=True,
    description=(
        "A saga with a compensation: authorize (reversible), confirm in Postgres (the point of no return), "
        "capture. A failed payment releases the seats at once; an abandoned hold lapses after 10 min, when "
        "its Redis keys expire and the expiry sweeper returns the Postgres rows to AVAILABLE."
    ),
)

# -- scope --------------------------------------------------------------------------------------------

bp.use_case(
    "Fan",
    "waits in a virtual queue and is admitted with a signed, 15 min token",
    mode="write",
    flow="Queue and admission",
)
bp.use_case("Fan", "holds up to 8 reserved seats for 10 minutes, all of them or none", mode="write", flow="Hold seats")
bp.use_case(
    "Fan", "sees seats held or sold by others leave the map within 2 s", mode="read", flow="Queue and admission"
)
bp.use_case("Fan", "pays within the hold and receives e-tickets by email", mode="write", flow="Pay and confirm")
bp.use_case("Operator", "sets the queue mode and the admission rate for each on-sale")
bp.out_of_scope(
    "Resale and transfer marketplace",
    "Dynamic pricing",
    "Venue and seat-map authoring",
    "Verified-fan registration and identity proofing",
    "Refunds, chargebacks and event cancellation",
)

# -- targets ------------------------------------------------------------------------------------------

bp.target("Hold latency", flow="Hold seats", p50="50 ms", p99="250 ms", note="Measured at the gateway")
bp.target("Confirm latency", flow="Pay and confirm", p50="1 s", p99="4 s", note="The PSP's authorize is most of it")
bp.target(
    "Seat-map freshness",
    "a held or sold seat leaves the served map within 2 s (p99)",
    note="CDC lag 0.5 s + bitmap update 0.05 s + CDN max-age 1 s = 1.55 s",
)
bp.target(
    "Availability during the on-sale",
    flow="Hold seats",
    availability="99.5%",
    window="2 h",
    note="The sale lasts 2 h, so a monthly figure says nothing: one failover must fit in 0.5% of it",
)
bp.target(
    "Durability",
    flow="Hold seats",
    rpo="0 s",
    rto="60 s",
    note="Every Postgres commit waits for a synchronous standby",
    accepted_miss="Redis hold keys may be lost on failover, but every hold is also a Postgres row, "
    "and the sweeper re-creates the keys from it",
)
bp.target(
    "Consistency",
    "0 double-sells: at most one SOLD row per (show, seat)",
    note="unique (show_id, seat_id) plus conditional UPDATEs; Redis only filters contention",
)

# -- assumptions and load model -----------------------------------------------------------------------

bp.assume(
    "Checkout time",
    "p50 90 s, p99 8 min",
    basis=(
        "card entry plus a 3-D Secure challenge for some cards (measure per market); the 10 min hold "
        "covers p99 with 2 min to spare"
    ),
)

bp.quantity(
    "fans",
    "14e6 fans",
    "Fans at the on-sale",
    basis="Press reports of the Nov 2022 Eras Tour presale on Ticketmaster (people and bots on the site)",
)
bp.quantity(
    "sale_requests",
    "3.5e9 req",
    "Edge requests on the sale day",
    basis="Ticketmaster's Eras Tour statement: 3.5 B system requests, 4x its previous peak",
)
bp.quantity("window", "2 h", "On-sale window", basis="Nearly all of the day's requests land in it")
bp.quantity(
    "admission",
    "2000 fans/s",
    "Admission rate",
    basis="Chosen to keep the PSP under its agreed limit and Postgres under 10% of its write budget",
)
bp.quantity("shows", "52 shows", "Shows on sale", basis="A stadium tour")
bp.quantity("seats_per_show", "60000 seats/show", "Seats per show", basis="A 60 K-seat stadium")
bp.quantity(
    "seats_per_order", "3 seats/order", "Seats per order", basis="Ticketmaster: invited fans bought 3 on average"
)
bp.quantity(
    "buy_rate",
    "0.2 orders/fan",
    "Orders per admitted fan",
    basis="Open queue, planning value: Ticketmaster's ~40% describes invited Verified Fan presales, "
    "not a queue open to anyone",
)
bp.quantity("attempts", "1.5 req/fan", "Hold attempts per fan", basis="Retries after losing a seat to another fan")
bp.quantity("win_rate", "0.25 bookings/fan", "Winning holds per fan", basis="A quarter win a hold; 80% of those pay")
bp.quantity("time_inside", "300 s", "Time inside the core", basis="Browsing, holding and paying")
bp.quantity("poll_rate", "0.5 req/fan/s", "Seat-map polls per fan", basis="One poll every 2 s")
bp.quantity("pops", "50", "CDN POPs serving the sale", basis="Planning value for a US-wide sale")
bp.quantity("refresh", "1 req/s/show", "Origin refresh per POP", basis="max-age=1: one miss per show per POP a second")
bp.quantity("map_bytes", "7.5 KB/req", "Seat-map response", basis="60 K-seat bitmap, compressed, plus headers")
bp.quantity("key_bytes", "200 B/seat", "Hold key in Redis", basis="Key, value and Redis overhead per seat")
bp.quantity("lua_cost", "25 us/req", "Hold script cost", basis="6 O(1) commands for an average 3-seat hold")
bp.quantity("tx_per_hold", "1 tx/booking", "Postgres tx per winning hold", basis="One conditional UPDATE")
bp.quantity("tx_per_order", "1 tx/order", "Postgres tx per order", basis="One UPDATE to SOLD plus the order row")
bp.quantity(
    "pg_budget", "10000 tx/s", "Postgres write budget", basis="One primary with a synchronous standby, small writes"
)
bp.quantity("psp_calls", "2 req/order", "PSP writes per order", basis="Authorize, then capture (or void)")
bp.quota(
    "psp_limit",
    "1000 req/s",
    "PSP write limit, raised",
    basis="Agreed with Stripe before the sale; its default live-mode limit is 100 req/s, a tenth of this",
    load="psp_writes",
)
bp.quantity("hot_share", "10 %", "Attempts on the most wanted show", basis="52 shows share the sale; planning value")
bp.table(
    "seats",
    primary_key="(show_id, seat_id)",
    fields=[
        ("show_id", "int", 4),
        ("seat_id", "int", 4),
        ("status", "smallint", 2),
        ("held_by", "bigint", 8),
        ("hold_expires", "timestamptz", 8),
        ("order_id", "bigint", 8),
        ("row header", "Postgres tuple header", 24),
    ],
    indexes=[
        ("(show_id, hold_expires) WHERE status = 'HELD'", "the sweeper finds expired holds without a scan"),
        ("(order_id)", "an order's seats for e-tickets and refunds"),
    ],
    per="seat",
)
bp.api(
    "holds up to 8 reserved seats for 10 minutes, all of them or none",
    "POST /holds\nAuthorization: Bearer <admission token>\nIdempotency-Key: 1c9e...\n"
    '{"show_id": 17, "seat_ids": [40211, 40212, 40213]}',
    '201 Created\n{"hold_id": "h_82...", "expires_at": "2026-11-20T10:14:03Z"}  (409 if any seat is taken)',
)
bp.api(
    "pays within the hold and receives e-tickets by email",
    'POST /orders\nIdempotency-Key: 5d20...\n{"hold_id": "h_82...", "payment_method": "pm_..."}',
    '201 Created\n{"order_id": 99182, "status": "CONFIRMED", "seats": 3}',
)
bp.api(
    "waits in a virtual queue and is admitted with a signed, 15 min token",
    'POST /queue/17/join\n{"challenge": "<bot-check token>"}',
    '200 OK\n{"queue_number": 4810233, "poll_after_s": 60}',
)

bp.derive("avg_edge_rps", "sale_requests / day", "Edge requests, day average", unit="req/s")
bp.derive("peak_edge_rps", "sale_requests / window", "Edge requests in the window", unit="req/s")
bp.derive("hold_attempts", "admission * attempts", "Hold attempts", unit="req/s")
bp.derive("order_rate", "admission * buy_rate", "Orders", unit="orders/s")
bp.derive("seat_rate", "order_rate * seats_per_order", "Seats sold", unit="seats/s")
bp.derive("psp_writes", "order_rate * psp_calls", "PSP writes", unit="req/s")
bp.derive("hot_show", "hold_attempts * hot_share", "Hold scripts on the hottest show", unit="req/s")
bp.derive("hot_core", "hot_show * lua_cost", "Hottest show's Redis core", unit="%", section="fleet")
bp.derive("seat_storage", "shows * seats_per_show * seats_record", "Seat rows, whole tour", unit="B")
bp.derive("map_polls", "admission * time_inside * poll_rate", "Seat-map polls at the CDN", unit="req/s")
bp.derive("origin_rps", "shows * pops * refresh", "Seat-map requests at origin", unit="req/s")
bp.derive("cdn_bw", "map_polls * map_bytes", "Seat-map bandwidth from the CDN", unit="B/s")
bp.derive(
    "hold_memory", "shows * seats_per_show * key_bytes", "Hold-store memory, whole tour", unit="B", section="memory"
)
bp.derive("pg_tx", "admission * (win_rate * tx_per_hold + buy_rate * tx_per_order)", "Postgres write load", unit="tx/s")
bp.derive("pg_load", "pg_tx / pg_budget", "Postgres utilisation", unit="%", section="fleet")
bp.derive("redis_load", "hold_attempts * lua_cost", "Redis core busy on holds", unit="%", section="fleet")
bp.derive("inside", "admission * time_inside", "Fans inside the core (Little's law)", unit="fans", section="queues")
bp.derive("longest_wait", "fans / admission", "Longest queue wait", unit="h", section="queues")
bp.derive("seats_total", "shows * seats_per_show", "Seats on sale", unit="seats", section="other")
bp.derive("sell_out", "seats_total / seat_rate", "Time to sell out", unit="min", section="time")

# -- trade-offs ---------------------------------------------------------------------------------------

bp.tradeoff(
    decision="Where seat contention is resolved",
    chosen=(
        "Redis holds (SET NX PX in one Lua script) in front of Postgres as the authority (conditional "
        "UPDATE, unique (show, seat))"
    ),
    rejected=("Postgres alone with row locks (FOR UPDATE / NOWAIT), or Redis alone as the record of holds and sales"),
    why=(
        "At 10:00 {hold_attempts} pile onto the front-section seats; in Postgres 100 contenders queued behind "
        "~5 ms commits wait 500 ms, twice the p99 target, while Redis rejects them in ~25 us; Redis alone "
        "can drop acknowledged keys on failover"
    ),
    cost=(
        "Two stores to keep in step: a Redis win can still be refused by Postgres (undo the keys, answer "
        "409), and after a Redis failover a seat can briefly look free in Redis while Postgres holds it"
    ),
    revisit_when=(
        "hold attempts stay below ~300/s per show (Postgres alone with NOWAIT is then simpler), or the "
        "inventory moves to a store with linearizable conditional writes above 10 K/s per shard"
    ),
)
bp.tradeoff(
    decision="Hold duration",
    chosen="10 min hold (PX 600000), extended once by 120 s when payment starts",
    rejected="a 3 min hold (less hoarding) or a 20 min hold (fewer fans timed out mid-payment)",
    why=(
        "p99 checkout with 3-D Secure is 8 min, so a shorter hold expires paying fans; with 100 abandoned "
        "holds/s x 3 seats, 10 min parks 180 K seats (~6% of 3.1 M) at any moment"
    ),
    cost=(
        "About 6% of inventory looks sold out and then reappears as holds lapse, and a bot with a valid "
        "token can sit on 8 seats for 10 min"
    ),
    revisit_when=(
        "abandoned holds exceed 25% of holds (shorten to 6 min), or p99 checkout drops under 4 min with wallet payments"
    ),
)
bp.tradeoff(
    decision="Admission rate",
    chosen="2,000 fans/s, adjusted in a closed loop on hold p99 and Postgres commit latency",
    rejected="no waiting room (autoscale the core), or a fixed 10,000 fans/s",
    why=(
        "The PSP binds first: {psp_writes} sits under the raised {psp_limit}. At 10,000 fans/s it would "
        "take 4,000 req/s; with no queue, ~486 K req/s arrive in the first minutes, long before new pods "
        "are ready (~90 s)"
    ),
    cost="The last of 14 M fans waits {longest_wait}",
    revisit_when="A second PSP or a 3,000 req/s limit: raise to 6,000 fans/s and the worst wait falls to ~39 min",
)
bp.tradeoff(
    decision="Queue order",
    chosen=(
        "A shuffled pre-queue for everyone present at the start, FIFO for later arrivals, and a lottery "
        "of presale codes when demand is many times supply"
    ),
    rejected="pure FIFO by arrival time",
    why=(
        "Most fans join in the minutes before 10:00, so arrival order rewards fast scripts, not fans; at "
        "{seat_rate} the seats are gone after {sell_out}, about 5.2 M admissions, so 8.8 M fans (63%) "
        "cannot buy whatever the order"
    ),
    cost=(
        "Fans who came early lose their head start and call it unfair; a lottery needs registration and "
        "identity checks before the sale"
    ),
    revisit_when="demand falls under ~2x the seats on sale (e.g. 6 M fans for 3.1 M seats), where FIFO is fine",
)
bp.tradeoff(
    decision="How fans see seat changes",
    chosen="poll a CDN-cached bitmap per show every 2 s (max-age=1), fed by CDC",
    rejected="push each seat change to every fan over WebSockets",
    why=(
        "Polling is 300 K req/s that the CDN absorbs, with ~2,600 req/s reaching origin; pushing needs a "
        "stateful tier holding 600 K connections and ~6,000 seat changes/s fanned out to ~11.5 K watchers "
        "per show (600 K / 52 shows)"
    ),
    cost=(
        "Up to 2 s of staleness: fans click seats someone has just taken, which is why we plan for 1.5 "
        "hold attempts per fan"
    ),
    revisit_when=(
        "more than 30% of hold attempts fail on stale seats, or a WebSocket gateway already runs for other features"
    ),
)

# -- failure modes ------------------------------------------------------------------------------------

bp.failure(
    failure="Redis hold-store primary fails and its replica is promoted without the last writes",
    detection=(
        "cluster failover event; hold-store errors > 1% for 10 s; counter of 'Redis granted, Postgres "
        "refused' holds > 0"
    ),
    blast_radius=(
        "the shows in that shard's slots: up to ~1 s of acknowledged hold keys vanish, but the holds "
        "stand in Postgres, so a second fan who wins the key is refused there: no double-sell"
    ),
    mitigation=(
        "the hold service answers 503 with Retry-After for that shard until promotion (~15 s), then the "
        "sweeper re-creates keys from Postgres rows still HELD (60 K rows in < 5 s); recovery < 30 s"
    ),
)
bp.failure(
    failure="Bot surge at the start of the sale",
    detection=("joins per minute > 3x registered fans, or > 30% of joins with a bot score >= 0.8 for 1 min"),
    blast_radius=(
        "queue places and admissions go to scripts; each admitted bot can hold 8 seats for 10 min; the "
        "core stays safe because the gateway only accepts admission tokens"
    ),
    mitigation=(
        "raise the join challenge (proof of work, CAPTCHA), WAF rate rules per IP and ASN, one token per "
        "verified account and device, one live hold per token; effective within 2 min of a rule change"
    ),
)
bp.failure(
    failure="Payment provider times out, slows down or throttles (429 over the agreed limit)",
    detection="PSP authorize p99 > 5 s, error rate > 2% or any 429 over 1 min",
    blast_radius=(
        "fans in checkout: their holds keep running while they wait, so some expire before payment "
        "completes; no seat is lost or sold twice"
    ),
    mitigation=(
        "retry with the same Idempotency-Key and look up unknown outcomes before voiding; a circuit breaker "
        "cuts the admission rate so nobody holds seats they cannot pay for; stragglers closed within 15 min"
    ),
)
bp.failure(
    failure="Expiry sweeper falls behind",
    detection="age of the oldest expired HELD row > 30 s for 1 min (page at 60 s)",
    blast_radius=(
        "expired seats stay HELD in Postgres and taken on the map, so they sell later; confirms are safe "
        "because they require hold_expires > now()"
    ),
    mitigation=(
        "add sweeper instances (SKIP LOCKED lets them share rows without waiting); 2 instances x 1,000 "
        "rows/s = 2,000 rows/s against 300 expiring seats/s clear a 1 min backlog in ~11 s"
    ),
)
bp.failure(
    failure="Postgres primary (seats or Workflow history) fails",
    detection="Patroni loses the leader key; health checks fail 3 times at 1 s intervals",
    blast_radius=(
        "every hold and confirm for the cluster's shows fails for the failover; holds already granted "
        "keep ticking toward expiry"
    ),
    mitigation=(
        "Patroni promotes the synchronous standby (RPO 0, ~30 s), the admission controller pauses "
        "releases, the core answers 503 with Retry-After, and hold_expires is pushed out by the outage "
        "length so no fan loses seats"
    ),
)

# -- scaling path -------------------------------------------------------------------------------------

bp.scaling(
    at="10x (20,000 fans/s admitted)",
    breaks=(
        "the PSP first: 10 x {psp_writes} is 8x the raised limit; Postgres reaches 10 x {pg_tx}, 90% of one "
        "primary; the hottest show's Redis shard stays at 10 x {hot_core} of a core"
    ),
    next_move=(
        "add a second PSP and split orders between them; shard Postgres by show_id (4 shards, ~2,300 tx/s each)"
    ),
)
bp.scaling(
    at="100x (200,000 fans/s admitted)",
    breaks=(
        "the hottest show's keys share one Redis slot: 100 x {hot_show} x 25 us = 75% of a single-threaded "
        "core; seat-map polls reach 100 x {map_polls} = 30 M req/s"
    ),
    next_move=(
        "tag keys by `{show:section}` so a show spans ~100 shards and a hold must stay within one section; "
        "run the core as regional cells, each owning a set of shows with its own waiting room"
    ),
)

# -- references ---------------------------------------------------------------------------------------

bp.reference(
    "Ticketmaster: Taylor Swift | The Eras Tour Onsale Explained (2022)",
    "Source of the scale: 3.5 B system requests, 40% of invited fans buying 3 tickets on average.",
    url="https://business.ticketmaster.com/press-release/taylor-swift-the-eras-tour-onsale-explained/",
)
bp.reference(
    "Redis documentation: SET",
    "The NX and PX options that make a seat hold one atomic set-if-absent with an expiry.",
    url="https://redis.io/commands/set/",
)
bp.reference(
    "Martin Kleppmann: How to do distributed locking (2016)",
    "Why a TTL lock needs a fencing check at the store; here the conditional UPDATE is that check.",
    url="https://martin.kleppmann.com/2016/02/08/how-to-do-distributed-locking.html",
)
bp.reference(
    "Redis documentation: distributed locks and Redlock",
    "The single-instance lock and its loss on failover, and the multi-node variant we skip because Postgres decides.",
)
bp.reference(
    "PostgreSQL documentation: Explicit Locking",
    "Row-level locks that make conditional UPDATEs on one seat wait in line.",
    url="https://www.postgresql.org/docs/current/explicit-locking.html",
)
bp.reference(
    "PostgreSQL documentation: SELECT, the locking clause (SKIP LOCKED, NOWAIT)",
    "How sweeper instances claim expired rows without blocking each other.",
    url="https://www.postgresql.org/docs/current/sql-select.html",
)
bp.reference(
    "Queue-it: why randomize instead of first come, first served",
    "The shuffled pre-queue followed by FIFO that the waiting room uses.",
    url=(
        "https://support.queue-it.com/hc/en-us/articles/"
        "360020951680-Why-use-randomization-instead-of-first-come-first-served-principle-"
    ),
)
bp.reference(
    "AWS Solutions: Virtual Waiting Room on AWS, architecture overview",
    "Queue numbers against a serving counter and signed JWTs checked in front of the protected API.",
    url="https://docs.aws.amazon.com/solutions/latest/virtual-waiting-room-on-aws/architecture-overview.html",
)
bp.reference(
    "SeatGeek at QCon London 2022: How SeatGeek Successfully Handle High Demand Ticket On-Sales",
    "An in-house FIFO waiting room on AWS and Fastly that meters fans into the ticketing site.",
    url="https://archive.qconlondon.com/london2022/presentation/how-seatgeek-successfully-handle-high-demand-ticket-sales",
)
bp.reference(
    "Hector Garcia-Molina and Kenneth Salem: Sagas (SIGMOD 1987)",
    "Long transactions split into steps with compensations: authorize, confirm, capture, and void.",
)
bp.reference(
    "Stripe API reference: Idempotent requests",
    "Retrying authorize or capture with the same key cannot charge a fan twice.",
    url="https://docs.stripe.com/api/idempotent_requests",
)
bp.reference(
    "Debezium: PostgreSQL connector",
    "Reads committed rows from the write-ahead log into Kafka, feeding the seat map and the mailer.",
    url="https://debezium.io/documentation/reference/stable/connectors/postgresql.html",
)

bp.key_numbers("admission", "hold_attempts", "pg_tx", "psp_writes", "longest_wait", "sell_out")

bp.layout(article="TB")
BLUEPRINT = bp.build()
