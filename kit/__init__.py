"""System Design Blueprints: case studies as code, rendered into diagrams and trade-off write-ups.

Blueprint files use `Blueprint` to record a case study; everything else is the kit's machinery.
"""

from kit.authoring.builder import Blueprint, leaderless, quorum, single_writer
from kit.errors import BlueprintError
from kit.model.model import Design

__all__ = ["Blueprint", "BlueprintError", "Design", "leaderless", "quorum", "single_writer"]
