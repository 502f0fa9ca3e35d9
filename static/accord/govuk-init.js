// Runs first in <body>: marks the page as able to run GOV.UK Frontend (no inline script: CSP).
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
