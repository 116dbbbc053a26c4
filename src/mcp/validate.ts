/**
 * Tool arguments checked against the tool's JSON Schema before anything runs. A model that sends a bad
 * argument gets back every problem at once, each with the JSON pointer of the field and a fix it can apply
 * (the field's description, the allowed values, the nearest known field name), so it can correct the call
 * in one retry instead of guessing.
 */
import { escapePointerToken, getByPointer, parsePointer, type JsonSchemaObject } from '../core/index.js';
import { createAjv, type ErrorObject, type ValidateFunction } from '../schema/index.js';

export interface ArgumentIssue {
  /** JSON pointer into the arguments (`/rowCount`, `/options/pii/minConfidence`); `` for the whole object. */
  readonly pointer: string;
  readonly message: string;
  readonly fix: string;
}

const ajv = createAjv('2020-12', { allErrors: true });
const compiled = new WeakMap<JsonSchemaObject, ValidateFunction>();

function validatorFor(schema: JsonSchemaObject): ValidateFunction {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** The subschema an Ajv error's schemaPath points at, minus its last `n` tokens (the keyword, usually). */
function schemaAt(root: JsonSchemaObject, schemaPath: string, drop: number): JsonSchemaObject | undefined {
  const tokens = parsePointer(schemaPath.replace(/^#/, ''));
  const pointer = tokens
    .slice(0, tokens.length - drop)
    .map((token) => `/${escapePointerToken(token)}`)
    .join('');
  const found = getByPointer(root, pointer);
  return found !== null && typeof found === 'object' && !Array.isArray(found) ? (found as JsonSchemaObject) : undefined;
}

function describe(schema: JsonSchemaObject | undefined): string {
  if (schema === undefined) return '';
  const description = typeof schema.description === 'string' ? ` (${schema.description})` : '';
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}${description}`;
  const type = Array.isArray(schema.type) ? schema.type.join(' or ') : typeof schema.type === 'string' ? schema.type : 'a value';
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}${description}`;
}

/** Levenshtein distance, for "did you mean" on misspelt field names. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

function nearest(name: string, known: readonly string[]): string | undefined {
  const normalized = name.replace(/[_-]/g, '').toLowerCase();
  const exact = known.find((k) => k.toLowerCase() === normalized);
  if (exact) return exact;
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of known) {
    const d = distance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function issueOf(error: ErrorObject, root: JsonSchemaObject): ArgumentIssue {
  const parent = schemaAt(root, error.schemaPath, 1);
  const params = error.params as Record<string, unknown>;
  const at = error.instancePath;
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      const properties = (parent?.properties ?? {}) as Record<string, JsonSchemaObject>;
      return {
        pointer: `${at}/${escapePointerToken(missing)}`,
        message: 'is required',
        fix: `add ${missing}: ${describe(properties[missing])}`,
      };
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const known = Object.keys((parent?.properties ?? {}) as object);
      const guess = nearest(extra, known);
      return {
        pointer: `${at}/${escapePointerToken(extra)}`,
        message: 'is not a known field',
        fix: guess ? `did you mean ${guess}? Known fields here: ${known.join(', ')}` : `remove it; known fields here: ${known.join(', ')}`,
      };
    }
    case 'enum':
      return {
        pointer: at,
        message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
        fix: `use one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'type':
      return { pointer: at, message: `must be ${String(params.type)}`, fix: `send ${describe(parent)}` };
    case 'anyOf':
    case 'oneOf': {
      const options = ((parent?.[error.keyword] ?? []) as JsonSchemaObject[]).map((option) => describe(option).replace(/ \(.*\)$/, ''));
      return {
        pointer: at,
        message: `must match one of: ${options.join('; ')}`,
        fix: `send ${options.join(' or ')}${typeof parent?.description === 'string' ? ` (${parent.description})` : ''}`,
      };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return {
        pointer: at,
        message: `must be ${String(params.comparison)} ${String(params.limit)}`,
        fix: `use a number ${String(params.comparison)} ${String(params.limit)}`,
      };
    case 'minItems':
    case 'minLength':
    case 'maxItems':
    case 'maxLength': {
      const least = error.keyword.startsWith('min');
      const unit = error.keyword.endsWith('Items') ? 'item(s)' : 'character(s)';
      return {
        pointer: at,
        message: error.message ?? 'has the wrong size',
        fix: `send ${least ? 'at least' : 'at most'} ${String(params.limit)} ${unit}`,
      };
    }
    default:
      return { pointer: at, message: error.message ?? `fails ${error.keyword}`, fix: `send ${describe(parent)}` };
  }
}

/**
 * The problems with `args` under `schema` (empty when valid). anyOf/oneOf branch errors are folded into the
 * one error that names the alternatives, so a bad `seed` reads as one problem, not three.
 */
export function checkArguments(schema: JsonSchemaObject, args: unknown): ArgumentIssue[] {
  const validate = validatorFor(schema);
  if (validate(args)) return [];
  const errors = validate.errors ?? [];
  const unions = errors
    .filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
    .map((e) => e.schemaPath.replace(/\/(anyOf|oneOf)$/, `/$1/`));
  const kept = errors.filter((e) => !unions.some((prefix) => e.schemaPath.startsWith(prefix)));
  const issues = kept.map((error) => issueOf(error, schema));
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.pointer}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The issues as a message a model reads: one line per field. */
export function formatIssues(tool: string, issues: readonly ArgumentIssue[]): string {
  const lines = issues.map((issue) => `- ${issue.pointer === '' ? '(arguments)' : issue.pointer}: ${issue.message}. Fix: ${issue.fix}.`);
  return `Invalid arguments for ${tool}:\n${lines.join('\n')}\nCall ${tool} again with the fields corrected.`;
}
