// ESLint's settings for the site's own scripts (docs/assets/javascripts; vendored code excluded).
// tests/project/test_lint.py installs the pinned ESLint into .cache/node and runs it with this file.
const js = require("@eslint/js");
const globals = require("globals");

module.exports = [
  {
    files: ["docs/assets/javascripts/**/*.js"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: {
        ...globals.browser,
        // Material's page observable and the vendored libraries the pages load.
        document$: "readonly",
        Tablesort: "readonly",
      },
    },
    rules: {
      ...js.configs.recommended.rules,
      eqeqeq: ["error", "smart"],
      "no-implicit-globals": "error",
      "no-unused-vars": ["error", { args: "none" }],
    },
  },
  {
    // The finder's worker runs in a worker's scope (self, importScripts), not a page's.
    files: ["docs/assets/javascripts/finder-worker.js"],
    languageOptions: { globals: { ...globals.worker } },
  },
];
