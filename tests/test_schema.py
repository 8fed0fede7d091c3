"""The JSON Schema: valid JSON, every section and key of the format, the loader's rules."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

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
    assert "required" not in schema  # a file of a folder course may hold only some sections


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


class _Yaml12Loader(yaml.SafeLoader):
    """Reads YAML the way editors' YAML 1.2 tooling does: `1992-06-07` stays a string."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _course_files() -> list[Path]:
    bundled = Path(__file__).resolve().parents[1] / "data" / "azerbaijan-1988-1994"
    return [CASES / "rome" / "course.yaml", *sorted(bundled.glob("*.yaml"))]


@pytest.mark.parametrize("path", _course_files(), ids=lambda p: p.name)
def test_course_files_validate_against_the_schema_as_an_editor_reads_them(path: Path) -> None:
    schema = course_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=_Yaml12Loader)  # noqa: S506 - SafeLoader subclass
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


@pytest.mark.parametrize(
    "text, words",
    [
        ("events:\n  - date: '1990'\n    titel: Typo\n", "Additional properties"),
        ("events:\n  - date: '1990'\n    title: X\n    importance: 5\n", "5 is not one of"),
        ("places:\n  - id: Bad Id\n    name: X\n", "does not match"),
        ("events:\n  - title: No date\n", "'date' is a required property"),
    ],
)
def test_the_schema_catches_what_an_editor_should_flag(text: str, words: str) -> None:
    validator = jsonschema.Draft202012Validator(course_json_schema())
    messages = [e.message for e in validator.iter_errors(yaml.load(text, Loader=_Yaml12Loader))]  # noqa: S506
    assert any(words in m for m in messages), messages
