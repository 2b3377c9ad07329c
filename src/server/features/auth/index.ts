// The auth feature as other features and the server see it: import from here, not from its files.
export { SESSION_COOKIE, authRoutes } from './routes.ts';
export {
  COMMUNE_ROLES,
  actsForCommune,
  canAccess,
  communeScope,
  isAdmin,
  isMinistry,
  loadCommune,
  loadUnitInScope,
  provinceScope,
  readsNation,
  readsProvince,
  requireRole,
  requireUser,
  unitInScope,
  viewerOf,
} from './scope.ts';
export { SESSION_IDLE_MINUTES, createUser, loadSessionUser, userForToken } from './users.ts';
export type { SessionUser } from './users.ts';
