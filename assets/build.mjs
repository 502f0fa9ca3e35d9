// Builds GOV.UK Frontend into static/dist/ (npm run build; `make assets` calls it).
//
// static/dist/ holds what this build makes and nothing else: the CSS, GOV.UK Frontend's script, and
// each image the CSS draws. The build fails if the CSS names a file it did not copy, since
// collectstatic's manifest (as the Dockerfile runs it) would fail on that too, and without the
// manifest the file would be a 404 on every page.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as sass from "sass";

const out = "static/dist";
const govuk = "node_modules/govuk-frontend/dist/govuk";
const imagesPath = "govuk/assets/images/";
const imagesUrl = `/${out}/${imagesPath}`;

// Accord is not a GOV.UK service, so the crown is not its to show. GOV.UK Frontend draws the crest
// (govuk-crest.svg) above the footer's crown copyright link, with no setting to turn it off; it asks
// $govuk-image-url-function (accord.scss) for each image, and gets nothing for the crest, so its
// CSS has no url() for it.
const notAccords = new Set(["govuk-crest.svg"]);
const images = new Set();

const css = sass.compile("assets/accord.scss", {
  loadPaths: ["node_modules"],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
  functions: {
    "accord-image-url($filename)": ([filename]) => {
      const name = filename.assertString("filename").text;
      if (notAccords.has(name)) return sass.sassNull;
      images.add(name);
      return new sass.SassString(`url("${imagesUrl}${name}")`, { quotes: false });
    },
  },
}).css;

rmSync(out, { recursive: true, force: true });
mkdirSync(`${out}/govuk`, { recursive: true });
writeFileSync(`${out}/accord.css`, css);
cpSync(`${govuk}/govuk-frontend.min.js`, `${out}/govuk/govuk-frontend.min.js`);
for (const name of images) {
  cpSync(`${govuk}/assets/images/${name}`, `${out}/${imagesPath}${name}`);
}

// Swagger UI for the API's documentation page (/api/docs/), served from here, never a CDN. Without
// its source-map comments: the maps are not copied, and collectstatic's manifest would want them.
const swagger = "node_modules/swagger-ui-dist";
mkdirSync(`${out}/swagger-ui`);
for (const name of ["swagger-ui.css", "swagger-ui-bundle.js"]) {
  const text = readFileSync(`${swagger}/${name}`, "utf8").replace(/\n?\/[*/]# sourceMappingURL=\S+?(\*\/)?\s*$/, "\n");
  writeFileSync(`${out}/swagger-ui/${name}`, text);
}

// Every url() the CSS keeps must be a file under static/, as whitenoise serves them at /static/.
const missing = [...new Set([...css.matchAll(/url\(\s*(["']?)(.*?)\1\s*\)/g)].map((match) => match[2]))]
  .filter((url) => !url.startsWith("data:") && !url.startsWith("#"))
  .filter((url) => !(url.startsWith("/static/") && existsSync(url.slice(1).split(/[?#]/)[0])));
if (missing.length) {
  console.error(`${out}/accord.css refers to files the build does not make:\n  ${missing.join("\n  ")}`);
  rmSync(`${out}/accord.css`); // so that make builds it again rather than keep it
  process.exit(1);
}
console.log(
  `built ${out}/accord.css (${css.length} bytes), govuk-frontend.min.js` +
    (images.size ? ` and ${[...images].join(", ")}` : ""),
);
