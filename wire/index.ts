// The API's JSON answers as zod schemas, one per shape, shared by the server (its answers
// are typed by them), the editor (it parses what it reads with them) and the tests. Plain zod
// and the workflow model only: no Node built-ins, no server, connector or editor code
// (biome.json). wire/README.md says how to add one.
export * from './authentication.js';
export * from './connector.js';
export * from './run.js';
export * from './user.js';
export * from './workflow.js';
export * from './status.js';
