"""The catalogue: every kind placed in a lane and drawn with an icon that exists."""

from __future__ import annotations

import pytest

from kit.errors import BlueprintError
from kit.model.catalog import (
    CATEGORIES,
    KINDS,
    LANES,
    NEUTRAL_PROVIDERS,
    TECH_ICONS,
    icon_for,
    icon_index,
    icons_root,
    tech_icon,
)
from tests.conftest import REPO


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_has_a_lane_and_an_existing_icon(kind: str) -> None:
    spec = KINDS[kind]
    assert spec.lane in LANES
    assert spec.icon is None or (icons_root() / spec.icon).is_file(), spec.icon


@pytest.mark.parametrize("tech", sorted(TECH_ICONS))
def test_every_technology_icon_exists(tech: str) -> None:
    assert (icons_root() / TECH_ICONS[tech]).is_file()


def test_technology_picks_its_own_icon_case_insensitively() -> None:
    assert icon_for("cache", "Redis Cluster (6 shards)") == "onprem/inmemory/redis.png"
    assert icon_for("relational-db", "postgres 16") == "onprem/database/postgresql.png"


def test_unknown_technology_falls_back_to_the_kind_icon() -> None:
    assert icon_for("stream", "Pulsar") == KINDS["stream"].icon


def test_only_a_product_at_the_start_picks_the_icon() -> None:
    assert icon_for("waiting-room", "Tokens + Lambda callbacks") == KINDS["waiting-room"].icon
    # A language never stands in for what a component does: the card names it in text.
    assert icon_for("waiting-room", "Go + Lambda callbacks") == KINDS["waiting-room"].icon
    assert icon_for("service", "Java 21") == KINDS["service"].icon
    assert icon_for("waiting-room", "Lambda + DynamoDB") == TECH_ICONS["lambda"]


def test_technology_matches_whole_words_only() -> None:
    # "s3" must not match inside "ms3", nor "nats" inside "natsu".
    assert icon_for("service", "ms3 runtime") == KINDS["service"].icon
    assert icon_for("queue", "natsu") == KINDS["queue"].icon


def test_every_category_has_a_folder_under_blueprints() -> None:
    for category in CATEGORIES:
        assert (REPO / "blueprints" / category.replace("-", "_")).is_dir(), category


# -- icons among everything `diagrams` ships ----------------------------------------------------


@pytest.mark.parametrize(
    ("tech", "icon"),
    [
        ("GKE", "gcp/compute/kubernetes-engine.png"),
        ("Pub/Sub", "gcp/analytics/pubsub.png"),
        ("Cloud Spanner", "gcp/database/spanner.png"),
        ("Cosmos DB", "azure/database/cosmos-db.png"),
        ("Google Cloud Pub/Sub, 3 topics", "gcp/analytics/pubsub.png"),
        ("Azure Cosmos DB (multi-region)", "azure/database/cosmos-db.png"),
        ("BigQuery", "gcp/analytics/bigquery.png"),
        ("Cloud Run", "gcp/compute/run.png"),
        ("Amazon SES", "aws/engagement/simple-email-service-ses.png"),
        ("Firestore", "gcp/database/firestore.png"),
    ],
)
def test_products_of_every_vendor_draw_their_own_icon(tech: str, icon: str) -> None:
    assert icon_for("service", tech) == icon
    assert (icons_root() / icon).is_file()


def test_a_named_vendor_never_gets_another_vendors_icon() -> None:
    # Cosmos DB is Azure's and Postgres has no AWS icon by that name: the kind's icon, not a guess.
    assert icon_for("document-db", "AWS Cosmos DB") == KINDS["document-db"].icon
    assert icon_for("relational-db", "Azure Postgres") == KINDS["relational-db"].icon
    assert icon_for("function", "AWS Lambda") == "aws/compute/lambda.png"


def test_no_vendors_product_name_finds_another_vendors_icon() -> None:
    """Every icon of a cloud vendor, named as a `tech`, draws that vendor's icon or a neutral one."""
    root = icons_root()
    wrong = []
    for path in sorted(root.rglob("*.png")):
        relative = path.relative_to(root).as_posix()
        vendor = {"firebase": "gcp"}.get(relative.split("/")[0], relative.split("/")[0])
        tech = path.stem.replace("-", " ")
        if vendor in NEUTRAL_PROVIDERS or tech.replace(" ", "") in TECH_ICONS:
            continue  # the aliases table is the documented preference ("OpenSearch")
        found = tech_icon(tech)
        if found is not None and found.split("/")[0] not in (*NEUTRAL_PROVIDERS, vendor, relative.split("/")[0]):
            wrong.append((relative, found))
    assert wrong == []


def test_names_several_vendors_share_and_ordinary_words_keep_the_kind_icon() -> None:
    assert icon_for("load-balancer", "Load Balancer, L7") == KINDS["load-balancer"].icon
    assert icon_for("web-client", "Web / mobile app") == KINDS["web-client"].icon
    assert icon_for("service", "Custom rules engine") == KINDS["service"].icon


def test_the_index_holds_every_icon_and_is_deterministic() -> None:
    index = icon_index()
    paths = {path for candidates in index.values() for _, path in candidates}
    shipped = {p.relative_to(icons_root()).as_posix() for p in icons_root().rglob("*.png")}
    assert len(paths) > 2000 and paths <= shipped
    assert all(list(c) == sorted(c, key=lambda p: (p[0], len(p[1]), p[1])) for c in index.values())


def test_an_own_icon_file_is_drawn_instead_of_the_catalogues(make_blueprint) -> None:  # type: ignore[no-untyped-def]
    from kit.drawing.dot import to_dot

    bp = make_blueprint()
    bp.component("beetle", "ledger", "Ledger", tech="TigerBeetle", icon="tests/fixtures/own-icon.png")
    bp.link("api", "beetle", "append transfer")
    design = bp.build()
    assert icon_for("ledger", "TigerBeetle", icon="tests/fixtures/own-icon.png") == "tests/fixtures/own-icon.png"
    assert 'SRC="tests/fixtures/own-icon.png"' in to_dot(design)


@pytest.mark.parametrize(
    ("icon", "says"),
    [
        ("tests/fixtures/missing.png", "does not exist"),
        ("tests/fixtures/not-a-png.png", "is not a PNG"),
        ("../outside.png", "outside the repository"),
        ("/etc/hostname.png", "relative to the repository"),
        ("tests/fixtures/own-icon.gif", "must be a PNG"),
    ],
)
def test_an_own_icon_must_be_a_png_inside_the_repository(make_blueprint, icon: str, says: str) -> None:  # type: ignore[no-untyped-def]
    bp = make_blueprint()
    bp.component("beetle", "ledger", "Ledger", icon=icon)
    with pytest.raises(BlueprintError, match=says):
        bp.build()
