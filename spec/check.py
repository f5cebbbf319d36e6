#!/usr/bin/env python3
"""Check spec/voicetel.yaml, the OpenAPI 3.1.1 document of the VoiceTel REST API v2.2.

Checks (the script exits 1 if any fails, 2 if the spec cannot be read at all):
  1. validity       - valid OpenAPI 3.1 per openapi-spec-validator's 3.1 validator;
  2. refs           - every $ref resolves (local refs only: one self-contained file);
  3. operation ids  - no two operations share an operationId;
  4. examples       - every example validates against its schema (JSON Schema 2020-12);
  5. structure      - the spec without prose (description, summary, example, examples)
                      equals the provider's structure fact sheet,
                      spec/provider/voicetel-structure.json.
Then it prints documentation coverage figures, always; --json prints the check
results and the figures as JSON instead of the report.

Usage:  python3 spec/check.py [--spec PATH] [--structure PATH] [--json]
Tests:  python3 -m unittest spec/test_check.py
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import textwrap
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import quote, unquote

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import UnknownType, best_match
from openapi_spec_validator import OpenAPIV31SpecValidator
from referencing import Registry
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = REPO_ROOT / "spec" / "voicetel.yaml"
DEFAULT_STRUCTURE = REPO_ROOT / "spec" / "provider" / "voicetel-structure.json"

Location = tuple  # a place in a document: its keys and list indices, from the root

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
PROSE_KEYWORDS = frozenset({"description", "summary", "example", "examples"})

# Keywords whose value maps names chosen by the author to objects. Those names
# are never keywords: a schema may well have a property called "description".
NAME_MAP_KEYWORDS = frozenset({
    "paths", "webhooks", "callbacks", "pathItems", "schemas", "responses",
    "parameters", "examples", "requestBodies", "headers", "securitySchemes", "links",
    "content", "encoding", "variables", "scopes", "mapping", "properties",
    "patternProperties", "dependentSchemas", "$defs", "definitions",
})
# Keywords whose value is data (or security requirements keyed by scheme name),
# not OpenAPI or Schema objects: walks never enter them.
DATA_KEYWORDS = frozenset({"example", "value", "default", "const", "enum", "security"})
# Keywords whose value is a schema, a list of schemas or a map of schemas.
SCHEMA_KEYWORDS = frozenset({
    "schema", "schemas", "properties", "patternProperties", "additionalProperties",
    "unevaluatedProperties", "items", "prefixItems", "unevaluatedItems", "contains",
    "propertyNames", "allOf", "anyOf", "oneOf", "not", "if", "then", "else",
    "dependentSchemas", "$defs", "definitions", "contentSchema",
})
# Objects whose example/examples are instances of their sibling `schema`
# (media types sit in `content`); anywhere else examples belong to a schema.
EXAMPLE_HOLDERS = frozenset({"content", "parameters", "headers"})
# Top-level fields of an OpenAPI document, to tell document paths from schema-relative ones.
ROOT_FIELDS = frozenset({
    "openapi", "info", "jsonSchemaDialect", "servers", "paths", "webhooks",
    "components", "security", "tags", "externalDocs",
})

OBJECT, NAMES, DATA = "object", "names", "data"
SPEC_URI = "urn:voicetel:spec"
MESSAGE_WIDTH = 220
INLINE_VALUE_WIDTH = 80


# ---------------------------------------------------------------- loading

class SpecLoader(yaml.SafeLoader):
    """PyYAML's safe loader made to read YAML the 1.2 way, as the generator's serde_yaml does.

    Only true/false are booleans (YAML 1.1 also takes yes/no/on/off, which would turn
    an enum value `no` into False), dates stay strings instead of datetime.date, and a
    duplicate key is an error instead of silently keeping the last value.
    """

    def construct_mapping(self, node, deep=False):
        self.flatten_mapping(node)
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping", node.start_mark,
                    f"found duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _yaml12_resolvers() -> dict:
    """SafeLoader's implicit resolvers less YAML 1.1 booleans and timestamps."""
    dropped = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"}
    return {first: [(tag, regexp) for tag, regexp in entries if tag not in dropped]
            for first, entries in yaml.SafeLoader.yaml_implicit_resolvers.items()}


