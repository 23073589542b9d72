"""Content aggregator (news and articles): crawl 100 K publisher feeds politely, turn 1 M new articles a day
into deduplicated, clustered stories, and serve 10 M readers a personal feed. The mechanism: an adaptive
recrawl scheduler (news feeds every 5 min, blogs hourly) fills a per-host URL frontier; async fetchers
send conditional GETs (ETag / If-Modified-Since) and honour robots.txt; WebSub pushes skip the fetch;
a parser drops near-duplicates with a 64-bit SimHash (Hamming distance <= 3, found through 4 x 16-bit
bands); an indexer groups articles into stories in OpenSearch; a topic ranker precomputes the top
stories per topic every 60 s, and the feed service only merges and re-ranks a reader's topics from Redis.
"""

from __future__ import annotations

from kit import Blueprint, quorum, single_writer

bp = Blueprint(
    "content-aggregator",
    title="Content Aggregator (News/Articles)",
    category="domain",
    learn="Crawling, indexing, ranking, feeds",
    promise=(
        "Show 10 M readers a ranked feed in < 300 ms at p99 at 5 K loads/s, with a breaking story from a "
        "polled news source in it within 7 min (90 s over WebSub), one card per story however many "
        "outlets copy it, and never more than 1 request/s to any publisher's host."
    ),
)

# -- components ---------------------------------------------------------------------------------------

reader = bp.component(
    "reader",
    "mobile-client",
    "Reader app",
    tech="iOS / Android / web",
    responsibility="Loads the feed on open and on pull-to-refresh; about 10 loads a day.",
)
hub = bp.component(
    "hub",
    "external-client",
    "WebSub hubs",
    tech="WebSub (W3C), e.g. Google's hub",
    responsibility="Push a feed's new entries to our callback the moment a publisher pings them.",
)
gateway = bp.component(
    "gateway",
    "api-gateway",
    "API gateway",
    tech="Envoy",
    replicas=4,
    responsibility="TLS, session, 10 req/s per reader.",
)

with bp.group("Ingest", kind="tier"):
    scheduler = bp.component(
        "scheduler",
        "scheduler",
        "Recrawl scheduler",
        tech="Go, leader-elected",
        replicas=2,
        responsibility=(
            "Picks sources whose next_fetch_at has passed; halves a source's interval when it had new "
            "items, doubles it when not (5 min to 24 h)."
        ),
    )
    receiver = bp.component(
        "receiver",
        "service",
        "WebSub receiver",
        tech="Go",
        replicas=3,
        responsibility="Verifies the hub's HMAC signature and hands the pushed entries straight to parsing.",
    )
    fetchers = bp.component(
        "fetchers",
        "worker",
        "Fetchers",
        tech="Go, async HTTP, 500 conns each",
        replicas=8,
        responsibility=(
            "Take a URL from a ready host, obey robots.txt (cached 24 h) and a DNS cache, send a "
            "conditional GET, store the body."
        ),
    )
    parser = bp.component(
        "parser",
        "worker",
        "Parse + dedupe",
        tech="Python, readability + SimHash",
        replicas=12,
        responsibility=(
            "Extracts title, text and canonical URL, computes a 64-bit SimHash and drops exact and near-duplicates."
        ),
    )

with bp.group("Index and rank", kind="tier"):
    indexer = bp.component(
        "indexer",
        "search-indexer",
        "Indexer + clusterer",
        tech="Go consumer",
        replicas=6,
        responsibility=(
            "Indexes each article and assigns a story_id: the best match of its title and entities "
            "among stories of the last 48 h, or a new story."
        ),
    )
    ranker = bp.component(
        "ranker",
        "worker",
        "Topic ranker",
        tech="Go, every 60 s",
        replicas=3,
        responsibility="For each of 5 K topics, scores stories by freshness x popularity and keeps the top 500.",
    )
    feed = bp.component(
        "feed",
        "service",
        "Feed service",
        tech="Go",
        replicas=12,
        responsibility="Merges the reader's followed topics, re-ranks by personal affinity, hides stories seen.",
    )

