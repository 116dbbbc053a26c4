/**
 * Roles and the permission matrix: one typed table that the server enforces, `can()` answers from, and
 * docs/permissions.md is rendered from (a test keeps the page equal to the table, so they cannot drift).
 */
import { SdgError } from '../core/index.js';

export const ROLES = ['qa_engineer', 'ml_engineer', 'compliance_admin', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  qa_engineer: 'QA Engineer',
  ml_engineer: 'ML Engineer',
  compliance_admin: 'Compliance Admin',
  admin: 'Admin',
};

export interface PermissionSpec {
  readonly description: string;
  /** The REST routes this permission guards (MCP tools follow the route they mirror). */
  readonly routes: readonly string[];
  readonly roles: readonly Role[];
}

const EVERYONE: readonly Role[] = ROLES;
const MAKERS: readonly Role[] = ['qa_engineer', 'ml_engineer', 'admin'];
const OVERSIGHT: readonly Role[] = ['compliance_admin', 'admin'];

/**
 * Who may do what. Makers (QA and ML engineers) generate data and curate the schema library; compliance
 * reviews everything, owns the settings that decide what may leave (the PII block) and the audit log, but
 * does not generate data itself; admin may do everything, and alone manages API keys.
 */
export const PERMISSIONS = {
  'pipeline:run': {
    description: 'Start a pipeline run (generate → PII scan → evaluate → visualize).',
    routes: ['POST /api/syntheticDataPipeline', 'POST /api/runs/:id/cancel'],
    roles: MAKERS,
  },
  evaluate: {
    description: 'Evaluate a dataset (inline or by run id).',
    routes: ['POST /api/evaluateSyntheticData'],
    roles: EVERYONE,
  },
  visualize: {
    description: 'Render charts of a dataset (inline or by run id).',
    routes: ['POST /api/visualizeSyntheticData'],
    roles: EVERYONE,
  },
  'runs:read': {
    description: 'Browse the run history, a run, and its progress.',
    routes: ['GET /api/monitors/quality', 'GET /api/pipelineHistory', 'GET /api/runs/:id', 'GET /api/runs/:id/events', 'GET /api/me'],
    roles: EVERYONE,
  },
  'runs:download': {
    description: 'Download a run’s dataset, report and charts (each download is audited; PII-blocked datasets are refused).',
    routes: [
      'GET /api/runs/:id/dataset.{csv,json,jsonl,parquet}',
      'GET /api/runs/:id/report.{json,html}',
      'GET /api/runs/:id/schema.json',
      'GET /api/runs/:id/charts/:file',
    ],
    roles: EVERYONE,
  },
  'schemas:read': {
    description: 'Read the schema library and its versions.',
    routes: [
      'GET /api/schemas/:id/drift',
      'GET /api/schemas',
      'GET /api/schemas/:id',
      'GET /api/schemas/:id/versions/:version',
      'POST /api/lint',
      'POST /api/preview',
      'POST /api/inferSchema',
    ],
    roles: EVERYONE,
  },
  'schemas:write': {
    description: 'Save a schema (a new version when it changed), rename or delete one.',
    routes: ['POST /api/schemas', 'PUT /api/schemas/:id', 'DELETE /api/schemas/:id'],
    roles: MAKERS,
  },
  'templates:read': {
    description: 'Read templates and presets.',
    routes: ['GET /api/templates', 'GET /api/templates/:id', 'GET /api/presets', 'GET /api/presets/:id'],
    roles: EVERYONE,
  },
  'templates:write': {
    description: 'Create, change and delete templates and presets.',
    routes: [
      'POST /api/templates',
      'PUT /api/templates/:id',
      'DELETE /api/templates/:id',
      'POST /api/presets',
      'PUT /api/presets/:id',
      'DELETE /api/presets/:id',
    ],
    roles: MAKERS,
  },
  'settings:read': {
    description: 'Read the settings (defaults, PII block toggle).',
    routes: ['GET /api/settings'],
    roles: OVERSIGHT,
  },
  'settings:write': {
    description: 'Change the settings (audited as SettingsChanged).',
    routes: ['PUT /api/settings'],
    roles: OVERSIGHT,
  },
  'audit:read': {
    description: 'List and export the audit log (JSON Lines).',
    routes: ['GET /metrics', 'GET /api/metrics', 'GET /api/audit', 'GET /api/audit/export'],
    roles: OVERSIGHT,
  },
  'audit:verify': {
    description: 'Verify the audit hash chain and name the first broken link.',
    routes: ['GET /api/audit/verify'],
    roles: OVERSIGHT,
  },
  'keys:manage': {
    description: 'List, create and revoke API keys (audited as KeyCreated / KeyRevoked).',
    routes: ['GET /api/keys', 'POST /api/keys', 'DELETE /api/keys/:id'],
    roles: ['admin'],
  },
} as const satisfies Record<string, PermissionSpec>;

