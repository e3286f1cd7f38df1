"""The one word-counting rule for award entries.

The same rule is implemented in the browser, in ``static/js/awards/word-count.mjs``;
both are tested against one table of tricky cases
(``tests/awards/word_count_cases.json``: pytest runs it here, a browser test runs
it in Chromium). Change the rule in both places and in the table together.

The rule
--------
1. **Invisible characters are removed**: soft hyphens (U+00AD), zero-width
   spaces, joiners and non-joiners (U+200B-U+200D), the word joiner (U+2060) and
   the byte-order mark (U+FEFF). "prob\\u00adlem" is one word, as it looks.
2. **The text is split into lines** at line breaks (``\\n \\r \\v \\f``, U+0085,
   U+2028, U+2029), and each line into pieces at **spaces of any kind** (tab,
   space, no-break space U+00A0, the typographic spaces U+2000-U+200A, U+202F,
   U+205F, U+3000, U+1680) and at **en and em dashes** and the horizontal bar
   (U+2013, U+2014, U+2015): "crime" + em dash + "and" and "2015" + en dash +
   "2017" are two words each.
3. **A piece is a word if it holds at least one letter or digit** in any script
   (Unicode categories L* and N*). So hyphenated words ("problem-solving"),
   apostrophes straight or curly ("don't", or with U+2019), numbers ("1,238",
   "£466,075", "3.5"), URLs and email addresses are one word each; a hyphen,
   bullet, ampersand or quote standing alone is not a word.
4. **List markers are not words**: the first piece of a line is left out when it
   is a number, a single letter or a small roman numeral (up to four of i, v, x)
   followed by "." or ")", or wrapped in brackets: "1.", "a)", "(iv)", "B.".
   Bullets ("•", "-", "*") are already left out by rule 3.

Text written without spaces (Chinese, Japanese, Thai) counts as one word per
run, which does not matter for entries written in English.
"""

import re
import unicodedata

REMOVED = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
LINE_BREAKS = re.compile("[\n\r\u000b\u000c\u0085\u2028\u2029]")
SEPARATORS = re.compile("[\t \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u2013\u2014\u2015]+")
LIST_MARKER = re.compile(
    r"(?:[0-9]{1,3}|[A-Za-z]|[ivxIVX]{1,4})[.)]|\((?:[0-9]{1,3}|[A-Za-z]|[ivxIVX]{1,4})\)"
)


def _is_word(piece: str) -> bool:
    return any(unicodedata.category(char)[0] in "LN" for char in piece)


def count_words(text: str | None) -> int:
    """The number of words in ``text`` by the rule above."""
    if not text:
        return 0
    total = 0
    for line in LINE_BREAKS.split(REMOVED.sub("", text)):
        pieces = [piece for piece in SEPARATORS.split(line) if piece]
        for index, piece in enumerate(pieces):
            if index == 0 and LIST_MARKER.fullmatch(piece):
                continue
            if _is_word(piece):
                total += 1
    return total


def count_sections(texts: dict[str, str]) -> dict[str, int]:
    """Words per section (same keys)."""
    return {name: count_words(text) for name, text in texts.items()}