with bp.group("Pipeline", kind="cluster"):
    frontier = bp.component(
        "frontier",
        "queue",
        "URL frontier",
        tech="Redis 7: per-host lists + ready ZSET",
        replicas=3,
        topology=single_writer(async_standbys=2, failover="15 s"),
        responsibility="One FIFO per host and a ZSET of hosts by next-allowed time, so a host is hit <= 1 req/s.",
    )
    topics = bp.component(
        "topics",
        "stream",
        "Pipeline topics",
        tech="Kafka, RF 3",
        replicas=3,
        topology=quorum(3, failover="10 s"),
        responsibility="fetched (raw pointers) and articles (parsed, new) topics, keyed by canonical URL hash.",
    )

with bp.group("Stores", kind="cluster"):
    catalog = bp.component(
        "catalog",
        "relational-db",
        "Catalog DB",
        tech="Postgres 16 + Patroni",
        replicas=3,
        topology=single_writer(sync_standbys=1, async_standbys=1, failover="30 s"),
        responsibility="Sources (URL, ETag, Last-Modified, interval) and article metadata.",
    )
    raw = bp.component(
        "raw",
        "object-store",
        "Raw pages",
        tech="Amazon S3",
        managed="AWS",
        availability=0.9999,
        responsibility="Fetched bodies by content hash, 90 days, for re-parsing after a parser fix.",
    )
    simhash = bp.component(
        "simhash",
        "key-value-store",
        "SimHash bands",
        tech="Redis 7 Cluster",
        replicas=6,
        topology=single_writer(async_standbys=1, failover="15 s"),
        responsibility="4 keys per article (band i, 16-bit value) -> article ids, 30 days.",
    )
    search = bp.component(
        "search",
        "search",
        "Article index",
        tech="OpenSearch 2, 30-day window",
        replicas=6,
        topology=quorum(3, failover="30 s"),
        responsibility="Articles and stories with text, entities, topics, story_id and popularity.",
    )
    cache = bp.component(
        "cache",
        "cache",
        "Feed cache",
        tech="Redis 7",
        replicas=3,
        topology=single_writer(async_standbys=2, failover="15 s"),
        responsibility="topic:{id} top-500 lists (rebuilt every 60 s) and feed:{user} pages for 60 s.",
    )

publishers = bp.component(
    "publishers",
    "external-service",
    "Publisher sites",
    tech="RSS / Atom, sitemaps, HTML",
    accepted_risk="100 K independent hosts: each one down only hides its own articles",
    responsibility="Serve feeds and article pages; many answer 304 Not Modified to a conditional GET.",
)

# -- links --------------------------------------------------------------------------------------------

bp.link(scheduler, catalog, "due sources")
bp.link(scheduler, frontier, "push URL by host", nature="async")
bp.link(fetchers, frontier, "pop ready host")
bp.link(fetchers, publishers, "conditional GET", figure="fetch_rate")
bp.link(fetchers, raw, "PUT body")
bp.link(fetchers, topics, "fetched", nature="async")
bp.link(hub, receiver, "POST callback")
bp.link(receiver, topics, "fetched (pushed)", nature="async")
bp.link(parser, topics, "poll / publish", nature="stream")
bp.link(parser, simhash, "probe 4 bands")
bp.link(parser, catalog, "upsert article", figure="article_rate")
bp.link(indexer, topics, "poll articles", nature="stream")
bp.link(indexer, search, "index + story_id")
bp.link(ranker, search, "top stories per topic")
bp.link(ranker, cache, "SET topic lists")
bp.link(reader, gateway, "GET /feed", figure="peak_feeds")
bp.link(gateway, feed, "feed")
bp.link(feed, cache, "MGET topics")

# -- flows --------------------------------------------------------------------------------------------

bp.flow(
    "Crawl",
    [
        (scheduler, catalog, "Every 10 s: SELECT sources WHERE next_fetch_at <= now() LIMIT 5000."),
        (scheduler, frontier, "Push each feed URL onto its host's list; the host enters the ready ZSET."),
        (
            fetchers,
            frontier,
            "A fetcher pops the host with the earliest allowed time (ZPOPMIN) and one URL, then sets the "
            "host's next time to now + max(1 s, robots crawl-delay).",
        ),
        (
            fetchers,
            publishers,
            "GET with If-None-Match / If-Modified-Since; 304 ends here and lengthens the interval.",
        ),
        (fetchers, raw, "A 200 body is stored under its content hash."),
        (fetchers, topics, "A pointer to the body goes on the fetched topic; new item links are queued too."),
    ],
    mode="write",
    description="Pull side: coverage for every source, with politeness enforced by the frontier, not by fetchers.",
)

