// Root Babel config (ESM: the root package is "type": "module").
// - @babel/preset-typescript lets babel-jest compile the `.ts` tests and sources.
// - The Stepwise plugin is applied, by its short name as a user would write it,
//   only to files under ./examples (never to tests or package sources).
//   "@stepwise" resolves to @stepwise/babel-plugin, which needs `npm run build`.
export default {
  presets: ["@babel/preset-typescript"],
  overrides: [
    {
      test: "./examples",
      exclude: [/\.test\.[cm]?[jt]s$/],
      plugins: ["@stepwise"],
    },
  ],
};
