/**
 * `synthdatagen keys create|list|revoke`: manage API keys straight in the database (no server needed, which
 * is also how an admin recovers after losing every admin key). `create` prints the raw key alone on stdout,
 * once, so `KEY=$(synthdatagen keys create --role qa_engineer)` works; what it is goes to stderr.
 */
import type { Command } from 'commander';
import { SdgError } from '../../core/index.js';
import type { ApiKey } from '../../auth/index.js';
import type { CliCommand, CommandContext } from '../command.js';
import { EXIT_CODE_HELP } from '../exit-codes.js';
import { cliActor, openCliStore, STORE_OPTIONS_HELP } from './audit.js';

interface StoreFlags {
  readonly databaseUrl?: string;
  readonly dataDir?: string;
}

interface CreateFlags extends StoreFlags {
  readonly role: string;
  readonly name?: string;
  readonly format?: string;
}

interface ListFlags extends StoreFlags {
  readonly all?: boolean;
  readonly format?: string;
}

function checkFormat(format: string | undefined, command: string): 'text' | 'json' {
  const value = format ?? 'text';
  if (value !== 'text' && value !== 'json') {
    throw new SdgError('SDG_ERR_BAD_OPTION', `unknown --format ${JSON.stringify(value)} for keys ${command}`, { hint: 'use text or json' });
  }
  return value;
}

async function createAction(flags: CreateFlags, { io }: CommandContext): Promise<void> {
  const format = checkFormat(flags.format, 'create');
  const auth = await import('../../auth/index.js');
  const role = auth.parseRole(flags.role);
  const store = await openCliStore(flags, io);
  try {
    const { key, secret } = await auth.createKey(store, {
      role,
      ...(flags.name === undefined ? {} : { name: flags.name }),
      actor: cliActor(io),
    });
    if (format === 'json') {
      io.stdout.write(`${JSON.stringify({ key, secret }, null, 2)}\n`);
    } else {
      io.stdout.write(`${secret}\n`);
      io.stderr.write(
        `created ${key.role} key ${key.id} (${JSON.stringify(key.name)}); the key above is shown only this once — store it now\n`,
      );
    }
  } finally {
    await store.close();
  }
}

function table(keys: readonly ApiKey[]): string {
  const header = ['ID', 'NAME', 'ROLE', 'PREFIX', 'CREATED', 'REVOKED'];
  const rows = keys.map((key) => [key.id, key.name, key.role, `${key.prefix}…`, key.createdAt, key.revokedAt ?? '-']);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] as string).length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] as number))
      .join('  ')
      .trimEnd();
  return `${[header, ...rows].map(line).join('\n')}\n`;
}

async function listAction(flags: ListFlags, { io }: CommandContext): Promise<void> {
  const format = checkFormat(flags.format, 'list');
  const auth = await import('../../auth/index.js');
  const store = await openCliStore(flags, io);
  try {
    const keys = await auth.listKeys(store, { includeRevoked: flags.all === true });
    if (format === 'json') io.stdout.write(`${JSON.stringify(keys, null, 2)}\n`);
    else if (keys.length === 0) io.stderr.write(flags.all === true ? 'no API keys\n' : 'no active API keys (--all shows revoked ones)\n');
    else io.stdout.write(table(keys));
  } finally {
    await store.close();
  }
}

async function revokeAction(id: string, flags: StoreFlags, { io }: CommandContext): Promise<void> {
  const auth = await import('../../auth/index.js');
  const store = await openCliStore(flags, io);
  try {
    const before = await store.apiKeys.get(id);
    const key = await auth.revokeKey(store, id, { actor: cliActor(io) });
    if (key === undefined) {
      throw new SdgError('SDG_ERR_BAD_OPTION', `no API key with id ${JSON.stringify(id)}`, {
        hint: 'synthdatagen keys list --all shows the ids',
      });
    }
    io.stdout.write(
      before?.revokedAt === null
        ? `revoked ${key.id} (${JSON.stringify(key.name)}, ${key.role})\n`
        : `${key.id} was already revoked at ${key.revokedAt}\n`,
    );
  } finally {
    await store.close();
  }
}

function storeOptions(command: Command): Command {
  return command
    .option('--database-url <url>', 'postgres://… or sqlite:PATH (default: $DATABASE_URL, else SQLite under --data-dir)')
    .option('--data-dir <dir>', 'folder of the embedded SQLite database (default: $SYNTHDATAGEN_DATA_DIR or ./data)');
}

export const keysCommand: CliCommand = {
  name: 'keys',
  register(program: Command, context: CommandContext): void {
    const keys = program
      .command('keys')
      .description('create, list and revoke API keys (roles: qa_engineer, ml_engineer, compliance_admin, admin)')
      .addHelpText('after', `\nPermissions per role: docs/permissions.md.${STORE_OPTIONS_HELP}\n\n${EXIT_CODE_HELP}`);
    storeOptions(
      keys
        .command('create')
        .description('make a key; prints it once on stdout (only its SHA-256 is stored); audited as KeyCreated')
        .requiredOption('--role <role>', 'qa_engineer, ml_engineer, compliance_admin or admin')
        .option('--name <name>', 'what the key is for (default: "<role> key")')
        .option('--format <format>', 'text (the key alone) or json ({key, secret})', 'text'),
    ).action((flags: CreateFlags) => createAction(flags, context));
    storeOptions(
      keys
        .command('list')
        .description('show keys: id, name, role, prefix, created, revoked (never the key itself)')
        .option('--all', 'include revoked keys')
        .option('--format <format>', 'text or json', 'text'),
    ).action((flags: ListFlags) => listAction(flags, context));
    storeOptions(
      keys
        .command('revoke')
        .description('revoke a key by id; it stops working at once; audited as KeyRevoked')
        .argument('<id>', 'key id (key_…)'),
    ).action((id: string, flags: StoreFlags) => revokeAction(id, flags, context));
  },
};