bp.flow(
    "Push",
    [
        (hub, receiver, "The hub POSTs new entries with an X-Hub-Signature; the receiver checks the HMAC."),
        (receiver, topics, "Entries go straight onto the fetched topic: no fetch, no wait for the next poll."),
    ],
    description="For the ~15% of sources that publish through WebSub: freshness in seconds.",
)

bp.flow(
    "Parse and index",
    [
        (parser, topics, "The parser consumes fetched, extracts the article and its canonical URL."),
        (
            parser,
            simhash,
            "It computes a 64-bit SimHash of the text and probes 4 bands; any candidate within Hamming "
            "distance 3 makes it a duplicate, linked to the first copy.",
        ),
        (parser, catalog, "New articles are upserted on canonical URL hash (exact duplicates stop here)."),
        (parser, topics, "It publishes the new article to the articles topic."),
        (indexer, topics, "The indexer consumes articles."),
        (
            indexer,
            search,
            "It finds the closest story of the last 48 h (title terms and entities) above a score threshold, "
            "or opens a new story, and indexes the article with that story_id.",
        ),
    ],
    mode="write",
    description="One card per story: near-duplicates are dropped, related reports are grouped.",
)

bp.flow(
    "Rank topics",
    [
        (
            ranker,
            search,
            "Every 60 s, per topic: stories of the last 24 h scored by freshness decay (half-life 6 h) x "
            "log(outlets + clicks).",
        ),
        (ranker, cache, "The top 500 story ids with scores replace topic:{id}."),
    ],
    description="Shared work: 5 K topic lists serve 10 M readers, instead of a search query per feed load.",
)

bp.flow(
    "Read feed",
    [
        (reader, gateway, "GET /feed?cursor= from the app.", "40 ms", "150 ms"),
        (gateway, feed, "The gateway checks the session and forwards.", "2 ms", "10 ms"),
        (
            feed,
            cache,
            "The feed service MGETs the reader's ~8 topic lists (or its cached page), merges them, "
            "re-ranks by affinity, drops seen stories and caches the page for 60 s.",
            "8 ms",
            "40 ms",
        ),
    ],
    critical=True,
    mode="read",
    description="Personal ranking over a few thousand precomputed candidates, all in memory.",
)

# -- scope --------------------------------------------------------------------------------------------

bp.use_case("Reader", "opens a ranked feed of stories from followed topics", mode="read", flow="Read feed")
bp.use_case("Platform", "polls each source on an adaptive interval and stores new articles", mode="write", flow="Crawl")
bp.use_case("Publisher", "pushes new entries through a WebSub hub", mode="write", flow="Push")
bp.use_case("Platform", "drops near-duplicate copies and groups articles into stories", flow="Parse and index")
bp.use_case("Platform", "refreshes each topic's top stories every minute", flow="Rank topics")
bp.out_of_scope(
    "Full-text search UI for readers",
    "Paywalled content and licensing",
    "Push notifications for breaking news",
    "Training the personal affinity model (offline)",
)

# -- targets ------------------------------------------------------------------------------------------

bp.target("Feed load", flow="Read feed", p50="80 ms", p99="300 ms", availability="99.9%")
bp.target(
    "Freshness, polled news source",
    "p99 <= 7 min from publish to feed",
    note="5 min poll + ~30 s pipeline + 60 s topic ranking",
)
bp.target("Freshness, WebSub source", "p99 <= 90 s", note="push + ~30 s pipeline + 60 s ranking")
bp.target("Politeness", "<= 1 req/s and robots.txt crawl-delay per host", note="enforced by the frontier's ready ZSET")
bp.target("Duplicates", "<= 1 card per story in a feed page", note="SimHash plus story clustering")
bp.target(
    "Article durability",
    flow="Parse and index",
    rpo="0 s",
    rto="60 s",
    accepted_miss=(
        "Only the SimHash bands replicate asynchronously; they are derived from the simhash column in "
        "Postgres and rebuilt from it, so a lost band entry lets at most one duplicate through"
    ),
)

