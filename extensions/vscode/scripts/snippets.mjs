// The snippets the extension contributes for JSON files: one per `x-` keyword of docs/schema-vocabulary.md, and a
// schema template per example schema of the repository (examples/schemas), so the templates never drift from
// the examples that the generator's snapshot tests run.
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** @typedef {{ prefix: string, description: string, body: string[] }} Snippet */

/** @type {Record<string, Snippet>} */
const VOCABULARY = {
  'x-faker': {
    prefix: 'x-faker',
    description: 'SynthDataGen: value from a faker method (personal-data methods are routed to safe synthetic spaces)',
    body: [
      '"x-faker": "${1|person.fullName,person.firstName,company.name,internet.email,phone.number,location.city,location.streetAddress,commerce.productName,lorem.sentence|}"',
    ],
  },
  'x-faker with arguments': {
    prefix: 'x-faker-args',
    description: 'SynthDataGen: faker method with arguments',
    body: ['"x-faker": { "${1:number.int}": { "min": ${2:1}, "max": ${3:9} } }'],
  },
  'x-distribution normal': {
    prefix: 'x-distribution-normal',
    description: 'SynthDataGen: normal distribution truncated to the bounds',
    body: ['"x-distribution": { "type": "normal", "mean": ${1:42}, "sd": ${2:14} }'],
  },
  'x-distribution lognormal': {
    prefix: 'x-distribution-lognormal',
    description: 'SynthDataGen: lognormal distribution (mu, sigma of the underlying normal)',
    body: ['"x-distribution": { "type": "lognormal", "mu": ${1:3.5}, "sigma": ${2:1.2} }'],
  },
  'x-distribution exponential': {
    prefix: 'x-distribution-exponential',
    description: 'SynthDataGen: exponential distribution',
    body: ['"x-distribution": { "type": "exponential", "rate": ${1:1} }'],
  },
  'x-distribution poisson': {
    prefix: 'x-distribution-poisson',
    description: 'SynthDataGen: Poisson distribution',
    body: ['"x-distribution": { "type": "poisson", "lambda": ${1:4} }'],
  },
  'x-distribution zipf': {
    prefix: 'x-distribution-zipf',
    description: 'SynthDataGen: Zipf distribution over ranks 1…n',
    body: ['"x-distribution": { "type": "zipf", "s": ${1:1.1} }'],
  },
  'x-distribution uniform': {
    prefix: 'x-distribution-uniform',
    description: 'SynthDataGen: uniform between the bounds',
    body: ['"x-distribution": "uniform"'],
  },
  'x-distribution empirical': {
    prefix: 'x-distribution-empirical',
    description: 'SynthDataGen: equally spaced quantiles, linearly interpolated',
    body: ['"x-distribution": { "type": "empirical", "quantiles": [${1:0, 10, 25, 60, 100}] }'],
  },
  'x-weights': {
    prefix: 'x-weights',
    description: 'SynthDataGen: enum with the relative frequency of each value',
    body: ['"enum": [${1:"active", "suspended", "closed"}],', '"x-weights": [${2:90, 3, 7}]'],
  },
  'x-nullRate': {
    prefix: 'x-nullRate',
    description: 'SynthDataGen: share of nulls (the type must allow null)',
    body: ['"type": ["${1|string,integer,number,boolean,object,array|}", "null"],', '"x-nullRate": ${2:0.1}'],
  },
  'x-unique': {
    prefix: 'x-unique',
    description: 'SynthDataGen: a distinct value in every row, without memory',
    body: ['"x-unique": true'],
  },
  'x-correlations': {
    prefix: 'x-correlations',
    description: 'SynthDataGen: target rank correlations between numeric properties of this object',
    body: ['"x-correlations": [', '\t{ "fields": ["${1:income}", "${2:spend}"], "rho": ${3:0.8} }', ']'],
  },
  'SynthDataGen schema': {
    prefix: 'synthdatagen-schema',
    description: 'SynthDataGen: an empty row schema (2020-12)',
    body: [
      '{',
      '\t"title": "${1:Row}",',
      '\t"type": "object",',
      '\t"required": ["id"],',
      '\t"properties": {',
      '\t\t"id": { "type": "string", "format": "uuid" }$0',
      '\t}',
      '}',
    ],
  },
};

const TITLE_MARKER = '@@SYNTHDATAGEN_TITLE@@';
const DEFAULT_DRAFT = 'https://json-schema.org/draft/2020-12/schema';

/** Escapes text for a snippet body: `$`, `}` and `\` are snippet syntax. */
function escapeSnippetText(text) {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

/**
 * The example schemas as `{ name, schema }`, sorted by name.
 * @param {string} directory
 */
export async function readExampleSchemas(directory) {
  const names = (await readdir(directory)).filter((name) => name.endsWith('.json')).sort();
  if (names.length === 0) throw new Error(`no example schemas in ${directory}`);
  return Promise.all(
    names.map(async (name) => ({ name: basename(name, '.json'), schema: JSON.parse(await readFile(join(directory, name), 'utf8')) })),
  );
}

/**
 * The snippet file: the vocabulary, then `synthdatagen-template-<name>` per example. A template keeps the example
 * as is except its `$id` (it names the example, not the user's schema) and its `$schema`: VS Code lets a document's
 * `$schema` override every schema association, which would switch off the contributed x- keyword validation and
 * hovers; without it the draft is 2020-12 all the same, the default of every SynthDataGen tool (an example declaring
 * another draft keeps its `$schema`). The title is the first tab stop.
 * @param {ReadonlyArray<{ name: string, schema: Record<string, unknown> }>} examples
 * @returns {Record<string, Snippet>}
 */
export function buildSnippets(examples) {
  /** @type {Record<string, Snippet>} */
  const snippets = { ...VOCABULARY };
  for (const { name, schema } of examples) {
    const { $id: _id, $schema: draft, ...withoutDraft } = schema;
    const rest = draft === undefined || draft === DEFAULT_DRAFT ? withoutDraft : { $schema: draft, ...withoutDraft };
    const title = typeof rest.title === 'string' ? rest.title : name;
    const withTitle = { ...rest, title: TITLE_MARKER };
    const body = JSON.stringify(withTitle, null, '\t')
      .split('\n')
      .map((line) => escapeSnippetText(line).replace(TITLE_MARKER, `\${1:${escapeSnippetText(title)}}`));
    snippets[`SynthDataGen template: ${name}`] = {
      prefix: `synthdatagen-template-${name}`,
      description: `SynthDataGen: the ${title} example schema${typeof schema.description === 'string' ? ` — ${schema.description}` : ''}`,
      body,
    };
  }
  return snippets;
}
