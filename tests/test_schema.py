"""`scrnews schema`: the issue format as JSON Schema 2020-12, for editors' YAML language servers.

Checked with the `jsonschema` package, as an editor would use it: every issue and example
validates, wrong ones do not, and every field has a description and an example that is valid.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from referencing import Registry, Resource

from scrnews.cli import cli
from scrnews.schema import json_schema

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "issue.schema.json"
ISSUE_FILES = sorted((ROOT / "issues").glob("*.yaml")) + sorted(
    (ROOT / "examples" / "issues").glob("*.yaml")
)
EXAMPLE_FILES = ISSUE_FILES


class _EditorLoader(yaml.SafeLoader):
    """YAML as a language server reads it (YAML 1.2 core): 2012-01-16 stays text."""


_EditorLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def as_editor_reads(path: Path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_EditorLoader)  # noqa: S506


@pytest.fixture(scope="module")
def schema() -> dict:
    return json_schema()


@pytest.fixture(scope="module")
def validator(schema):
    return jsonschema.Draft202012Validator(schema)


def test_the_schema_is_a_valid_2020_12_schema(schema):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.name for p in EXAMPLE_FILES])
def test_every_issue_and_example_validates(validator, path):
    errors = [
        f"{list(e.absolute_path)}: {e.message}"
        for e in validator.iter_errors(as_editor_reads(path))
    ]
    assert errors == []


def test_there_are_issues_and_examples_to_validate():
    assert {p.parent for p in EXAMPLE_FILES} == {ROOT / "issues", ROOT / "examples" / "issues"}
    assert len(EXAMPLE_FILES) >= 4


WRONG = {
    "unknown block type": ("body", 0, "type"),
    "missing text": ("body", 0),
    "misspelt field": ("body", 0),
    "misspelt top-level field": (),
    "status not in the list": ("status",),
}


def _wrong(kind: str) -> dict:
    data = as_editor_reads(ROOT / "issues" / "issue-2.yaml")
    block = data["body"][0]
    if kind == "unknown block type":
        block["type"] = "quotation"
    elif kind == "missing text":
        del block["text"]
    elif kind == "misspelt field":
        block["signatorys"] = block.pop("signatories")
    elif kind == "misspelt top-level field":
        data["titel"] = "A title"
    elif kind == "status not in the list":
        data["status"] = "publish"
    return data


@pytest.mark.parametrize("kind", WRONG)
def test_a_wrong_issue_does_not_validate(validator, kind):
    errors = list(validator.iter_errors(_wrong(kind)))
    assert errors, kind
    assert any(tuple(e.absolute_path) == WRONG[kind] for e in errors), [
        (list(e.absolute_path), e.message) for e in errors
    ]


def _properties(schema: dict):
    """(definition name, field name, property schema) of every field of the formats (those of
    a definition that also takes a plain line of text, such as an item or a panel, too)."""
    for definition, body in schema["$defs"].items():
        branches = [b for b in body.get("anyOf", []) if "properties" in b] or [body]
        for branch in branches:
            for name, prop in branch.get("properties", {}).items():
                yield definition, name, prop


def test_every_field_has_a_description_and_an_example(schema):
    fields = list(_properties(schema))
    assert len(fields) > 120
    undescribed = [(d, n) for d, n, p in fields if not p.get("description", "").strip()]
    without_example = [(d, n) for d, n, p in fields if not p.get("examples")]
    assert undescribed == [] and without_example == []


def test_every_example_is_valid_for_its_field(schema):
    registry = Registry().with_resource(SCHEMA_FILE.as_uri(), Resource.from_contents(schema))
    invalid = []
    for definition, name, prop in _properties(schema):
        field_schema = {"$defs": schema["$defs"], **prop}
        check = jsonschema.Draft202012Validator(field_schema, registry=registry)
        invalid += [(definition, name, ex) for ex in prop["examples"] if not check.is_valid(ex)]
    assert invalid == []


def test_the_schema_file_beside_the_issues_is_up_to_date(schema):
    """issue.schema.json is what `scrnews schema` prints: regenerate it with `make schema`."""
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == schema


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.name for p in EXAMPLE_FILES])
def test_every_issue_names_the_schema_for_its_editor(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, first
    assert (path.parent / match[1]).resolve() == SCHEMA_FILE


def test_schema_command_prints_and_writes_it(tmp_path, schema):
    printed = CliRunner().invoke(cli, ["schema"])
    assert printed.exit_code == 0
    assert json.loads(printed.stdout) == schema
    target = tmp_path / "issue.schema.json"
    written = CliRunner().invoke(cli, ["schema", "-o", str(target)])
    assert written.exit_code == 0, written.output
    assert json.loads(target.read_text(encoding="utf-8")) == schema
