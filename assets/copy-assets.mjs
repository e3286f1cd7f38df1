// Copies the design systems' compiled JavaScript and images (not fonts: the
// service uses a system font stack) into static/frontend/.
import { cpSync, mkdirSync } from "node:fs";

const out = "static/frontend";
mkdirSync(`${out}/images`, { recursive: true });
cpSync("node_modules/govuk-frontend/dist/govuk/assets/images", `${out}/images`, { recursive: true });
cpSync("node_modules/@ministryofjustice/frontend/moj/assets/images", `${out}/images`, { recursive: true });
cpSync("node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js", `${out}/govuk-frontend.min.js`);
cpSync("node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.js", `${out}/moj-frontend.min.js`);
