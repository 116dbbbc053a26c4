/**
 * Ajv, configured per draft, with ajv-formats (format assertion on) and every document the registry knows,
 * so a generated instance is checked by the same independent validator users and CI trust.
 */
import * as ajvModule from 'ajv';
import * as ajv2019Module from 'ajv/dist/2019.js';
import * as ajv2020Module from 'ajv/dist/2020.js';
import * as ajvDraft04Module from 'ajv-draft-04';
import * as ajvFormatsModule from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
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

const Ajv07 = unwrapDefault<AjvClass>(ajvModule);
const Ajv2019 = unwrapDefault<AjvClass>(ajv2019Module);
const Ajv2020 = unwrapDefault<AjvClass>(ajv2020Module);
const AjvDraft04 = unwrapDefault<AjvClass>(ajvDraft04Module);
const addFormats = unwrapDefault<(ajv: AjvInstance) => AjvInstance>(ajvFormatsModule);

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

/** `/a/b: must be >= 3` lines for the first few errors. */
export function describeAjvErrors(errors: readonly ErrorObject[] | null | undefined, limit = 3): string {
  if (!errors || errors.length === 0) return 'invalid';
  return errors
    .slice(0, limit)
    .map((error) => `${error.instancePath === '' ? '#' : error.instancePath}: ${error.message ?? error.keyword}`)
    .join('; ');
}
