"""The catalogue: every kind placed in a lane and drawn with an icon that exists."""

from __future__ import annotations

import pytest

from kit.drawing.icons import icons_root
from kit.model.catalog import CATEGORIES, KINDS, LANES, TECH_ICONS, icon_for
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
    assert icon_for("waiting-room", "Go + Lambda callbacks") == KINDS["waiting-room"].icon
    assert icon_for("waiting-room", "Lambda + DynamoDB") == TECH_ICONS["lambda"]


def test_technology_matches_whole_words_only() -> None:
    # "s3" must not match inside "ms3", nor "nats" inside "natsu".
    assert icon_for("service", "ms3 runtime") == KINDS["service"].icon
    assert icon_for("queue", "natsu") == KINDS["queue"].icon


def test_every_category_has_a_folder_under_blueprints() -> None:
    for category in CATEGORIES:
        assert (REPO / "blueprints" / category.replace("-", "_")).is_dir(), category
