// The layers, held by a tool (`npm run boundaries`, part of `npm test`). docs/architecture.md explains them.
//   core      pure rules and arithmetic: nothing from server, web, cli or node
//   server    platform/http/db below the features; a feature reaches another only through its entry file
//   web       never imports the server, except the type-only contracts of the features
const FEATURE = '^src/server/features/([^/]+)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'src/core is shared by server, web and cli: it imports none of them, nor node built-ins.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/(server|web|cli|i18n)/' },
    },
    {
      name: 'core-without-node',
      comment: 'src/core runs in the browser too: no node: modules (tsconfig.core.json has no node types either).',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'feature-through-entry',
      comment:
        'A feature reaches another feature only through its entry file src/server/features/<f>/index.ts ' +
        "(a contracts.ts may compose another feature's contracts.ts).",
      severity: 'error',
      from: { path: FEATURE, pathNot: '^src/server/features/[^/]+/contracts\\.ts$' },
      to: {
        path: '^src/server/features/([^/]+)/',
        pathNot: ['^src/server/features/$1/', '^src/server/features/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'contracts-compose-contracts',
      comment: "A contracts.ts may import another feature's contracts.ts or entry file, nothing inside it.",
      severity: 'error',
      from: { path: '^src/server/features/([^/]+)/contracts\\.ts$' },
      to: {
        path: FEATURE,
        pathNot: [
          '^src/server/features/$1/',
          '^src/server/features/[^/]+/index\\.ts$',
          '^src/server/features/[^/]+/contracts\\.ts$',
        ],
      },
    },
    {
      name: 'outside-through-entry',
      comment:
        'Server code outside the features (app, bootstrap, demo) uses a feature through its entry file. The cli ' +
        "is exempt: its lazy imports load only the module a command needs, not a feature's routes.",
      severity: 'error',
      from: { path: '^src/server/(app\\.ts|bootstrap\\.ts|main\\.ts|demo/)' },
      to: { path: FEATURE, pathNot: '^src/server/features/[^/]+/(index|contracts)\\.ts$' },
    },
    {
      name: 'platform-below-features',
      comment: 'platform, http and db are the ground the features stand on: they import no feature.',
      severity: 'error',
      from: { path: '^src/server/(platform|http|db)/' },
      to: { path: '^src/server/features/' },
    },
    {
      name: 'web-only-contracts',
      comment:
        'The web imports from the server only src/server/features/<f>/contracts.ts (what those import, such as ' +
        'src/server/http/contract.ts, comes along as their dependency, not as a web import).',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^src/server/', pathNot: '^src/server/features/[^/]+/contracts\\.ts$' },
    },
    {
      name: 'web-contracts-type-only',
      comment: 'The web takes types from the contracts (`import type`), never server code into its bundle.',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^src/server/', dependencyTypesNot: ['type-only', 'type-import'] },
    },
    {
      name: 'contracts-stay-light',
      comment:
        'A contracts.ts is read by the web: it imports zod, src/core, the http contract helpers and other ' +
        'contracts, not stores, routes or the database (types from them are fine).',
      severity: 'error',
      from: { path: '^src/server/features/[^/]+/contracts\\.ts$' },
      to: {
        path: '^src/server/',
        pathNot: ['^src/server/features/[^/]+/contracts\\.ts$', '^src/server/http/(contract|schemas)\\.ts$'],
        dependencyTypesNot: ['type-only', 'type-import'],
      },
    },
    {
      name: 'server-not-web-or-cli',
      comment: 'The server does not import the web app or the command line.',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/(web|cli)/' },
    },
    {
      name: 'no-feature-cycles',
      comment: 'Features that import each other in a ring: reported, to be untangled (not a failure yet).',
      severity: 'warn',
      from: { path: FEATURE },
      to: { circular: true, path: FEATURE, viaSomeNot: '^src/server/features/$1/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      // vite/client is a triple-slash reference to ambient types, not a module.
      to: { couldNotResolve: true, pathNot: '^vite/client$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