SpecLoader.yaml_implicit_resolvers = _yaml12_resolvers()
SpecLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def load_spec(path: Path) -> dict:
    """The spec as JSON-like data; yaml.YAMLError if it is not a YAML mapping."""
    with open(path, encoding="utf-8") as stream:
        spec = yaml.load(stream, Loader=SpecLoader)
    if not isinstance(spec, dict):
        raise yaml.YAMLError("the document is not a mapping")
    return spec


# ---------------------------------------------------------------- JSON pointers

def escape_token(token: Any) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer(path: Location) -> str:
    """The JSON pointer of path, as a URI fragment ('#/paths/~1v2.2~1numbers/get')."""
    return "#" + "".join("/" + escape_token(token) for token in path)


def instance_pointer(path) -> str:
    """The JSON pointer of a place inside an example; '/' alone means the example itself."""
    return "".join("/" + escape_token(token) for token in path) or "/"


def resolve_ref(document: Any, ref: str) -> Any:
    """Follow a local $ref ('#/components/schemas/x') into document.

    Raises LookupError saying why it does not resolve. Only local refs count as
    resolving: the generator reads the one file, so the spec must be self-contained.
    """
    if not ref.startswith("#"):
        raise LookupError("is not a local reference (the spec must be self-contained)")
    fragment = unquote(ref[1:])
    if fragment and not fragment.startswith("/"):
        raise LookupError("is not a JSON pointer")
    tokens = [raw.replace("~1", "/").replace("~0", "~") for raw in fragment.split("/")[1:]]
    return follow(document, tokens)


def follow(node: Any, path) -> Any:
    """The value at path (keys and indices) in node; LookupError if there is none."""
    walked: Location = ()
    for token in path:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and str(token).isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise LookupError(f"does not resolve: {pointer(walked)} has no {token!r}")
        walked += (token,)
    return node


def deref(document: Any, node: Any) -> Any:
    """node with any chain of $refs followed; None if one of them does not resolve."""
    for _ in range(32):  # a cycle of refs resolves to nothing
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return node
        try:
            node = resolve_ref(document, node["$ref"])
        except LookupError:
            return None
    return None


# ---------------------------------------------------------------- walking

def child_kind(key: Any, value: Any) -> str:
    """How a walk treats the value of keyword `key`.

    OBJECT: an object or a list of objects whose keys are keywords; NAMES: a map of
    author-chosen names to objects; DATA: example values, enums, defaults, security
    requirements and x- extensions, which are never entered.
    """
    if key in DATA_KEYWORDS or str(key).startswith("x-"):
        return DATA
    if key == "examples" and isinstance(value, list):  # a schema's examples: data
        return DATA
    if key in NAME_MAP_KEYWORDS and isinstance(value, dict):
        return NAMES
    return OBJECT


def iter_objects(node: Any, path: Location = (), via: str | None = None
                 ) -> Iterator[tuple[Location, str | None, dict]]:
    """Yield (path, via, obj) for every OpenAPI or Schema object in node.

    via is the keyword the object hangs from: for an object in a name map it is the
    map's keyword ('properties', 'content', 'schemas'), never the name, so it tells
    what the object is (a schema, a media type...) whatever the author named it.
    """
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from iter_objects(item, path + (index,), via)
    elif isinstance(node, dict):
        yield path, via, node
        for key, value in node.items():
            kind = child_kind(key, value)
            if kind == NAMES:
                for name, item in value.items():
                    yield from iter_objects(item, path + (key, name), key)
            elif kind == OBJECT:
                yield from iter_objects(value, path + (key,), key)


def iter_operations(spec: dict) -> Iterator[tuple[Location, dict]]:
    for route, item in (spec.get("paths") or {}).items():
        for method in HTTP_METHODS:
            if isinstance(item, dict) and isinstance(item.get(method), dict):
                yield ("paths", route, method), item[method]


