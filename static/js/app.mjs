// Start GOV.UK Frontend and MOJ Frontend components (kept out of the page so
// the Content Security Policy can forbid inline scripts).
import { initAll as initGovuk } from "../frontend/govuk-frontend.min.js";
import { initAll as initMoj } from "../frontend/moj-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initGovuk();
initMoj();
