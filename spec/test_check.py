"""Tests of spec/check.py: each check is made to fail on purpose, then run on the real spec.

Run: python3 -m unittest spec/test_check.py   (stdlib unittest, nothing to install
beyond spec/requirements.txt)
"""

import copy
import io
import json
import sys
import tempfile
import unittest
from contextlib import redirect_stdout
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import check  # noqa: E402  (the module under test sits beside this file)


def minimal_spec():
    """A small valid OpenAPI 3.1 document with one of everything the checks look at."""
    return {
        "openapi": "3.1.1",
        "info": {"title": "t", "version": "1", "description": "prose"},
        "paths": {
            "/things/{id}": {
                "get": {
                    "operationId": "thingGet",
                    "summary": "Get a thing",
                    "parameters": [{"name": "id", "in": "path", "required": True,
                                    "schema": {"type": "string", "pattern": "^[0-9]+$"},
                                    "example": "42"}],
                    "responses": {"200": {
                        "description": "The thing",
                        "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/thing"},
                            "example": {"count": 1, "description": "a thing"},
                        }},
                    }},
                },
            },
        },
        "components": {"schemas": {"thing": {
            "type": "object",
            "description": "A thing",
            "required": ["count"],
            "properties": {
                "count": {"type": "integer", "description": "How many", "example": 3},
                "description": {"type": ["string", "null"], "description": "What it is"},
            },
        }}},
    }


def structure_of(spec):
    return check.strip_prose(copy.deepcopy(spec))


class FixtureTest(unittest.TestCase):
    def test_minimal_spec_passes_every_check(self):
        # so that each failure below is caused by the one thing its test breaks
        spec = minimal_spec()
        checks = [check.check_validity(spec), check.check_refs(spec), check.check_operation_ids(spec),
                  check.check_examples(spec), check.compare_structure(spec, structure_of(spec))]
        self.assertEqual([], [problem for c in checks for problem in c.problems])


class ValidityTest(unittest.TestCase):
    def test_validity_check_survives_a_dangling_ref(self):
        spec = minimal_spec()
        spec["components"]["schemas"]["thing"]["properties"]["count"] = {"$ref": "#/nowhere"}
        self.assertEqual(["validation stopped at an unresolvable $ref '/nowhere' (see the $ref check)"],
                         check.check_validity(spec).problems)

    def test_response_without_description_is_invalid_3_1(self):
        spec = minimal_spec()
        del spec["paths"]["/things/{id}"]["get"]["responses"]["200"]["description"]
        self.assertEqual(["#/paths/~1things~1{id}/get/responses/200: 'description' is a required property"],
                         check.check_validity(spec).problems)

    def test_malformed_schema_is_located_in_the_document(self):
        spec = minimal_spec()
        spec["components"]["schemas"]["thing"]["properties"]["count"]["type"] = "int"
        problems = check.check_validity(spec).problems
        self.assertEqual(1, len(problems))
        self.assertTrue(problems[0].startswith(
            "#/components/schemas/thing/properties/count/type: 'int' is not valid under any "
            "of the given schemas (closest match: 'int' is not one of"), problems[0])


class RefTest(unittest.TestCase):
    def test_dangling_ref_is_reported_with_its_pointer(self):
        spec = minimal_spec()
        spec["paths"]["/things/{id}"]["get"]["responses"]["200"]["content"]["application/json"][
            "schema"] = {"$ref": "#/components/schemas/nope"}
        result = check.check_refs(spec)
        self.assertFalse(result.passed)
        self.assertEqual(1, len(result.problems))
        self.assertIn("#/paths/~1things~1{id}/get/responses/200/content/application~1json/schema/$ref",
                      result.problems[0])
        self.assertIn("#/components/schemas has no 'nope'", result.problems[0])

    def test_external_ref_is_reported(self):
        spec = minimal_spec()
        spec["components"]["schemas"]["other"] = {"$ref": "other.yaml#/x"}
        self.assertIn("not a local reference", check.check_refs(spec).problems[0])


class OperationIdTest(unittest.TestCase):
    def test_duplicate_operation_id_is_reported(self):
        spec = minimal_spec()
        spec["paths"]["/others"] = {"post": copy.deepcopy(spec["paths"]["/things/{id}"]["get"])}
        del spec["paths"]["/others"]["post"]["parameters"]
        result = check.check_operation_ids(spec)
        self.assertEqual(["operationId 'thingGet' is used by #/paths/~1things~1{id}/get, "
                          "#/paths/~1others/post"], result.problems)


