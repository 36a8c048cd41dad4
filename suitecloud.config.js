// SuiteCloud CLI project configuration: the repository root is the SDF project root.
// `npm run build` must run before `suitecloud project:deploy` (the FileCabinet output is built, not committed).
module.exports = {
  defaultProjectFolder: '.',
  commands: {},
};
