// The one word-counting rule for award entries, as awards/wordcount.py states it.
// Both are tested against tests/awards/word_count_cases.json (pytest runs the
// Python side; tests/e2e/test_awards_word_count.py runs this file in Chromium).
// Change the rule in both places and in the table together.
//
// 1. Remove invisible characters: soft hyphen, zero-width space/joiners, word
//    joiner, byte-order mark.
// 2. Split into lines at line breaks, and lines into pieces at spaces of any
//    kind and at en and em dashes and the horizontal bar.
// 3. A piece is a word if it holds at least one letter or digit (any script).
// 4. The first piece of a line is not a word when it is a list marker:
//    "1.", "a)", "(iv)", "B." (number, single letter or small roman numeral).

const REMOVED = /[\u00ad\u200b\u200c\u200d\u2060\ufeff]/g;
const LINE_BREAKS = /[\n\r\u000b\u000c\u0085\u2028\u2029]/;
const SEPARATORS = /[\t \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u2013\u2014\u2015]+/;
const LIST_MARKER =
  /^(?:(?:[0-9]{1,3}|[A-Za-z]|[ivxIVX]{1,4})[.)]|\((?:[0-9]{1,3}|[A-Za-z]|[ivxIVX]{1,4})\))$/;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

export function countWords(text) {
  if (!text) {
    return 0;
  }
  let total = 0;
  for (const line of text.replace(REMOVED, "").split(LINE_BREAKS)) {
    const pieces = line.split(SEPARATORS).filter((piece) => piece !== "");
    pieces.forEach((piece, index) => {
      if (index === 0 && LIST_MARKER.test(piece)) {
        return;
      }
      if (LETTER_OR_DIGIT.test(piece)) {
        total += 1;
      }
    });
  }
  return total;
}