export type Permission = keyof typeof PERMISSIONS;

export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

/** Routes anyone may call without a key. */
export const PUBLIC_ROUTES: readonly string[] = ['GET /healthz', 'GET /readyz', 'GET /api/openapi.json', 'GET /api/docs'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && Object.hasOwn(PERMISSIONS, value);
}

/** Parses a role as a person types it (`--role ml_engineer`); fails with the list of roles. */
export function parseRole(text: string): Role {
  const role = text.trim().toLowerCase().replaceAll('-', '_');
  if (isRole(role)) return role;
  throw new SdgError('SDG_ERR_BAD_OPTION', `unknown role ${JSON.stringify(text)}`, {
    pointer: '/role',
    hint: `use one of ${ROLES.join(', ')}`,
  });
}

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission].roles as readonly Role[]).includes(role);
}

export function permissionsOf(role: Role): Permission[] {
  return PERMISSION_NAMES.filter((permission) => can(role, permission));
}

/**
 * The matrix as Markdown: docs/permissions.md. After changing the table, regenerate the page with
 *   npx tsx -e "import('./src/auth/index.ts').then((m) => process.stdout.write(m.renderPermissionsMarkdown()))" > docs/permissions.md
 *   npx prettier --write docs/permissions.md
 */
export function renderPermissionsMarkdown(): string {
  const header = `| permission | ${ROLES.map((role) => `${ROLE_LABELS[role]} (\`${role}\`)`).join(' | ')} | routes |`;
  const rule = `| --- | ${ROLES.map(() => ':---:').join(' | ')} | --- |`;
  const rows = PERMISSION_NAMES.map((permission) => {
    const spec: PermissionSpec = PERMISSIONS[permission];
    const cells = ROLES.map((role) => (can(role, permission) ? '✓' : '—'));
    return `| \`${permission}\` | ${cells.join(' | ')} | ${spec.routes.map((route) => `\`${route}\``).join('<br>')} |`;
  });
  const describe = PERMISSION_NAMES.map((permission) => `- \`${permission}\`: ${PERMISSIONS[permission].description}`);
  return [
    '# Permissions',
    '',
    '<!-- Generated from src/auth/permissions.ts by renderPermissionsMarkdown(); test/auth keeps this file equal to it. -->',
    '',
    'Every request to the REST API (and every MCP tool over HTTP) carries an API key (`Authorization: Bearer sdg_…`',
    'or `X-API-Key: sdg_…`). The key’s role decides what it may do; a refusal answers 401 (no or bad key) or 403',
    '(role lacks the permission) and is recorded as an `AccessDenied` audit event.',
    '',
    header,
    rule,
    ...rows,
    '',
    `No key is needed for ${PUBLIC_ROUTES.map((route) => `\`${route}\``).join(', ')}.`,
    '',
    '## What each permission allows',
    '',
    ...describe,
    '',
    '## Roles',
    '',
    '- **QA Engineer** and **ML Engineer** generate data, evaluate and visualize it, and curate the schema library,',
    '  templates and presets.',
    '- **Compliance Admin** reviews everything (history, downloads, evaluations), owns the settings that decide what',
    '  may leave (the PII block toggle) and the audit log, and does not generate data.',
    '- **Admin** may do everything and alone manages API keys.',
    '',
    '## API keys',
    '',
    '- `synthdatagen keys create --role ROLE [--name NAME]` prints a new key once; only its SHA-256 is stored.',
    '- `synthdatagen keys list` shows id, name, role, prefix and dates; `synthdatagen keys revoke ID` revokes.',
    '- On its first start the server creates an admin key and prints it once.',
    '- Creating and revoking keys is audited (`KeyCreated`, `KeyRevoked`).',
    '',
  ].join('\n');
}
