// The groups feature as other features and the server see it: import from here, not from its files.
export { groupRoutes } from './routes.ts';
export { groupOfCommunes, issuerGroupOf } from './store.ts';
export { IssuerGroupBody } from './contracts.ts';