class ExampleTest(unittest.TestCase):
    def failures(self, spec):
        return check.check_examples(spec).problems

    def test_valid_examples_pass_and_are_counted(self):
        result = check.check_examples(minimal_spec())
        self.assertTrue(result.passed)
        self.assertTrue(result.summary.startswith("3 examples"))

    def test_invalid_media_type_example_through_ref(self):
        spec = minimal_spec()
        media = spec["paths"]["/things/{id}"]["get"]["responses"]["200"]["content"]["application/json"]
        media["example"] = {"count": "one"}
        self.assertEqual(
            ["#/paths/~1things~1{id}/get/responses/200/content/application~1json/example "
             "at /count: 'one' is not of type 'integer'"], self.failures(spec))

    def test_invalid_parameter_example(self):
        spec = minimal_spec()
        spec["paths"]["/things/{id}"]["get"]["parameters"][0]["example"] = "abc"
        self.assertIn("#/paths/~1things~1{id}/get/parameters/0/example at /: 'abc' does not match",
                      self.failures(spec)[0])

    def test_invalid_property_example_and_missing_required(self):
        spec = minimal_spec()
        spec["components"]["schemas"]["thing"]["properties"]["count"]["example"] = 1.5
        spec["components"]["schemas"]["thing"]["examples"] = [{"description": None}]
        self.assertEqual(
            ["#/components/schemas/thing/examples/0 at /: 'count' is a required property",
             "#/components/schemas/thing/properties/count/example at /: 1.5 is not of type 'integer'"],
            self.failures(spec))

    def test_named_examples_including_refs_are_checked(self):
        spec = minimal_spec()
        media = spec["paths"]["/things/{id}"]["get"]["responses"]["200"]["content"]["application/json"]
        del media["example"]
        media["examples"] = {"inline": {"value": {"count": 1}},
                             "shared": {"$ref": "#/components/examples/bad"}}
        spec["components"]["examples"] = {"bad": {"summary": "bad", "value": {}}}
        self.assertEqual(
            ["#/paths/~1things~1{id}/get/responses/200/content/application~1json/examples/shared "
             "at /: 'count' is a required property"], self.failures(spec))

    def test_format_is_checked(self):
        spec = minimal_spec()
        spec["components"]["schemas"]["thing"]["properties"]["when"] = {
            "type": "string", "format": "date-time", "example": "yesterday"}
        self.assertIn("'yesterday' is not a 'date-time'", self.failures(spec)[0])


class StructureTest(unittest.TestCase):
    def differences(self, structure, spec):
        return [str(d) for d in check.diff(structure, check.strip_prose(spec))]

    def test_added_removed_and_changed_are_listed_with_pointers(self):
        spec = minimal_spec()
        structure = structure_of(spec)
        get = spec["paths"]["/things/{id}"]["get"]
        get["parameters"][0]["required"] = False
        get["parameters"].insert(0, {"name": "q", "in": "query", "schema": {"type": "string"}})
        spec["components"]["schemas"]["newThing"] = {"type": "object", "description": "new"}
        structure["paths"]["/gone"] = {"get": {"responses": {}}}
        structure["components"]["schemas"]["thing"]["required"] = ["count", "description"]
        self.assertEqual(
            ['+ #/paths/~1things~1{id}/get/parameters/0: '
             '{"name": "q", "in": "query", "schema": {"type": "string"}}',
             '~ #/paths/~1things~1{id}/get/parameters/1/required: true → false',
             '- #/paths/~1gone: {"get": {"responses": {}}}',
             '- #/components/schemas/thing/required/1: "description"',
             '+ #/components/schemas/newThing: {"type": "object"}'],
            self.differences(structure, spec))

    def test_pointer_escaping(self):
        self.assertEqual("#/paths/~1a~0b/get", check.pointer(("paths", "/a~b", "get")))
        self.assertEqual({"x": 1}, check.resolve_ref({"/a~b": {"x": 1}}, "#/~1a~0b"))

    def test_json_types_are_compared_strictly(self):
        self.assertEqual(['~ #/required: true → 1'], self.differences({"required": True}, {"required": 1}))
        self.assertEqual([], self.differences({"minimum": 1}, {"minimum": 1.0}))

    def test_property_named_description_is_kept_keyword_is_dropped(self):
        schema = minimal_spec()["components"]["schemas"]["thing"]
        stripped = check.strip_prose(schema)
        self.assertNotIn("description", stripped)
        self.assertEqual({"type": ["string", "null"]}, stripped["properties"]["description"])
        self.assertNotIn("example", stripped["properties"]["count"])

    def test_property_called_properties_keeps_parity(self):
        schema = {"properties": {"properties": {"type": "object", "description": "d",
                                                "properties": {"summary": {"type": "string"}}}}}
        self.assertEqual({"properties": {"properties": {
            "type": "object", "properties": {"summary": {"type": "string"}}}}},
            check.strip_prose(schema))

    def test_missing_structure_file_fails_clearly(self):
        result = check.check_structure(minimal_spec(), Path("/nonexistent/api-structure.json"))
        self.assertFalse(result.passed)
        self.assertIn("structure file not found", result.problems[0])


