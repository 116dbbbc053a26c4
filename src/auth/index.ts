/**
 * Access control: roles, the permission matrix (docs/permissions.md is rendered from it) and API keys
 * (random, stored as SHA-256, shown once; creation and revocation audited).
 *
 *   const result = await authenticate(store, rawKey);
 *   if (!result.ok || !can(result.key.role, 'pipeline:run')) … // 401 / 403, audited as AccessDenied
 */
export {
  ROLES,
  ROLE_LABELS,
  PERMISSIONS,
  PERMISSION_NAMES,
  PUBLIC_ROUTES,
  can,
  permissionsOf,
  isRole,
  isPermission,
  parseRole,
  renderPermissionsMarkdown,
} from './permissions.js';
export type { Role, Permission, PermissionSpec } from './permissions.js';
export { createKey, revokeKey, listKeys, authenticate, ensureBootstrapAdmin, KEY_PREFIX } from './keys.js';
export type { ApiKey, Actor, CreatedKey, AuthResult } from './keys.js';
