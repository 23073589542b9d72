"""Backpressure in live video: 1M viewers of one live event, and a rule at every hop that when a consumer is
slower than its producer, quality drops and latency does not grow. The venue encoder sends SRT, whose
retransmissions stop at a fixed latency window (late packets are dropped, not waited for); the transcoder
reads a 2 s bounded input queue and sheds its top rung rather than fall behind real time; the packager cuts
CMAF parts for Low-Latency HLS and holds blocking playlist requests until the next part exists; CDN edges and
an origin shield collapse a million identical requests into a few dozen; and each player pulls only when its
buffer has room, choosing the rung by buffer level (BOLA) once it has a buffer and by throughput before.
Co-hosts join over WebRTC, where the SFU forwards each subscriber the simulcast layer its bandwidth
estimate allows. The pipeline shape resembles other streaming systems; what differs here is that every
queue is bounded in seconds of media and every overflow is answered by a lower bitrate.
"""

from kit import Blueprint

bp = Blueprint(
    "video-streaming-backpressure",
    title="Handling Backpressure in Video Streaming",
    category="load-balancing",
    learn="Smoothing producers/consumers under load",
    promise=(
        "Stream one live event to 1M concurrent viewers (5 Tbps) at 3-5 s glass-to-glass with a rebuffer ratio "
        "under 0.5%, by answering every slow consumer with a lower bitrate instead of a longer queue."
    ),
)

# -- components ------------------------------------------------------------------------------------

encoder = bp.component(
    "encoder",
    "device",
    "Venue encoder",
    tech="Hardware encoder, 2 SRT paths",
    responsibility="Sends the programme feed at 20 Mbps over two SRT links (fibre + bonded cellular)",
)
viewers = bp.component(
    "viewers",
    "users",
    "1M players",
    tech="hls.js, AVPlayer, ExoPlayer",
    responsibility="Pull parts only while the buffer has room; pick the rung by buffer (BOLA) or throughput",
)
cohosts = bp.component(
    "cohosts",
    "web-client",
    "Co-host browsers",
    tech="WebRTC, simulcast",
    responsibility="Publish 3 simulcast layers; send TWCC feedback; receive the layer they can take",
)

with bp.group("Delivery", kind="tier"):
    cdn = bp.component(
        "cdn",
        "cdn",
        "CDN edges",
        tech="Two CDNs, HLS content steering",
        # Two independent providers, each at its 99.9% SLA; players switch pathway on errors.
        availability=0.999,
        replicas=2,
        responsibility="Serve parts and playlists; collapse concurrent misses for one object into one fetch",
    )
    shield = bp.component(
        "shield",
        "cdn",
        "Origin shield",
        tech="Varnish, 3 regions",
        replicas=6,
        responsibility="Second cache tier: one fetch per part per region reaches the packager",
    )

with bp.group("Contribution", kind="tier"):
    ingest = bp.component(
        "ingest",
        "realtime-gateway",
        "SRT ingest",
        tech="SRT listener, latency 500 ms",
        replicas=2,
        responsibility="Receives both SRT paths; ARQ inside a 500 ms window, then drops late packets",
    )
    sfu = bp.component(
        "sfu",
        "realtime-gateway",
        "WebRTC SFU",
        tech="LiveKit",
        replicas=2,
        responsibility="Forwards each subscriber one simulcast layer chosen from its bandwidth estimate",
    )

with bp.group("Live pipeline (A + B)", kind="tier"):
    transcoder = bp.component(
        "transcoder",
        "worker",
        "Live transcoder",
        tech="FFmpeg + NVENC",
        replicas=2,
        responsibility="6-rung ladder 240p 0.4 to 2160p 15 Mbps; 2 s bounded input; sheds 2160p when late",
    )
    packager = bp.component(
        "packager",
        "service",
        "LL-HLS packager",
        tech="CMAF, 1 s parts, 4 s segments",
        replicas=2,
        responsibility="Cuts parts, writes playlists, holds blocking reloads until the requested part exists",
    )

