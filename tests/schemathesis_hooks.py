"""schemathesis hooks for tests/schemathesis.rs (loaded through SCHEMATHESIS_HOOKS).

The one thing JSON Schema cannot say about jobsctl's OpenAPI document: a `_where` may hold at
most 256 tests (MAX_WHERE_LEAVES in src/filter/where_json.rs, stated in the parameter's
description), counted across the whole tree. The coverage phase builds a `_where` with every
field and every operator at three levels (9 x 11 x 3 = 297 tests), which the server refuses
with a 400 that names the limit, as documented. Such cases are left out here; the refusal
itself is tested in tests/limits.rs. Every other case of every phase is run and checked.
"""

import json

import schemathesis

# src/filter/where_json.rs: MAX_WHERE_LEAVES.
MAX_WHERE_TESTS = 256


def tests_in(node):
    """The tests a `_where` node holds, as the server counts them: one per operator."""
    if isinstance(node, list):
        return sum(tests_in(item) for item in node)
    if not isinstance(node, dict):
        return 0
    count = 0
    for key, value in node.items():
        if key in ("and", "or", "not"):
            count += tests_in(value)
        elif isinstance(value, dict):
            count += len(value)
    return count


@schemathesis.hook
def filter_case(context, case):
    where = (case.query or {}).get("_where")
    if isinstance(where, str):
        try:
            where = json.loads(where)
        except ValueError:
            return True
    return tests_in(where) <= MAX_WHERE_TESTS
