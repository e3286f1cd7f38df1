// Start GOV.UK Frontend and MOJ Frontend components, and the portal's own
// enhancements (kept out of the page so the Content Security Policy can forbid
// inline scripts).
import { initAll as initGovuk } from "../frontend/govuk-frontend.min.js";
import { initAll as initMoj } from "../frontend/moj-frontend.min.js";
import { initCheckboxFilters } from "./checkbox-filter.mjs";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initGovuk();
initMoj();
initCheckboxFilters();
