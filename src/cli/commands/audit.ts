/**
 * `synthdatagen audit verify|export`: check the audit hash chain (exit 1 naming the first broken link) and
 * export the log as JSON Lines. Both read the database the server uses: DATABASE_URL or --database-url for
 * PostgreSQL, else the SQLite file under --data-dir (default ./data).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { SdgError } from '../../core/index.js';
import type { AuditEventType, AuditVerification } from '../../audit/index.js';
import type { Store } from '../../store/index.js';
import type { CliCommand, CommandContext } from '../command.js';
import { EXIT, EXIT_CODE_HELP } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { STDIN } from '../options.js';

/** A broken chain exits like any check that found problems (lint errors, evaluate --fail-on). */
const CHAIN_BROKEN = EXIT.LINT_ERRORS;

interface StoreFlags {
  readonly databaseUrl?: string;
  readonly dataDir?: string;
}

interface VerifyFlags extends StoreFlags {
  readonly file?: string;
  readonly anchor?: string;
  readonly format?: string;
}

interface ExportFlags extends StoreFlags {
  readonly out?: string;
  readonly type?: string[];
  readonly runId?: string;
  readonly user?: string;
  readonly from?: string;
  readonly to?: string;
}

export const STORE_OPTIONS_HELP = `
Database: --database-url, else the DATABASE_URL environment variable (postgres://user@host:5432/db), else the
SQLite file synthdatagen.db under --data-dir (default ./data, or SYNTHDATAGEN_DATA_DIR).`;

/** The CLI acts as the local operating-system user, recorded as `cli:<login>` in audit events. */
export function cliActor(io: CliIo): { readonly id: string; readonly role: null } {
  let login: string;
  try {
    login = userInfo().username;
  } catch {
    login = io.env.USER ?? io.env.LOGNAME ?? 'unknown';
  }
  return { id: `cli:${login}`, role: null };
}

export async function openCliStore(flags: StoreFlags, io: CliIo): Promise<Store> {
  const { openStore, storeOptionsFromEnv } = await import('../../store/index.js');
  return openStore(
    storeOptionsFromEnv(io.env, {
      ...(flags.databaseUrl === undefined ? {} : { databaseUrl: flags.databaseUrl }),
      ...(flags.dataDir === undefined ? {} : { dataDir: flags.dataDir }),
    }),
  );
}

function parseAnchor(text: string | undefined): { seq: number; hash: string } | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  if (match === null) {
    throw new SdgError('SDG_ERR_BAD_OPTION', `--anchor must be SEQ:HASH, got ${JSON.stringify(text)}`, {
      hint: 'pass the head printed by an earlier verify, e.g. 1234:9f86d081…(64 hex characters)',
    });
  }
  return { seq: Number(match[1]), hash: match[2] as string };
}

