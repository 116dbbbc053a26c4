/**
 * Ajv, configured per draft, with ajv-formats (format assertion on) and every document the registry knows,
 * so a generated instance is checked by the same independent validator users and CI trust.
 */
import { createRequire } from 'node:module';
import type * as ajvModule from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Draft } from './drafts.js';

type AjvInstance = ajvModule.default;
type AjvClass = new (options: ajvModule.Options) => AjvInstance;

// CommonJS packages seen through ESM: the class may sit on `.default` once or twice depending on the loader.
function unwrapDefault<T>(module: unknown): T {
  let value = module as { default?: unknown };
  while (typeof value !== 'function' && value !== null && typeof value === 'object' && 'default' in value) {
    value = value.default as { default?: unknown };
  }
  return value as T;
}

interface AjvLibrary {
  readonly Ajv07: AjvClass;
  readonly Ajv2019: AjvClass;
  readonly Ajv2020: AjvClass;
  readonly AjvDraft04: AjvClass;
  readonly addFormats: (ajv: AjvInstance) => AjvInstance;
  readonly draft06: object;
}

let library: AjvLibrary | undefined;

/**
 * Ajv and its plug-ins, loaded on the first createAjv rather than at import: a generator worker whose schema
 * is exact never validates, and Ajv's code costs each thread ~8 MB of RSS (all CommonJS, so a synchronous
 * require keeps createAjv synchronous).
 */
function ajvLibrary(): AjvLibrary {
  if (library !== undefined) return library;
  const require = createRequire(import.meta.url);
  library = {
    Ajv07: unwrapDefault<AjvClass>(require('ajv')),
    Ajv2019: unwrapDefault<AjvClass>(require('ajv/dist/2019.js')),
    Ajv2020: unwrapDefault<AjvClass>(require('ajv/dist/2020.js')),
    AjvDraft04: unwrapDefault<AjvClass>(require('ajv-draft-04')),
    addFormats: unwrapDefault<(ajv: AjvInstance) => AjvInstance>(require('ajv-formats')),
    draft06: require('ajv/dist/refs/json-schema-draft-06.json') as object,
  };
  return library;
}

export type { ErrorObject, ValidateFunction };
export type Ajv = AjvInstance;

export interface AjvFactoryOptions {
  readonly allErrors?: boolean;
}

/** A fresh Ajv for the draft: non-strict (unknown keywords such as `x-…` are annotations), formats asserted. */
export function createAjv(draft: Draft, options: AjvFactoryOptions = {}): AjvInstance {
  const common: ajvModule.Options = {
    strict: false,
    allErrors: options.allErrors ?? false,
    validateFormats: true,
    validateSchema: false,
    logger: false,
    // uniqueItems over large arrays and deep $ref chains are fine; the code cache grows with the schemas we add.
    inlineRefs: true,
  };
  const { Ajv07, Ajv2019, Ajv2020, AjvDraft04, addFormats, draft06 } = ajvLibrary();
  let ajv: AjvInstance;
  switch (draft) {
    case 'draft4':
      ajv = new AjvDraft04(common);
      break;
    case 'draft6':
      ajv = new Ajv07(common);
      ajv.addMetaSchema(draft06);
      break;
    case 'draft7':
      ajv = new Ajv07(common);
      break;
    case '2019-09':
      ajv = new Ajv2019(common);
      break;
    case '2020-12':
      ajv = new Ajv2020(common);
      break;
  }
  addFormats(ajv);
  return ajv;
}

const formatCheckers = new Map<Draft, { ajv: AjvInstance; checks: Map<string, ValidateFunction | null> }>();

/**
 * The check a validator for `draft` applies to a string under `format`, or undefined when it asserts no such
 * format (then any string passes). One Ajv per draft serves every call.
 */
export function formatCheck(draft: Draft, format: string): ((text: string) => boolean) | undefined {
  let entry = formatCheckers.get(draft);
  if (entry === undefined) {
    entry = { ajv: createAjv(draft), checks: new Map() };
    formatCheckers.set(draft, entry);
  }
  let check = entry.checks.get(format);
  if (check === undefined) {
    check = null;
    if (entry.ajv.formats[format] !== undefined) {
      try {
        check = entry.ajv.compile({ type: 'string', format });
      } catch {
        check = null;
      }
    }
    entry.checks.set(format, check);
  }
  const validate = check;
  return validate === null ? undefined : (text) => validate(text) === true;
}

/** `/a/b: must be >= 3` lines for the first few errors. */
export function describeAjvErrors(errors: readonly ErrorObject[] | null | undefined, limit = 3): string {
  if (!errors || errors.length === 0) return 'invalid';
  return errors
    .slice(0, limit)
    .map((error) => `${error.instancePath === '' ? '#' : error.instancePath}: ${error.message ?? error.keyword}`)
    .join('; ');
}