segments = bp.component(
    "segments",
    "object-store",
    "DVR segments",
    tech="S3",
    managed="AWS",
    availability=0.9999,
    responsibility="Every 4 s segment of every rung, kept 30 days for rewind and replays",
)
qoe = bp.component(
    "qoe",
    "monitoring",
    "QoE analytics",
    tech="CMCD beacons + ClickHouse",
    replicas=2,
    responsibility="Rebuffer ratio, bitrate and latency by CDN, ISP and rung; alerts on regressions",
)

# -- links -----------------------------------------------------------------------------------------

bp.link(encoder, ingest, "SRT 20 Mbps x 2", nature="stream")
bp.link(ingest, transcoder, "mezzanine", nature="stream")
bp.link(cohosts, sfu, "simulcast 3 layers", nature="stream")
bp.link(sfu, cohosts, "1 layer each", nature="async")
bp.link(sfu, transcoder, "co-host feed", nature="stream")
bp.link(transcoder, packager, "6 rungs, CMAF", nature="stream")
bp.link(packager, segments, "4 s segments", nature="async")
bp.link(viewers, cdn, "GET part / playlist", figure="edge_rps")
bp.link(cdn, shield, "collapsed miss", figure="shield_rps")
bp.link(shield, packager, "blocking fetch", figure="origin_rps")
bp.link(shield, segments, "DVR fetch")
bp.link(viewers, qoe, "CMCD beacons", nature="async")

# -- flows -----------------------------------------------------------------------------------------

bp.flow(
    "Watch live",
    [
        (
            viewers,
            cdn,
            "A player asks for playlist ?_HLS_msn=1801&_HLS_part=2, the part after the newest it has: a blocking "
            "reload that the edge holds until that part exists.",
            "20 ms",
            "80 ms",
        ),
        (cdn, shield, "Each edge forwards one such request per rung; the other viewers wait on it.", "15 ms", "60 ms"),
        (
            shield,
            packager,
            "The shield forwards one request per region; the packager answers the moment the part is cut "
            "(the wait itself is not counted here).",
            "20 ms",
            "80 ms",
        ),
        (
            viewers,
            cdn,
            "The player fetches the 1 s part (625 KB at 5 Mbps), already cached at the edge, and the buffer grows "
            "by 1 s.",
            "250 ms",
            "800 ms",
        ),
    ],
    critical=True,
    mode="read",
    description="Pull-based delivery: a player asks for the next part only when it wants it; nothing is pushed.",
)

bp.flow(
    "Ingest and package",
    [
        (
            encoder,
            ingest,
            "The venue encoder sends the programme over both SRT paths; lost packets are retransmitted only while "
            "they can still arrive inside the 500 ms latency window, and the ingest keeps the first copy.",
            "200 ms",
            "500 ms",
        ),
        (
            ingest,
            transcoder,
            "Frames enter a queue bounded at 2 s of media; the transcoder decodes once and encodes 6 rungs with "
            "1 s GOPs aligned across rungs, normally at 1.3x real time.",
            "700 ms",
            "1200 ms",
        ),
        (
            transcoder,
            packager,
            "Pipelines A and B each close a 1 s CMAF part on every GOP boundary and add it to identical playlists.",
            "1000 ms",
            "1100 ms",
        ),
        (packager, segments, "Each completed 4 s segment is written to S3 for rewind and replays."),
    ],
    mode="write",
    description=(
        "The producer side, camera to part: each stage is bounded in seconds of media, so lateness shows at once."
    ),
)

bp.flow(
    "Viewer bandwidth drops",
    [
        (
            viewers,
            cdn,
            "A viewer on 1080p (5 Mbps) now downloads at 4 Mbps: the buffer shrinks by 0.2 s every second.",
        ),
        (
            viewers,
            cdn,
            "With 3 s of buffer, BOLA's utility for 720p (3 Mbps) now beats 1080p: the next part comes from the "
            "720p playlist; fetching 3 Mbps media at 4 Mbps, the buffer grows again by 0.33 s per second.",
        ),
        (viewers, qoe, "The player's CMCD data (buffer length, bitrate, throughput) records the switch."),
    ],
    description="Pull-based backpressure: the slow consumer asks for less, so no server queues on its behalf.",
)

