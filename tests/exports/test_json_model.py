"""The JSON export against its versioned schema (kit/exports/schema/blueprint.schema.json), with the
`jsonschema` package: every blueprint validates, the schema covers every field of the model, and
the document carries the model's values."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import jsonschema
import pytest

from kit.exports.json_model import SCHEMA_VERSION, model_document, model_json, schema
from kit.model import model
from kit.model.model import Design

#: Each model class and the schema definition describing it.
DEFINITIONS = {
    model.Design: "design",
    model.Component: "component",
    model.Topology: "topology",
    model.Group: "group",
    model.Link: "link",
    model.Flow: "flow",
    model.Step: "step",
    model.UseCase: "use_case",
    model.Target: "target",
    model.Assumption: "assumption",
    model.Quantity: "quantity",
    model.Estimate: "estimate",
    model.Quota: "quota",
    model.Table: "table",
    model.Field: "field",
    model.Api: "api",
    model.TradeOff: "tradeoff",
    model.FailureMode: "failure_mode",
    model.ScalingStep: "scaling_step",
    model.Reference: "reference",
}


def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema())


def test_the_schema_is_a_valid_draft_2020_12_schema_with_a_version() -> None:
    jsonschema.Draft202012Validator.check_schema(schema())
    assert schema()["version"] == SCHEMA_VERSION == schema()["properties"]["version"]["const"]


def test_the_schema_describes_every_field_of_the_model_and_no_other() -> None:
    """A field added to the model without the schema (and its version) following fails here."""
    exported = {cls for cls in vars(model).values() if dataclasses.is_dataclass(cls)}
    assert exported == set(DEFINITIONS)
    for cls, name in DEFINITIONS.items():
        derived = {"lane"} if cls is model.Component else set()
        fields = {f.name for f in dataclasses.fields(cls) if f.compare} | derived
        definition = schema()["$defs"][name]
        assert set(definition["properties"]) == fields, name
        assert set(definition["required"]) == fields, name


def test_every_blueprint_validates(designs: list[Design]) -> None:
    assert len(designs) == 41
    check = validator()
    for design in designs:
        errors = [f"{e.json_path}: {e.message}" for e in check.iter_errors(json.loads(model_json(design)))]
        assert not errors, (design.slug, errors[:5])


def test_the_schema_rejects_a_document_that_breaks_it(design: Design) -> None:
    document: dict[str, Any] = model_document(design)
    document["blueprint"]["links"][0]["nature"] = "carrier-pigeon"
    with pytest.raises(jsonschema.ValidationError, match="carrier-pigeon"):
        jsonschema.validate(document, schema(), cls=jsonschema.Draft202012Validator)
    del document["blueprint"]["flows"]
    assert not validator().is_valid(document)


def test_the_document_carries_the_models_values_and_no_machine_paths(design: Design) -> None:
    document = json.loads(model_json(design))
    assert document["format"] == "system-design-blueprint"
    body = document["blueprint"]
    assert [c["id"] for c in body["components"]] == [c.id for c in design.components]
    assert body["components"][0]["lane"] == "clients"
    assert body["flows"][1]["steps"][0] == {
        "number": 3,
        "source": "ledger",
        "target": "events",
        "action": "Relay the outbox row",
        "latency": "",
        "latency_p99": "",
    }
    assert body["groups"][1]["parent"] == body["groups"][0]["id"]
    assert "source" not in body and "line" not in body["components"][0]
    assert model_json(design) == model_json(design)  # deterministic text