class LoaderTest(unittest.TestCase):
    def load(self, text):
        return yaml.load(text, Loader=check.SpecLoader)

    def test_yaml_1_2_scalars(self):
        self.assertEqual({"a": "no", "b": "2024-01-02", "c": True, "d": 200},
                         self.load("a: no\nb: 2024-01-02\nc: true\nd: 200\n"))

    def test_duplicate_key_is_an_error(self):
        with self.assertRaisesRegex(yaml.YAMLError, "duplicate key 'get'"):
            self.load("get: 1\nget: 2\n")


class CommandLineTest(unittest.TestCase):
    def run_main(self, spec, structure, *extra):
        with tempfile.TemporaryDirectory() as tmp:
            spec_path, structure_path = Path(tmp, "spec.yaml"), Path(tmp, "structure.json")
            spec_path.write_text(yaml.safe_dump(spec), encoding="utf-8")
            structure_path.write_text(json.dumps(structure), encoding="utf-8")
            out = io.StringIO()
            with redirect_stdout(out):
                code = check.main(["--spec", str(spec_path), "--structure", str(structure_path), *extra])
            return code, out.getvalue()

    def test_passing_spec_exits_zero_and_reports_coverage(self):
        spec = minimal_spec()
        code, out = self.run_main(spec, structure_of(spec))
        self.assertEqual(0, code, out)
        self.assertIn("operations with a summary and a description                   0/1", out)
        self.assertIn("Result: all checks passed", out)

    def test_failing_spec_exits_one_and_json_has_figures(self):
        spec = minimal_spec()
        structure = structure_of(spec)
        spec["info"]["version"] = "2"
        code, out = self.run_main(spec, structure, "--json")
        self.assertEqual(1, code)
        report = json.loads(out)
        self.assertEqual({"passed": False, "problems": 1}, report["checks"]["structure"])
        self.assertEqual({"count": 2, "total": 2}, report["coverage"]["properties_described"])


class RealSpecTest(unittest.TestCase):
    """The real spec/voicetel.yaml against the provider's structure kept in the repository."""

    @classmethod
    def setUpClass(cls):
        cls.spec = check.load_spec(check.DEFAULT_SPEC)

    def assertPasses(self, result):
        self.assertTrue(result.passed, f"{result.title}: {result.summary}\n" +
                        "\n".join(result.problems[:20]))

    def test_is_valid_openapi_3_1(self):
        self.assertPasses(check.check_validity(self.spec))

    def test_refs_resolve(self):
        self.assertPasses(check.check_refs(self.spec))

    def test_operation_ids_are_unique(self):
        self.assertPasses(check.check_operation_ids(self.spec))
        self.assertEqual(74, len(list(check.iter_operations(self.spec))))

    def test_examples_validate(self):
        self.assertPasses(check.check_examples(self.spec))

    def test_structure_matches_the_provider_fact_sheet(self):
        self.assertPasses(check.check_structure(self.spec, check.DEFAULT_STRUCTURE))

    def test_kept_fact_sheet_is_the_shared_one(self):
        # The copy in spec/provider/ goes stale when the provider's sheet in
        # shared/voicetel/ (beside a checkout, in the nearest ancestor that
        # has one) changes; a fresh clone has none, and needs none.
        shared = next((d / "shared" / "voicetel" / "api-structure.json"
                       for d in check.REPO_ROOT.parents
                       if (d / "shared" / "voicetel" / "api-structure.json").is_file()), None)
        if shared is None:
            self.skipTest("no shared/voicetel/api-structure.json beside the repository "
                          "to compare spec/provider/voicetel-structure.json with")
        self.assertEqual(json.loads(shared.read_text(encoding="utf-8")),
                         json.loads(check.DEFAULT_STRUCTURE.read_text(encoding="utf-8")),
                         f"{shared} changed: copy it to spec/provider/voicetel-structure.json")


if __name__ == "__main__":
    unittest.main()