function describe(result: AuditVerification, source: string): string {
  const lines: string[] = [];
  if (result.break === null) {
    const head = result.head === null ? 'empty log' : `head ${result.head.seq}:${result.head.hash}`;
    lines.push(`audit log intact: ${result.checked} event${result.checked === 1 ? '' : 's'} in ${source}, ${head}`);
  } else {
    const link = result.break;
    lines.push(`audit log BROKEN at event ${link.seq} (${link.kind}): ${link.message}`);
    lines.push(`  expected ${link.expected}`, `  found    ${link.found}`);
    lines.push(
      `  ${result.checked} event${result.checked === 1 ? '' : 's'} before it verified${result.head === null ? '' : `, up to ${result.head.seq}:${result.head.hash}`}`,
    );
  }
  if (result.missingGuards.length > 0) {
    lines.push(
      `append-only triggers missing: ${result.missingGuards.join(', ')} — the audit table accepts UPDATE and DELETE; restore them from the migration`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function verifyAction(flags: VerifyFlags, { io, setExitCode }: CommandContext): Promise<void> {
  const format = flags.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    throw new SdgError('SDG_ERR_BAD_OPTION', `unknown --format ${JSON.stringify(format)} for audit verify`, { hint: 'use text or json' });
  }
  const anchor = parseAnchor(flags.anchor);
  const audit = await import('../../audit/index.js');
  let result: AuditVerification;
  let source: string;
  if (flags.file !== undefined) {
    source = flags.file === STDIN ? '<stdin>' : flags.file;
    let handle: FileHandle | undefined;
    try {
      // Opened first so a missing file is an error, not an empty (and so "intact") log.
      if (flags.file !== STDIN) handle = await open(flags.file);
      const lines = handle === undefined ? createInterface({ input: io.stdin, crlfDelay: Infinity }) : handle.readLines();
      result = await audit.verifyAuditJsonl(lines, anchor === undefined ? {} : { anchor });
    } catch (error) {
      if (error instanceof SdgError) throw error;
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (error as Error).message;
      throw new SdgError('SDG_ERR_IO', `cannot read ${source}: ${reason}`, { cause: error });
    } finally {
      await handle?.close();
    }
  } else {
    const store = await openCliStore(flags, io);
    try {
      result = await audit.verifyAudit(store, anchor === undefined ? {} : { anchor });
      source = store.location;
    } finally {
      await store.close();
    }
  }
  io.stdout.write(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : describe(result, source));
  setExitCode(result.ok ? EXIT.OK : CHAIN_BROKEN);
}

async function exportAction(flags: ExportFlags, { io }: CommandContext): Promise<void> {
  const [audit, { fileOutput, stdoutSink }] = await Promise.all([import('../../audit/index.js'), import('../output.js')]);
  for (const type of flags.type ?? []) {
    if (!audit.isAuditEventType(type)) {
      throw new SdgError('SDG_ERR_BAD_OPTION', `unknown --type ${JSON.stringify(type)}`, {
        hint: `use one of ${audit.AUDIT_EVENT_TYPES.join(', ')}`,
      });
    }
  }
  const store = await openCliStore(flags, io);
  try {
    const query = {
      ...(flags.type === undefined ? {} : { types: flags.type as AuditEventType[] }),
      ...(flags.runId === undefined ? {} : { runId: flags.runId }),
      ...(flags.user === undefined ? {} : { user: flags.user }),
      ...(flags.from === undefined ? {} : { from: flags.from }),
      ...(flags.to === undefined ? {} : { to: flags.to }),
    };
    const sink = flags.out === undefined || flags.out === STDIN ? stdoutSink(io.stdout) : await fileOutput(flags.out);
    let events = 0;
    try {
      for await (const line of audit.auditJsonl(store, query)) {
        events += 1;
        await sink.write(line);
      }
      await sink.commit();
    } catch (error) {
      await sink.abort();
      throw error;
    }
    // Taking a copy of the audit trail is itself on the record.
    const actor = cliActor(io);
    await audit.appendAudit(store, {
      type: 'ExportTriggered',
      user: actor.id,
      role: actor.role,
      payload: { format: 'jsonl', artifact: 'audit' },
    });
    if (flags.out !== undefined && flags.out !== STDIN)
      io.stderr.write(`exported ${events} audit event${events === 1 ? '' : 's'} to ${flags.out}\n`);
  } finally {
    await store.close();
  }
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function storeOptions(command: Command): Command {
  return command
    .option('--database-url <url>', 'postgres://… or sqlite:PATH (default: $DATABASE_URL, else SQLite under --data-dir)')
    .option('--data-dir <dir>', 'folder of the embedded SQLite database (default: $SYNTHDATAGEN_DATA_DIR or ./data)');
}

export const auditCommand: CliCommand = {
  name: 'audit',
  register(program: Command, context: CommandContext): void {
    const audit = program.command('audit').description('verify or export the tamper-evident audit log');
    storeOptions(
      audit
        .command('verify')
        .description('walk the audit hash chain and name the first broken link (edited, deleted, reordered or inserted event)')
        .option('--file <export.jsonl>', 'verify an exported log instead of the database (- for stdin)')
        .option('--anchor <seq:hash>', 'a head printed by an earlier verify: detects deletion of the newest events')
        .option('--format <format>', 'text or json', 'text'),
    )
      .addHelpText(
        'after',
        `
Prints "audit log intact: N events, head SEQ:HASH" and exits 0, or names the first broken link with the
expected and found hashes and exits 1. Also exits 1 when the append-only triggers were dropped.
Record the head somewhere else now and then and pass it as --anchor: a chain alone cannot show that its
newest events were cut off.
${STORE_OPTIONS_HELP}

${EXIT_CODE_HELP}`,
      )
      .action((flags: VerifyFlags) => verifyAction(flags, context));
    storeOptions(
      audit
        .command('export')
        .description('write the audit log as JSON Lines (one event per line, with its hashes); the export is audited')
        .option('-o, --out <file>', 'output file (default: stdout); written whole or not at all')
        .option('--type <type>', 'only events of this type; repeatable', collect)
        .option('--run-id <id>', 'only events of this run')
        .option('--user <id>', 'only events by this user (API key id or cli:<login>)')
        .option('--from <time>', 'only events at or after this ISO time')
        .option('--to <time>', 'only events before this ISO time'),
    )
      .addHelpText(
        'after',
        `
An unfiltered export can be checked later without the database: synthdatagen audit verify --file FILE.
${STORE_OPTIONS_HELP}`,
      )
      .action((flags: ExportFlags) => exportAction(flags, context));
  },
};
