/**
 * The generation engine: JSON Schema in, valid instances out.
 *
 *   schema ──► registry (ids, anchors, refs)          once per schema
 *          ──► expand: a conjunction of schema nodes   per value, cached when it involves no random choice
 *                 $ref / $dynamicRef / allOf  → more atoms
 *                 anyOf / oneOf / if-then-else → a random branch (+ the others as negatives)
 *                 not                          → a negative
 *          ──► plan: merge the atoms' constraints      cached per conjunction
 *                 type set ∩, enum ∩, bounds, multipleOf grid, lengths, patterns, property tables
 *          ──► value: built to satisfy the merged plan, children generated recursively
 *          ──► check: negatives (Ajv) per node; the whole instance against the root (Ajv)
 *
 * Constraints are merged rather than generate-and-reject wherever the keyword allows it; what cannot be
 * merged (negations, oneOf exclusivity, unevaluated*) is checked with Ajv and retried on a fresh forked
 * stream, within a bounded budget. An instance that still fails is an error naming the schema pointer:
 * nothing invalid is ever returned silently.
 */
import { SdgError } from '../core/errors.js';
import { canonicalJson } from '../core/canonical.js';
import { hashString, Rng } from '../core/rng.js';
import { isPlainObject, type JsonSchema, type JsonSchemaObject, type JsonValue } from '../core/types.js';
import type { Draft } from '../schema/drafts.js';
import { refOverridesSiblings } from '../schema/drafts.js';
import { SchemaRegistry, type SchemaLocation } from '../schema/registry.js';
import { createAjv, describeAjvErrors, formatCheck, type Ajv, type ValidateFunction } from '../schema/validator.js';
import { formatGenerators, formatWriters, type FormatGenerator } from './formats.js';
import {
  ajvMultipleOf,
  gridFor,
  gridValue,
  makeDistribution,
  normalCdf,
  parseDistribution,
  type Distribution,
  type Grid,
} from './numbers.js';
import { compilePattern, type PatternGenerator } from './regex.js';
import { fakerGenerator, parseFakerKeyword, semanticForName, type SemanticGenerator } from './semantic.js';
import { createModelSampler, type ModelSampler } from './model.js';
import { KeyedPermutation } from './unique.js';
import { jsonBytes, JsonOut, memberPrefix } from './json-out.js';

type TypeName = 'null' | 'boolean' | 'object' | 'array' | 'string' | 'integer' | 'number';
const ALL_TYPES: readonly TypeName[] = ['null', 'boolean', 'object', 'array', 'string', 'integer', 'number'];

export interface EngineOptions {
  readonly draft?: Draft;
  readonly refs?: Readonly<Record<string, JsonSchema>>;
  /** Probability that an optional property is present (default 0.75). */
  readonly optionalProbability?: number;
  /** Check every instance against the whole schema with Ajv (default true). */
  readonly validate?: boolean;
  /** Nesting depth beyond which optional content is no longer added (default 6). */
  readonly softDepth?: number;
  /** Seed of the whole run (number or string; default 0). */
  readonly seed?: number | string;
  /**
   * Build rows with the compiled row program where the schema allows (default true). The values are the same
   * either way; false keeps the general path only, which the tests compare the program against.
   */
  readonly compile?: boolean;
}

interface Scope {
  readonly uri: string;
  readonly parent: Scope | null;
  readonly id: number;
}

interface Node {
  readonly id: number;
  readonly schema: JsonSchema;
  readonly loc: SchemaLocation;
  readonly scope: Scope;
  /** Expansion when it involves no random choice (computed once). */
  staticExpansion?: Expansion | null;
  /** Plan to use directly when the expansion is static and has no negatives (the hot path). */
  fastPlan?: Plan;
}

interface Expansion {
  readonly atoms: Node[];
  readonly negatives: Node[];
  /** The conjunction contains `false`: nothing can satisfy it. */
  readonly impossible?: boolean;
  /** Plan of a static expansion, cached on it so the hot path skips the key lookup. */
  plan?: Plan;
}

interface Ctx {
  readonly depth: number;
  readonly propertyName: string | undefined;
  readonly rowIndex: number;
  readonly inArray: boolean;
  /** A uniform handed down by the copula for this value (x-correlations). */
  readonly uniform?: number;
}

/** Internal signal: this attempt cannot succeed; the caller retries on a fresh stream or gives up. */
class Unsat extends Error {
  constructor(
    readonly pointer: string,
    message: string,
    readonly definite = false,
  ) {
    super(message);
  }
}

interface NumberPlan {
  readonly lo: number;
  readonly hi: number;
  readonly loExclusive: boolean;
  readonly hiExclusive: boolean;
  readonly divisors: readonly number[];
  readonly distribution: Distribution | undefined;
  readonly hasBounds: boolean;
  readonly gridNumber: Grid | undefined;
  readonly gridInteger: Grid | undefined;
}

interface StringPlan {
  readonly minLength: number;
  readonly maxLength: number;
  readonly patterns: readonly PatternGenerator[];
  readonly regexes: readonly RegExp[];
  readonly format: string | undefined;
  readonly faker: SemanticGenerator | undefined;
  /**
   * Whether an x-faker value satisfies every `format` of the plan, as Ajv (ajv-formats) judges it; undefined
   * when there is no faker or no format. A value that fails falls back to the format's generator.
   */
  readonly fakerFormatFits: ((text: string) => boolean) | undefined;
}

interface ArrayAtom {
  readonly prefix: readonly Node[];
  readonly rest: Node | undefined;
  readonly restFalse: boolean;
  readonly contains: Node | undefined;
  readonly minContains: number;
  readonly maxContains: number;
  readonly unevaluated: Node | undefined;
  readonly unevaluatedFalse: boolean;
}

interface ArrayPlan {
  readonly atoms: readonly ArrayAtom[];
  readonly minItems: number;
  readonly maxItems: number;
  readonly unique: boolean;
}

interface ObjectAtom {
  readonly node: Node;
  readonly properties: ReadonlyMap<string, Node>;
  readonly patterns: ReadonlyArray<{ readonly regex: RegExp; readonly source: string; readonly node: Node }>;
  readonly additional: Node | undefined;
  readonly additionalFalse: boolean;
  readonly unevaluated: Node | undefined;
  readonly unevaluatedFalse: boolean;
}

interface ObjectPlan {
  readonly atoms: readonly ObjectAtom[];
  readonly declared: readonly string[];
  readonly declaredHashes: readonly number[];
  readonly required: readonly string[];
  readonly minProperties: number;
  readonly maxProperties: number;
  readonly propertyNames: readonly Node[];
  readonly dependentRequired: ReadonlyMap<string, readonly string[]>;
  readonly dependentSchemas: ReadonlyMap<string, readonly Node[]>;
  readonly childConj: Map<string, Node[]>;
  readonly allowedCache: Map<string, boolean>;
  readonly correlations: Copula | undefined;
  /** Set when only properties/required/additionalProperties matter: the per-row loop needs no bookkeeping. */
  simple?: SimpleObject | null;
}

interface SimpleObject {
  readonly keys: readonly string[];
  readonly required: readonly boolean[];
  readonly conj: readonly (readonly Node[])[];
  readonly hashes: readonly number[];
}

interface Copula {
  readonly fields: readonly string[];
  readonly cholesky: readonly (readonly number[])[];
}

interface Plan {
  readonly key: string;
  readonly atoms: readonly Node[];
  readonly negatives: readonly Node[];
  readonly pointer: string;
  readonly types: readonly TypeName[];
  readonly typeWeights: readonly number[];
  readonly enumValues: readonly JsonValue[] | undefined;
  readonly enumWeights: readonly number[] | undefined;
  readonly unique: boolean;
  number?: NumberPlan;
  string?: StringPlan;
  array?: ArrayPlan;
  object?: ObjectPlan;
  semantic?: Map<string, SemanticGenerator | null>;
  lastSemanticName?: string;
  lastSemanticType?: string;
  lastSemantic?: SemanticGenerator | null;
  permutation?: KeyedPermutation;
}

const NO_EXPANSION: Expansion = { atoms: [], negatives: [] };
const MAX_ATTEMPTS = 12;
const ROW_BUDGET = 40_000;
/** Past this many values in one row, optional properties and array growth stop (keeps recursive schemas finite). */
const SOFT_ROW_VALUES = 400;

function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function codePointLength(text: string): number {
  let surrogates = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) surrogates++;
  }
  return text.length - surrogates;
}

function jsonTypeOf(value: unknown): TypeName {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as TypeName;
}

function typeSet(value: unknown): Set<TypeName> | undefined {
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
  if (list === undefined) return undefined;
  const out = new Set<TypeName>();
  for (const t of list) {
    if (t === 'number') {
      out.add('number');
      out.add('integer');
    } else if (typeof t === 'string' && (ALL_TYPES as readonly string[]).includes(t)) out.add(t as TypeName);
  }
  return out;
}

const OBJECT_KEYWORDS = [
  'properties',
  'required',
  'additionalProperties',
  'patternProperties',
  'minProperties',
  'maxProperties',
  'propertyNames',
  'dependentRequired',
  'dependentSchemas',
  'dependencies',
  'unevaluatedProperties',
];
const ARRAY_KEYWORDS = [
  'items',
  'prefixItems',
  'additionalItems',
  'contains',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minContains',
  'maxContains',
  'unevaluatedItems',
];
const STRING_KEYWORDS = ['minLength', 'maxLength', 'pattern', 'format', 'x-faker', 'faker'];
const NUMBER_KEYWORDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'x-distribution'];

function hasAny(schema: JsonSchemaObject, keywords: readonly string[]): boolean {
  for (const k of keywords) if (k in schema) return true;
  return false;
}

const COMPOSITION = ['$ref', '$dynamicRef', '$recursiveRef', 'allOf', 'anyOf', 'oneOf', 'not', 'if'];

function isPlain(schema: JsonSchema): boolean {
  if (typeof schema === 'boolean') return true;
  return !hasAny(schema, COMPOSITION);
}

// -------------------------------------------------------------------- exact plans and compiled programs

/**
 * Keywords whose every constraint the value generators meet by construction (see `exactNode`): a schema made
 * only of these (and `x-` vocabulary) needs no Ajv check of the instance. Anything else keeps the check.
 */
const EXACT_KEYWORDS: ReadonlySet<string> = new Set([
  // annotations and identifiers: no effect on what validates here
  '$schema',
  '$id',
  'id',
  '$comment',
  '$anchor',
  '$dynamicAnchor',
  '$recursiveAnchor',
  '$defs',
  'definitions',
  'title',
  'description',
  'default',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
  'faker',
  // any type
  'type',
  'enum',
  'const',
  // numbers: bounds and multipleOf are checked with Ajv's own arithmetic (numberFits / ajvMultipleOf)
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  // strings: lengths and patterns are checked (stringFits) or generated exactly from the regex AST
  'minLength',
  'maxLength',
  'pattern',
  'format',
  // objects and arrays without conjunctions (simpleObject, the single-atom array path)
  'properties',
  'required',
  'additionalProperties',
  'patternProperties',
  'items',
  'minItems',
  'maxItems',
  'uniqueItems',
]);

/** `x-` keywords that change what is generated in ways the exact paths do not cover. */
const INEXACT_EXTENSIONS: ReadonlySet<string> = new Set(['x-correlations', 'x-model']);

/**
 * Formats whose generators always produce a value ajv-formats (full mode) accepts, at any length the caller
 * verifies (test/generate/formats.test.ts), plus the standard formats ajv-formats does not assert. The numeric
 * ajv-formats formats (int32, float, …) are left out: they constrain numbers, which are not generated for them.
 */
const EXACT_FORMATS: ReadonlySet<string> = new Set([
  'date',
  'time',
  'date-time',
  'iso-time',
  'iso-date-time',
  'duration',
  'email',
  'idn-email',
  'hostname',
  'idn-hostname',
  'ipv4',
  'ipv6',
  'uri',
  'url',
  'uri-reference',
  'iri',
  'iri-reference',
  'uri-template',
  'uuid',
  'json-pointer',
  'json-pointer-uri-fragment',
  'relative-json-pointer',
  'regex',
  'byte',
  'password',
  'binary',
]);

const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isFiniteNumber = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);

/** Keyword values Ajv and the engine read the same way; an odd one (a string `minimum`…) keeps the Ajv check. */
function wellFormedForExact(schema: JsonSchemaObject, draft: Draft): boolean {
  for (const key of ['minimum', 'maximum'] as const) if (key in schema && !isFiniteNumber(schema[key])) return false;
  for (const key of ['exclusiveMinimum', 'exclusiveMaximum'] as const) {
    if (!(key in schema)) continue;
    if (draft === 'draft4' ? typeof schema[key] !== 'boolean' : !isFiniteNumber(schema[key])) return false;
  }
  if ('multipleOf' in schema && !(isFiniteNumber(schema.multipleOf) && (schema.multipleOf as number) > 0)) return false;
  for (const key of ['minLength', 'maxLength', 'minItems', 'maxItems'] as const) if (key in schema && !isCount(schema[key])) return false;
  if ('type' in schema) {
    const list = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (list.length === 0 || !list.every((t) => typeof t === 'string' && (ALL_TYPES as readonly string[]).includes(t))) return false;
  }
  if ('enum' in schema && !Array.isArray(schema.enum)) return false;
  if ('pattern' in schema && typeof schema.pattern !== 'string') return false;
  if ('format' in schema && !(typeof schema.format === 'string' && EXACT_FORMATS.has(schema.format))) return false;
  if ('required' in schema && !(Array.isArray(schema.required) && schema.required.every((r) => typeof r === 'string'))) return false;
  for (const key of ['properties', 'patternProperties'] as const) if (key in schema && !isPlainObject(schema[key])) return false;
  for (const key of ['additionalProperties', 'items'] as const) {
    if (key in schema && !(typeof schema[key] === 'boolean' || isPlainObject(schema[key]))) return false;
  }
  if ('uniqueItems' in schema && typeof schema.uniqueItems !== 'boolean') return false;
  return true;
}

