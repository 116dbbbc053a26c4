/**
 * The official meta-schemas, bundled (from Ajv's copies) so a `$ref` to them resolves offline and a
 * generator can produce instances of them (schemas) like any other schema.
 */
import draft04 from 'ajv-draft-04/dist/refs/json-schema-draft-04.json' with { type: 'json' };
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import draft07 from 'ajv/dist/refs/json-schema-draft-07.json' with { type: 'json' };
import s2019 from 'ajv/dist/refs/json-schema-2019-09/schema.json' with { type: 'json' };
import s2019core from 'ajv/dist/refs/json-schema-2019-09/meta/core.json' with { type: 'json' };
import s2019app from 'ajv/dist/refs/json-schema-2019-09/meta/applicator.json' with { type: 'json' };
import s2019val from 'ajv/dist/refs/json-schema-2019-09/meta/validation.json' with { type: 'json' };
import s2019meta from 'ajv/dist/refs/json-schema-2019-09/meta/meta-data.json' with { type: 'json' };
import s2019fmt from 'ajv/dist/refs/json-schema-2019-09/meta/format.json' with { type: 'json' };
import s2019content from 'ajv/dist/refs/json-schema-2019-09/meta/content.json' with { type: 'json' };
import s2020 from 'ajv/dist/refs/json-schema-2020-12/schema.json' with { type: 'json' };
import s2020core from 'ajv/dist/refs/json-schema-2020-12/meta/core.json' with { type: 'json' };
import s2020app from 'ajv/dist/refs/json-schema-2020-12/meta/applicator.json' with { type: 'json' };
import s2020val from 'ajv/dist/refs/json-schema-2020-12/meta/validation.json' with { type: 'json' };
import s2020meta from 'ajv/dist/refs/json-schema-2020-12/meta/meta-data.json' with { type: 'json' };
import s2020fmt from 'ajv/dist/refs/json-schema-2020-12/meta/format-annotation.json' with { type: 'json' };
import s2020content from 'ajv/dist/refs/json-schema-2020-12/meta/content.json' with { type: 'json' };
import s2020uneval from 'ajv/dist/refs/json-schema-2020-12/meta/unevaluated.json' with { type: 'json' };
import type { JsonSchemaObject } from '../core/types.js';

/** Meta-schemas by their canonical URI (no trailing `#`). */
export const META_SCHEMAS: ReadonlyMap<string, JsonSchemaObject> = new Map<string, JsonSchemaObject>([
  ['http://json-schema.org/draft-04/schema', draft04],
  ['http://json-schema.org/draft-06/schema', draft06],
  ['http://json-schema.org/draft-07/schema', draft07],
  ['https://json-schema.org/draft/2019-09/schema', s2019],
  ['https://json-schema.org/draft/2019-09/meta/core', s2019core],
  ['https://json-schema.org/draft/2019-09/meta/applicator', s2019app],
  ['https://json-schema.org/draft/2019-09/meta/validation', s2019val],
  ['https://json-schema.org/draft/2019-09/meta/meta-data', s2019meta],
  ['https://json-schema.org/draft/2019-09/meta/format', s2019fmt],
  ['https://json-schema.org/draft/2019-09/meta/content', s2019content],
  ['https://json-schema.org/draft/2020-12/schema', s2020],
  ['https://json-schema.org/draft/2020-12/meta/core', s2020core],
  ['https://json-schema.org/draft/2020-12/meta/applicator', s2020app],
  ['https://json-schema.org/draft/2020-12/meta/validation', s2020val],
  ['https://json-schema.org/draft/2020-12/meta/meta-data', s2020meta],
  ['https://json-schema.org/draft/2020-12/meta/format-annotation', s2020fmt],
  ['https://json-schema.org/draft/2020-12/meta/content', s2020content],
  ['https://json-schema.org/draft/2020-12/meta/unevaluated', s2020uneval],
]);
