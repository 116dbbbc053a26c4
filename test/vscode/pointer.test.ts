/** JSON pointer → text span, and the mechanical quick fixes (pure: no vscode, no CLI). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyTextEdits, fixesFor } from '../../extensions/vscode/src/fixes.js';
import { nodeAtPointer, parseJson, parsePointer, spanOfPointer } from '../../extensions/vscode/src/pointer.js';
import type { LintIssue } from '../../extensions/vscode/src/server.js';

const text = `{
  "type": "object",
  "properties": {
    "age": { "type": "integer", "minimum": 10, "maximum": 5 },
    "a/b": { "enum": ["x", "y"], "x-weights": [1, 2] },
    "t~n": { "type": "string" }
  },
  "required": ["age", "missing"]
}`;

function slice(pointer: string): { text: string; exact: boolean } {
  const span = spanOfPointer(parseJson(text).root!, pointer);
  return { text: text.slice(span.start, span.end), exact: span.exact };
}

describe('parsePointer', () => {
  it('reads plain and fragment pointers and unescapes ~1 and ~0', () => {
    expect(parsePointer('')).toEqual([]);
    expect(parsePointer('#')).toEqual([]);
    expect(parsePointer('/properties/a~1b')).toEqual(['properties', 'a/b']);
    expect(parsePointer('#/properties/t~0n')).toEqual(['properties', 't~n']);
    expect(parsePointer('#/properties/a%20b')).toEqual(['properties', 'a b']);
  });
});

describe('spanOfPointer', () => {
  it('shows a property at its key, an array element at its value, the root at its first character', () => {
    expect(slice('/properties/age')).toEqual({ text: '"age"', exact: true });
    expect(slice('/properties/age/maximum')).toEqual({ text: '"maximum"', exact: true });
    expect(slice('/properties/a~1b/x-weights')).toEqual({ text: '"x-weights"', exact: true });
    expect(slice('/properties/t~0n')).toEqual({ text: '"t~n"', exact: true });
    expect(slice('/required/1')).toEqual({ text: '"missing"', exact: true });
    expect(slice('')).toEqual({ text: '{', exact: true });
  });

  it('falls back to the deepest existing ancestor when the pointer leaves the document', () => {
    expect(slice('/properties/age/x-nullRate')).toEqual({ text: '"age"', exact: false });
    expect(slice('/required/7')).toEqual({ text: '"required"', exact: false });
    expect(slice('/nope/deeper')).toEqual({ text: '{', exact: false });
  });

  it('uses the last of duplicate keys, as JSON.parse (and so the CLI) does', () => {
    const dup = '{"a": 1, "a": {"b": 2}}';
    const span = spanOfPointer(parseJson(dup).root!, '/a/b');
    expect(dup.slice(span.start, span.end)).toBe('"b"');
  });

  // The law the diagnostics rest on: for any document and any pointer to a node in it, the span is that node's
  // key (a property) or the node itself (an array element, a scalar), whatever the formatting.
  it('lands on the named node for every pointer of any JSON document', () => {
    const pointersOf = (value: unknown, prefix = ''): { pointer: string; key: string | number; value: unknown }[] => {
      const out: { pointer: string; key: string | number; value: unknown }[] = [];
      if (Array.isArray(value))
        value.forEach((v, i) => out.push({ pointer: `${prefix}/${i}`, key: i, value: v }, ...pointersOf(v, `${prefix}/${i}`)));
      else if (value !== null && typeof value === 'object')
        for (const [k, v] of Object.entries(value)) {
          const p = `${prefix}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
          out.push({ pointer: p, key: k, value: v }, ...pointersOf(v, p));
        }
      return out;
    };
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(0, 2, '\t'), (value, indent) => {
        const doc = JSON.stringify(value, null, indent);
        const { root } = parseJson(doc);
        for (const { pointer, key, value: v } of pointersOf(value)) {
          const span = spanOfPointer(root!, pointer);
          expect(span.exact).toBe(true);
          const shown = (): unknown => JSON.parse(doc.slice(span.start, span.end));
          if (typeof key === 'string') expect(shown()).toBe(key);
          else if (v === null || typeof v !== 'object') expect(shown()).toEqual(JSON.parse(JSON.stringify(v)));
          else expect(doc[span.start]).toBe(Array.isArray(v) ? '[' : '{');
          expect(nodeAtPointer(root!, pointer)).toBeDefined();
        }
      }),
      { numRuns: 200 },
    );
  });
});

function issue(code: string, pointer: string): LintIssue {
  return { severity: 'error', code, pointer, message: code, hint: '' };
}

describe('fixesFor', () => {
  it('swaps inverted bounds', () => {
    const [fix, ...rest] = fixesFor(text, issue('min-above-max', '/properties/age'));
    expect(rest).toEqual([]);
    expect(fix!.title).toBe('Swap minimum (10) and maximum (5)');
    expect(JSON.parse(applyTextEdits(text, fix!.edits)).properties.age).toEqual({ type: 'integer', minimum: 5, maximum: 10 });
  });

  it('swaps length, item, property and contains bounds', () => {
    for (const [code, lo, hi] of [
      ['min-length-above-max', 'minLength', 'maxLength'],
      ['min-items-above-max', 'minItems', 'maxItems'],
      ['min-properties-above-max', 'minProperties', 'maxProperties'],
      ['min-contains-above-max', 'minContains', 'maxContains'],
    ] as const) {
      const doc = JSON.stringify({ properties: { p: { [lo]: 9, [hi]: 2 } } });
      const [fix] = fixesFor(doc, issue(code, '/properties/p'));
      expect(JSON.parse(applyTextEdits(doc, fix!.edits)).properties.p).toEqual({ [lo]: 2, [hi]: 9 });
    }
  });

  it('does not guess when the bounds are ambiguous', () => {
    const doc = JSON.stringify({ minimum: 9, exclusiveMinimum: 8, maximum: 2 });
    expect(fixesFor(doc, issue('min-above-max', ''))).toEqual([]);
  });

  it('adds null to a type for x-nullRate, keeping a list a list', () => {
    const single = '{"type": "string", "x-nullRate": 0.2}';
    expect(JSON.parse(applyTextEdits(single, fixesFor(single, issue('null-rate-without-null', '/x-nullRate'))[0]!.edits)).type).toEqual([
      'string',
      'null',
    ]);
    const list = '{"type": ["string", "integer"], "x-nullRate": 0.2}';
    expect(JSON.parse(applyTextEdits(list, fixesFor(list, issue('null-rate-without-null', '/x-nullRate'))[0]!.edits)).type).toEqual([
      'string',
      'integer',
      'null',
    ]);
  });

  it('removes x-weights without an enum, and x-unique or pattern when they clash', () => {
    const weights = '{\n  "type": "string",\n  "x-weights": [1, 2]\n}';
    expect(JSON.parse(applyTextEdits(weights, fixesFor(weights, issue('weights-without-enum', '/x-weights'))[0]!.edits))).toEqual({
      type: 'string',
    });
    const clash = '{"type": "string", "pattern": "^a$", "x-unique": true}';
    const [dropUnique, dropPattern] = fixesFor(clash, issue('unique-with-pattern', '/x-unique'));
    expect(JSON.parse(applyTextEdits(clash, dropUnique!.edits))).toEqual({ type: 'string', pattern: '^a$' });
    expect(JSON.parse(applyTextEdits(clash, dropPattern!.edits))).toEqual({ type: 'string', 'x-unique': true });
  });

  it('corrects a misspelt distribution or type, and leaves unrelated words alone', () => {
    const dist = '{"type": "number", "x-distribution": {"type": "norml", "mean": 3}}';
    const [fix] = fixesFor(dist, issue('bad-distribution', '/x-distribution'));
    expect(fix!.title).toBe('Change to "normal"');
    expect(JSON.parse(applyTextEdits(dist, fix!.edits))['x-distribution']).toEqual({ type: 'normal', mean: 3 });
    const bare = '{"x-distribution": "zipff"}';
    expect(JSON.parse(applyTextEdits(bare, fixesFor(bare, issue('bad-distribution', '/x-distribution'))[0]!.edits))).toEqual({
      'x-distribution': 'zipf',
    });
    const type = '{"type": "strng"}';
    expect(JSON.parse(applyTextEdits(type, fixesFor(type, issue('unknown-type', '/type'))[0]!.edits))).toEqual({ type: 'string' });
    expect(fixesFor('{"type": "banana"}', issue('unknown-type', '/type'))).toEqual([]);
  });

  it('offers nothing for findings that need judgement, or for text that does not parse', () => {
    expect(fixesFor(text, issue('no-integer-in-range', '/properties/age'))).toEqual([]);
    expect(fixesFor('{"a": ', issue('min-above-max', ''))).toEqual([]);
  });
});