bp.flow(
    "Transcoder falls behind",
    [
        (
            ingest,
            transcoder,
            "A scene with heavy motion drops encode speed to 0.9x; the 2 s input queue starts to fill.",
        ),
        (
            transcoder,
            packager,
            "At 1.5 s queued the transcoder stops encoding 2160p; the packager marks the rung gone in the "
            "multivariant playlist and its players move to 1080p.",
        ),
        (packager, segments, "Segments keep coming on 5 rungs; 2160p returns after 60 s at > 1.2x speed."),
    ],
    description="Shedding the costliest rung (15 of 25.7 Mbps of output) keeps latency fixed for everyone.",
)

bp.flow(
    "Co-host over WebRTC",
    [
        (
            cohosts,
            sfu,
            "A co-host publishes simulcast layers at 1.5 Mbps, 500 kbps and 150 kbps; TWCC feedback drives "
            "the browser's congestion control (GCC) to lower them when the uplink is congested.",
        ),
        (
            sfu,
            cohosts,
            "The SFU forwards each other co-host the highest layer its estimate allows; when loss appears it "
            "switches down at the next keyframe instead of queueing packets.",
        ),
        (sfu, transcoder, "The top layer of each co-host goes into the programme mix."),
    ],
    description="Real-time media has no buffer to spend: feedback lowers the sender, and the SFU drops layers.",
)

bp.flow(
    "Watch a replay",
    [
        (viewers, cdn, "A viewer rewinds 20 min; the player fetches 4 s segments until 30 s are buffered."),
        (cdn, shield, "Older segments are less popular and often miss at the edge."),
        (shield, segments, "The shield reads the segment from S3 and caches it."),
    ],
    mode="read",
    description="Replays use deep buffers: the player stops fetching when 30 s are buffered.",
)

# -- scope -----------------------------------------------------------------------------------------

bp.use_case("Viewer", "watches the live event at 3-5 s latency", mode="read", flow="Watch live")
bp.use_case("Broadcaster", "streams the event into the platform", mode="write", flow="Ingest and package")
bp.use_case("Viewer", "rewinds or watches a replay", mode="read", flow="Watch a replay")
bp.use_case("Co-host", "joins the broadcast over WebRTC", mode="write", flow="Co-host over WebRTC")
bp.out_of_scope(
    "DRM licence servers",
    "Ad insertion (SSAI)",
    "Chat and reactions",
    "VOD encoding of the catalogue",
)

# -- targets ---------------------------------------------------------------------------------------

bp.target(
    "Camera to part available",
    flow="Ingest and package",
    p50="2.5 s",
    p99="3.5 s",
    note="Glass to glass = this + part delivery (Watch live) + the player's 1-2 parts of buffer: 3-5 s",
)
bp.target(
    "Part delivery",
    flow="Watch live",
    p50="500 ms",
    p99="1.5 s",
    availability="99.9%",
    window="3 h",
    note="Over a 3 h event, 99.9% allows about 11 s of unplayable stream",
)
bp.target(
    "Rebuffer ratio",
    "< 0.5% of viewing time spent stalled",
    note="Measured from CMCD beacons per CDN and ISP",
)
bp.target(
    "Edge throughput",
    flow="Watch live",
    throughput="5 Tbit/s",
    capacity="cdn_capacity",
    note="Two CDNs' committed capacity for the event",
)

# -- data model and API ----------------------------------------------------------------------------

bp.table(
    "part_index",
    primary_key="(rung, msn, part)",
    fields=[
        ("rung", "tinyint", 1),
        ("msn", "uint32, media sequence number", 4),
        ("part", "tinyint", 1),
        ("duration_ms", "uint16", 2),
        ("byte_offset", "uint64", 8),
        ("byte_length", "uint32", 4),
        ("independent", "bool, starts with a keyframe", 1),
        ("program_time", "uint64 ms", 8),
    ],
    indexes=[
        ("in-memory ring of the last 3 segments per rung", "a blocking reload waits on (msn, part) in O(1)"),
    ],
    per="entries",
    note="the packager's state; playlists are rendered from it",
)
bp.table(
    "qoe_beacons",
    primary_key="(event_id, session_id, ts)",
    fields=[
        ("event_id", "uuid", 16),
        ("session_id", "uuid", 16),
        ("ts", "DateTime64", 8),
        ("bitrate_kbps (br)", "uint32", 4),
        ("buffer_ms (bl)", "uint32", 4),
        ("throughput_kbps (mtp)", "uint32", 4),
        ("stalled_ms", "uint32", 4),
        ("cdn, isp, rung", "LowCardinality", 6),
    ],
    indexes=[
        ("ORDER BY (event_id, cdn, isp, ts)", "rebuffer ratio per CDN and ISP is the first question in an incident"),
    ],
    per="events",
)
bp.api(
    "streams the event into the platform",
    "srt://ingest-a.example.com:9000?streamid=#!::r=live/evt_42,m=publish&latency=500000&passphrase=...",
    "SRT handshake: conclusion accepted; the ingest answers with latency=500 ms agreed, then receives",
)
bp.api(
    "joins the broadcast over WebRTC",
    "POST /whip/evt_42  (WHIP, Content-Type: application/sdp)\nv=0 ... a=simulcast:send h;m;l ...",
    "201 Created\nLocation: /whip/evt_42/res/8c1\nContent-Type: application/sdp\nv=0 ... (SDP answer)",
)

