// Better Lives: start GOV.UK Frontend's JavaScript.
//
// Loaded from the base template as an external module, so it works under a
// strict Content-Security-Policy (script-src 'self', no inline script):
//
//   <script type="module" src="{% static 'js/init.js' %}"></script>
//
// Browsers that do not support ES modules never run this file, which is how
// GOV.UK Frontend decides support: such browsers get the no-JavaScript
// versions of the components (everything still works).
//
// Statements end in semicolons so that Django's ManifestStaticFilesStorage can
// rewrite the import to the hashed file name when
// support_js_module_import_aggregation is enabled.
import { initAll } from '../vendor/govuk-frontend/govuk-frontend.min.js';

const body = document.body;

// GOV.UK Frontend only initialises components (and applies its JS-only CSS)
// when <body> has `govuk-frontend-supported`. The classes are harmless if the
// base template has already added them.
body.classList.add('js-enabled', 'govuk-frontend-supported');

initAll();