/** Source that appends constant bytes to `out`: one store per byte, no loop over a byte array. */
function storeBytes(bytes: Uint8Array): string {
  const stores = Array.from(bytes, (b, i) => `b[p + ${i}] = ${b};`).join(' ');
  return `{ out.reserve(${bytes.length}); const b = out.buf; const p = out.pos; ${stores} out.pos = p + ${bytes.length}; }`;
}

/** A compiled value generator: the same draws as the engine's general path, without its dispatch. */
interface Body {
  value(rng: Rng, row: number): JsonValue;
  /** Writes the value `value` would return, as JSON bytes. */
  write(rng: Rng, row: number, out: JsonOut): void;
}

/**
 * Thrown inside a compiled program when a value needs what only the general path does (a retry on a fresh
 * stream, a fallback): the row is then generated by the general path, which gives the same value for every
 * draw the program had made. One preallocated instance: no stack trace is captured on the throw.
 */
const DEOPT = new Error('compiled program deoptimised');
/** Stream for expanding static conjunctions at compile time; a static expansion draws nothing from it. */
const PROBE_RNG = new Rng(0, 0);
/** Nesting below which compiled programs hand over to the general path (which thins such depths out anyway). */
const MAX_COMPILED_DEPTH = 24;
/** Compiled values per schema; past it the rest of the schema stays on the general path. */
const MAX_COMPILED_NODES = 2000;

const WORD_SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ne',
  'ru',
  'sa',
  'ti',
  'vo',
  'da',
  'pe',
  'an',
  'el',
  'or',
  'is',
  'un',
  'ba',
  'ce',
  'fi',
  'go',
  'hu',
];

function wordOfLength(rng: Rng, length: number): string {
  let out = '';
  while (out.length < length) out += WORD_SYLLABLES[rng.below(WORD_SYLLABLES.length)];
  return out.slice(0, length);
}

function pointerFragment(pointer: string): string {
  return pointer
    .split('/')
    .map((token) => encodeURIComponent(token).replace(/%7E/gi, '~'))
    .join('/');
}

/** A compiled schema: hand it a row index and a seed stream, get a valid instance. */
export class Engine {
  readonly registry: SchemaRegistry;
  private ajvInstance: Ajv | undefined;
  /** The documents Ajv is given: those known once the remotes are loaded, not ones resolved later. */
  private readonly ajvDocuments: ReadonlyArray<readonly [string, JsonSchema]>;
  private readonly rootValidator: ValidateFunction | undefined;
  private rootValidatorError: string | undefined;
  private readonly root: Node;
  private readonly nodes = new Map<string, Node>();
  private readonly scopes = new Map<string, Scope>();
  private readonly schemaIds = new WeakMap<object, number>();
  private readonly plans = new Map<string, Plan>();
  private readonly validators = new Map<number, ValidateFunction | null>();
  private readonly patterns = new Map<string, PatternGenerator>();
  private readonly optionalProbability: number;
  private readonly softDepth: number;
  private readonly validate: boolean;
  private nextSchemaId = 3;
  private nextNodeId = 1;
  private budget = ROW_BUDGET;
  /** Values generated so far in this row; optional content thins out as it grows (recursive schemas). */
  private rowValues = 0;
  private readonly seedRng: Rng;
  /** Rows come from a fitted model when the root carries `x-model` (see model.ts). */
  private readonly modelSampler: ModelSampler | undefined;
  /** Mixed into x-unique permutation keys so each seed orders unique values differently. */
  private readonly seedSalt: number;
  /**
   * Every instance is valid by construction (`exactNode`), so no instance needs the Ajv check. Decided once per
   * schema, never per row: whether a row is checked cannot change the row.
   */
  readonly exact: boolean;
  private readonly exactCache = new Map<Node, boolean>();
  /** The root compiled to closures, when its top is a static object, array or leaf (the common case). */
  private readonly program: Body | undefined;
  /** Nodes whose compilation is in progress (cycle guard). */
  private readonly compiling = new Set<Node>();
  private compileBudget = MAX_COMPILED_NODES;
  /** Compiled conjunctions by node and context (null: only the general path can do it). */
  private readonly compiled = new Map<string, Body | null>();

  constructor(schema: JsonSchema, options: EngineOptions = {}) {
    this.registry = new SchemaRegistry(schema, {
      ...(options.draft ? { draft: options.draft } : {}),
      ...(options.refs ? { refs: options.refs } : {}),
    });
    this.optionalProbability = options.optionalProbability ?? 0.75;
    this.softDepth = options.softDepth ?? 6;
    this.validate = options.validate ?? true;
    this.seedRng = Rng.fromSeed(options.seed ?? 0);
    this.seedSalt = this.seedRng.k0;
    this.registry.loadAllRemotes();
    this.ajvDocuments = [...this.registry.documents];
    const rootScope: Scope = { uri: this.registry.rootLoc.resourceUri, parent: null, id: 0 };
    this.scopes.set(`|${rootScope.uri}`, rootScope);
    this.root = this.node(schema, this.registry.rootLoc, rootScope);
    this.modelSampler =
      isPlainObject(schema) && schema['x-model'] !== undefined
        ? createModelSampler(schema, this.registry.rootLoc.displayPointer, this.seedSalt)
        : undefined;
    this.exact = this.modelSampler === undefined && this.exactConj([this.root]);
    const rootUri = [...this.registry.documents.keys()][0] as string;
    let rootValidator: ValidateFunction | undefined;
    let rootValidatorError: string | undefined;
    if (this.validate && !this.exact) {
      try {
        rootValidator = this.ajv.getSchema(rootUri);
      } catch (error) {
        rootValidatorError = error instanceof Error ? error.message : String(error);
      }
    }
    this.rootValidator = rootValidator;
    this.rootValidatorError = rootValidatorError;
    this.program = this.modelSampler === undefined && options.compile !== false ? this.compileRoot() : undefined;
  }

  /**
   * Made on first use: an exact schema never checks a value, and a worker thread that never loads Ajv is
   * ~8 MB smaller. Ajv keeps no state between checks, so when it is made cannot change a row.
   */
  private get ajv(): Ajv {
    if (this.ajvInstance !== undefined) return this.ajvInstance;
    const ajv = createAjv(this.registry.draft);
    for (const [uri, doc] of this.ajvDocuments) {
      try {
        ajv.addSchema(doc as object, uri);
      } catch {
        // A document Ajv refuses (duplicate $id, foreign draft) is still generated from; only checks skip it.
      }
    }
    this.ajvInstance = ajv;
    return ajv;
  }

  /** Why instances cannot be checked against the whole schema, if they cannot. */
  get uncheckedReason(): string | undefined {
    return this.rootValidatorError;
  }

  /** Row `index` of the run: a pure function of (schema, seed, index). */
  row(index: number): JsonValue {
    const program = this.program;
    if (program !== undefined) {
      this.budget = ROW_BUDGET;
      this.rowValues = 0;
      let value: JsonValue | undefined;
      try {
        value = program.value(this.seedRng.forkIndex(index), index);
      } catch (error) {
        if (error !== DEOPT && !(error instanceof Unsat)) throw error;
      }
      if (value !== undefined && (this.rootValidator === undefined || this.passesRoot(value))) return value;
    }
    return this.generate(this.seedRng.forkIndex(index), index);
  }

  /**
   * Appends row `index` as one JSONL line: exactly the bytes of `JSON.stringify(row(index)) + '\n'` in UTF-8.
   * A compiled program writes the values as it draws them; rows that need the Ajv check or the general path
   * are built as values first.
   */
  writeJsonl(index: number, out: JsonOut): void {
    const program = this.program;
    if (program !== undefined && this.rootValidator === undefined) {
      const start = out.pos;
      this.budget = ROW_BUDGET;
      this.rowValues = 0;
      try {
        program.write(this.seedRng.forkIndex(index), index, out);
        out.byte(0x0a);
        return;
      } catch (error) {
        if (error !== DEOPT && !(error instanceof Unsat)) throw error;
        out.pos = start;
      }
    }
    out.value(this.row(index));
    out.byte(0x0a);
  }

  /** The root Ajv check of a compiled program's value; anything unusual is left to the general path. */
  private passesRoot(value: JsonValue): boolean {
    try {
      return (this.rootValidator as ValidateFunction)(value) === true;
    } catch {
      return false;
    }
  }

  /** The instance for one row from an explicit stream. */
  generate(rng: Rng, rowIndex: number): JsonValue {
    this.budget = ROW_BUDGET;
    let lastError = '';
    let lastPointer = this.registry.rootLoc.displayPointer;
    for (let attempt = 0; attempt < 25; attempt++) {
      const stream = attempt === 0 ? rng : rng.forkIndex(0x7fff0000 + attempt);
      this.rowValues = 0;
      let value: JsonValue;
      try {
        value =
          this.modelSampler !== undefined
            ? this.modelSampler.sample(stream, rowIndex)
            : this.genConj([this.root], stream, { depth: 0, propertyName: undefined, rowIndex, inArray: false }, undefined);
      } catch (error) {
        if (!(error instanceof Unsat)) throw error;
        lastError = error.message;
        lastPointer = error.pointer;
        if ((error.definite && this.root.staticExpansion) || this.budget <= 0) break;
        continue;
      }
      if (this.rootValidator === undefined) return value;
      let valid: boolean;
      try {
        valid = this.rootValidator(value) === true;
      } catch (error) {
        // Ajv itself failed (stack overflow on some $dynamicRef cycles): the engine's construction is all we have.
        this.rootValidatorError = `Ajv could not validate: ${(error as Error).message}`;
        return value;
      }
      if (valid) return value;
      lastError = `generated instance failed validation: ${describeAjvErrors(this.rootValidator.errors)}`;
      if (this.budget <= 0) break;
    }
    throw new SdgError('SDG_ERR_GENERATION_FAILED', `could not generate a valid instance: ${lastError}`, {
      pointer: lastPointer,
      hint: 'check the schema with `synthdatagen lint`; constraints may contradict each other or be too narrow to satisfy',
    });
  }

  // ---------------------------------------------------------------- nodes and scopes

  private schemaId(schema: JsonSchema): number {
    if (schema === true) return 1;
    if (schema === false) return 2;
    let id = this.schemaIds.get(schema);
    if (id === undefined) {
      id = this.nextSchemaId++;
      this.schemaIds.set(schema, id);
    }
    return id;
  }

  private scopeFor(parent: Scope, uri: string): Scope {
    if (parent.uri === uri) return parent;
    const key = `${parent.id}|${uri}`;
    let scope = this.scopes.get(key);
    if (scope === undefined) {
      scope = { uri, parent, id: this.scopes.size };
      this.scopes.set(key, scope);
    }
    return scope;
  }

  private node(schema: JsonSchema, loc: SchemaLocation, parentScope: Scope): Node {
    const scope = this.scopeFor(parentScope, loc.resourceUri);
    const key = `${this.schemaId(schema)}:${scope.id}:${typeof schema === 'boolean' ? loc.displayPointer : ''}`;
    let node = this.nodes.get(key);
    if (node === undefined) {
      node = { id: this.nextNodeId++, schema, loc, scope };
      this.nodes.set(key, node);
    }
    return node;
  }

  private child(parent: Node, schema: unknown, ...tokens: Array<string | number>): Node {
    const sub = schema as JsonSchema;
    return this.node(sub, this.registry.enter(parent.loc, sub, ...tokens), parent.scope);
  }

  private synthetic(parent: Node, schema: JsonSchemaObject): Node {
    return this.node(schema, parent.loc, parent.scope);
  }

  // ---------------------------------------------------------------- expansion

