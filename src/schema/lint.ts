/**
 * `synthdatagen lint`: what is wrong with a schema before any row is generated, each finding with the JSON
 * pointer where it sits and a one-line fix. Errors make generation impossible or wrong; warnings are legal
 * schema that will not do what the author probably meant.
 */
import { appendPointer } from '../core/json-pointer.js';
import { SdgError } from '../core/errors.js';
import { isPlainObject, type JsonSchema, type JsonSchemaObject } from '../core/types.js';
import { detectDraft, refOverridesSiblings, type Draft } from './drafts.js';
import { ARRAY_KEYWORDS, MAP_KEYWORDS, SchemaRegistry, SINGLE_KEYWORDS, type SchemaLocation } from './registry.js';
import { Rng } from '../core/rng.js';
// The one place the schema layer reaches into the generator: only running an x-faker method shows what it yields.
import { fakerGenerator, parseFakerKeyword } from '../generate/semantic.js';
import { createAjv, formatCheck } from './validator.js';

export type LintSeverity = 'error' | 'warning';

export interface LintIssue {
  readonly severity: LintSeverity;
  /** Stable machine-readable code, e.g. `min-above-max`. */
  readonly code: string;
  /** JSON pointer into the schema. */
  readonly pointer: string;
  readonly message: string;
  readonly hint: string;
}

export interface LintResult {
  readonly valid: boolean;
  readonly draft: Draft;
  readonly issues: readonly LintIssue[];
}

export interface LintOptions {
  readonly draft?: Draft;
  readonly refs?: Readonly<Record<string, JsonSchema>>;
}

/** Formats the generator knows; others are legal annotations but produce plain strings. */
export const KNOWN_FORMATS = new Set([
  'date',
  'time',
  'date-time',
  'duration',
  'email',
  'idn-email',
  'hostname',
  'idn-hostname',
  'ipv4',
  'ipv6',
  'uri',
  'uri-reference',
  'iri',
  'iri-reference',
  'uuid',
  'json-pointer',
  'relative-json-pointer',
  'regex',
  'uri-template',
  'iso-time',
  'iso-date-time',
  'url',
  'byte',
  'int32',
  'int64',
  'float',
  'double',
  'password',
  'binary',
]);

