"""The JSON Schema: valid JSON, every section and key of the format, the loader's rules."""

from __future__ import annotations

import json
import re
from typing import Any

from histdocs.load import RECORDS, SECTIONS, SOURCE_TYPES, load_course
from histdocs.schema import course_json_schema
from histdocs.yamlsource import load_yaml, to_plain

from conftest import CASES


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref:
        assert ref.startswith("#/$defs/")
        return schema["$defs"][ref.removeprefix("#/$defs/")]
    return node


def test_schema_is_json_of_draft_2020_12() -> None:
    schema = course_json_schema()
    assert json.loads(json.dumps(schema)) == schema
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object" and schema["additionalProperties"] is False
    assert schema["required"] == ["course", "events"]


def test_every_section_is_present() -> None:
    schema = course_json_schema()
    assert list(schema["properties"]) == list(SECTIONS)
    assert _resolve(schema, schema["properties"]["course"])["type"] == "object"
    for section in SECTIONS[1:]:
        assert schema["properties"][section]["type"] == "array"


def test_records_match_the_loader_keys() -> None:
    schema = course_json_schema()
    for name, (allowed, required, _what) in RECORDS.items():
        record = schema["$defs"][name]
        assert list(record["properties"]) == list(allowed), name
        assert record["required"] == list(required), name
        assert record["additionalProperties"] is False
        for key, prop in record["properties"].items():
            assert prop.get("description"), f"{name}.{key} has no description"


def test_enums_and_patterns() -> None:
    defs = course_json_schema()["$defs"]
    assert defs["source"]["properties"]["type"]["enum"] == list(SOURCE_TYPES)
    assert 1 in defs["event"]["properties"]["importance"]["enum"]
    assert 5 not in defs["event"]["properties"]["importance"]["enum"]
    pattern = re.compile(defs["id"]["pattern"])
    assert pattern.match("black-january") and not pattern.match("Black January")
    assert defs["fact"]["properties"]["value"]["anyOf"][1]["maxLength"] == 40


def _check(schema: dict[str, Any], node: dict[str, Any], value: Any, where: str) -> None:
    """A small structural check: object keys, required keys and arrays (enough for our schema)."""
    node = _resolve(schema, node)
    if "anyOf" in node:
        assert any(_fits(schema, option, value) for option in node["anyOf"]), where
        return
    if node.get("type") == "object":
        assert isinstance(value, dict), where
        for key in node.get("required", []):
            assert key in value, f"{where}: missing {key}"
        for key, item in value.items():
            assert key in node["properties"], f"{where}: unexpected {key}"
            _check(schema, node["properties"][key], item, f"{where}.{key}")
    elif node.get("type") == "array":
        assert isinstance(value, list), where
        for i, item in enumerate(value):
            _check(schema, node["items"], item, f"{where}[{i}]")


def _fits(schema: dict[str, Any], node: dict[str, Any], value: Any) -> bool:
    try:
        _check(schema, node, value, "")
    except AssertionError:
        return False
    node = _resolve(schema, node)
    if node.get("type") == "string" or node.get("type") == ["string", "integer"]:
        return isinstance(value, str)
    return True


def test_the_rome_case_fits_the_schema() -> None:
    load_course(CASES / "rome")
    tree, problems = load_yaml(CASES / "rome" / "course.yaml")
    assert not problems
    schema = course_json_schema()
    _check(schema, schema, to_plain(tree), "rome")