  private expandInto(node: Node, rng: Rng, atoms: Node[], negatives: Node[], seen: Set<number>): boolean {
    let random = false;
    const work: Node[] = [node];
    while (work.length > 0) {
      const current = work.pop() as Node;
      if (seen.has(current.id)) continue;
      seen.add(current.id);
      if (seen.size > 400) throw new Unsat(current.loc.displayPointer, 'reference chain too long (a $ref cycle with no way out?)', true);
      const schema = current.schema;
      if (schema === true) continue;
      if (schema === false) throw new Unsat(current.loc.displayPointer, 'schema is false: no value is valid here', true);
      const draft = current.loc.draft;
      if (typeof schema.$ref === 'string') {
        const target = this.registry.resolve(schema.$ref, current.loc);
        work.push(this.node(target.schema, target.loc, current.scope));
        if (refOverridesSiblings(draft)) continue;
      }
      if (typeof schema.$dynamicRef === 'string') work.push(this.resolveDynamic(current, schema.$dynamicRef));
      if (typeof schema.$recursiveRef === 'string') work.push(this.resolveRecursive(current, schema.$recursiveRef));
      if (Array.isArray(schema.allOf)) schema.allOf.forEach((sub, i) => work.push(this.child(current, sub, 'allOf', i)));
      if (Array.isArray(schema.anyOf) && schema.anyOf.length > 0) {
        random = true;
        const i = rng.below(schema.anyOf.length);
        work.push(this.child(current, schema.anyOf[i], 'anyOf', i));
      }
      if (Array.isArray(schema.oneOf) && schema.oneOf.length > 0) {
        random = true;
        const i = rng.below(schema.oneOf.length);
        schema.oneOf.forEach((sub, j) => {
          if (j === i) work.push(this.child(current, sub, 'oneOf', j));
          else negatives.push(this.child(current, sub, 'oneOf', j));
        });
      }
      if ('not' in schema) negatives.push(this.child(current, schema.not, 'not'));
      if ('if' in schema && draft !== 'draft4' && draft !== 'draft6') {
        random = true;
        const ifNode = this.child(current, schema.if, 'if');
        if (rng.bool()) {
          work.push(ifNode);
          if ('then' in schema) work.push(this.child(current, schema.then, 'then'));
        } else {
          negatives.push(ifNode);
          if ('else' in schema) work.push(this.child(current, schema.else, 'else'));
        }
      }
      atoms.push(current);
    }
    return random;
  }

  private resolveDynamic(current: Node, ref: string): Node {
    const target = this.registry.resolve(ref, current.loc);
    const hash = ref.indexOf('#');
    const fragment = hash === -1 ? '' : ref.slice(hash + 1);
    const targetSchema = target.schema;
    if (fragment !== '' && !fragment.startsWith('/') && isPlainObject(targetSchema) && targetSchema.$dynamicAnchor === fragment) {
      const chain: string[] = [];
      for (let s: Scope | null = current.scope; s !== null; s = s.parent) chain.push(s.uri);
      for (let i = chain.length - 1; i >= 0; i--) {
        const found = this.registry.dynamicAnchor(chain[i] as string, fragment);
        if (found !== undefined) return this.node(found.schema, found.loc, current.scope);
      }
    }
    return this.node(target.schema, target.loc, current.scope);
  }

  private resolveRecursive(current: Node, ref: string): Node {
    const target = this.registry.resolve(ref, current.loc);
    if (isPlainObject(target.schema) && target.schema.$recursiveAnchor === true) {
      const chain: string[] = [];
      for (let s: Scope | null = current.scope; s !== null; s = s.parent) chain.push(s.uri);
      for (let i = chain.length - 1; i >= 0; i--) {
        const uri = chain[i] as string;
        if (this.registry.hasRecursiveAnchor(uri)) {
          const found = this.registry.lookup(uri);
          if (found !== undefined) return this.node(found.schema, found.loc, current.scope);
        }
      }
    }
    return this.node(target.schema, target.loc, current.scope);
  }

  private expandConj(conj: readonly Node[], rng: Rng): Expansion {
    if (conj.length === 1) {
      const only = conj[0] as Node;
      if (only.staticExpansion) {
        if (only.staticExpansion.impossible) throw new Unsat(only.loc.displayPointer, 'schema is false: no value is valid here', true);
        return only.staticExpansion;
      }
      if (only.staticExpansion === undefined && isPlain(only.schema)) {
        if (only.schema === false) {
          only.staticExpansion = { atoms: [], negatives: [], impossible: true };
          throw new Unsat(only.loc.displayPointer, 'schema is false: no value is valid here', true);
        }
        only.staticExpansion = only.schema === true ? NO_EXPANSION : { atoms: [only], negatives: [] };
        return only.staticExpansion;
      }
    }
    const atoms: Node[] = [];
    const negatives: Node[] = [];
    const seen = new Set<number>();
    let random = false;
    for (const n of conj) random = this.expandInto(n, rng, atoms, negatives, seen) || random;
    const expansion = { atoms, negatives };
    if (conj.length === 1) (conj[0] as Node).staticExpansion = random ? null : expansion;
    return expansion;
  }

  // ---------------------------------------------------------------- generation with retries

  private genConj(conj: readonly Node[], rng: Rng, ctx: Ctx, extraNegatives: readonly Node[] | undefined): JsonValue {
    let last: Unsat | undefined;
    let firstAttempt = 0;
    if (conj.length === 1 && extraNegatives === undefined) {
      // Same draws as attempt 0 of the loop below (a static expansion consumes none), so rows do not depend
      // on whether this shortcut was already known when they were generated.
      const fastPlan = (conj[0] as Node).fastPlan;
      if (fastPlan !== undefined) {
        this.budget--;
        this.rowValues++;
        try {
          return this.genPlan(fastPlan, rng, ctx);
        } catch (error) {
          if (!(error instanceof Unsat) || error.definite) throw error;
          last = error;
          firstAttempt = 1;
        }
      }
    }
    for (let attempt = firstAttempt; attempt < MAX_ATTEMPTS; attempt++) {
      if (--this.budget < 0) throw last ?? new Unsat(conj[0]?.loc.displayPointer ?? '', 'generation budget exhausted');
      this.rowValues++;
      const stream = attempt === 0 ? rng : rng.forkIndex(0x40000000 + attempt);
      try {
        const expansion = this.expandConj(conj, stream);
        const plan = this.planFor(expansion);
        const value = this.genPlan(plan, stream, ctx);
        if (plan.negatives.length > 0 && this.matchesAny(plan.negatives, value)) {
          throw new Unsat(plan.pointer, 'value matched a schema it must not match (not / oneOf / if)');
        }
        if (extraNegatives !== undefined && this.matchesAny(extraNegatives, value)) {
          throw new Unsat(plan.pointer, 'value matched a schema it must not match (maxContains)');
        }
        if (attempt === 0 && conj.length === 1 && plan.negatives.length === 0 && (conj[0] as Node).staticExpansion)
          (conj[0] as Node).fastPlan = plan;
        return value;
      } catch (error) {
        if (!(error instanceof Unsat)) throw error;
        last = error;
        // A definite failure of a fixed conjunction cannot change on retry; one reached through a random branch can.
        if (error.definite && conj.length === 1 && conj[0]?.staticExpansion) throw error;
      }
    }
    const failure = last as Unsat;
    return failure.definite ? this.fail(new Unsat(failure.pointer, failure.message)) : this.fail(failure);
  }

  private fail(error: Unsat): never {
    throw error;
  }

  private validatorFor(node: Node): ValidateFunction | null {
    let validator = this.validators.get(node.id);
    if (validator !== undefined) return validator;
    validator = null;
    if (typeof node.schema === 'object') {
      try {
        validator = this.ajv.getSchema(`${node.loc.resourceUri}#${pointerFragment(node.loc.pointer)}`) ?? null;
      } catch {
        validator = null;
      }
      if (validator === null) {
        try {
          validator = this.ajv.compile(node.schema);
        } catch {
          validator = null;
        }
      }
    }
    this.validators.set(node.id, validator);
    return validator;
  }

  private matches(node: Node, value: JsonValue): boolean {
    if (node.schema === true) return true;
    if (node.schema === false) return false;
    const validator = this.validatorFor(node);
    if (validator === null) return false;
    try {
      return validator(value) === true;
    } catch {
      // Ajv can overflow on some $dynamicRef cycles; treat an unjudgeable negative as not matching.
      return false;
    }
  }

  private matchesAny(nodes: readonly Node[], value: JsonValue): boolean {
    for (const n of nodes) if (this.matches(n, value)) return true;
    return false;
  }

  // ---------------------------------------------------------------- plans

  private planFor(expansion: Expansion): Plan {
    if (expansion.plan !== undefined) return expansion.plan;
    let key = '';
    for (const a of expansion.atoms) key += `${a.id},`;
    key += '!';
    for (const n of expansion.negatives) key += `${n.id},`;
    let plan = this.plans.get(key);
    if (plan === undefined) {
      plan = this.buildPlan(key, expansion);
      this.plans.set(key, plan);
    }
    expansion.plan = plan;
    return plan;
  }

  private buildPlan(key: string, expansion: Expansion): Plan {
    const atoms = expansion.atoms;
    const objects = atoms.map((a) => a.schema as JsonSchemaObject);
    const pointer = atoms[0]?.loc.displayPointer ?? expansion.negatives[0]?.loc.displayPointer ?? '';
    let allowed = new Set<TypeName>(ALL_TYPES);
    let declared = false;
    for (const s of objects) {
      const t = typeSet(s.type);
      if (t === undefined) continue;
      declared = true;
      allowed = new Set([...allowed].filter((x) => t.has(x)));
    }
    for (const neg of expansion.negatives) {
      const s = neg.schema;
      if (s === true) throw new Unsat(neg.loc.displayPointer, 'not: {} (or true) excludes every value', true);
      if (isPlainObject(s)) {
        const meaningful = Object.keys(s).filter((k) => !['$schema', '$id', 'id', 'description', 'title', '$comment'].includes(k));
        if (meaningful.length === 1 && meaningful[0] === 'type') {
          const t = typeSet(s.type);
          if (t !== undefined) allowed = new Set([...allowed].filter((x) => !t.has(x) || (x === 'number' && !t.has('number'))));
        }
      }
    }

    let enumValues: JsonValue[] | undefined;
    let enumWeights: number[] | undefined;
    for (const s of objects) {
      let list: JsonValue[] | undefined;
      if ('const' in s) list = [s.const as JsonValue];
      else if (Array.isArray(s.enum)) list = s.enum as JsonValue[];
      if (list === undefined) continue;
      if (enumValues === undefined) {
        enumValues = list.slice();
        const weights = s['x-weights'];
        if (Array.isArray(weights) && weights.length === list.length && weights.every((w) => typeof w === 'number' && w >= 0)) {
          enumWeights = weights as number[];
        }
      } else {
        const keys = new Set(list.map((v) => canonicalJson(v)));
        const kept = enumValues.map((v, i) => [v, i] as const).filter(([v]) => keys.has(canonicalJson(v)));
        if (enumWeights) enumWeights = kept.map(([, i]) => (enumWeights as number[])[i] as number);
        enumValues = kept.map(([v]) => v);
      }
    }
    if (enumValues !== undefined) {
      const keep: boolean[] = enumValues.map((v) => {
        const t = jsonTypeOf(v);
        if (!(allowed.has(t) || (t === 'integer' && allowed.has('number')))) return false;
        if (
          atoms.length > 1 ||
          hasAny(objects[0] as JsonSchemaObject, [...OBJECT_KEYWORDS, ...ARRAY_KEYWORDS, ...STRING_KEYWORDS, ...NUMBER_KEYWORDS])
        ) {
          for (const a of atoms) {
            const validator = this.validatorFor(a);
            if (validator !== null && !validator(v)) return false;
          }
        }
        for (const n of expansion.negatives) if (this.matches(n, v)) return false;
        return true;
      });
      if (enumWeights) enumWeights = enumWeights.filter((_, i) => keep[i]);
      enumValues = enumValues.filter((_, i) => keep[i]);
      if (enumValues.length === 0) throw new Unsat(pointer, 'no enum/const value satisfies the other constraints here', true);
    }

    let types: TypeName[];
    let typeWeights: number[];
    if (!declared && enumValues === undefined) {
      // No declared type: the keywords present say what the author had in mind.
      const implied = new Set<TypeName>();
      for (const s of objects) {
        if (hasAny(s, OBJECT_KEYWORDS)) implied.add('object');
        if (hasAny(s, ARRAY_KEYWORDS)) implied.add('array');
        if (hasAny(s, STRING_KEYWORDS)) implied.add('string');
        if (hasAny(s, NUMBER_KEYWORDS)) {
          implied.add('number');
          implied.add('integer');
        }
      }
      const candidates = implied.size > 0 ? [...implied].filter((t) => allowed.has(t)) : [];
      if (candidates.length > 0) {
        // Implied types are preferred, not required: the others stay reachable when the implied one is impossible.
        types = [...allowed];
        typeWeights = types.map((t) => (candidates.includes(t) ? (t === 'integer' ? 0.5 : 1) : 0.001));
      } else {
        types = [...allowed];
        const weightOf: Record<TypeName, number> = { string: 4, integer: 3, number: 1, boolean: 1, null: 0.5, object: 0.5, array: 0.5 };
        typeWeights = types.map((t) => weightOf[t]);
      }
    } else {
      types = [...allowed];
      let nullRate: number | undefined;
      for (const s of objects) if (typeof s['x-nullRate'] === 'number') nullRate = s['x-nullRate'];
      const others = types.filter((t) => t !== 'null').length;
      typeWeights = types.map((t) => {
        if (t === 'null') return others === 0 ? 1 : ((nullRate ?? 0.1) * others) / Math.max(1e-9, 1 - (nullRate ?? 0.1));
        // "number" admits integers too; a measurement-like value should usually have decimals.
        if (t === 'integer' && types.includes('number')) return 0.1;
        return 1;
      });
    }
    if (types.length === 0 && enumValues === undefined) {
      throw new Unsat(
        pointer,
        `no type satisfies every "type" here (${objects
          .map((s) => JSON.stringify(s.type))
          .filter((t) => t !== undefined)
          .join(' ∩ ')})`,
        true,
      );
    }
    const unique = objects.some((s) => s['x-unique'] === true);
    return { key, atoms, negatives: expansion.negatives, pointer, types, typeWeights, enumValues, enumWeights, unique };
  }