# -- load model ---------------------------------------------------------------------------------------

bp.quantity("news_sources", "10e3 URLs", "News feeds", basis="Planning value (assume): 10% of sources publish hourly+")
bp.quantity("blog_sources", "90e3 URLs", "Other feeds", basis="Blogs and magazines (assume)")
bp.quantity("news_polls", "288 req/URLs/day", "News polls per feed", basis="Every 5 min")
bp.quantity("blog_polls", "24 req/URLs/day", "Other polls per feed", basis="Every hour")
bp.quantity("articles", "1e6 pages/day", "New articles", basis="Planning value (assume) for 100 K sources")
bp.quantity("page_bytes", "50 KB/pages", "Raw article HTML, compressed", basis="Planning value (assume)")
bp.quantity("raw_retention", "90 day", "Raw page retention", basis="Long enough to re-parse after a parser fix")
bp.quantity("not_modified", "70 %", "Polls answered 304", basis="Planning value (assume); measure per source")
bp.quantity("feed_bytes", "20 KB/req", "Feed response bytes per poll", basis="RSS body, gzip (assume)")
bp.quantity("readers", "10e6 users", "Daily readers", basis="Planning value (assume) for a national news app, 2026")
bp.quantity("loads", "10 req/users/day", "Feed loads per reader", basis="Opens + refreshes (assume)")
bp.quantity("peak_factor", "4", "Peak factor", basis="Morning commute and breaking news over the day average")
bp.quantity("topic_count", "5000 keys", "Topics", basis="Editorial taxonomy + entities with > 100 stories/month")
bp.quantity("topic_period", "60 s", "Topic re-rank period", basis="Freshness target")
bp.quantity("list_bytes", "12 KB/keys", "A topic list", basis="500 ids x (8 B id + 8 B score) + Redis overhead")
bp.quantity(
    "feed_node", "800 req/s/nodes", "Feed service capacity per node", basis="Merge of ~4 K candidates; load test"
)
bp.quantity("headroom", "0.7", "Usable fraction of a node", basis="30% headroom")
bp.quantity("band_bytes", "64 B/pages", "SimHash band entry", basis="Key + 8-byte id in a Redis set, per band")
bp.quantity("bands", "4", "Bands per fingerprint", basis="Hamming <= 3 over 64 bits: pigeonhole, 4 x 16-bit")
bp.quantity("page_fetch", "1 req/pages", "Fetches per new article", basis="One GET of the article page")
bp.quantity("meta_retention", "365 day", "Metadata horizon", basis="One year of article rows")
bp.quantity("dedupe_window", "30 day", "Dedupe window", basis="Copies appear within days")
bp.table(
    "articles",
    primary_key="article_id (bigint)",
    fields=[
        ("article_id", "bigint", 8),
        ("source_id", "int", 4),
        ("url_hash", "bytea(16), canonical URL", 16),
        ("canonical_url", "text, avg", 110),
        ("title", "text, avg", 90),
        ("summary", "text, avg", 280),
        ("language", "smallint", 2),
        ("published_at, fetched_at", "2 x timestamptz", 16),
        ("simhash", "bigint", 8),
        ("story_id", "bigint", 8),
        ("topics", "int[4]", 40),
        ("body_key", "content hash", 32),
        ("row header", "Postgres tuple header", 24),
    ],
    indexes=[
        ("(url_hash) UNIQUE", "exact duplicates and re-fetches upsert one row"),
        ("(story_id, published_at)", "a story's articles, newest first"),
        ("(source_id, published_at DESC)", "a source page and recrawl tuning"),
    ],
    per="pages",
)
bp.table(
    "sources",
    primary_key="source_id (int)",
    fields=[
        ("source_id", "int", 4),
        ("feed_url", "text, avg", 80),
        ("host", "text, avg", 24),
        ("etag, last_modified", "text + timestamptz", 48),
        ("interval_s", "int", 4),
        ("next_fetch_at", "timestamptz", 8),
        ("websub_hub", "text, nullable", 16),
        ("row header", "Postgres tuple header", 24),
    ],
    indexes=[("(next_fetch_at)", "the scheduler's due-sources scan every 10 s")],
    per="URLs",
)
bp.api(
    "polls each source on an adaptive interval and stores new articles",
    'GET /feed.xml HTTP/1.1\nHost: news.example\nIf-None-Match: "a91f"\n'
    "If-Modified-Since: Tue, 01 Dec 2026 04:00:00 GMT",
    '304 Not Modified  (or 200 OK + ETag: "b230" and the new feed body)',
)
bp.api(
    "pushes new entries through a WebSub hub",
    "POST /websub/callback/4411\nX-Hub-Signature: sha256=9c1e...\n<Atom feed with 2 new entries>",
    "202 Accepted  (401 if the HMAC does not match the subscription secret)",
)

