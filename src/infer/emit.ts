/**
 * The 2020-12 JSON Schema `infer` writes: one property per column (nested `properties` for nested objects),
 * with the x- keywords of docs/schema-vocabulary.md, and the fitted model under the root's `x-model`.
 *
 * Columns of personal data and identifiers carry only what holds no sample value: a type, a `format`, a
 * derived `pattern`, an `x-faker` method for the safe generator, `x-nullRate`.
 */
import type { JsonSchemaObject, JsonValue } from '../core/types.js';
import { layoutFormat, layoutPattern } from './datetime.js';
import type { PiiKind } from './detect.js';
import { quantileGrid } from './fit.js';
import { isCategoricalColumn, isDatetimeColumn, isNumericColumn, type ModelColumn, type XModel } from './model.js';
import { runsPattern } from './pattern.js';

/** x-faker methods for the safe generators (the engine routes PII-shaped methods to reserved spaces). */
const FAKER_FOR: Partial<Record<PiiKind, string>> = {
  fullName: 'person.fullName',
  firstName: 'person.firstName',
  lastName: 'person.lastName',
  username: 'internet.username',
  phone: 'phone.number',
  streetAddress: 'location.streetAddress',
  secondaryAddress: 'location.secondaryAddress',
  zip: 'location.zipCode',
  creditCard: 'finance.creditCardNumber',
  iban: 'finance.iban',
  mac: 'internet.mac',
  text: 'lorem.sentence',
};

const FORMAT_FOR: Partial<Record<PiiKind, string>> = { email: 'email', uuid: 'uuid', url: 'uri', ipv4: 'ipv4', ipv6: 'ipv6' };

function nullable(type: string, column: ModelColumn): string | string[] {
  return column.missing.null > 0 ? [type, 'null'] : type;
}

function withNullRate(schema: JsonSchemaObject, column: ModelColumn): JsonSchemaObject {
  if (column.missing.null > 0) schema['x-nullRate'] = round(column.missing.null / Math.max(1e-12, 1 - column.missing.absent), 6);
  return schema;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function columnSchema(column: ModelColumn): JsonSchemaObject {
  switch (column.generator) {
    case 'none':
      return { type: 'null' };
    case 'marginal': {
      if (isNumericColumn(column)) {
        const q = column.quantiles;
        const coarse = quantileGrid(Float64Array.from(q), 100, column.type === 'integer' ? 2 : Math.min(15, column.decimals + 3));
        return withNullRate(
          {
            type: nullable(column.type, column),
            minimum: q[0] as number,
            maximum: q[q.length - 1] as number,
            ...(column.type === 'integer' && column.step !== undefined && column.step > 1 ? { multipleOf: column.step } : {}),
            'x-distribution': { type: 'empirical', quantiles: coarse },
          },
          column,
        );
      }
      if (isDatetimeColumn(column)) {
        const format = layoutFormat(column.format.layout);
        return withNullRate(
          { type: nullable('string', column), ...(format !== undefined ? { format } : { pattern: layoutPattern(column.format) }) },
          column,
        );
      }
      if (!isCategoricalColumn(column)) return {};
      if (column.json === true) {
        const parsed = column.values.map((v) => JSON.parse(String(v)) as JsonValue);
        const types = [
          ...new Set(parsed.map((v) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'object' ? 'object' : typeof v))),
        ];
        if (column.missing.null > 0 && !types.includes('null')) types.push('null');
        return withNullRate(
          { type: types.length === 1 ? (types[0] as string) : types, enum: column.missing.null > 0 ? [...parsed, null] : parsed },
          column,
        );
      }
      const values: JsonValue[] = [...column.values];
      const weights = column.weights.map((w) => round(w, 6));
      if (column.type === 'boolean') {
        return withNullRate(
          {
            type: nullable('boolean', column),
            enum: column.missing.null > 0 ? [...values, null] : values,
            'x-weights': column.missing.null > 0 ? [...weights, 0] : weights,
          },
          column,
        );
      }
      return withNullRate(
        {
          type: nullable('string', column),
          enum: column.missing.null > 0 ? [...values, null] : values,
          'x-weights': column.missing.null > 0 ? [...weights, 0] : weights,
        },
        column,
      );
    }
    case 'semantic': {
      if (column.type === 'integer') {
        const range = column.range ?? [1, 2 ** 31 - 1];
        return withNullRate(
          { type: nullable('integer', column), minimum: range[0], maximum: range[1], ...(column.unique ? { 'x-unique': true } : {}) },
          column,
        );
      }
      if (column.type === 'datetime') {
        const layout = column.format?.layout ?? 'YYYY-MM-DD';
        const format = layoutFormat(layout);
        return withNullRate(
          {
            type: nullable('string', column),
            ...(format !== undefined ? { format } : { pattern: layoutPattern(column.format ?? { layout }) }),
          },
          column,
        );
      }
      if (column.semantic === 'empty') {
        const shape = column.shape ?? 'array';
        return withNullRate({ type: nullable(shape, column), ...(shape === 'array' ? { maxItems: 0 } : { maxProperties: 0 }) }, column);
      }
      const schema: JsonSchemaObject = { type: nullable('string', column) };
      const format = FORMAT_FOR[column.semantic];
      if (format !== undefined) schema.format = format;
      else if (column.semantic === 'identifier') {
        if (column.identifier !== undefined) schema.pattern = runsPattern(column.identifier.runs);
        else if (column.length !== undefined) schema.minLength = 1;
      } else {
        const faker = FAKER_FOR[column.semantic];
        if (faker !== undefined) schema['x-faker'] = faker;
      }
      return withNullRate(schema, column);
    }
  }
}

interface ObjectSchemaNode {
  schema: JsonSchemaObject;
  properties: Record<string, JsonSchemaObject>;
  required: string[];
  children: Map<string, ObjectSchemaNode>;
}

function newNode(): ObjectSchemaNode {
  return { schema: { type: 'object' }, properties: {}, required: [], children: new Map() };
}

/** The schema for a fitted model (`columns`: fitted on all rows): nested objects rebuilt from the column paths. */
export function emitSchema(model: XModel, columns: readonly ModelColumn[], title?: string): JsonSchemaObject {
  const root = newNode();
  const objectMissing = new Map(model.objects.map((o) => [JSON.stringify(o.path), o.missing]));
  const nodeAt = (path: readonly string[]): ObjectSchemaNode => {
    let node = root;
    for (let i = 0; i < path.length; i++) {
      const key = path[i] as string;
      let child = node.children.get(key);
      if (child === undefined) {
        child = newNode();
        node.children.set(key, child);
        const missing = objectMissing.get(JSON.stringify(path.slice(0, i + 1)));
        if (missing !== undefined && missing.null > 0) child.schema.type = ['object', 'null'];
        node.properties[key] = child.schema;
        if (missing === undefined || missing.absent === 0) node.required.push(key);
      }
      node = child;
    }
    return node;
  };
  for (const column of columns) {
    const parent = nodeAt(column.path.slice(0, -1));
    const key = column.path[column.path.length - 1] as string;
    parent.properties[key] = columnSchema(column);
    if (column.missing.absent === 0) parent.required.push(key);
  }
  const finish = (node: ObjectSchemaNode): void => {
    node.schema.properties = node.properties;
    if (node.required.length > 0) node.schema.required = node.required;
    for (const child of node.children.values()) finish(child);
  };
  finish(root);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    ...(title !== undefined ? { title } : {}),
    type: 'object',
    properties: root.properties,
    ...(root.required.length > 0 ? { required: root.required } : {}),
    'x-model': model as unknown as JsonValue,
  };
}