  private genPlan(plan: Plan, rng: Rng, ctx: Ctx): JsonValue {
    if (plan.enumValues !== undefined) {
      const values = plan.enumValues;
      if (plan.unique && !ctx.inArray) return values[this.uniqueIndex(plan, values.length, rng, ctx)] as JsonValue;
      return values[plan.enumWeights ? rng.weightedIndex(plan.enumWeights) : rng.below(values.length)] as JsonValue;
    }
    if (plan.types.length === 1) return this.genTyped(plan, plan.types[0] as TypeName, rng, ctx);
    // A type that fails definitely (e.g. arrays under `contains: false`) is excluded for this value only:
    // remembering it across rows would make a row depend on the rows generated before it.
    let weights = plan.typeWeights;
    for (;;) {
      const type = plan.types[rng.weightedIndex(weights)] as TypeName;
      try {
        return this.genTyped(plan, type, rng, ctx);
      } catch (error) {
        if (!(error instanceof Unsat) || !error.definite) throw error;
        weights = weights.map((w, i) => (plan.types[i] === type ? 0 : w));
        if (!weights.some((w) => w > 0)) throw error;
      }
    }
  }

  private genTyped(plan: Plan, type: TypeName, rng: Rng, ctx: Ctx): JsonValue {
    switch (type) {
      case 'null':
        return null;
      case 'boolean':
        return rng.bool();
      case 'integer':
        return this.genNumber(plan, rng, ctx, true);
      case 'number':
        return this.genNumber(plan, rng, ctx, false);
      case 'string':
        return this.genString(plan, rng, ctx);
      case 'array':
        return this.genArray(plan, rng, ctx);
      case 'object':
        return this.genObject(plan, rng, ctx, new Set());
    }
  }

  private uniqueIndex(plan: Plan, size: number, _rng: Rng, ctx: Ctx): number {
    if (ctx.rowIndex >= size) {
      throw new SdgError(
        'SDG_ERR_UNSATISFIABLE',
        `x-unique: only ${size} distinct values exist here but row ${ctx.rowIndex} needs one more`,
        {
          pointer: plan.pointer,
          hint: 'widen the value space (bounds, enum, maxLength) or generate fewer rows',
        },
      );
    }
    if (plan.permutation === undefined || plan.permutation.size !== size) {
      plan.permutation = new KeyedPermutation(size, hashString(plan.pointer, this.seedSalt));
    }
    return plan.permutation.apply(ctx.rowIndex);
  }

  // ---------------------------------------------------------------- numbers

  private numberPlan(plan: Plan): NumberPlan {
    if (plan.number) return plan.number;
    let lo = -Infinity;
    let hi = Infinity;
    let loExclusive = false;
    let hiExclusive = false;
    const divisors: number[] = [];
    let distribution: Distribution | undefined;
    let distributionSpec: unknown;
    let distributionPointer = plan.pointer;
    const raiseLo = (value: number, exclusive: boolean): void => {
      if (value > lo || (value === lo && exclusive)) {
        lo = value;
        loExclusive = exclusive;
      }
    };
    const lowerHi = (value: number, exclusive: boolean): void => {
      if (value < hi || (value === hi && exclusive)) {
        hi = value;
        hiExclusive = exclusive;
      }
    };
    for (const atom of plan.atoms) {
      const s = atom.schema as JsonSchemaObject;
      const minimum = asNumber(s.minimum);
      const maximum = asNumber(s.maximum);
      if (typeof s.exclusiveMinimum === 'boolean') {
        if (minimum !== undefined) raiseLo(minimum, s.exclusiveMinimum);
      } else {
        if (minimum !== undefined) raiseLo(minimum, false);
        const exMin = asNumber(s.exclusiveMinimum);
        if (exMin !== undefined) raiseLo(exMin, true);
      }
      if (typeof s.exclusiveMaximum === 'boolean') {
        if (maximum !== undefined) lowerHi(maximum, s.exclusiveMaximum);
      } else {
        if (maximum !== undefined) lowerHi(maximum, false);
        const exMax = asNumber(s.exclusiveMaximum);
        if (exMax !== undefined) lowerHi(exMax, true);
      }
      const m = asNumber(s.multipleOf);
      if (m !== undefined && m > 0) divisors.push(m);
      if (s['x-distribution'] !== undefined) {
        distributionSpec = s['x-distribution'];
        distributionPointer = `${atom.loc.displayPointer}/x-distribution`;
      }
    }
    const hasBounds = Number.isFinite(lo) || Number.isFinite(hi) || divisors.length > 0;
    if (distributionSpec !== undefined)
      distribution = makeDistribution(parseDistribution(distributionSpec, distributionPointer), lo, hi, distributionPointer);
    plan.number = {
      lo,
      hi,
      loExclusive,
      hiExclusive,
      divisors,
      distribution,
      hasBounds,
      gridNumber: gridFor(divisors, false),
      gridInteger: gridFor(divisors, true),
    };
    return plan.number;
  }

  private genNumber(plan: Plan, rng: Rng, ctx: Ctx, integer: boolean): number {
    const np = this.numberPlan(plan);
    if (!np.hasBounds && np.distribution === undefined && ctx.propertyName !== undefined && ctx.uniform === undefined && !plan.unique) {
      const semantic = this.semanticFor(plan, ctx.propertyName, integer ? 'integer' : 'number');
      if (semantic !== undefined) {
        const v = semantic(rng);
        if (typeof v === 'number' && Number.isFinite(v) && (!integer || Number.isInteger(v))) return v;
      }
    }
    const faker = this.stringPlan(plan).faker;
    if (faker !== undefined) {
      const v = faker(rng);
      if (typeof v === 'number' && this.numberFits(np, v, integer)) return v;
    }
    const grid = integer ? np.gridInteger : np.gridNumber;
    let lo = np.lo;
    let hi = np.hi;
    if (plan.unique && !ctx.inArray && !Number.isFinite(hi)) hi = (Number.isFinite(lo) ? lo : 0) + 2 ** 31;
    const defaultSpan = Math.max(1000, grid ? (100 * grid.numerator) / grid.scale : 0);
    if (!Number.isFinite(lo) && !Number.isFinite(hi)) {
      lo = 0;
      hi = defaultSpan;
    } else if (!Number.isFinite(lo)) lo = hi - defaultSpan;
    else if (!Number.isFinite(hi)) hi = lo + defaultSpan;
    if (lo > hi || (lo === hi && (np.loExclusive || np.hiExclusive))) {
      throw new Unsat(
        plan.pointer,
        `no number lies between the bounds (${np.lo}${np.loExclusive ? ' exclusive' : ''} … ${np.hi}${np.hiExclusive ? ' exclusive' : ''})`,
        true,
      );
    }
    if (grid !== undefined) return this.genOnGrid(plan, np, grid, lo, hi, rng, ctx, integer);
    // Continuous: quantile of a uniform (or of the copula's correlated uniform).
    let u = ctx.uniform ?? rng.float();
    if (plan.unique && !ctx.inArray) u = this.uniqueIndex(plan, 2 ** 31, rng, ctx) / 2 ** 31;
    let x: number;
    const dist = np.distribution;
    if (dist !== undefined) {
      const fLo = Number.isFinite(np.lo) ? dist.cdf(lo) : 0;
      const fHi = Number.isFinite(np.hi) ? dist.cdf(hi) : 1;
      x = dist.quantile(fLo + u * (fHi - fLo));
      if (!Number.isFinite(x)) x = lo + u * (hi - lo);
    } else {
      x = lo + u * (hi - lo);
    }
    // Two decimals read like real measurements; keep full precision when rounding would break a bound.
    const rounded = Math.round(x * 100) / 100;
    if (this.numberFits(np, rounded, false)) return rounded;
    if (this.numberFits(np, x, false)) return x;
    const mid = lo + (hi - lo) / 2;
    if (this.numberFits(np, mid, false)) return mid;
    throw new Unsat(plan.pointer, 'no number fits the bounds');
  }

  private numberFits(np: NumberPlan, v: number, integer: boolean): boolean {
    if (!Number.isFinite(v)) return false;
    if (integer && !Number.isInteger(v)) return false;
    if (v < np.lo || (v === np.lo && np.loExclusive)) return false;
    if (v > np.hi || (v === np.hi && np.hiExclusive)) return false;
    for (const d of np.divisors) if (!ajvMultipleOf(v, d)) return false;
    return true;
  }

  private genOnGrid(plan: Plan, np: NumberPlan, grid: Grid, lo: number, hi: number, rng: Rng, ctx: Ctx, integer: boolean): number {
    const step = grid.numerator / grid.scale;
    let kLo = Math.ceil(lo / step);
    let kHi = Math.floor(hi / step);
    if (gridValue(kLo, grid) < lo || (np.loExclusive && gridValue(kLo, grid) <= np.lo)) kLo++;
    if (gridValue(kHi, grid) > hi || (np.hiExclusive && gridValue(kHi, grid) >= np.hi)) kHi--;
    if (kLo > kHi)
      throw new Unsat(
        plan.pointer,
        `no multiple of ${np.divisors.join(', ')}${integer ? ' (integer)' : ''} lies between ${np.lo} and ${np.hi}`,
        true,
      );
    let k: number;
    if (plan.unique && !ctx.inArray && kHi - kLo + 1 <= Number.MAX_SAFE_INTEGER) {
      k = kLo + this.uniqueIndex(plan, kHi - kLo + 1, rng, ctx);
    } else {
      const u = ctx.uniform ?? rng.float();
      const dist = np.distribution;
      let x: number;
      if (dist !== undefined) {
        // A discrete law's mass at the lower bound itself must stay in: truncate at P(X < lo), not P(X ≤ lo).
        const fLo = Number.isFinite(np.lo) ? dist.cdf(dist.discrete ? gridValue(kLo, grid) - step : lo) : 0;
        const fHi = Number.isFinite(np.hi) ? dist.cdf(hi) : 1;
        x = dist.quantile(fLo + u * (fHi - fLo));
        k = Number.isFinite(x) ? Math.round(x / step) : kLo;
      } else if (kHi - kLo < 2 ** 32 && ctx.uniform === undefined) {
        k = rng.int(kLo, kHi);
      } else {
        k = kLo + Math.floor(u * (kHi - kLo + 1));
      }
      k = Math.min(kHi, Math.max(kLo, k));
    }
    const first = gridValue(k, grid);
    if (this.numberFits(np, first, integer)) return first;
    return this.settleOnGrid(plan, np, grid, k, kLo, kHi, integer);
  }

  /** Ajv checks multipleOf by division and some grid points fail it in floating point: walk to a neighbour of k. */
  private settleOnGrid(plan: Plan, np: NumberPlan, grid: Grid, k: number, kLo: number, kHi: number, integer: boolean): number {
    const places = Math.min(20, Math.max(0, Math.round(Math.log10(grid.scale))));
    for (let i = 0; i < 128; i++) {
      const candidateK = i % 2 === 0 ? k + (i >> 1) : k - ((i + 1) >> 1);
      if (candidateK < kLo || candidateK > kHi) continue;
      const exact = gridValue(candidateK, grid);
      if (this.numberFits(np, exact, integer)) return exact;
      // Below 2^52 the numerator is exact and the division correctly rounded, so toFixed gives back the same
      // number: only larger grid points can round differently.
      if (Math.abs(candidateK * grid.numerator) < 2 ** 52) continue;
      const rounded = Number(exact.toFixed(places));
      if (this.numberFits(np, rounded, integer)) return rounded;
    }
    throw new Unsat(plan.pointer, `no value satisfies multipleOf ${np.divisors.join(', ')} exactly in floating point`);
  }

  // ---------------------------------------------------------------- strings

  private stringPlan(plan: Plan): StringPlan {
    if (plan.string) return plan.string;
    let minLength = 0;
    let maxLength = Infinity;
    const patterns: PatternGenerator[] = [];
    const regexes: RegExp[] = [];
    let format: string | undefined;
    const formats: string[] = [];
    let faker: SemanticGenerator | undefined;
    for (const atom of plan.atoms) {
      const s = atom.schema as JsonSchemaObject;
      const min = asNumber(s.minLength);
      const max = asNumber(s.maxLength);
      if (min !== undefined) minLength = Math.max(minLength, min);
      if (max !== undefined) maxLength = Math.min(maxLength, max);
      if (typeof s.pattern === 'string') {
        patterns.push(this.pattern(s.pattern));
        regexes.push(new RegExp(s.pattern, 'u'));
      }
      if (typeof s.format === 'string') {
        formats.push(s.format);
        if (formatGenerators[s.format] !== undefined) format ??= s.format;
      }
      const fakerKeyword = s['x-faker'] ?? s.faker;
      if (fakerKeyword !== undefined && faker === undefined) {
        const keywordName = s['x-faker'] !== undefined ? 'x-faker' : 'faker';
        const parsed = parseFakerKeyword(fakerKeyword, `${atom.loc.displayPointer}/${keywordName}`);
        faker = fakerGenerator(parsed.path, parsed.args);
      }
    }
    const fakerFormatFits = faker !== undefined && formats.length > 0 ? this.formatCheck(formats) : undefined;
    plan.string = { minLength, maxLength, patterns, regexes, format, faker, fakerFormatFits };
    return plan.string;
  }

