// Builds GOV.UK Frontend into static/dist/ (npm run build; `make assets` calls it).
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import * as sass from "sass";

const out = "static/dist";
mkdirSync(`${out}/govuk`, { recursive: true });

const css = sass.compile("assets/accord.scss", {
  loadPaths: ["node_modules"],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(`${out}/accord.css`, css.css);

cpSync("node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js", `${out}/govuk/govuk-frontend.min.js`);
console.log(`built ${out}/accord.css (${css.css.length} bytes) and govuk-frontend.min.js`);
