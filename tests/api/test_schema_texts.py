"""The schema's rule for a required text («at least one visible character») agrees with what
the server keeps after its cleaning, character by character, in the regex dialects that read
it: Python's and the Rust validator schemathesis checks with; and the schema as a whole is
generated without a warning."""

import re

import jsonschema_rs
from django.core.management import call_command

from mentorship.api.schema import VISIBLE
from mentorship.text import clean


def test_the_visible_character_pattern_is_what_the_server_keeps():
    validator = jsonschema_rs.validator_for({"type": "string", "pattern": VISIBLE})
    pattern = re.compile(VISIBLE)
    disagree = []
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:  # lone surrogates are not text; JSON cannot carry them
            continue
        char = chr(code)
        kept = bool(clean(char).strip())
        if not (kept == bool(pattern.search(char)) == validator.is_valid(char)):
            disagree.append(hex(code))
    assert not disagree
    assert not pattern.search("\x07\u0080 \u3000\t") and pattern.search("\x07Я")


def test_the_schema_is_generated_without_a_warning(tmp_path):
    """A warning (two choice sets sharing an enum name, a field whose type is guessed) makes
    the schema a regional system generates its client from unstable, and the deployment
    check refuses it: it fails here first."""
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "schema.yml")