  /** All of the formats' checks as the validator applies them (a format it does not assert accepts anything). */
  private formatCheck(formats: readonly string[]): ((text: string) => boolean) | undefined {
    const checks = formats.flatMap((format) => formatCheck(this.registry.draft, format) ?? []);
    if (checks.length === 0) return undefined;
    if (checks.length === 1) return checks[0];
    return (text) => checks.every((check) => check(text));
  }

  private pattern(source: string): PatternGenerator {
    let compiled = this.patterns.get(source);
    if (compiled === undefined) {
      compiled = compilePattern(source);
      this.patterns.set(source, compiled);
    }
    return compiled;
  }

  private semanticFor(plan: Plan, name: string, type: 'string' | 'integer' | 'number'): SemanticGenerator | undefined {
    if (plan.lastSemanticName === name && plan.lastSemanticType === type) return plan.lastSemantic ?? undefined;
    plan.semantic ??= new Map();
    const key = `${type}:${name}`;
    let found = plan.semantic.get(key);
    if (found === undefined) {
      found = semanticForName(name, type) ?? null;
      plan.semantic.set(key, found);
    }
    plan.lastSemanticName = name;
    plan.lastSemanticType = type;
    plan.lastSemantic = found;
    return found ?? undefined;
  }

  private stringFits(sp: StringPlan, text: string, skipFirstPattern = false): boolean {
    // Code points lie between length/2 and length: count them only when that range straddles a bound.
    const units = text.length;
    if (units > sp.maxLength || units / 2 < sp.minLength) {
      const length = codePointLength(text);
      if (length < sp.minLength || length > sp.maxLength) return false;
    }
    for (let i = skipFirstPattern ? 1 : 0; i < sp.regexes.length; i++) if (!(sp.regexes[i] as RegExp).test(text)) return false;
    return true;
  }

  private genString(plan: Plan, rng: Rng, ctx: Ctx): string {
    const sp = this.stringPlan(plan);
    if (sp.minLength > sp.maxLength) throw new Unsat(plan.pointer, `minLength ${sp.minLength} > maxLength ${sp.maxLength}`, true);
    const value = this.genStringCandidate(plan, sp, rng, ctx);
    if (plan.unique && !ctx.inArray) return this.makeUniqueString(plan, sp, value, rng, ctx);
    return value;
  }

  private genStringCandidate(plan: Plan, sp: StringPlan, rng: Rng, ctx: Ctx): string {
    const maxLength = Number.isFinite(sp.maxLength) ? sp.maxLength : undefined;
    if (sp.faker !== undefined) {
      const v = sp.faker(rng);
      const text = typeof v === 'string' ? v : String(v);
      // A value the format rejects goes the way of one that is too long: the format's generator takes over,
      // drawing on from the same stream, so the row stays a function of its index.
      if (this.stringFits(sp, text) && (sp.fakerFormatFits === undefined || sp.fakerFormatFits(text))) return text;
    }
    if (sp.format !== undefined) {
      const generator = formatGenerators[sp.format];
      if (generator !== undefined) {
        for (let i = 0; i < 4; i++) {
          const text = generator(i === 0 ? rng : rng.forkIndex(i), sp.minLength, maxLength);
          if (this.stringFits(sp, text)) return text;
        }
        throw new Unsat(plan.pointer, `could not generate a "${sp.format}" string within the length bounds`);
      }
    }
    if (sp.patterns.length > 0) {
      const first = sp.patterns[0] as PatternGenerator;
      for (let i = 0; i < 6; i++) {
        const text = first.generate(i === 0 ? rng : rng.forkIndex(i), sp.minLength, maxLength);
        if (text !== undefined && this.stringFits(sp, text, first.exact)) return text;
      }
      throw new Unsat(
        plan.pointer,
        `could not generate a string matching ${sp.patterns.map((p) => `/${p.source}/`).join(' and ')} within the length bounds`,
      );
    }
    if (ctx.propertyName !== undefined) {
      const semantic = this.semanticFor(plan, ctx.propertyName, 'string');
      if (semantic !== undefined) {
        const v = semantic(rng);
        const text = typeof v === 'string' ? v : String(v);
        if (this.stringFits(sp, text)) return text;
      }
    }
    const hiLen = Number.isFinite(sp.maxLength) ? Math.min(sp.maxLength, Math.max(sp.minLength, 12) + 4) : Math.max(sp.minLength, 4) + 8;
    const loLen = Math.min(hiLen, Math.max(sp.minLength, Math.min(4, hiLen)));
    return wordOfLength(rng, rng.int(loLen, hiLen));
  }

  private makeUniqueString(plan: Plan, sp: StringPlan, base: string, rng: Rng, ctx: Ctx): string {
    // The permuted row index, in base 36 and fixed width, replaces the tail of the value: distinct by construction.
    const width = 7; // 36^7 ≈ 7.8e10 distinct values
    const index = this.uniqueIndex(plan, 36 ** 6 * 36, rng, ctx);
    const code = index.toString(36).padStart(width, '0');
    if (sp.patterns.length > 0) {
      throw new SdgError('SDG_ERR_UNSUPPORTED', 'x-unique is not supported together with pattern', {
        pointer: plan.pointer,
        hint: 'drop x-unique (a pattern with enough random characters is unique in practice) or drop the pattern',
      });
    }
    if (sp.format === 'uuid') {
      const hex = index.toString(16).padStart(12, '0');
      return `${base.slice(0, 24)}${hex}`;
    }
    if (sp.format === 'email') {
      const at = base.indexOf('@');
      const candidate = `${base.slice(0, at)}.${code}${base.slice(at)}`;
      if (this.stringFits(sp, candidate)) return candidate;
    }
    if (sp.format === undefined) {
      const candidate =
        sp.maxLength >= base.length + width + 1 ? `${base}-${code}` : `${base.slice(0, Math.max(0, sp.maxLength - width))}${code}`;
      if (this.stringFits(sp, candidate)) return candidate;
      if (this.stringFits(sp, code)) return code;
    }
    throw new SdgError('SDG_ERR_UNSUPPORTED', `x-unique cannot be guaranteed for this string${sp.format ? ` (format ${sp.format})` : ''}`, {
      pointer: plan.pointer,
      hint: 'x-unique strings need room for a 7-character code (maxLength ≥ 7) and no pattern; formats uuid and email are supported',
    });
  }

  // ---------------------------------------------------------------- arrays

  private arrayPlan(plan: Plan): ArrayPlan {
    if (plan.array) return plan.array;
    const atoms: ArrayAtom[] = [];
    let minItems = 0;
    let maxItems = Infinity;
    let unique = false;
    for (const atom of plan.atoms) {
      const s = atom.schema as JsonSchemaObject;
      const draft = atom.loc.draft;
      const min = asNumber(s.minItems);
      const max = asNumber(s.maxItems);
      if (min !== undefined) minItems = Math.max(minItems, min);
      if (max !== undefined) maxItems = Math.min(maxItems, max);
      if (s.uniqueItems === true) unique = true;
      let prefix: Node[] = [];
      let restSchema: unknown;
      let restKeyword = '';
      if (draft === '2020-12') {
        if (Array.isArray(s.prefixItems)) prefix = s.prefixItems.map((sub, i) => this.child(atom, sub, 'prefixItems', i));
        if ('items' in s && !Array.isArray(s.items)) {
          restSchema = s.items;
          restKeyword = 'items';
        }
      } else if (Array.isArray(s.items)) {
        prefix = s.items.map((sub, i) => this.child(atom, sub, 'items', i));
        if ('additionalItems' in s) {
          restSchema = s.additionalItems;
          restKeyword = 'additionalItems';
        }
      } else if ('items' in s) {
        restSchema = s.items;
        restKeyword = 'items';
      }
      const hasContains = 'contains' in s && draft !== 'draft4';
      const minContainsRaw = draft === '2019-09' || draft === '2020-12' ? asNumber(s.minContains) : undefined;
      const maxContainsRaw = draft === '2019-09' || draft === '2020-12' ? asNumber(s.maxContains) : undefined;
      const hasUnevaluated = 'unevaluatedItems' in s && (draft === '2019-09' || draft === '2020-12');
      atoms.push({
        prefix,
        rest: restSchema === undefined || restSchema === false ? undefined : this.child(atom, restSchema, restKeyword),
        restFalse: restSchema === false,
        contains: hasContains ? this.child(atom, s.contains, 'contains') : undefined,
        minContains: hasContains ? (minContainsRaw ?? 1) : 0,
        maxContains: hasContains ? (maxContainsRaw ?? Infinity) : Infinity,
        unevaluated: hasUnevaluated && s.unevaluatedItems !== false ? this.child(atom, s.unevaluatedItems, 'unevaluatedItems') : undefined,
        unevaluatedFalse: hasUnevaluated && s.unevaluatedItems === false,
      });
    }
    plan.array = { atoms, minItems, maxItems, unique };
    return plan.array;
  }

  private genArray(plan: Plan, rng: Rng, ctx: Ctx): JsonValue[] {
    const ap = this.arrayPlan(plan);
    let maxLen = ap.maxItems;
    const anyRest = ap.atoms.some((a) => a.rest !== undefined);
    let longestPrefix = 0;
    for (const a of ap.atoms) {
      longestPrefix = Math.max(longestPrefix, a.prefix.length);
      if (a.restFalse) maxLen = Math.min(maxLen, a.prefix.length);
    }
    if (!anyRest && ap.atoms.some((a) => a.unevaluatedFalse)) {
      const containsAny = ap.atoms.some((a) => a.contains !== undefined);
      if (!containsAny) maxLen = Math.min(maxLen, longestPrefix);
    }
    let containsNeeded = 0;
    for (const a of ap.atoms) containsNeeded = Math.max(containsNeeded, a.minContains);
    const minLen = Math.max(ap.minItems, containsNeeded);
    if (minLen > maxLen) throw new Unsat(plan.pointer, `array needs at least ${minLen} items but at most ${maxLen} are allowed`, true);
    const deep = ctx.depth >= this.softDepth || this.rowValues > SOFT_ROW_VALUES;
    const spread = deep ? 0 : Math.min(maxLen - minLen, minLen === 0 ? 4 : 3);
    const length = minLen + (spread > 0 ? rng.int(0, spread) : 0);

    // Positions that must hold `contains` matches; the rest must not match a bounded contains.
    const containsAt: Node[][] = Array.from({ length }, () => []);
    const avoidAt: Node[][] = Array.from({ length }, () => []);
    for (const a of ap.atoms) {
      if (a.contains === undefined) continue;
      const want = Math.min(
        length,
        a.maxContains === Infinity
          ? Math.max(a.minContains, rng.int(a.minContains, Math.max(a.minContains, Math.min(length, a.minContains + 1))))
          : a.minContains +
              (a.maxContains > a.minContains && length > a.minContains ? rng.int(0, Math.min(a.maxContains, length) - a.minContains) : 0),
      );
      const order = rng.shuffle(Array.from({ length }, (_, i) => i));
      order.forEach((position, rank) => {
        if (rank < want) containsAt[position]!.push(a.contains as Node);
        else if (a.maxContains !== Infinity) avoidAt[position]!.push(a.contains as Node);
      });
    }
    const out: JsonValue[] = [];
    const seen = ap.unique ? new Set<string>() : undefined;
    for (let i = 0; i < length; i++) {
      const conj: Node[] = [];
      for (const a of ap.atoms) {
        if (i < a.prefix.length) conj.push(a.prefix[i] as Node);
        else if (a.rest !== undefined) conj.push(a.rest);
        else if (a.unevaluated !== undefined && i >= a.prefix.length) conj.push(a.unevaluated);
      }
      conj.push(...(containsAt[i] as Node[]));
      const avoid = (avoidAt[i] as Node[]).length > 0 ? (avoidAt[i] as Node[]) : undefined;
      const itemRng = rng.forkIndex(i);
      const itemCtx: Ctx = { depth: ctx.depth + 1, propertyName: ctx.propertyName, rowIndex: ctx.rowIndex, inArray: true };
      let item: JsonValue | undefined;
      for (let attempt = 0; attempt < (seen ? 24 : 1); attempt++) {
        const candidate = this.genConj(
          conj.length > 0 ? conj : [this.anyNode(plan)],
          attempt === 0 ? itemRng : itemRng.forkIndex(0x20000000 + attempt),
          itemCtx,
          avoid,
        );
        if (seen === undefined) {
          item = candidate;
          break;
        }
        const key = canonicalJson(candidate);
        if (!seen.has(key)) {
          seen.add(key);
          item = candidate;
          break;
        }
      }
      if (item === undefined) throw new Unsat(plan.pointer, 'could not find enough distinct items for uniqueItems');
      out.push(item);
    }
    return out;
  }

  private anyNode(plan: Plan): Node {
    const parent = plan.atoms[0];
    if (parent === undefined) return this.root.schema === true ? this.root : this.node(true, this.registry.rootLoc, this.root.scope);
    return this.node(true, parent.loc, parent.scope);
  }

  // ---------------------------------------------------------------- objects