bp.derive("poll_rate", "news_sources * news_polls + blog_sources * blog_polls", "Feed polls", unit="req/s")
bp.derive("article_rate", "articles", "New articles", unit="pages/s")
bp.derive("fetch_rate", "poll_rate + article_rate * page_fetch", "Fetches, polls + article pages", unit="req/s")
bp.derive(
    "ingress", "poll_rate * (1 - not_modified) * feed_bytes + article_rate * page_bytes", "Crawl ingress", unit="MB/s"
)
bp.derive("raw_storage", "articles * page_bytes * raw_retention", "Raw pages, 90 days", unit="TB")
bp.derive("meta_storage", "articles * articles_record * meta_retention", "Article rows per year", unit="GB")
bp.derive(
    "band_mem", "articles * dedupe_window * bands * band_bytes", "SimHash band memory", unit="GB", section="memory"
)
bp.derive("avg_feeds", "readers * loads", "Feed loads, day average", unit="req/s")
bp.derive("peak_feeds", "avg_feeds * peak_factor", "Feed loads at peak", unit="req/s")
bp.derive(
    "feed_nodes", "ceil(peak_feeds / (feed_node * headroom))", "Feed service nodes", unit="nodes", section="fleet"
)
bp.derive("topic_queries", "topic_count / topic_period", "Ranker queries to the index", unit="keys/s")
bp.derive("topic_mem", "topic_count * list_bytes", "Topic lists in Redis", unit="MB", section="memory")

# -- trade-offs ---------------------------------------------------------------------------------------

bp.tradeoff(
    decision="How new items are discovered",
    chosen="Adaptive conditional-GET polling for every source, plus WebSub where a hub exists",
    rejected="WebSub push only",
    why=(
        "Most feeds advertise no hub, so push alone loses coverage; polling costs {poll_rate}, 70% of it "
        "answered 304 in a few hundred bytes"
    ),
    cost="Up to 5 min lag for polled news sources; a scheduler and interval tuning per source",
    revisit_when="if more than 60% of article volume arrives over WebSub, then poll hub sources only daily",
)
bp.tradeoff(
    decision="Near-duplicate detection",
    chosen="64-bit SimHash with Hamming distance <= 3, probed through 4 x 16-bit bands",
    rejected="Exact content hashes (SHA-256 of the text) only",
    why=(
        "Syndicated wire stories differ in a byline, a timestamp or a related-links box, so exact hashes "
        "miss them; bands keep the probe at 4 lookups and {band_mem} of memory"
    ),
    cost="False positives on templated short pieces (sports scores); SimHash misses heavy rewrites",
    revisit_when="if > 2% of story clusters are flagged as wrong merges, then raise to 6 bands or add MinHash",
)
bp.tradeoff(
    decision="Feed candidate generation",
    chosen="Per-topic top-500 lists precomputed every 60 s, merged and re-ranked per reader",
    rejected="A personal OpenSearch query and ranking for every feed load",
    why=(
        "{peak_feeds} loads would each hit the index; precomputing costs one index query per topic a "
        "minute ({topic_queries}) and {topic_mem} of Redis, and a load becomes one MGET"
    ),
    cost="Personalisation only re-orders shared candidates; niche interests outside the 5 K topics are lost",
    revisit_when="if personal retrieval beats the topic merge's CTR by > 10% in an A/B test",
)
bp.tradeoff(
    decision="Politeness enforcement",
    chosen="The frontier hands out hosts, one request per host per second at most",
    rejected="Each fetcher rate-limits itself",
    why=(
        "With 8 fetchers a self-limited host can see 8 req/s; the shared ready ZSET keeps it at 1 while "
        "the crawl runs at {fetch_rate}"
    ),
    cost="The frontier is on every fetch; a Redis failover pauses crawling for ~15 s",
    revisit_when="if fetches pass 5,000 req/s, then shard the frontier by host hash",
)

