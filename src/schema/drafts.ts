import { isPlainObject } from '../core/types.js';

/** The JSON Schema dialects SynthDataGen reads. */
export type Draft = 'draft4' | 'draft6' | 'draft7' | '2019-09' | '2020-12';
export const DRAFTS: readonly Draft[] = ['draft4', 'draft6', 'draft7', '2019-09', '2020-12'];
export const DEFAULT_DRAFT: Draft = '2020-12';

const META_URIS: ReadonlyArray<[RegExp, Draft]> = [
  [/^https?:\/\/json-schema\.org\/draft-04\/schema#?$/, 'draft4'],
  [/^https?:\/\/json-schema\.org\/draft-06\/schema#?$/, 'draft6'],
  [/^https?:\/\/json-schema\.org\/draft-07\/schema#?$/, 'draft7'],
  [/^https?:\/\/json-schema\.org\/draft\/2019-09\/schema#?$/, '2019-09'],
  [/^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/, '2020-12'],
];

/** The draft a `$schema` URI names, or undefined for an unknown (custom) meta-schema. */
export function draftOfMetaUri(uri: string): Draft | undefined {
  for (const [pattern, draft] of META_URIS) if (pattern.test(uri)) return draft;
  return undefined;
}

export function detectDraft(schema: unknown, fallback: Draft = DEFAULT_DRAFT): Draft {
  if (isPlainObject(schema) && typeof schema.$schema === 'string') return draftOfMetaUri(schema.$schema) ?? fallback;
  return fallback;
}

export function parseDraft(name: string): Draft | undefined {
  const normalized = name.replace(/^draft-?/, '').replace(/^0/, '');
  switch (normalized) {
    case '4':
      return 'draft4';
    case '6':
      return 'draft6';
    case '7':
      return 'draft7';
    case '2019-09':
    case '201909':
      return '2019-09';
    case '2020-12':
    case '202012':
      return '2020-12';
    default:
      return undefined;
  }
}

/** Drafts up to 7 ignore every keyword beside `$ref`. */
export function refOverridesSiblings(draft: Draft): boolean {
  return draft === 'draft4' || draft === 'draft6' || draft === 'draft7';
}

/** The keyword that names a resource: `id` in draft 4, `$id` after. */
export function idKeyword(draft: Draft): 'id' | '$id' {
  return draft === 'draft4' ? 'id' : '$id';
}