  private objectPlan(plan: Plan): ObjectPlan {
    if (plan.object) return plan.object;
    const atoms: ObjectAtom[] = [];
    const declared: string[] = [];
    const declaredSet = new Set<string>();
    const required = new Set<string>();
    let minProperties = 0;
    let maxProperties = Infinity;
    const propertyNames: Node[] = [];
    const dependentRequired = new Map<string, string[]>();
    const dependentSchemas = new Map<string, Node[]>();
    let correlations: Copula | undefined;
    for (const atom of plan.atoms) {
      const s = atom.schema as JsonSchemaObject;
      const draft = atom.loc.draft;
      const properties = new Map<string, Node>();
      if (isPlainObject(s.properties)) {
        for (const [name, sub] of Object.entries(s.properties)) {
          properties.set(name, this.child(atom, sub, 'properties', name));
          if (!declaredSet.has(name)) {
            declaredSet.add(name);
            declared.push(name);
          }
        }
      }
      const patterns: Array<{ regex: RegExp; source: string; node: Node }> = [];
      if (isPlainObject(s.patternProperties)) {
        for (const [source, sub] of Object.entries(s.patternProperties)) {
          patterns.push({ regex: new RegExp(source, 'u'), source, node: this.child(atom, sub, 'patternProperties', source) });
        }
      }
      if (Array.isArray(s.required) && !(draft === 'draft4' && s.required.length === 0))
        for (const r of s.required) if (typeof r === 'string') required.add(r);
      const minP = asNumber(s.minProperties);
      const maxP = asNumber(s.maxProperties);
      if (minP !== undefined) minProperties = Math.max(minProperties, minP);
      if (maxP !== undefined) maxProperties = Math.min(maxProperties, maxP);
      if ('propertyNames' in s && draft !== 'draft4') propertyNames.push(this.child(atom, s.propertyNames, 'propertyNames'));
      const addDeps = (map: unknown, keyword: string): void => {
        if (!isPlainObject(map)) return;
        for (const [key, dep] of Object.entries(map)) {
          if (Array.isArray(dep)) {
            const list = dependentRequired.get(key) ?? [];
            for (const d of dep) if (typeof d === 'string') list.push(d);
            dependentRequired.set(key, list);
          } else if (typeof dep === 'boolean' || isPlainObject(dep)) {
            const list = dependentSchemas.get(key) ?? [];
            list.push(this.child(atom, dep, keyword, key));
            dependentSchemas.set(key, list);
          }
        }
      };
      if (draft === '2019-09' || draft === '2020-12') {
        addDeps(s.dependentRequired, 'dependentRequired');
        addDeps(s.dependentSchemas, 'dependentSchemas');
      } else {
        addDeps(s.dependencies, 'dependencies');
      }
      const hasUnevaluated = 'unevaluatedProperties' in s && (draft === '2019-09' || draft === '2020-12');
      atoms.push({
        node: atom,
        properties,
        patterns,
        additional:
          'additionalProperties' in s && s.additionalProperties !== false
            ? this.child(atom, s.additionalProperties, 'additionalProperties')
            : undefined,
        additionalFalse: s.additionalProperties === false,
        unevaluated:
          hasUnevaluated && s.unevaluatedProperties !== false
            ? this.child(atom, s.unevaluatedProperties, 'unevaluatedProperties')
            : undefined,
        unevaluatedFalse: hasUnevaluated && s.unevaluatedProperties === false,
      });
      if (s['x-correlations'] !== undefined && correlations === undefined) {
        correlations = parseCorrelations(s['x-correlations'], `${atom.loc.displayPointer}/x-correlations`);
      }
    }
    // Required names come first in the output only if they were declared; undeclared ones follow.
    for (const r of required) {
      if (!declaredSet.has(r)) {
        declaredSet.add(r);
        declared.push(r);
      }
    }
    plan.object = {
      atoms,
      declared,
      declaredHashes: declared.map((name) => hashString(name)),
      required: [...required],
      minProperties,
      maxProperties,
      propertyNames,
      dependentRequired,
      dependentSchemas,
      childConj: new Map(),
      allowedCache: new Map(),
      correlations,
    };
    return plan.object;
  }

  private isEvaluated(op: ObjectPlan, key: string): boolean {
    for (const a of op.atoms) {
      if (a.properties.has(key) || a.additional !== undefined) return true;
      for (const p of a.patterns) if (p.regex.test(key)) return true;
    }
    return false;
  }

  private keyAllowed(op: ObjectPlan, key: string): boolean {
    let allowed = op.allowedCache.get(key);
    if (allowed !== undefined) return allowed;
    allowed = true;
    let evaluated: boolean | undefined;
    for (const a of op.atoms) {
      if (a.properties.has(key)) {
        if (a.properties.get(key)?.schema === false) allowed = false;
        continue;
      }
      let matched = false;
      for (const p of a.patterns) {
        if (p.regex.test(key)) {
          matched = true;
          if (p.node.schema === false) allowed = false;
        }
      }
      if (!matched && a.additionalFalse) allowed = false;
      if (a.unevaluatedFalse) {
        evaluated ??= this.isEvaluated(op, key);
        if (!evaluated) allowed = false;
      }
    }
    if (allowed) for (const n of op.propertyNames) if (!this.matches(n, key)) allowed = false;
    op.allowedCache.set(key, allowed);
    return allowed;
  }

  private childConjFor(op: ObjectPlan, key: string): Node[] {
    let conj = op.childConj.get(key);
    if (conj !== undefined) return conj;
    conj = [];
    const evaluated = this.isEvaluated(op, key);
    for (const a of op.atoms) {
      const declaredNode = a.properties.get(key);
      let matched = false;
      if (declaredNode !== undefined) {
        conj.push(declaredNode);
        matched = true;
      }
      for (const p of a.patterns) {
        if (p.regex.test(key)) {
          conj.push(p.node);
          matched = true;
        }
      }
      if (!matched && a.additional !== undefined) conj.push(a.additional);
      if (!evaluated && a.unevaluated !== undefined) conj.push(a.unevaluated);
    }
    if (op.childConj.size < 10_000) op.childConj.set(key, conj);
    return conj;
  }

  private simpleObject(op: ObjectPlan): SimpleObject | null {
    if (op.simple !== undefined) return op.simple;
    const qualifies =
      op.dependentRequired.size === 0 &&
      op.dependentSchemas.size === 0 &&
      op.propertyNames.length === 0 &&
      op.minProperties === 0 &&
      op.maxProperties === Infinity &&
      op.correlations === undefined &&
      op.declared.length > 0 &&
      op.declared.every((key) => this.keyAllowed(op, key));
    op.simple = qualifies
      ? {
          keys: op.declared,
          required: op.declared.map((key) => op.required.includes(key)),
          conj: op.declared.map((key) => this.childConjFor(op, key)),
          hashes: op.declaredHashes,
        }
      : null;
    return op.simple;
  }

  private optionalProbabilityNow(): number {
    // Thin out optional content only once a row grows large (recursive schemas), not in ordinary rows.
    const excess = this.rowValues - SOFT_ROW_VALUES / 2;
    return excess <= 0 ? this.optionalProbability : this.optionalProbability * Math.max(0, 1 - excess / (SOFT_ROW_VALUES / 2));
  }

  private genSimpleObject(simple: SimpleObject, rng: Rng, ctx: Ctx, deep: boolean): { [key: string]: JsonValue } {
    const out: { [key: string]: JsonValue } = {};
    const probability = deep ? 0 : this.optionalProbabilityNow();
    const depth = ctx.depth + 1;
    for (let i = 0; i < simple.keys.length; i++) {
      const required = simple.required[i] as boolean;
      if (!required && (probability === 0 || !rng.bool(probability))) continue;
      const key = simple.keys[i] as string;
      const conj = simple.conj[i] as readonly Node[];
      const childRng = rng.forkHash(simple.hashes[i] as number);
      if (conj.length === 0) {
        out[key] = this.freeValue(childRng, key);
        continue;
      }
      const childCtx: Ctx = { depth, propertyName: key, rowIndex: ctx.rowIndex, inArray: ctx.inArray };
      if (required) {
        out[key] = this.genConj(conj, childRng, childCtx, undefined);
        continue;
      }
      try {
        out[key] = this.genConj(conj, childRng, childCtx, undefined);
      } catch (error) {
        if (!(error instanceof Unsat)) throw error;
      }
    }
    return out;
  }

  private genObject(plan: Plan, rng: Rng, ctx: Ctx, applied: Set<number>): { [key: string]: JsonValue } {
    const op = this.objectPlan(plan);
    const deep = ctx.depth >= this.softDepth || this.rowValues > SOFT_ROW_VALUES;
    const simple = this.simpleObject(op);
    if (simple !== null) return this.genSimpleObject(simple, rng, ctx, deep);
    const optionalProbability = this.optionalProbabilityNow();
    const keys: string[] = [];
    const present = new Set<string>();
    const add = (key: string): boolean => {
      if (present.has(key)) return true;
      if (!this.keyAllowed(op, key)) return false;
      present.add(key);
      keys.push(key);
      return true;
    };
    for (const r of op.required) {
      if (!add(r)) throw new Unsat(plan.pointer, `required property "${r}" is not allowed by additionalProperties/propertyNames`, true);
    }
    if (op.required.length > op.maxProperties)
      throw new Unsat(plan.pointer, `${op.required.length} required properties but maxProperties is ${op.maxProperties}`, true);
    const optional = op.declared.filter((name) => !present.has(name));
    let room = op.maxProperties - keys.length;
    const target = Math.max(op.minProperties, 0);
    for (const name of optional) {
      if (room <= 0) break;
      const want = deep ? keys.length < target : rng.bool(optionalProbability) || keys.length < target;
      if (!want) continue;
      const deps = op.dependentRequired.get(name) ?? [];
      const extra = deps.filter((d) => !present.has(d)).length;
      if (extra + 1 > room) continue;
      const node = this.childConjFor(op, name);
      if (node.length === 1 && node[0]?.schema === false) continue;
      if (add(name)) {
        room--;
        for (const d of deps) if (!present.has(d) && add(d)) room--;
      }
    }
    // Dependencies of what is present (transitively).
    for (let i = 0; i < keys.length; i++) {
      for (const d of op.dependentRequired.get(keys[i] as string) ?? []) {
        if (!add(d)) throw new Unsat(plan.pointer, `property "${keys[i]}" requires "${d}", which is not allowed`);
      }
    }
    // Fill up to minProperties with pattern-named, then freely named properties. A free-form object (nothing
    // declared, extras allowed) gets a few such properties too, so `{"type": "object"}` is not always `{}`.
    const dependencyTargets = new Set(keys.flatMap((k) => op.dependentRequired.get(k) ?? []));
    const optionalKeys = new Set(keys.filter((k) => !op.required.includes(k) && !dependencyTargets.has(k)));
    let fillTo = op.minProperties;
    const extrasAllowed = op.atoms.every((a) => !a.additionalFalse && !a.unevaluatedFalse);
    if (!deep && op.declared.length === 0 && extrasAllowed && keys.length < op.maxProperties && rng.bool(0.5)) {
      fillTo = Math.max(fillTo, Math.min(op.maxProperties, keys.length + rng.int(1, 3)));
    }
    const forcedCount = op.minProperties;
    let guard = 0;
    while (keys.length < fillTo && guard++ < 200) {
      let key: string | undefined;
      const patternSources = op.atoms.flatMap((a) => a.patterns);
      if (patternSources.length > 0 && rng.bool(0.7)) {
        const p = patternSources[rng.below(patternSources.length)] as (typeof patternSources)[number];
        key = this.pattern(p.source).generate(rng.forkIndex(guard)) ?? undefined;
      } else if (op.propertyNames.length > 0) {
        const nameNode = this.synthetic(op.propertyNames[0] as Node, { type: 'string' });
        const v = this.genConj(
          [...op.propertyNames, nameNode],
          rng.forkIndex(0x1000 + guard),
          { ...ctx, depth: ctx.depth + 1, propertyName: undefined },
          undefined,
        );
        key = typeof v === 'string' ? v : undefined;
      } else {
        key = wordOfLength(rng.forkIndex(0x2000 + guard), rng.int(3, 8));
      }
      if (key !== undefined && !present.has(key) && add(key) && keys.length > forcedCount) optionalKeys.add(key);
    }
    if (keys.length < op.minProperties) throw new Unsat(plan.pointer, `could not find ${op.minProperties} allowed property names`);
    if (keys.length > op.maxProperties)
      throw new Unsat(plan.pointer, `dependencies force more than maxProperties (${op.maxProperties}) properties`);

    // dependentSchemas add constraints once their key is present: regenerate under the extended conjunction.
    const triggered: Node[] = [];
    for (const key of keys) for (const n of op.dependentSchemas.get(key) ?? []) if (!applied.has(n.id)) triggered.push(n);
    if (triggered.length > 0) {
      for (const n of triggered) applied.add(n.id);
      const expansion = this.expandConj([...plan.atoms, ...triggered], rng.fork('dependentSchemas'));
      const extended = this.planFor({ atoms: expansion.atoms, negatives: [...plan.negatives, ...expansion.negatives] });
      const value = this.genObject(extended, rng, ctx, applied);
      if (extended.negatives.length > plan.negatives.length && this.matchesAny(extended.negatives.slice(plan.negatives.length), value)) {
        throw new Unsat(plan.pointer, 'dependent schema negation matched');
      }
      return value;
    }

    const uniforms = op.correlations ? sampleCopula(op.correlations, rng.fork('x-correlations')) : undefined;
    const out: { [key: string]: JsonValue } = {};
    for (const key of keys) {
      const declaredIndex = op.declared.indexOf(key);
      const childRng = declaredIndex >= 0 ? rng.forkHash(op.declaredHashes[declaredIndex] as number) : rng.fork(key);
      const conj = this.childConjFor(op, key);
      const uniform = uniforms?.get(key);
      const childCtx: Ctx =
        uniform === undefined
          ? { depth: ctx.depth + 1, propertyName: key, rowIndex: ctx.rowIndex, inArray: ctx.inArray }
          : { depth: ctx.depth + 1, propertyName: key, rowIndex: ctx.rowIndex, inArray: ctx.inArray, uniform };
      if (conj.length === 0) {
        out[key] = this.freeValue(childRng, key);
        continue;
      }
      try {
        out[key] = this.genConj(conj, childRng, childCtx, undefined);
      } catch (error) {
        // An optional property whose value cannot be made is left out rather than sinking the whole object.
        if (!(error instanceof Unsat) || !optionalKeys.has(key)) throw error;
      }
    }
    if (Object.keys(out).length < op.minProperties)
      throw new Unsat(plan.pointer, `fewer than minProperties (${op.minProperties}) properties could be generated`);
    return out;
  }