# -- failure modes ------------------------------------------------------------------------------------

bp.failure(
    failure="A big publisher blocks or rate-limits us (403 / 429)",
    detection="403 or 429 rate per host > 5% over 15 min",
    blast_radius="that publisher's articles only; other hosts are untouched by the per-host queues",
    mitigation="back off that host x4 per hour, honour Retry-After, contact via the crawler's info URL; < 1 day",
)
bp.failure(
    failure="Parser bug drops or garbles articles after a deploy",
    detection="articles per hour < 70% of the same hour last week, or empty-body rate > 2%",
    blast_radius="every source for the bug's duration; raw bodies are safe in S3",
    mitigation="roll back, then re-parse from raw pages by replaying the fetched topic; 1 h of input in ~10 min",
)
bp.failure(
    failure="OpenSearch cluster slows or goes red",
    detection="search p99 > 500 ms or cluster status red for 1 min",
    blast_radius="indexing and topic re-ranking stall; readers keep the last topic lists, so feeds go stale",
    mitigation="topic lists outlive their 60 s refresh (TTL 6 h); a new replica recovers the shard in ~30 min",
)
bp.failure(
    failure="Feed cache primary fails",
    detection="Redis failover event; feed 5xx > 1% for 30 s",
    blast_radius="all feed loads for ~15 s",
    mitigation="replica promoted in ~15 s; the ranker rewrites all lists within 60 s; feeds recover < 2 min",
)

# -- scaling path -------------------------------------------------------------------------------------

bp.scaling(
    at="10x (1 M sources, 100 M readers)",
    breaks="feed service and cache first: 10 x {peak_feeds}; the frontier at 10 x {fetch_rate}",
    next_move="shard the feed cache by topic, regional feed cells; shard the frontier by host hash",
)
bp.scaling(
    at="100x (10 M sources, 100 M articles/day)",
    breaks="raw storage at 100 x {raw_storage} and SimHash memory at 100 x {band_mem}",
    next_move="keep raw bodies 7 days only; move bands to a disk-backed KV (e.g. Cassandra); tier the index",
)

# -- references ---------------------------------------------------------------------------------------

bp.reference(
    "Manku, Jain, Das Sarma: Detecting Near-Duplicates for Web Crawling (WWW 2007)",
    "64-bit SimHash with k = 3 at Google scale, and the banded lookup used here.",
)
bp.reference(
    "W3C Recommendation: WebSub (2018)",
    "Hub, subscriber callbacks and the X-Hub-Signature HMAC.",
    url="https://www.w3.org/TR/websub/",
)
bp.reference(
    "RFC 9110: HTTP Semantics, conditional requests",
    "If-None-Match and If-Modified-Since, answered with 304 Not Modified.",
    url="https://www.rfc-editor.org/rfc/rfc9110",
)
bp.reference(
    "RFC 9309: Robots Exclusion Protocol",
    "The robots.txt rules the fetchers follow and cache.",
    url="https://www.rfc-editor.org/rfc/rfc9309",
)
bp.reference(
    "Najork and Heydon: High-Performance Web Crawling (Mercator, 2001)",
    "The per-host frontier queues that enforce politeness.",
)
bp.reference(
    "Das et al.: Google News Personalization: Scalable Online Collaborative Filtering (WWW 2007)",
    "Candidate generation and personal ranking for a news aggregator.",
)

bp.key_numbers("fetch_rate", "article_rate", "peak_feeds", "raw_storage", "band_mem")

BLUEPRINT = bp.build()