const TYPES = ['null', 'boolean', 'object', 'array', 'string', 'integer', 'number'];
const DISTRIBUTIONS = ['uniform', 'normal', 'lognormal', 'exponential', 'poisson', 'zipf', 'empirical'];

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function typesOf(schema: JsonSchemaObject): Set<string> | undefined {
  const t = schema.type;
  const list = typeof t === 'string' ? [t] : Array.isArray(t) ? t : undefined;
  if (list === undefined) return undefined;
  const out = new Set<string>();
  for (const x of list) {
    if (x === 'number') {
      out.add('number');
      out.add('integer');
    } else if (typeof x === 'string') out.add(x);
  }
  return out;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

export function lintSchema(schema: unknown, options: LintOptions = {}): LintResult {
  const issues: LintIssue[] = [];
  const report = (severity: LintSeverity, code: string, pointer: string, message: string, hint: string): void => {
    issues.push({ severity, code, pointer, message, hint });
  };
  const draft = detectDraft(schema, options.draft);
  if (!(typeof schema === 'boolean' || isPlainObject(schema))) {
    report(
      'error',
      'not-a-schema',
      '',
      'a schema must be a JSON object or a boolean',
      'wrap the definition in an object such as {"type": "object", "properties": {…}}',
    );
    return { valid: false, draft, issues };
  }

  // 1. The meta-schema.
  try {
    const ajv = metaValidator(draft);
    const ok = ajv.validateSchema(schema as object);
    if (!ok) {
      for (const error of ajv.errors ?? []) {
        report(
          'error',
          'meta-schema',
          error.instancePath,
          `not a valid ${draft} schema: ${error.instancePath || '#'} ${error.message ?? error.keyword}`,
          'fix the keyword value to the form the JSON Schema specification requires',
        );
      }
    }
  } catch (error) {
    report(
      'warning',
      'meta-schema-unchecked',
      '',
      `could not check against the meta-schema: ${(error as Error).message}`,
      'check the $schema URI',
    );
  }

  let registry: SchemaRegistry;
  try {
    registry = new SchemaRegistry(schema as JsonSchema, { draft, ...(options.refs ? { refs: options.refs } : {}) });
  } catch (error) {
    report('error', 'registry', '', (error as Error).message, 'check $id values');
    return { valid: false, draft, issues };
  }

  const seen = new WeakSet<object>();
  const visit = (node: unknown, loc: SchemaLocation, pointer: string): void => {
    if (!isPlainObject(node) || seen.has(node)) return;
    seen.add(node);
    const s = node;
    const nodeDraft = loc.draft;
    if (typeof s.$ref === 'string') {
      try {
        registry.resolve(s.$ref, loc);
      } catch (error) {
        const e = error as SdgError;
        report('error', 'unresolved-ref', `${pointer}/$ref`, e.message, e.hint ?? 'fix the reference');
      }
      if (refOverridesSiblings(nodeDraft)) {
        const siblings = Object.keys(s).filter((k) => !['$ref', '$comment', 'description', 'title', 'definitions', '$schema'].includes(k));
        if (siblings.length > 0) {
          report(
            'warning',
            'ref-siblings-ignored',
            pointer,
            `${nodeDraft} ignores keywords beside $ref (${siblings.join(', ')})`,
            'wrap them: {"allOf": [{"$ref": …}, {…the other keywords…}]}',
          );
        }
        return;
      }
    }
    for (const refKeyword of ['$dynamicRef', '$recursiveRef']) {
      const ref = s[refKeyword];
      if (typeof ref === 'string') {
        try {
          registry.resolve(ref, loc);
        } catch (error) {
          const e = error as SdgError;
          report('error', 'unresolved-ref', `${pointer}/${refKeyword}`, e.message, e.hint ?? 'fix the reference');
        }
      }
    }
    checkNode(s, pointer, nodeDraft, report);

    const child = (value: unknown, ...tokens: Array<string | number>): void => {
      if (!(isPlainObject(value) || typeof value === 'boolean')) return;
      visit(value, registry.enter(loc, value as JsonSchema, ...tokens), appendPointer(pointer, ...tokens));
    };
    for (const k of [...SINGLE_KEYWORDS, 'items']) {
      if (k in s && !Array.isArray(s[k])) child(s[k], k);
    }
    for (const k of MAP_KEYWORDS) {
      const map = s[k];
      if (isPlainObject(map)) for (const [name, sub] of Object.entries(map)) child(sub, k, name);
    }
    for (const k of [...ARRAY_KEYWORDS, 'items']) {
      const list = s[k];
      if (Array.isArray(list)) list.forEach((sub, i) => child(sub, k, i));
    }
  };
  visit(schema, registry.rootLoc, '');
  return { valid: !issues.some((i) => i.severity === 'error'), draft, issues };
}

const metaValidators = new Map<Draft, ReturnType<typeof createAjv>>();

/** Compiling a meta-schema costs ~100 ms, so one Ajv per draft serves every lint call. */
function metaValidator(draft: Draft): ReturnType<typeof createAjv> {
  let ajv = metaValidators.get(draft);
  if (ajv === undefined) {
    ajv = createAjv(draft, { allErrors: true });
    metaValidators.set(draft, ajv);
  }
  return ajv;
}

type Report = (severity: LintSeverity, code: string, pointer: string, message: string, hint: string) => void;

function checkNode(s: JsonSchemaObject, pointer: string, draft: Draft, report: Report): void {
  const types = typesOf(s);
  if (Array.isArray(s.type) && s.type.length === 0)
    report(
      'error',
      'empty-type',
      `${pointer}/type`,
      'type is an empty list: no value is valid',
      `list at least one of ${TYPES.join(', ')}`,
    );
  if (typeof s.type === 'string' && !TYPES.includes(s.type))
    report('error', 'unknown-type', `${pointer}/type`, `unknown type "${s.type}"`, `use one of ${TYPES.join(', ')}`);

  // Numbers.
  const minimum = num(s.minimum);
  const maximum = num(s.maximum);
  let lo = minimum;
  let loEx = typeof s.exclusiveMinimum === 'boolean' ? s.exclusiveMinimum : false;
  let hi = maximum;
  let hiEx = typeof s.exclusiveMaximum === 'boolean' ? s.exclusiveMaximum : false;
  const exMin = num(s.exclusiveMinimum);
  const exMax = num(s.exclusiveMaximum);
  if (exMin !== undefined && (lo === undefined || exMin >= lo)) {
    lo = exMin;
    loEx = true;
  }
  if (exMax !== undefined && (hi === undefined || exMax <= hi)) {
    hi = exMax;
    hiEx = true;
  }
  if (lo !== undefined && hi !== undefined && (lo > hi || (lo === hi && (loEx || hiEx)))) {
    report(
      'error',
      'min-above-max',
      pointer,
      `the lower bound ${lo}${loEx ? ' (exclusive)' : ''} is above the upper bound ${hi}${hiEx ? ' (exclusive)' : ''}: no number fits`,
      'swap or correct minimum/maximum',
    );
  } else if (lo !== undefined && hi !== undefined && types !== undefined && types.has('integer') && !types.has('number')) {
    const first = loEx ? Math.floor(lo) + 1 : Math.ceil(lo);
    const last = hiEx ? Math.ceil(hi) - 1 : Math.floor(hi);
    if (first > last)
      report('error', 'no-integer-in-range', pointer, `no integer lies between ${lo} and ${hi}`, 'widen the bounds or use type number');
  }
  const multipleOf = s.multipleOf;
  if (multipleOf !== undefined && !(typeof multipleOf === 'number' && multipleOf > 0)) {
    report(
      'error',
      'bad-multiple-of',
      `${pointer}/multipleOf`,
      'multipleOf must be a number greater than 0',
      'use a positive number such as 0.01',
    );
  } else if (typeof multipleOf === 'number' && lo !== undefined && hi !== undefined && lo <= hi) {
    const kLo = Math.ceil(lo / multipleOf);
    const kHi = Math.floor(hi / multipleOf);
    if (kLo > kHi)
      report(
        'error',
        'no-multiple-in-range',
        pointer,
        `no multiple of ${multipleOf} lies between ${lo} and ${hi}`,
        'widen the bounds or change multipleOf',
      );
  }

  // Strings.
  const minLength = num(s.minLength);
  const maxLength = num(s.maxLength);
  if (minLength !== undefined && maxLength !== undefined && minLength > maxLength) {
    report(
      'error',
      'min-length-above-max',
      pointer,
      `minLength ${minLength} > maxLength ${maxLength}: no string fits`,
      'swap or correct minLength/maxLength',
    );
  }
  if (typeof s.pattern === 'string') {
    try {
      new RegExp(s.pattern, 'u');
    } catch (error) {
      report(
        'error',
        'bad-pattern',
        `${pointer}/pattern`,
        `pattern is not a valid regular expression: ${(error as Error).message}`,
        'use ECMAScript regex syntax (unicode mode), escaping \\ as \\\\ in JSON',
      );
    }
  }
  if (isPlainObject(s.patternProperties)) {
    for (const key of Object.keys(s.patternProperties)) {
      try {
        new RegExp(key, 'u');
      } catch (error) {
        report(
          'error',
          'bad-pattern',
          appendPointer(pointer, 'patternProperties', key),
          `patternProperties key is not a valid regular expression: ${(error as Error).message}`,
          'use ECMAScript regex syntax',
        );
      }
    }
  }
  if (typeof s.format === 'string' && !KNOWN_FORMATS.has(s.format)) {
    report(
      'warning',
      'unknown-format',
      `${pointer}/format`,
      `unknown format "${s.format}": values will be plain strings`,
      `use one of ${[...KNOWN_FORMATS].slice(0, 12).join(', ')}, … or add a pattern`,
    );
  }

  // Arrays.
  const minItems = num(s.minItems);
  const maxItems = num(s.maxItems);
  if (minItems !== undefined && maxItems !== undefined && minItems > maxItems) {
    report(
      'error',
      'min-items-above-max',
      pointer,
      `minItems ${minItems} > maxItems ${maxItems}: no array fits`,
      'swap or correct minItems/maxItems',
    );
  }
  const minContains = num(s.minContains);
  const maxContains = num(s.maxContains);
  if (minContains !== undefined && maxContains !== undefined && minContains > maxContains && 'contains' in s) {
    report(
      'error',
      'min-contains-above-max',
      pointer,
      `minContains ${minContains} > maxContains ${maxContains}`,
      'swap or correct minContains/maxContains',
    );
  }
  if (minContains !== undefined && maxItems !== undefined && minContains > maxItems && 'contains' in s) {
    report(
      'error',
      'contains-above-max-items',
      pointer,
      `minContains ${minContains} > maxItems ${maxItems}`,
      'lower minContains or raise maxItems',
    );
  }

  // Objects.
  const minProperties = num(s.minProperties);
  const maxProperties = num(s.maxProperties);
  if (minProperties !== undefined && maxProperties !== undefined && minProperties > maxProperties) {
    report(
      'error',
      'min-properties-above-max',
      pointer,
      `minProperties ${minProperties} > maxProperties ${maxProperties}`,
      'swap or correct minProperties/maxProperties',
    );
  }
  if (Array.isArray(s.required)) {
    if (maxProperties !== undefined && s.required.length > maxProperties) {
      report(
        'error',
        'required-above-max-properties',
        pointer,
        `${s.required.length} required properties but maxProperties is ${maxProperties}`,
        'raise maxProperties or require fewer properties',
      );
    }
    const properties = isPlainObject(s.properties) ? s.properties : {};
    const patterns = isPlainObject(s.patternProperties) ? Object.keys(s.patternProperties) : [];
    s.required.forEach((name, i) => {
      if (typeof name !== 'string') return;
      if (properties[name] === false) {
        report(
          'error',
          'required-forbidden',
          appendPointer(pointer, 'required', i),
          `"${name}" is required but its schema is false`,
          `remove "${name}" from required or give it a schema`,
        );
      } else if (!(name in properties) && s.additionalProperties === false && !patterns.some((p) => safeTest(p, name))) {
        report(
          'error',
          'required-forbidden',
          appendPointer(pointer, 'required', i),
          `"${name}" is required but additionalProperties is false and no property or pattern allows it`,
          `declare "${name}" under properties or remove it from required`,
        );
      }
    });
  }

  // Enums and consts.
  if (Array.isArray(s.enum)) {
    if (s.enum.length === 0)
      report('error', 'empty-enum', `${pointer}/enum`, 'enum is empty: no value is valid', 'list at least one value');
    else if (types !== undefined && !s.enum.some((v) => types.has(jsonType(v)))) {
      report(
        'error',
        'enum-type-mismatch',
        `${pointer}/enum`,
        `no enum value has the declared type ${JSON.stringify(s.type)}`,
        'make the enum values match the type or fix the type',
      );
    }
    const weights = s['x-weights'];
    if (
      weights !== undefined &&
      (!Array.isArray(weights) || weights.length !== s.enum.length || !weights.every((w) => typeof w === 'number' && w >= 0))
    ) {
      report(
        'error',
        'bad-weights',
        `${pointer}/x-weights`,
        `x-weights must list ${s.enum.length} non-negative numbers, one per enum value`,
        'give one weight per enum value, in the same order',
      );
    }
  } else if (s['x-weights'] !== undefined) {
    report('warning', 'weights-without-enum', `${pointer}/x-weights`, 'x-weights has no enum to weight', 'add an enum or remove x-weights');
  }
  if ('const' in s && types !== undefined && !types.has(jsonType(s.const))) {
    report(
      'error',
      'const-type-mismatch',
      `${pointer}/const`,
      `const ${JSON.stringify(s.const)} does not have the declared type ${JSON.stringify(s.type)}`,
      'fix the const value or the type',
    );
  }
  if (Array.isArray(s.allOf)) {
    let allowed: Set<string> | undefined = types;
    for (const sub of s.allOf) {
      if (!isPlainObject(sub)) continue;
      const t = typesOf(sub);
      if (t === undefined) continue;
      allowed = allowed === undefined ? t : new Set([...allowed].filter((x) => t.has(x)));
    }
    if (allowed !== undefined && allowed.size === 0)
      report(
        'error',
        'contradictory-types',
        pointer,
        'the types required by this schema and its allOf branches have nothing in common',
        'make the branches agree on a type',
      );
  }

  // Our vocabulary.
  const nullRate = s['x-nullRate'];
  if (nullRate !== undefined) {
    if (typeof nullRate !== 'number' || nullRate < 0 || nullRate > 1)
      report('error', 'bad-null-rate', `${pointer}/x-nullRate`, 'x-nullRate must be a number from 0 to 1', 'e.g. "x-nullRate": 0.05');
    else if (types !== undefined && !types.has('null'))
      report(
        'warning',
        'null-rate-without-null',
        `${pointer}/x-nullRate`,
        'x-nullRate is set but the type does not allow null, so no nulls will be generated',
        'add "null" to the type, e.g. "type": ["string", "null"]',
      );
  }
  const distribution = s['x-distribution'];
  if (distribution !== undefined) {
    const name = typeof distribution === 'string' ? distribution : isPlainObject(distribution) ? distribution.type : undefined;
    if (typeof name !== 'string' || !DISTRIBUTIONS.includes(name))
      report(
        'error',
        'bad-distribution',
        `${pointer}/x-distribution`,
        `unknown x-distribution ${JSON.stringify(name)}`,
        `use one of ${DISTRIBUTIONS.join(', ')}`,
      );
  }
  const fakerKeyword = s['x-faker'] !== undefined ? 'x-faker' : s.faker !== undefined ? 'faker' : undefined;
  if (fakerKeyword !== undefined && typeof s.format === 'string' && (types === undefined || types.has('string'))) {
    const probe = probeFakerFormat(s[fakerKeyword], s.format, draft);
    if (probe !== undefined && probe.valid < FAKER_PROBES) {
      const method = fakerMethodName(s[fakerKeyword]);
      const suggestion = FAKER_FOR_FORMAT[s.format];
      report(
        'warning',
        'faker-format-mismatch',
        `${pointer}/${fakerKeyword}`,
        probe.valid === 0
          ? `${fakerKeyword} "${method}" produced no valid "${s.format}" in ${FAKER_PROBES} tries (e.g. ${JSON.stringify(probe.example)}): every value will come from the ${s.format} format's generator instead`
          : `${fakerKeyword} "${method}" produced an invalid "${s.format}" in ${FAKER_PROBES - probe.valid} of ${FAKER_PROBES} tries (e.g. ${JSON.stringify(probe.example)}): those values will come from the ${s.format} format's generator instead`,
        suggestion === undefined
          ? `drop ${fakerKeyword} and let the format generate the values, or drop the format`
          : `use "${fakerKeyword}": "${suggestion}", which produces valid ${s.format} values, or drop ${fakerKeyword} and let the format generate them`,
      );
    }
  }
  if (s['x-unique'] !== undefined && typeof s['x-unique'] !== 'boolean')
    report('error', 'bad-unique', `${pointer}/x-unique`, 'x-unique must be true or false', 'use "x-unique": true');
  if (s['x-unique'] === true && typeof s.pattern === 'string')
    report(
      'error',
      'unique-with-pattern',
      `${pointer}/x-unique`,
      'x-unique cannot be guaranteed together with pattern',
      'drop x-unique or the pattern',
    );
}

/** Draws per x-faker/format probe: enough to see a method that is only sometimes valid, cheap enough to lint often. */
const FAKER_PROBES = 64;

/** A faker method whose (safe) values satisfy the format, for the fix hint. */
const FAKER_FOR_FORMAT: Readonly<Record<string, string>> = {
  email: 'internet.email',
  'idn-email': 'internet.email',
  hostname: 'internet.domainName',
  'idn-hostname': 'internet.domainName',
  ipv4: 'internet.ipv4',
  ipv6: 'internet.ipv6',
  uri: 'internet.url',
  url: 'internet.url',
  iri: 'internet.url',
  uuid: 'string.uuid',
  'date-time': 'date.recent',
};

function fakerMethodName(keyword: unknown): string {
  if (typeof keyword === 'string') return keyword;
  return isPlainObject(keyword) ? (Object.keys(keyword)[0] ?? '') : String(keyword);
}

const fakerProbes = new Map<string, { valid: number; example: string } | undefined>();

/**
 * How many of FAKER_PROBES values of an x-faker method (seeded, so lint is deterministic) the draft's format
 * check accepts. Undefined when the keyword is malformed (generation reports that with its own error) or the
 * format is one the validator does not assert.
 */
function probeFakerFormat(keyword: unknown, format: string, draft: Draft): { valid: number; example: string } | undefined {
  const key = JSON.stringify([keyword, format, draft]);
  if (fakerProbes.has(key)) return fakerProbes.get(key);
  let result: { valid: number; example: string } | undefined;
  const check = formatCheck(draft, format);
  if (check !== undefined) {
    try {
      const parsed = parseFakerKeyword(keyword, '');
      const generate = fakerGenerator(parsed.path, parsed.args);
      const rng = Rng.fromSeed('lint:x-faker');
      let valid = 0;
      let example: string | undefined;
      for (let i = 0; i < FAKER_PROBES; i++) {
        const value = generate(rng.forkIndex(i));
        const text = typeof value === 'string' ? value : String(value);
        if (check(text)) valid++;
        else example ??= text;
      }
      result = { valid, example: example ?? '' };
    } catch {
      result = undefined;
    }
  }
  // Bounded: a long-lived server lints many schemas, but real ones repeat a handful of method/format pairs.
  if (fakerProbes.size >= 1000) fakerProbes.clear();
  fakerProbes.set(key, result);
  return result;
}

function safeTest(source: string, text: string): boolean {
  try {
    return new RegExp(source, 'u').test(text);
  } catch {
    return false;
  }
}

/** Lint codes that mean "legal schema, but no value can satisfy it"; every other error is a malformed schema. */
const UNSATISFIABLE_CODES = new Set([
  'empty-type',
  'min-above-max',
  'no-integer-in-range',
  'no-multiple-in-range',
  'min-length-above-max',
  'min-items-above-max',
  'min-contains-above-max',
  'contains-above-max-items',
  'min-properties-above-max',
  'required-above-max-properties',
  'required-forbidden',
  'empty-enum',
  'enum-type-mismatch',
  'const-type-mismatch',
  'contradictory-types',
]);

/** Throws the first lint error as an SdgError (for callers that want generation to refuse bad schemas). */
export function assertLintClean(result: LintResult): void {
  const first = result.issues.find((i) => i.severity === 'error');
  if (first === undefined) return;
  const code =
    first.code === 'unresolved-ref'
      ? 'SDG_ERR_UNRESOLVED_REF'
      : UNSATISFIABLE_CODES.has(first.code)
        ? 'SDG_ERR_UNSATISFIABLE'
        : 'SDG_ERR_INVALID_SCHEMA';
  throw new SdgError(code, first.message, { pointer: first.pointer, hint: first.hint });
}
