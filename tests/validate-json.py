#!/usr/bin/env python3
"""validate-json.py SCHEMA.json FILE.json

Validate FILE against the JSON Schema SCHEMA with the python3 `jsonschema`
package (Debian: python3-jsonschema).  The draft is taken from the schema's
own "$schema" (the SARIF 2.1.0 schema is draft-04, otlint's result schema is
draft 2020-12), so one script serves both.

Exit status (automake test-driver conventions):
  0   valid
  1   invalid: every violation is printed with its JSON path
  2   usage error, or SCHEMA / FILE is not readable JSON
  77  skip: jsonschema is not installed
"""

import json
import sys


def load(path):
    try:
        with open(path, "rb") as f:
            return json.loads(f.read().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        print(f"validate-json: {path}: {e}", file=sys.stderr)
        sys.exit(2)


def where(error):
    path = "".join(f"[{p!r}]" for p in error.absolute_path)
    return path or "(document)"


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    try:
        import jsonschema
        from jsonschema.validators import validator_for
    except ImportError:
        print("validate-json: python3 jsonschema not installed (python3-jsonschema); skipped",
              file=sys.stderr)
        return 77

    schema = load(argv[1])
    doc = load(argv[2])
    cls = validator_for(schema)
    try:
        cls.check_schema(schema)
    except jsonschema.exceptions.SchemaError as e:
        print(f"validate-json: {argv[1]}: not a valid schema: {e.message}", file=sys.stderr)
        return 2
    errors = sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.absolute_path))
    for e in errors:
        print(f"{argv[2]}: {where(e)}: {e.message}", file=sys.stderr)
    if errors:
        print(f"validate-json: {argv[2]}: {len(errors)} error(s) against {argv[1]}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
