"""The schema's rule for a required text («at least one visible character») agrees with what
the server keeps after its cleaning, character by character, in the regex dialects that read
it: Python's and the Rust validator schemathesis checks with."""

import re

import jsonschema_rs

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
