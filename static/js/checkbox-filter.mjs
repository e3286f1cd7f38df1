// Progressive enhancement for a long list of checkboxes (the subject matter expert
// picker): a search box above the list hides the people whose name does not match
// what is typed, says how many match, and names who is ticked. Without this script the
// whole list is there to tick, in a box that scrolls.

let counter = 0;

function words(text) {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}

function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

function enhance(container) {
  const list = container.querySelector(".pop-checkbox-filter__list");
  if (!list) return;
  const items = [...list.querySelectorAll(".govuk-checkboxes__item")].map((item) => ({
    item,
    input: item.querySelector("input"),
    name: item.querySelector("label").textContent.trim(),
  }));
  counter += 1;
  const id = `pop-checkbox-filter-${counter}`;

  const group = element("div", { class: "govuk-form-group govuk-!-margin-bottom-3" });
  const label = element("label", { class: "govuk-label", for: id }, container.dataset.label || "Filter");
  const hint = element("div", { class: "govuk-hint", id: `${id}-hint` }, container.dataset.hint || "");
  const input = element("input", {
    class: "govuk-input govuk-!-width-two-thirds",
    id,
    type: "search",
    autocomplete: "off",
    spellcheck: "false",
    "aria-controls": list.id,
    "aria-describedby": `${id}-hint ${id}-status`,
  });
  const status = element("p", {
    class: "govuk-body-s govuk-!-margin-bottom-2",
    id: `${id}-status`,
    role: "status",
  });
  const chosen = element("p", { class: "govuk-body-s govuk-!-margin-bottom-2" });
  group.append(label, hint, input);
  container.insertBefore(group, list);
  container.insertBefore(status, list);
  container.insertBefore(chosen, list);

  function describeChosen() {
    const ticked = items.filter((entry) => entry.input.checked).map((entry) => entry.name);
    chosen.textContent = ticked.length ? `Ticked: ${ticked.join("; ")}` : "Nobody ticked yet.";
  }

  function filter() {
    const wanted = words(input.value);
    let shown = 0;
    for (const entry of items) {
      const haystack = entry.name.toLowerCase();
      const match = wanted.every((word) => haystack.includes(word));
      entry.item.hidden = !match;
      if (match) shown += 1;
    }
    if (!wanted.length) status.textContent = `${items.length} people to choose from.`;
    else if (shown === 0) status.textContent = "No one matches. Check the spelling or type less.";
    else status.textContent = `${shown} ${shown === 1 ? "person matches" : "people match"}.`;
  }

  input.addEventListener("input", filter);
  // Enter in the box must not send the whole form.
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") event.preventDefault();
  });
  list.addEventListener("change", describeChosen);
  filter();
  describeChosen();
}

export function initCheckboxFilters(root = document) {
  for (const container of root.querySelectorAll('[data-module="pop-checkbox-filter"]')) {
    enhance(container);
  }
}