# -- load model ------------------------------------------------------------------------------------

bp.quantity("viewers", "1e6 sessions", "Concurrent viewers at peak", basis="Planning value for a national live final")
bp.quantity("peak_factor", "2.5", "Peak over event-average concurrency", basis="Kick-off and last minutes (planning)")
bp.quantity("mean_bitrate", "5 Mbit/s/sessions", "Mean delivered bitrate", basis="Mix of rungs, TV-heavy audience")
bp.quantity("ladder_bitrate", "25.7 Mbit/s", "Sum of the 6 rungs", basis="0.4 + 0.8 + 1.5 + 3 + 5 + 15 Mbps")
bp.quantity("part_s", "1 s", "Part duration", basis="LL-HLS parts; 4 parts per 4 s segment")
bp.quantity("reqs_per_part", "2 req/sessions", "Requests per viewer per part", basis="One blocking playlist + one part")
bp.quantity("edge_pops", "200", "Edge PoPs across both CDNs", basis="Planning value from CDN contracts")
bp.quantity("shield_sites", "3", "Shield regions", basis="One per continent served")
bp.quantity("rungs", "6", "Ladder rungs", basis="240p to 2160p")
bp.quantity("objects_per_part", "2 req", "Objects per rung per part", basis="The playlist update and the part")
bp.quantity("cdn_commit", "3 Tbit/s", "Committed capacity per CDN", basis="Planning value, event reservation")
bp.quantity("cdns", "2", "CDNs", basis="Multi-CDN with content steering")
bp.quantity("segment_s", "4 s", "Segment duration", basis="4 parts of 1 s")
bp.quantity("vod_buffer", "30 s", "Replay buffer target", basis="Player stops fetching above this")
bp.quantity("live_buffer", "3 s", "Live buffer", basis="Low-latency target")
bp.quantity("shortfall", "20 %", "Throughput shortfall", basis="4 Mbps link on a 5 Mbps rung (topic notes)")
bp.quantity("event_len", "3 h", "Event length", basis="A match with build-up")
bp.quantity("events_kept", "600", "Events in the DVR window", basis="20 events/day x 30 days")
bp.quantity("queue_bound", "2 s", "Transcoder input queue", basis="Design choice, seconds of media")
bp.quantity("slowdown", "10 %", "Encode speed deficit", basis="0.9x real time in a hard scene")
bp.quantity("beacon_period", "10 s", "CMCD beacon interval", basis="Player setting")
bp.quantity("beacon_each", "1 events/sessions", "Beacons per viewer per interval", basis="One CMCD report")
bp.quantity("playlist_share", "50 %", "Playlist share of edge requests", basis="One playlist per part fetched")
bp.quantity("hold", "0.5 s", "Mean wait of a blocking reload", basis="Half a 1 s part, on average")