  // ---------------------------------------------------------------- exactness (which instances need no Ajv check)

  /**
   * The plan of a single-node conjunction whose expansion involves no random choice and no negation, or
   * undefined. Building it here fills the same caches the general path would fill on its first row.
   */
  private staticPlan(conj: readonly Node[]): Plan | undefined {
    if (conj.length !== 1) return undefined;
    const node = conj[0] as Node;
    try {
      const expansion = this.expandConj(conj, PROBE_RNG);
      if (!node.staticExpansion || expansion.impossible || expansion.negatives.length > 0) return undefined;
      return this.planFor(expansion);
    } catch (error) {
      if (error instanceof Unsat || error instanceof SdgError) return undefined;
      throw error;
    }
  }

  /**
   * True when every value the engine returns for `conj` is valid against it by construction, so the instance
   * needs no Ajv check. No conjunction: nothing constrains the value. One node: see `exactNode`.
   */
  private exactConj(conj: readonly Node[]): boolean {
    if (conj.length === 0) return true;
    if (conj.length !== 1) return false;
    const node = conj[0] as Node;
    const cached = this.exactCache.get(node);
    if (cached !== undefined) return cached;
    // A schema cannot reach itself without a $ref (which is not exact), but stay safe on cycles.
    this.exactCache.set(node, false);
    let exact: boolean;
    try {
      exact = this.exactNode(node);
    } catch (error) {
      if (!(error instanceof Unsat || error instanceof SdgError)) throw error;
      exact = false;
    }
    this.exactCache.set(node, exact);
    return exact;
  }

  /**
   * The proof, keyword by keyword. A plain schema (no $ref, no combinators) of EXACT_KEYWORDS with well-formed
   * values, where:
   *   - enum/const values were filtered against the schema's own validator when the plan was built;
   *   - null and boolean values are of their type, nothing else constrains them;
   *   - numbers leave genNumber only through numberFits (bounds, integer-ness, ajvMultipleOf: Ajv's own test);
   *   - strings leave genString only through stringFits (code-point lengths, every pattern as a RegExp with the
   *     `u` flag, as Ajv compiles it), except a pattern the regex AST generates exactly, an exact-length word, or
   *     an EXACT_FORMATS generator (each validated under ajv-formats by the format tests);
   *   - objects take the simpleObject path (declared keys only, each key allowed) with exact children;
   *   - arrays have one item schema, no contains/prefixItems/uniqueItems, exact items.
   * Unsat on any path means no value (a retry or an error), never an unchecked one.
   */
  private exactNode(node: Node): boolean {
    const schema = node.schema;
    if (schema === true) return true;
    if (schema === false || !isPlain(schema)) return false;
    for (const key of Object.keys(schema)) {
      if (key.startsWith('x-') ? INEXACT_EXTENSIONS.has(key) : !EXACT_KEYWORDS.has(key)) return false;
    }
    if (!wellFormedForExact(schema, node.loc.draft)) return false;
    // In 2020-12 an array `items` is not a keyword the engine reads; older drafts' tuple form is not covered.
    if (Array.isArray(schema.items)) return false;
    const plan = this.staticPlan([node]);
    if (plan === undefined) return false;
    if (plan.enumValues !== undefined) {
      // Values are filtered by the atom's validator only when other keywords are present; without one, no filter.
      const filtered = hasAny(schema, [...OBJECT_KEYWORDS, ...ARRAY_KEYWORDS, ...STRING_KEYWORDS, ...NUMBER_KEYWORDS]);
      return !filtered || this.validatorFor(node) !== null;
    }
    for (const type of plan.types) {
      if (type === 'object' && !this.exactObject(plan)) return false;
      if (type === 'array' && !this.exactArray(plan)) return false;
    }
    return true;
  }

  private exactObject(plan: Plan): boolean {
    const simple = this.simpleObject(this.objectPlan(plan));
    // `out["__proto__"] = v` sets the prototype instead of adding a member, which Ajv then sees through.
    if (simple === null || simple.keys.includes('__proto__')) return false;
    return simple.conj.every((conj) => this.exactConj(conj));
  }

  private exactArray(plan: Plan): boolean {
    const ap = this.arrayPlan(plan);
    const atom = ap.atoms[0];
    if (ap.atoms.length !== 1 || atom === undefined || ap.unique) return false;
    if (atom.prefix.length > 0 || atom.contains !== undefined || atom.unevaluated !== undefined || atom.unevaluatedFalse) return false;
    return atom.rest === undefined ? !atom.restFalse : this.exactConj([atom.rest]);
  }

  // ---------------------------------------------------------------- compiled row programs

  /**
   * The root as closures. Each compiled node makes exactly the draws the general path makes (genConj's fast
   * path → genPlan → genTyped → genObject/genArray/genNumber/genString), calling the same leaf generators, so
   * a row is the same value whichever path builds it; the program only skips dispatch, Ctx objects and, for
   * JSONL, the object itself. Whatever the program does not cover throws DEOPT or Unsat and the row is
   * rebuilt by the general path.
   */
  private compileRoot(): Body | undefined {
    try {
      return this.compileConj([this.root], 0, undefined, false) ?? undefined;
    } catch (error) {
      // A schema error (bad x-distribution…) surfaces from the general path, with its pointer, on the first row.
      if (error instanceof SdgError || error instanceof Unsat) return undefined;
      throw error;
    }
  }

  /** genConj(conj) for a static single-node conjunction, or undefined when only the general path can do it. */
  private compileConj(conj: readonly Node[], depth: number, propertyName: string | undefined, inArray: boolean): Body | undefined {
    const node = conj[0];
    // A recursive schema ($ref back to an ancestor) is compiled down to the recursion, which stays general.
    if (node === undefined || this.compiling.has(node) || depth > MAX_COMPILED_DEPTH) return undefined;
    // A subschema used in several places compiles once per context: from softDepth on every depth behaves alike.
    const key = `${node.id}|${Math.min(depth, this.softDepth)}|${inArray ? 1 : 0}|${propertyName ?? ''}`;
    const known = this.compiled.get(key);
    if (known !== undefined) return known ?? undefined;
    // Contexts still multiply over wide $ref graphs: past a budget the rest stays on the general path.
    if (--this.compileBudget < 0) return undefined;
    const plan = this.staticPlan(conj);
    if (plan === undefined) return undefined;
    this.compiling.add(node);
    let body: Body | undefined;
    try {
      body = this.compilePlan(plan, depth, propertyName, inArray);
    } finally {
      this.compiling.delete(node);
    }
    const compiled = body === undefined ? undefined : this.withBookkeeping(body);
    this.compiled.set(key, compiled ?? null);
    return compiled;
  }

  /** genConj's bookkeeping: one value (and one unit of the row budget) per conjunction generated. */
  private withBookkeeping(body: Body): Body {
    return {
      value: (rng, row) => {
        if (--this.budget < 0) throw DEOPT;
        this.rowValues++;
        return body.value(rng, row);
      },
      write: (rng, row, out) => {
        if (--this.budget < 0) throw DEOPT;
        this.rowValues++;
        body.write(rng, row, out);
      },
    };
  }

  /** compileConj, or the general path itself (same draws, by definition) for conjunctions it cannot compile. */
  private compileChild(conj: readonly Node[], depth: number, propertyName: string | undefined, inArray: boolean): Body {
    const compiled = this.compileConj(conj, depth, propertyName, inArray);
    if (compiled !== undefined) return compiled;
    const value = (rng: Rng, row: number): JsonValue => this.genConj(conj, rng, { depth, propertyName, rowIndex: row, inArray }, undefined);
    return { value, write: (rng, row, out) => out.value(value(rng, row)) };
  }

  /** genPlan(plan) with a context of this depth, property name and array-ness. */
  private compilePlan(plan: Plan, depth: number, propertyName: string | undefined, inArray: boolean): Body | undefined {
    if (plan.enumValues !== undefined) {
      const values = plan.enumValues;
      if (plan.unique && !inArray) return undefined;
      const weights = plan.enumWeights;
      const texts = values.map((v) => jsonBytes(v));
      const n = values.length;
      if (weights !== undefined) {
        return {
          value: (rng) => values[rng.weightedIndex(weights)] as JsonValue,
          write: (rng, _row, out) => out.bytes(texts[rng.weightedIndex(weights)] as Uint8Array),
        };
      }
      return {
        value: (rng) => values[rng.below(n)] as JsonValue,
        write: (rng, _row, out) => out.bytes(texts[rng.below(n)] as Uint8Array),
      };
    }
    const typed = plan.types.map((type) => this.compileTyped(plan, type, depth, propertyName, inArray));
    if (typed.length === 1) return typed[0];
    const weights = plan.typeWeights;
    // A definite failure of the drawn type makes genPlan redraw among the others: that is Unsat here, and the
    // general path redoes the row.
    return {
      value: (rng, row) => (typed[rng.weightedIndex(weights)] as Body).value(rng, row),
      write: (rng, row, out) => (typed[rng.weightedIndex(weights)] as Body).write(rng, row, out),
    };
  }

  /** genTyped(plan, type): leaves call the engine's own generators with a context built once. */
  private compileTyped(plan: Plan, type: TypeName, depth: number, propertyName: string | undefined, inArray: boolean): Body {
    const fixed: Ctx = { depth, propertyName, rowIndex: 0, inArray };
    // x-unique values are a permutation of the row index: only they read it.
    const ctxAt = plan.unique && !inArray ? (row: number): Ctx => ({ depth, propertyName, rowIndex: row, inArray }) : (): Ctx => fixed;
    switch (type) {
      case 'null':
        return { value: () => null, write: (_rng, _row, out) => out.null() };
      case 'boolean':
        return { value: (rng) => rng.bool(), write: (rng, _row, out) => out.boolean(rng.bool()) };
      case 'integer':
      case 'number': {
        const integer = type === 'integer';
        const value =
          (plan.unique && !inArray ? undefined : this.compileGridNumber(plan, integer, propertyName)) ??
          ((rng: Rng, row: number): number => this.genNumber(plan, rng, ctxAt(row), integer));
        // Grid and rounded values are decimals of a known number of places: written from their digits, not String().
        const grid = this.numberPlan(plan)[integer ? 'gridInteger' : 'gridNumber'];
        const places = integer ? 0 : grid === undefined ? 2 : Math.round(Math.log10(grid.scale));
        if (places >= 1 && places <= 15) return { value, write: (rng, row, out) => out.decimal(value(rng, row), places) };
        return { value, write: (rng, row, out) => out.number(value(rng, row)) };
      }
      case 'string': {
        const leaf = plan.unique && !inArray ? undefined : this.compileString(plan, propertyName);
        const value = leaf?.value ?? ((rng: Rng, row: number): string => this.genString(plan, rng, ctxAt(row)));
        const direct = leaf?.write;
        if (direct !== undefined) return { value, write: (rng, _row, out) => direct(rng, out) };
        return { value, write: (rng, row, out) => out.string(value(rng, row)) };
      }
      case 'object': {
        const compiled = this.compileObject(plan, depth, inArray);
        if (compiled !== undefined) return compiled;
        const value = (rng: Rng, row: number): JsonValue =>
          this.genObject(plan, rng, { depth, propertyName, rowIndex: row, inArray }, new Set());
        return { value, write: (rng, row, out) => out.value(value(rng, row)) };
      }
      case 'array': {
        const compiled = this.compileArray(plan, depth, propertyName);
        if (compiled !== undefined) return compiled;
        const value = (rng: Rng, row: number): JsonValue => this.genArray(plan, rng, { depth, propertyName, rowIndex: row, inArray });
        return { value, write: (rng, row, out) => out.value(value(rng, row)) };
      }
    }
  }

