// Page start-up, loaded as a module so the Content-Security-Policy needs no
// inline script. Browsers without module support get the plain HTML pages.
import { initAll } from "../vendor/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
