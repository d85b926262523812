/** Build-time and app-wide constants. */
import type { Schemas } from '../lib/apiTypes';

/** Absolute so that `fetch` also accepts it outside a browser (tests run on Node's fetch). */
export const API_ROOT = new URL('/api/', globalThis.location?.origin ?? 'http://localhost').toString();

/** The product's name, the same in every language. */
export const PRODUCT_NAME = 'AI Agency';

/** DRF's PageNumberPagination size on the server (`API_PAGE_SIZE`, default 25). */
export const PAGE_SIZE = 25;

export const STORAGE_KEYS = {
  session: 'aiagency.session',
} as const;

export type Role = Schemas['RoleEnum'];
export const ROLES: readonly Role[] = ['owner', 'admin', 'reviewer', 'editor', 'viewer'];
/** An API key cannot be an owner. */
export type ApiKeyRole = Schemas['ApiKeyRoleEnum'];

/** Higher is more: owner > admin > reviewer > editor > viewer. */
export const ROLE_RANK: Record<Role, number> = {
  owner: 5,
  admin: 4,
  reviewer: 3,
  editor: 2,
  viewer: 1,
};

export const OFFLINE_PROVIDER = 'local';
