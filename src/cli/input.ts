/**
 * Reading schemas and `--refs` from files, directories, stdin or inline JSON, with errors that say which
 * file and where (file:line:column for JSON syntax), never a stack trace.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { SdgError, isPlainObject, type JsonSchema, type JsonValue } from '../core/index.js';
import { assertLintClean, DEFAULT_BASE_URI, DRAFTS, lintSchema, parseDraft, type Draft } from '../schema/index.js';
import type { CliIo } from './io.js';
import { cleanJsonMessage, jsonErrorOffset, lineColumn } from './json-position.js';
import { STDIN } from './options.js';

export function parseDraftOption(text: string): Draft {
  const draft = parseDraft(text);
  if (draft === undefined) {
    throw new SdgError('SDG_ERR_BAD_OPTION', `unknown --draft ${JSON.stringify(text)}`, {
      hint: `use one of 4, 6, 7, 2019-09, 2020-12 (${DRAFTS.join(', ')})`,
    });
  }
  return draft;
}

export interface NamedText {
  /** How messages name the source: the path as given, or `<stdin>`. */
  readonly name: string;
  readonly text: string;
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a component of the path is not a directory';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(parts).toString('utf8');
}

export async function readText(path: string, io: CliIo): Promise<NamedText> {
  if (path === STDIN) {
    try {
      return { name: '<stdin>', text: await readStream(io.stdin) };
    } catch (error) {
      throw new SdgError('SDG_ERR_IO', `cannot read <stdin>: ${describeFsError(error)}`, { cause: error });
    }
  }
  try {
    return { name: path, text: await readFile(path, 'utf8') };
  } catch (error) {
    throw new SdgError('SDG_ERR_IO', `cannot read ${path}: ${describeFsError(error)}`, {
      cause: error,
      hint: 'check the path (use - to read the schema from stdin)',
    });
  }
}

/** JSON.parse with `name:line:column: message` errors. */
export function parseJson({ name, text }: NamedText): JsonValue {
  // Editors on Windows like to start UTF-8 files with a BOM, which JSON.parse rejects.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body) as JsonValue;
  } catch (error) {
    const cleaned = cleanJsonMessage(error instanceof Error ? error.message : String(error));
    const offset = cleaned.position ?? jsonErrorOffset(body) ?? body.length;
    const { line, column } = lineColumn(body, offset);
    throw new SdgError('SDG_ERR_INVALID_JSON', `${name}:${line}:${column}: ${cleaned.message}`, { cause: error });
  }
}

export async function readJson(path: string, io: CliIo): Promise<{ name: string; value: JsonValue }> {
  const source = await readText(path, io);
  return { name: source.name, value: parseJson(source) };
}

/** A schema document as JSON; whether it is a valid schema is lint's business. */
export async function readSchema(path: string, io: CliIo): Promise<{ name: string; schema: JsonSchema }> {
  const { name, value } = await readJson(path, io);
  return { name, schema: value as JsonSchema };
}

type RefMap = Record<string, JsonSchema>;

function isSchemaValue(value: unknown): value is JsonSchema {
  return typeof value === 'boolean' || isPlainObject(value);
}

function declaredId(schema: JsonSchema): string | undefined {
  if (!isPlainObject(schema)) return undefined;
  const id = typeof schema.$id === 'string' ? schema.$id : typeof schema.id === 'string' ? schema.id : undefined;
  if (id === undefined) return undefined;
  try {
    return new URL(id).href.replace(/#$/, '');
  } catch {
    return undefined;
  }
}

async function jsonFilesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (at: string): Promise<void> => {
    const entries = await readdir(at, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && entry.name.toLowerCase().endsWith('.json')) out.push(path);
    }
  };
  await walk(dir);
  return out;
}

/**
 * `--refs`: the remote schemas a `$ref` may name, as a map absolute URI → schema. Accepts
 *   - a directory: every *.json file below it, registered under its `$id` and also under its path relative to
 *     the directory resolved against the main schema's base URI, so `"$ref": "address.json"` finds
 *     DIR/address.json even when nothing declares an `$id`;
 *   - a JSON file holding one schema with an `$id`, or a map of absolute URIs to schemas;
 *   - the same map as inline JSON (an argument starting with `{`).
 */
export async function readRefs(spec: string, mainSchema: JsonSchema, io: CliIo): Promise<RefMap> {
  const bases = [DEFAULT_BASE_URI];
  const mainId = declaredId(mainSchema);
  if (mainId !== undefined) bases.unshift(mainId);

  if (spec.trimStart().startsWith('{')) return refMap(parseJson({ name: '--refs', text: spec }), '--refs');

  let isDirectory: boolean;
  try {
    isDirectory = (await stat(spec)).isDirectory();
  } catch (error) {
    throw new SdgError('SDG_ERR_IO', `cannot read --refs ${spec}: ${describeFsError(error)}`, {
      cause: error,
      hint: 'pass a directory of schemas, a JSON file, or an inline JSON map of URI → schema',
    });
  }
  if (!isDirectory) {
    const { name, value } = await readJson(spec, io);
    if (isSchemaValue(value) && declaredId(value) !== undefined) return { [declaredId(value)!]: value };
    return refMap(value, name);
  }

  const refs: RefMap = {};
  let files: string[];
  try {
    files = await jsonFilesUnder(spec);
  } catch (error) {
    throw new SdgError('SDG_ERR_IO', `cannot read --refs ${spec}: ${describeFsError(error)}`, { cause: error });
  }
  for (const file of files) {
    const { value } = await readJson(file, io);
    if (!isSchemaValue(value)) continue;
    const id = declaredId(value);
    if (id !== undefined) refs[id] = value;
    const rel = relative(spec, file).split(sep).map(encodeURIComponent).join('/');
    for (const base of bases) {
      const uri = new URL(rel, base).href;
      // DIR/schema.json would otherwise shadow the main schema, which owns the default base URI.
      if (uri !== base) refs[uri] ??= value;
    }
  }
  return refs;
}

function refMap(value: JsonValue, name: string): RefMap {
  if (!isPlainObject(value)) {
    throw new SdgError(
      'SDG_ERR_BAD_OPTION',
      `${name}: --refs must be a directory, a schema with an $id, or a JSON object mapping absolute URIs to schemas`,
    );
  }
  const refs: RefMap = {};
  for (const [uri, schema] of Object.entries(value)) {
    let absolute: string;
    try {
      absolute = new URL(uri).href;
    } catch {
      throw new SdgError('SDG_ERR_BAD_OPTION', `${name}: "${uri}" is not an absolute URI`, {
        hint: 'key each remote schema by the absolute URI your $refs use, e.g. "https://example.com/address.json"',
      });
    }
    if (!isSchemaValue(schema)) {
      throw new SdgError('SDG_ERR_BAD_OPTION', `${name}: the value for "${uri}" is not a schema (an object or a boolean)`);
    }
    refs[absolute] = schema;
  }
  return refs;
}

/**
 * Refuses a schema lint finds an error in, before any worker starts or any output file is opened, as the
 * SdgError whose code picks the exit status (invalid 3, unsatisfiable 4, unresolved $ref 5).
 */
export function assertUsableSchema(schema: JsonSchema, options: { draft?: Draft; refs?: RefMap }): void {
  const result = lintSchema(schema, {
    ...(options.draft === undefined ? {} : { draft: options.draft }),
    ...(options.refs === undefined ? {} : { refs: options.refs }),
  });
  assertLintClean(result);
}