def strip_prose(node: Any) -> Any:
    """A copy of node without the prose keywords; names in name maps are kept whatever they are."""
    if isinstance(node, list):
        return [strip_prose(item) for item in node]
    if not isinstance(node, dict):
        return node
    stripped = {}
    for key, value in node.items():
        if key in PROSE_KEYWORDS:
            continue
        kind = child_kind(key, value)
        if kind == NAMES:
            stripped[key] = {name: strip_prose(item) for name, item in value.items()}
        elif kind == OBJECT:
            stripped[key] = strip_prose(value)
        else:
            stripped[key] = value
    return stripped


# ---------------------------------------------------------------- reporting helpers

@dataclass
class Check:
    key: str
    title: str
    summary: str  # what was checked, shown whether it passed or not
    problems: list[str]

    @property
    def passed(self) -> bool:
        return not self.problems


def shorten(text: str, width: int = MESSAGE_WIDTH) -> str:
    return textwrap.shorten(text, width, placeholder=" …")


def render(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def describe_error(error) -> str:
    """One line for a jsonschema error.

    For a failed oneOf/anyOf the top message only says "is not valid under any of the
    given schemas", so the reason of the closest branch is added.
    """
    message = shorten(error.message)
    if error.context:
        closest = best_match(error.context)
        where = ("" if list(closest.absolute_path) == list(error.absolute_path)
                 else f" at {instance_pointer(closest.absolute_path)}")
        message += f" (closest match{where}: {shorten(closest.message)})"
    return message


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


# ---------------------------------------------------------------- 1. validity

def malformed_schema_locations(spec: Any, path: Location, value: Any) -> list[Location]:
    """The places in spec where some schema holds value at path.

    openapi-spec-validator reports a malformed schema with a path inside that schema
    only (e.g. /properties/cash/type); the schemas it checks are the component
    schemas and the `schema` of media types, parameters and headers.
    """
    found = []
    for where, via, obj in iter_objects(spec):
        if via in ("schemas", "schema"):
            try:
                held = follow(obj, path)
            except LookupError:
                continue
            if type(held) is type(value) and held == value:
                found.append(where + path)
    return found


def validity_location(spec: Any, error) -> str:
    """Where a validator error is, as a JSON pointer prefix ('' if the error has no place)."""
    path = tuple(error.absolute_path)
    if not path:
        return ""
    if str(path[0]) in ROOT_FIELDS:
        return pointer(path) + ": "
    places = malformed_schema_locations(spec, path, error.instance)
    if not places:
        return f"(in some schema) {instance_pointer(path)}: "
    return " or ".join(pointer(place) for place in places) + ": "


def check_validity(spec: Any) -> Check:
    problems = []
    try:
        for error in OpenAPIV31SpecValidator(spec).iter_errors():
            problems.append(validity_location(spec, error) + describe_error(error))
    except Unresolvable as exc:  # the validator stops at the first dangling $ref
        problems.append(f"validation stopped at an unresolvable $ref {getattr(exc, 'ref', '')!r} "
                        "(see the $ref check)")
    return Check("validity", "OpenAPI 3.1 validity (openapi-spec-validator)",
                 plural(len(problems), "error"), problems)


# ---------------------------------------------------------------- 2. refs and operationIds

def check_refs(spec: Any) -> Check:
    problems, count = [], 0
    for path, _, obj in iter_objects(spec):
        ref = obj.get("$ref")
        if not isinstance(ref, str):
            continue
        count += 1
        try:
            resolve_ref(spec, ref)
        except LookupError as exc:
            problems.append(f"{pointer(path + ('$ref',))}: {ref!r} {exc}")
    return Check("refs", "Every $ref resolves",
                 f"{plural(count, '$ref')}, {len(problems)} dangling", problems)


def check_operation_ids(spec: Any) -> Check:
    users: dict[str, list[Location]] = {}
    operations = list(iter_operations(spec))
    for path, operation in operations:
        if "operationId" in operation:
            users.setdefault(operation["operationId"], []).append(path)
    problems = [f"operationId {op_id!r} is used by " + ", ".join(pointer(p) for p in paths)
                for op_id, paths in users.items() if len(paths) > 1]
    missing = len(operations) - sum(len(paths) for paths in users.values())
    summary = f"{plural(len(operations), 'operation')}, {len(users)} distinct operationIds"
    if missing:
        summary += f", {missing} without one"
    return Check("operation_ids", "operationIds are unique", summary, problems)


# ---------------------------------------------------------------- 3. examples

def example_schema_path(path: Location, via: str | None, obj: dict) -> Location | None:
    """The path of the schema that examples on obj must satisfy, or None if they have none."""
    if via in EXAMPLE_HOLDERS:  # media type, parameter or header
        return path + ("schema",) if "schema" in obj else None
    if via in SCHEMA_KEYWORDS:
        return path
    return None


def iter_examples(spec: Any) -> Iterator[tuple[Location, Any, Location]]:
    """Yield (example path, example value, schema path) for every example that has a schema."""
    for path, via, obj in iter_objects(spec):
        schema_path = example_schema_path(path, via, obj)
        if schema_path is None:
            continue
        if "example" in obj:
            yield path + ("example",), obj["example"], schema_path
        examples = obj.get("examples")
        if isinstance(examples, list):
            for index, value in enumerate(examples):
                yield path + ("examples", index), value, schema_path
        elif isinstance(examples, dict):  # named Example Objects, maybe $refs
            for name, example in examples.items():
                example = deref(spec, example)
                if isinstance(example, dict) and "value" in example:
                    yield path + ("examples", name), example["value"], schema_path


def schema_validators(spec: Any):
    """A function giving the 2020-12 validator of the schema at a path of spec.

    The whole spec is one registered resource, so a schema's
    $ref: '#/components/schemas/...' resolves within the spec.
    """
    registry = Registry().with_resource(SPEC_URI, DRAFT202012.create_resource(spec))

    @cache
    def validator_for(schema_path: Location) -> Draft202012Validator:
        ref = SPEC_URI + quote(pointer(schema_path), safe="#/~")
        return Draft202012Validator({"$ref": ref}, registry=registry,
                                    format_checker=Draft202012Validator.FORMAT_CHECKER)
    return validator_for


def example_problems(validator: Draft202012Validator, where: str, value: Any) -> list[str]:
    try:
        errors = sorted(validator.iter_errors(value), key=lambda e: list(map(str, e.absolute_path)))
    except (Unresolvable, UnknownType, re.error) as exc:
        return [f"{where}: cannot validate, the schema is broken: {shorten(str(exc))}"]
    return [f"{where} at {instance_pointer(e.absolute_path)}: {describe_error(e)}" for e in errors]


def check_examples(spec: Any) -> Check:
    validator_for = schema_validators(spec)
    problems, count = [], 0
    for example_path, value, schema_path in iter_examples(spec):
        count += 1
        problems += example_problems(validator_for(schema_path), pointer(example_path), value)
    return Check("examples", "Examples validate against their schemas (JSON Schema 2020-12)",
                 f"{plural(count, 'example')}, {plural(len(problems), 'failure')}", problems)


# ---------------------------------------------------------------- 4. structure

@dataclass
class Difference:
    sign: str  # '-' only in the structure (old), '+' only in the spec (new), '~' changed
    path: Location
    old: Any = None
    new: Any = None

    def __str__(self) -> str:
        where = pointer(self.path)
        if self.sign == "~":
            return f"~ {where}: {shorten(render(self.old), 100)} → {shorten(render(self.new), 100)}"
        value = self.new if self.sign == "+" else self.old
        text = render(value)
        if isinstance(value, (dict, list)) and len(text) > INLINE_VALUE_WIDTH:
            return f"{self.sign} {where}"
        return f"{self.sign} {where}: {text}"


def same_scalar(old: Any, new: Any) -> bool:
    """JSON equality: true is not 1 (Python says it is), 1 is 1.0."""
    if isinstance(old, bool) or isinstance(new, bool):
        return old is new
    return old == new


def diff(old: Any, new: Any, path: Location = ()) -> Iterator[Difference]:
    """The differences turning old into new, key order aside."""
    if isinstance(old, dict) and isinstance(new, dict):
        yield from diff_dicts(old, new, path)
    elif isinstance(old, list) and isinstance(new, list):
        yield from diff_lists(old, new, path)
    elif not same_scalar(old, new):
        yield Difference("~", path, old, new)


def diff_dicts(old: dict, new: dict, path: Location) -> Iterator[Difference]:
    for key in old:
        if key in new:
            yield from diff(old[key], new[key], path + (key,))
        else:
            yield Difference("-", path + (key,), old=old[key])
    for key in new:
        if key not in old:
            yield Difference("+", path + (key,), new=new[key])


def identity(item: Any) -> str:
    """What makes a list item the same item after an edit: a parameter's name and
    location, a Reference's target; anything else is identified by its whole value."""
    if isinstance(item, dict) and "name" in item:
        return render(["name", item["name"], item.get("in")])
    if isinstance(item, dict) and isinstance(item.get("$ref"), str):
        return render(["$ref", item["$ref"]])
    return json.dumps(item, sort_keys=True, default=str)


def diff_lists(old: list, new: list, path: Location) -> Iterator[Difference]:
    """Lists are aligned by item identity first, so an inserted parameter is one '+'
    rather than a cascade of changes, and an edited one shows only what changed.
    '~' and '+' paths index the new list, '-' paths the old one."""
    matcher = SequenceMatcher(None, [identity(i) for i in old], [identity(i) for i in new],
                              autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        paired = i2 - i1 if tag == "equal" else min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(paired):
            yield from diff(old[i1 + k], new[j1 + k], path + (j1 + k,))
        for i in range(i1 + paired, i2):
            yield Difference("-", path + (i,), old=old[i])
        for j in range(j1 + paired, j2):
            yield Difference("+", path + (j,), new=new[j])


def load_structure(path: Path) -> Any:
    """The structure fact sheet; raises LookupError with a readable reason if it can't be had."""
    try:
        with open(path, encoding="utf-8") as stream:
            return json.load(stream)
    except FileNotFoundError:
        raise LookupError(f"structure file not found: {display(path)} (the default is "
                          "spec/provider/voicetel-structure.json; pass --structure PATH)") from None
    except (OSError, ValueError) as exc:
        raise LookupError(f"cannot read the structure file {display(path)}: {exc}") from None


def check_structure(spec: Any, structure_path: Path) -> Check:
    title = f"Structure equals {display(structure_path)} (prose aside)"
    try:
        structure = load_structure(structure_path)
    except LookupError as exc:
        return Check("structure", title, "not checked", [str(exc)])
    return compare_structure(spec, structure, title)


def compare_structure(spec: Any, structure: Any,
                      title: str = "Structure equals the fact sheet (prose aside)") -> Check:
    differences = [str(d) for d in diff(structure, strip_prose(spec))]
    summary = plural(len(differences), "difference")
    if differences:
        summary += " (- only in the structure, + only in the spec, ~ structure → spec)"
    return Check("structure", title, summary, differences)


# ---------------------------------------------------------------- 5. coverage

@dataclass
class Figure:
    key: str
    label: str
    count: int
    total: int

    def __str__(self) -> str:
        percent = f"{100 * self.count / self.total:3.0f}%" if self.total else "   -"
        return f"{self.label:<58} {self.count:>4}/{self.total:<4} {percent}"


def has_text(obj: Any, key: str) -> bool:
    return isinstance(obj, dict) and isinstance(obj.get(key), str) and bool(obj[key].strip())


def has_example(spec: Any, holder: Any) -> bool:
    """Whether a request body or response (maybe a $ref) shows an example on one of its media types."""
    holder = deref(spec, holder)
    content = holder.get("content") if isinstance(holder, dict) else None
    return any(isinstance(media, dict) and ("example" in media or media.get("examples"))
               for media in (content or {}).values())


def figure(key: str, label: str, items: list, test) -> Figure:
    return Figure(key, label, sum(1 for item in items if test(item)), len(items))


def coverage(spec: Any) -> list[Figure]:
    """Documentation coverage. A property that is a bare $ref counts as undescribed:
    3.1 allows a description beside the $ref, and the referenced schema's own
    description says what the type is, not what the field means."""
    operations = [operation for _, operation in iter_operations(spec)]
    with_body = [operation for operation in operations if "requestBody" in operation]
    objects = list(iter_objects(spec))
    parameters = [obj for _, via, obj in objects if via == "parameters" and "$ref" not in obj]
    properties = [obj for _, via, obj in objects if via == "properties"]
    responses = [obj for _, via, obj in objects if via == "responses" and "$ref" not in obj]
    schemas = list(((spec.get("components") or {}).get("schemas") or {}).values())
    return [
        figure("operations_summary_and_description", "operations with a summary and a description",
               operations, lambda op: has_text(op, "summary") and has_text(op, "description")),
        figure("parameters_described", "parameters with a description",
               parameters, lambda p: has_text(p, "description")),
        figure("properties_described", "schema properties with a description",
               properties, lambda p: has_text(p, "description")),
        figure("schemas_described", "component schemas with a description",
               schemas, lambda s: has_text(s, "description")),
        figure("responses_described", "responses with a description (required by 3.1)",
               responses, lambda r: has_text(r, "description")),
        figure("operations_with_response_example", "operations with a response example",
               operations, lambda op: any(has_example(spec, r)
                                          for r in (op.get("responses") or {}).values())),
        figure("operations_with_request_example", "operations with a request example (of those with a body)",
               with_body, lambda op: has_example(spec, op["requestBody"])),
    ]


# ---------------------------------------------------------------- main

def run_checks(spec: Any, structure_path: Path) -> list[Check]:
    return [check_validity(spec), check_refs(spec), check_operation_ids(spec),
            check_examples(spec), check_structure(spec, structure_path)]


def display(path: Path) -> str:
    """path relative to the working directory when that is shorter, for readable reports."""
    relative = os.path.relpath(path)
    return relative if len(relative) < len(str(path)) else str(path)


def print_report(spec_path: Path, checks: list[Check], figures: list[Figure]) -> None:
    print(f"VoiceTel spec check: {display(spec_path)}")
    for number, check in enumerate(checks, 1):
        status = " ok " if check.passed else "FAIL"
        print(f"[{status}] {number}. {check.title}: {check.summary}")
        for problem in check.problems:
            print(f"         {problem}")
    print("Coverage:")
    for item in figures:
        print(f"  {item}")
    failed = [check.title for check in checks if not check.passed]
    print("Result: " + ("all checks passed" if not failed else
                        f"{len(failed)} of {len(checks)} checks FAILED: " + "; ".join(failed)))


def report_json(spec_path: Path, checks: list[Check], figures: list[Figure]) -> str:
    return json.dumps({
        "spec": display(spec_path),
        "passed": all(check.passed for check in checks),
        "checks": {check.key: {"passed": check.passed, "problems": len(check.problems)}
                   for check in checks},
        "coverage": {item.key: {"count": item.count, "total": item.total} for item in figures},
    }, indent=2)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC,
                        help="the OpenAPI document (default: spec/voicetel.yaml)")
    parser.add_argument("--structure", type=Path, default=DEFAULT_STRUCTURE,
                        help="the structure fact sheet (default: "
                             "spec/provider/voicetel-structure.json)")
    parser.add_argument("--json", action="store_true",
                        help="print check results and coverage figures as JSON")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        spec = load_spec(args.spec)
    except (OSError, yaml.YAMLError) as exc:
        print(f"cannot read the spec {display(args.spec)}: {exc}", file=sys.stderr)
        return 2
    checks = run_checks(spec, args.structure)
    figures = coverage(spec)
    if args.json:
        print(report_json(args.spec, checks, figures))
    else:
        print_report(args.spec, checks, figures)
    return 0 if all(check.passed for check in checks) else 1


if __name__ == "__main__":
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")  # '→' on a non-UTF-8 terminal
    sys.exit(main())