  /**
   * genNumber for a value drawn uniformly from a multipleOf/integer grid (no semantic or faker source, no
   * distribution, no x-unique): the bounds and the grid's index range are worked out once.
   */
  private compileGridNumber(plan: Plan, integer: boolean, propertyName: string | undefined): ((rng: Rng) => number) | undefined {
    const np = this.numberPlan(plan);
    if (np.distribution !== undefined || this.stringPlan(plan).faker !== undefined) return undefined;
    if (!np.hasBounds && propertyName !== undefined && this.semanticFor(plan, propertyName, integer ? 'integer' : 'number') !== undefined)
      return undefined;
    const grid = integer ? np.gridInteger : np.gridNumber;
    if (grid === undefined) return undefined;
    let lo = np.lo;
    let hi = np.hi;
    const defaultSpan = Math.max(1000, (100 * grid.numerator) / grid.scale);
    if (!Number.isFinite(lo) && !Number.isFinite(hi)) {
      lo = 0;
      hi = defaultSpan;
    } else if (!Number.isFinite(lo)) lo = hi - defaultSpan;
    else if (!Number.isFinite(hi)) hi = lo + defaultSpan;
    if (lo > hi || (lo === hi && (np.loExclusive || np.hiExclusive))) return undefined;
    // genOnGrid's index range, to the letter.
    const step = grid.numerator / grid.scale;
    let kLo = Math.ceil(lo / step);
    let kHi = Math.floor(hi / step);
    if (gridValue(kLo, grid) < lo || (np.loExclusive && gridValue(kLo, grid) <= np.lo)) kLo++;
    if (gridValue(kHi, grid) > hi || (np.hiExclusive && gridValue(kHi, grid) >= np.hi)) kHi--;
    if (kLo > kHi || !(kHi - kLo < 2 ** 32)) return undefined;
    return (rng) => {
      rng.float(); // genOnGrid draws its uniform before it knows it will not need it
      const k = rng.int(kLo, kHi);
      const value = gridValue(k, grid);
      return this.numberFits(np, value, integer) ? value : this.settleOnGrid(plan, np, grid, k, kLo, kHi, integer);
    };
  }

  /**
   * genString when its source is fixed by the plan (a format, a pattern, a property-name generator or words;
   * no x-faker, no x-unique): the branch genStringCandidate would take, chosen once. A candidate that misses
   * the bounds is where genStringCandidate would retry on a fresh stream: DEOPT.
   */
  private compileString(
    plan: Plan,
    propertyName: string | undefined,
  ): { value: (rng: Rng) => string; write?: (rng: Rng, out: JsonOut) => void } | undefined {
    const sp = this.stringPlan(plan);
    if (sp.faker !== undefined || sp.minLength > sp.maxLength) return undefined;
    const minLength = sp.minLength;
    const maxLength = Number.isFinite(sp.maxLength) ? sp.maxLength : undefined;
    const bounded = minLength > 0 || maxLength !== undefined;
    if (sp.format !== undefined) {
      const generator = formatGenerators[sp.format] as FormatGenerator;
      const checked = bounded || sp.regexes.length > 0;
      const value = (rng: Rng): string => {
        const text = generator(rng, minLength, maxLength);
        if (checked && !this.stringFits(sp, text)) throw DEOPT;
        return text;
      };
      // Unbounded, the generator returns its natural value, which a format writer writes without the string.
      const write = checked ? undefined : formatWriters[sp.format];
      return write === undefined ? { value } : { value, write };
    }
    if (sp.patterns.length > 0) {
      const first = sp.patterns[0] as PatternGenerator;
      const checked = bounded || sp.regexes.length > (first.exact ? 1 : 0);
      return {
        value: (rng) => {
          const text = first.generate(rng, minLength, maxLength);
          if (text === undefined || (checked && !this.stringFits(sp, text, first.exact))) throw DEOPT;
          return text;
        },
      };
    }
    const hiLen = Number.isFinite(sp.maxLength) ? Math.min(sp.maxLength, Math.max(sp.minLength, 12) + 4) : Math.max(sp.minLength, 4) + 8;
    const loLen = Math.min(hiLen, Math.max(sp.minLength, Math.min(4, hiLen)));
    const semantic = propertyName === undefined ? undefined : this.semanticFor(plan, propertyName, 'string');
    if (semantic === undefined) return { value: (rng) => wordOfLength(rng, rng.int(loLen, hiLen)) };
    return {
      value: (rng) => {
        const v = semantic(rng);
        const text = typeof v === 'string' ? v : String(v);
        if (!bounded || this.stringFits(sp, text)) return text;
        return wordOfLength(rng, rng.int(loLen, hiLen));
      },
    };
  }

  /**
   * genObject → genSimpleObject, unrolled into one function per object: each member gets its own call site,
   * so V8 sees one target per site and can inline the member's generator (a loop over members is one
   * megamorphic site), and which member prefix (with or without a comma) is known statically where the
   * members before it are required. Only numbers and indices are written into the source; keys, prefixes
   * and generators are passed in as bindings (as semantic-data.ts and Ajv do).
   */
  private compileObject(plan: Plan, depth: number, inArray: boolean): Body | undefined {
    const simple = this.simpleObject(this.objectPlan(plan));
    // `out["__proto__"] = …` would set the prototype rather than add a member: leave such objects to the general path.
    if (simple === null || simple.keys.includes('__proto__')) return undefined;
    const keys = simple.keys;
    const children = simple.conj.map((conj, i) => (conj.length === 0 ? undefined : this.compileChild(conj, depth + 1, keys[i], inArray)));
    const deepAlways = depth >= this.softDepth;
    const bindings: Record<string, unknown> = {
      probabilityNow: (): number => (deepAlways || this.rowValues > SOFT_ROW_VALUES ? 0 : this.optionalProbabilityNow()),
      free: (rng: Rng, key: string): JsonValue => this.freeValue(rng, key),
    };
    const valueLines: string[] = [];
    const writeLines: string[] = [];
    // Whether a member was written before this one: known while every member so far was required.
    let written: boolean | undefined = false;
    keys.forEach((key, i) => {
      bindings[`k${i}`] = key;
      bindings[`f${i}`] = memberPrefix(key, true);
      bindings[`l${i}`] = memberPrefix(key, false);
      const child = children[i];
      if (child !== undefined) bindings[`c${i}`] = child;
      const fork = `rng.forkHash(${simple.hashes[i] as number})`;
      const value = child === undefined ? `free(${fork}, k${i})` : `c${i}.value(${fork}, row)`;
      const write = child === undefined ? `out.value(free(${fork}, k${i}))` : `c${i}.write(${fork}, row, out)`;
      const prefix =
        written === undefined
          ? `out.bytes(first ? f${i} : l${i}); first = false;`
          : written
            ? storeBytes(memberPrefix(key, false))
            : // From here on whether anything was written depends on this optional member: track it at run time.
              `${storeBytes(memberPrefix(key, true))}${simple.required[i] ? '' : ' first = false;'}`;
      if (simple.required[i]) {
        valueLines.push(`o[k${i}] = ${value};`);
        writeLines.push(`${prefix} ${write};`);
        if (written === false) written = true;
      } else {
        // genSimpleObject: present when probability > 0 and a bool(probability) draw says so.
        valueLines.push(`if (probability !== 0 && rng.bool(probability)) o[k${i}] = ${value};`);
        writeLines.push(`if (probability !== 0 && rng.bool(probability)) { ${prefix} ${write}; }`);
        if (written === false) written = undefined;
      }
    });
    const source = `'use strict';
return {
  value: function objectValue(rng, row) {
    const probability = probabilityNow();
    const o = {};
    ${valueLines.join('\n    ')}
    return o;
  },
  write: function objectWrite(rng, row, out) {
    const probability = probabilityNow();
    let first = true;
    out.byte(123);
    ${writeLines.join('\n    ')}
    out.byte(125);
  },
};`;
    const names = Object.keys(bindings);
    return new Function(...names, source)(...names.map((name) => bindings[name])) as Body;
  }

  /** genArray for one item schema and nothing else (no contains, prefix, uniqueness or unevaluatedItems); items are in an array. */
  private compileArray(plan: Plan, depth: number, propertyName: string | undefined): Body | undefined {
    const ap = this.arrayPlan(plan);
    const atom = ap.atoms[0];
    if (ap.atoms.length !== 1 || atom === undefined || ap.unique || atom.restFalse) return undefined;
    if (atom.prefix.length > 0 || atom.contains !== undefined || atom.unevaluated !== undefined || atom.unevaluatedFalse) return undefined;
    const minLen = ap.minItems;
    const maxLen = ap.maxItems;
    if (minLen > maxLen) return undefined;
    const item = this.compileChild(atom.rest !== undefined ? [atom.rest] : [this.anyNode(plan)], depth + 1, propertyName, true);
    const deepAlways = depth >= this.softDepth;
    const lengthOf = (rng: Rng): number => {
      const deep = deepAlways || this.rowValues > SOFT_ROW_VALUES;
      const spread = deep ? 0 : Math.min(maxLen - minLen, minLen === 0 ? 4 : 3);
      return minLen + (spread > 0 ? rng.int(0, spread) : 0);
    };
    return {
      value: (rng, row) => {
        const length = lengthOf(rng);
        const out: JsonValue[] = [];
        for (let i = 0; i < length; i++) out.push(item.value(rng.forkIndex(i), row));
        return out;
      },
      write: (rng, row, out) => {
        const length = lengthOf(rng);
        out.byte(0x5b);
        for (let i = 0; i < length; i++) {
          if (i > 0) out.byte(0x2c);
          item.write(rng.forkIndex(i), row, out);
        }
        out.byte(0x5d);
      },
    };
  }

  /** A value for a property nothing constrains: a short word or a small number. */
  private freeValue(rng: Rng, key: string): JsonValue {
    const semantic = semanticForName(key, 'string');
    if (semantic !== undefined) return semantic(rng);
    return rng.bool(0.7) ? wordOfLength(rng, rng.int(4, 10)) : rng.int(0, 1000);
  }
}

// -------------------------------------------------------------------- copula

function parseCorrelations(value: unknown, pointer: string): Copula {
  const pairs: Array<[string, string, number]> = [];
  const bad = (why: string): never => {
    throw new SdgError('SDG_ERR_INVALID_SCHEMA', `x-correlations: ${why}`, {
      pointer,
      hint: 'use [{"fields": ["a", "b"], "rho": 0.8}, …] with rank correlations in [-1, 1] between numeric properties',
    });
  };
  if (Array.isArray(value)) {
    for (const entry of value) {
      if (!isPlainObject(entry) || !Array.isArray(entry.fields) || entry.fields.length !== 2) bad('each entry needs "fields": [a, b]');
      const e = entry as { fields: unknown[]; rho?: unknown };
      const rho = e.rho;
      if (typeof rho !== 'number' || rho < -1 || rho > 1) bad('"rho" must be a number in [-1, 1]');
      pairs.push([String(e.fields[0]), String(e.fields[1]), rho as number]);
    }
  } else if (isPlainObject(value)) {
    for (const [a, row] of Object.entries(value)) {
      if (!isPlainObject(row)) bad(`"${a}" must map field names to correlations`);
      for (const [b, rho] of Object.entries(row as Record<string, unknown>)) {
        if (typeof rho !== 'number' || rho < -1 || rho > 1) bad(`correlation ${a}–${b} must be a number in [-1, 1]`);
        pairs.push([a, b, rho as number]);
      }
    }
  } else bad('must be an array of {fields, rho} or a nested object');
  const fields = [...new Set(pairs.flatMap(([a, b]) => [a, b]))];
  const n = fields.length;
  const matrix: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j): number => (i === j ? 1 : 0)));
  for (const [a, b, rho] of pairs) {
    const i = fields.indexOf(a);
    const j = fields.indexOf(b);
    // Spearman's rho of a Gaussian copula is (6/π)·asin(r/2): invert it so the declared value is the rank correlation.
    const r = 2 * Math.sin((Math.PI * rho) / 6);
    matrix[i]![j] = r;
    matrix[j]![i] = r;
  }
  let cholesky = choleskyOf(matrix);
  for (let shrink = 0.98; cholesky === undefined && shrink > 0; shrink -= 0.02) {
    cholesky = choleskyOf(matrix.map((row, i) => row.map((v, j) => (i === j ? 1 : v * shrink))));
  }
  return { fields, cholesky: cholesky ?? matrix.map((row, i) => row.map((_, j) => (i === j ? 1 : 0))) };
}

function choleskyOf(matrix: number[][]): number[][] | undefined {
  const n = matrix.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i]![j]!;
      for (let k = 0; k < j; k++) sum -= l[i]![k]! * l[j]![k]!;
      if (i === j) {
        if (sum <= 1e-12) return undefined;
        l[i]![i] = Math.sqrt(sum);
      } else {
        l[i]![j] = sum / l[j]![j]!;
      }
    }
  }
  return l;
}

function sampleCopula(copula: Copula, rng: Rng): Map<string, number> {
  const z = copula.fields.map(() => rng.normal());
  const out = new Map<string, number>();
  copula.fields.forEach((field, i) => {
    let sum = 0;
    const row = copula.cholesky[i] as readonly number[];
    for (let k = 0; k <= i; k++) sum += (row[k] as number) * (z[k] as number);
    out.set(field, Math.min(1 - 1e-12, Math.max(0, normalCdf(sum))));
  });
  return out;
}
