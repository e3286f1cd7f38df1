// A finalist's brochure page: count the summary's words as the server does
// (word-count.mjs is the same rule as awards.wordcount) while the team types.
import { countWords } from "./word-count.mjs";

const form = document.querySelector("[data-brochure-page]");
if (form) {
  const limit = Number(form.dataset.summaryLimit);
  const area = form.querySelector("textarea");
  const counter = form.querySelector("[data-summary-count]");
  const update = () => {
    const words = countWords(area.value);
    const over = words - limit;
    counter.textContent =
      over > 0 ? `${words} of ${limit} words: ${over} too many` : `${words} of ${limit} words`;
    counter.classList.toggle("govuk-error-message", over > 0);
    counter.classList.toggle("govuk-hint", over <= 0);
  };
  if (area && counter) {
    area.addEventListener("input", update);
    update();
  }
}