bp.derive("egress", "viewers * mean_bitrate", "Peak CDN egress", unit="Tbit/s", section="bandwidth")
bp.derive("avg_viewers", "viewers / peak_factor", "Event-average viewers", unit="sessions")
bp.derive("cdn_capacity", "cdn_commit * cdns", "Committed edge capacity", unit="Tbit/s")
bp.derive("edge_rps", "viewers * reqs_per_part / part_s", "Requests at the edges", unit="req/s", section="rates")
bp.derive("shield_rps", "edge_pops * rungs * objects_per_part / part_s", "Requests reaching shields", unit="req/s")
bp.derive(
    "origin_rps", "shield_sites * rungs * objects_per_part / part_s", "Requests reaching the packager", unit="req/s"
)
bp.derive("beacons", "viewers * beacon_each / beacon_period", "QoE beacons", unit="events/s")
bp.derive("beacon_storage", "beacons * qoe_beacons_record * event_len", "QoE data, one event", unit="GB")
bp.derive(
    "segment_mb", "mean_bitrate * segment_s", "One 4 s segment at the mean rung", unit="MB/sessions", section="storage"
)
bp.derive("replay_buffer_mb", "mean_bitrate * vod_buffer", "Replay buffer in player memory", unit="MB/sessions")
bp.derive("dvr_per_event", "ladder_bitrate * event_len", "DVR, one event, all rungs", unit="GB")
bp.derive("dvr_total", "dvr_per_event * events_kept", "DVR window, 30 days", unit="TB")
bp.derive("stall_live", "live_buffer / shortfall", "Live: time to stall without a switch", unit="s", section="time")
bp.derive("stall_vod", "vod_buffer / shortfall", "Replay: time to stall without a switch", unit="s")
bp.derive("queue_fill", "queue_bound / slowdown", "Transcoder queue full at 0.9x", unit="s")
bp.derive(
    "held_requests", "edge_rps * playlist_share * hold", "Blocking reloads held at edges", unit="req", section="queues"
)

# -- trade-offs ------------------------------------------------------------------------------------

bp.tradeoff(
    decision="Delivery protocol for viewers",
    chosen="Low-Latency HLS: 1 s CMAF parts, blocking playlist reloads, cached by ordinary CDNs",
    rejected="Classic HLS with 6 s segments, or WebRTC to every viewer",
    why=(
        "6 s segments put viewers 18-30 s behind the venue; WebRTC gets under 1 s but is not cacheable, so "
        "{egress} would run through SFUs instead of CDNs built for it"
    ),
    cost="{edge_rps} at the edges (a request per part plus a playlist), and a live buffer of only 3 s",
    revisit_when="Betting or interactivity needs < 1 s for more than 10% of viewers",
)
bp.tradeoff(
    decision="When a stage falls behind",
    chosen="Drop: lower the bitrate, shed a rung or a simulcast layer, drop late SRT packets",
    rejected="Queue: buffer the excess and catch up later",
    why=(
        "A 0.9x transcoder fills its bounded queue in {queue_fill} and a queue grows without bound at any speed "
        "under 1.0x; live latency is the product, so a queue is a failure that arrives later"
    ),
    cost="Some viewers see lower quality during congestion; a dropped SRT packet is a visible glitch",
    revisit_when="Never for live; replays may queue because their 30 s buffer absorbs it",
)
bp.tradeoff(
    decision="ABR algorithm",
    chosen="Hybrid: throughput rule until the buffer passes 2 s, then BOLA (buffer-based)",
    rejected="Throughput-only ABR",
    why=(
        "Throughput samples swing with every part, causing switches; BOLA is stable but has nothing to read "
        "at start-up. Live stalls after {stall_live} on a 20% shortfall, so decisions must be made per part"
    ),
    cost="Two rules to tune per platform; BOLA is conservative near its minimum buffer",
    revisit_when="Rebuffer ratio stays above 0.5% on a CDN/ISP pair for a week with the hybrid",
)
bp.tradeoff(
    decision="CDN strategy",
    chosen="Two CDNs with HLS content steering, {cdn_capacity} committed",
    rejected="One CDN",
    why=(
        "The event needs {egress}, more than one CDN commits in most regions, and one CDN's 99.9% SLA allows "
        "43 min a month, a whole match half"
    ),
    cost="Two contracts, two log pipelines, and steering logic; cache hit ratios drop a little per CDN",
    revisit_when="Peak falls under 1 Tbps and one CDN commits 2x that with a 99.99% SLA",
)

# -- failure modes ---------------------------------------------------------------------------------

