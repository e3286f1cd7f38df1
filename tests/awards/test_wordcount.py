"""The word-counting rule against the table the browser test runs too."""

import json
from pathlib import Path

import pytest

from awards.wordcount import count_sections, count_words

CASES = json.loads((Path(__file__).parent / "word_count_cases.json").read_text())["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_word_count_table(case):
    assert count_words(case["text"]) == case["words"]


def test_the_table_covers_the_tricky_kinds_of_text():
    names = " ".join(c["name"] for c in CASES)
    for kind in (
        "hyphen",
        "apostrophe",
        "URL",
        "bullet",
        "numbers",
        "Word",
        "non-English",
        "Chinese",
        "accent",
    ):
        assert kind.lower() in names.lower(), kind


def test_none_and_sections():
    assert count_words(None) == 0
    assert count_sections({"scanning": "one two", "analysis": "", "response": "1. a b"}) == {
        "scanning": 2,
        "analysis": 0,
        "response": 2,
    }