bp.failure(
    failure="Viewers' last-mile bandwidth collapses (evening congestion in one ISP)",
    detection="CMCD: rebuffer ratio > 0.5% or mean bitrate down 30% for one ISP over 5 min",
    blast_radius="Viewers on that ISP; others unaffected because nothing upstream queues for them",
    mitigation="Players step down rungs within 1-2 parts; steering moves that ISP to the other CDN in < 5 min",
)
bp.failure(
    failure="The transcoder falls behind real time",
    detection="Encode speed < 1.0x for 5 s, or input queue > 1.5 s of media",
    blast_radius="2160p viewers drop to 1080p; latency unchanged for all",
    mitigation=(
        "Shed 2160p; if still behind, fail over to pipeline B (same timestamps, identical playlists) in < 2 s; "
        "restore the rung after 60 s at > 1.2x"
    ),
)
bp.failure(
    failure="One CDN degrades or fails during the event",
    detection="5xx > 1% or throughput down 20% for that CDN in CMCD data, over 1 min",
    blast_radius="Up to half the viewers, until they switch pathway",
    mitigation=(
        "Players retry the other pathway on segment errors at once; the steering server shifts new sessions; "
        "the other CDN absorbs the load within its {cdn_commit}; recovered in < 60 s"
    ),
)
bp.failure(
    failure="Join storm at kick-off: 600K players start within 2 min",
    detection="Shield request rate > 10x baseline or packager p99 > 200 ms",
    blast_radius="Start-up time for new viewers; watching viewers are unaffected",
    mitigation=(
        "Edges and shields collapse identical requests, so the packager sees {origin_rps} regardless of viewers; "
        "playlists and the first parts are pre-warmed; normal within 2 min"
    ),
)
bp.failure(
    failure="Primary SRT path loses packets beyond what ARQ can repair",
    detection="SRT stats: loss > 5% or dropped packets (TLPKTDROP) > 0 for 10 s",
    blast_radius="The programme feed glitches for all viewers if both paths fail",
    mitigation=(
        "The ingest takes each packet from whichever path delivers it; bonded cellular carries on; "
        "0 s of visible outage, path repaired in < 10 min"
    ),
)

# -- scaling path ----------------------------------------------------------------------------------

bp.scaling(
    at="10x (10M concurrent viewers)",
    breaks="Egress reaches 10 x {egress}, beyond what two CDNs commit; edge requests reach 10 x {edge_rps}",
    next_move=(
        "Add CDNs and ISP-embedded caches (as Netflix Open Connect does for VOD), 2 s parts to halve "
        "requests, and per-region packagers"
    ),
)
bp.scaling(
    at="100x (100M viewers)",
    breaks="No CDN mix carries 500 Tbps; last-mile networks saturate first",
    next_move="Multicast-assisted delivery inside ISPs (multicast ABR) and lower default rungs for mobile",
)

# -- references ------------------------------------------------------------------------------------

bp.reference(
    "Apple: Enabling Low-Latency HTTP Live Streaming (HLS)",
    "Partial segments, blocking playlist reload and preload hints",
    url="https://developer.apple.com/documentation/http-live-streaming/enabling-low-latency-http-live-streaming-hls",
)
bp.reference(
    "Spiteri, Urgaonkar, Sitaraman: BOLA, near-optimal bitrate adaptation for online videos (INFOCOM 2016)",
    "Buffer-based ABR via Lyapunov optimisation",
    url="https://arxiv.org/abs/1601.06748",
)
bp.reference(
    "Huang et al.: A buffer-based approach to rate adaptation (SIGCOMM 2014)",
    "Netflix's BBA experiment: fewer rebuffers by reading the buffer",
    url="https://dl.acm.org/doi/10.1145/2619239.2626296",
)
bp.reference(
    "Haivision SRT documentation: SRT latency",
    "ARQ within a latency window and too-late packet drop",
    url="https://github.com/Haivision/srt/blob/master/docs/features/latency.md",
)
bp.reference(
    "CTA-5004: Common Media Client Data (CMCD)",
    "Player-side QoE keys such as buffer length and measured throughput",
)
bp.reference(
    "IETF draft: A Google Congestion Control algorithm for real-time communication",
    "Delay-based congestion control driven by transport-wide feedback",
    url="https://datatracker.ietf.org/doc/html/draft-ietf-rmcat-gcc-02",
)

bp.key_numbers("egress", "edge_rps", "origin_rps", "stall_live", "queue_fill")

BLUEPRINT = bp.build()
