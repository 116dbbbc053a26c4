/**
 * Quick fixes for lint findings whose hint names one mechanical edit (swap two bounds, add "null" to a type,
 * drop a keyword that cannot work). Free of the vscode API: text edits as offsets. Findings whose hint needs a
 * person's judgement ("widen the bounds or use type number") get no edit here; the editor offers their hint.
 */
import { modify, type Edit, type JSONPath, type Node } from 'jsonc-parser';
import type { LintIssue } from './server.js';
import { nodeAtPointer, parseJson, parsePointer } from './pointer.js';

export interface TextEdit {
  readonly offset: number;
  readonly length: number;
  readonly content: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The single obvious fix (VS Code applies it with "Auto Fix"). */
  readonly preferred: boolean;
}

const SWAPS: Readonly<Record<string, readonly [readonly string[], readonly string[]]>> = {
  'min-above-max': [
    ['minimum', 'exclusiveMinimum'],
    ['maximum', 'exclusiveMaximum'],
  ],
  'min-length-above-max': [['minLength'], ['maxLength']],
  'min-items-above-max': [['minItems'], ['maxItems']],
  'min-properties-above-max': [['minProperties'], ['maxProperties']],
  'min-contains-above-max': [['minContains'], ['maxContains']],
};

const DISTRIBUTIONS = ['uniform', 'normal', 'lognormal', 'exponential', 'poisson', 'zipf', 'empirical'];
const TYPES = ['null', 'boolean', 'object', 'array', 'string', 'integer', 'number'];

const FORMATTING = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };

function propertyValue(object: Node | undefined, key: string): Node | undefined {
  if (object?.type !== 'object') return undefined;
  const property = [...(object.children ?? [])].reverse().find((p) => p.children?.[0]?.value === key);
  return property?.children?.[1];
}

/** The jsonc-parser path of a pointer: array tokens become indices. */
function pathOf(root: Node, pointer: string): JSONPath {
  const path: JSONPath = [];
  let node: Node | undefined = root;
  for (const token of parsePointer(pointer)) {
    if (node?.type === 'array') {
      path.push(Number(token));
      node = node.children?.[Number(token)];
    } else {
      path.push(token);
      node = propertyValue(node, token);
    }
  }
  return path;
}

function parentPointer(pointer: string): string {
  const tokens = pointer.split('/');
  return tokens.slice(0, -1).join('/');
}

function replaceNode(node: Node, content: string): TextEdit {
  return { offset: node.offset, length: node.length, content };
}

function fromEdits(edits: readonly Edit[]): TextEdit[] {
  return edits.map((e) => ({ offset: e.offset, length: e.length, content: e.content }));
}

function removeKeyword(text: string, root: Node, pointer: string, keyword: string): TextEdit[] {
  return fromEdits(modify(text, [...pathOf(root, pointer), keyword], undefined, FORMATTING));
}

/** Edit distance, to offer the intended name for a misspelt one. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

function closest(word: string, names: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of names) {
    const d = distance(lower, name.toLowerCase());
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function swapFix(root: Node, issue: LintIssue): Fix | undefined {
  const pair = SWAPS[issue.code];
  const schema = nodeAtPointer(root, issue.pointer);
  if (pair === undefined || schema?.type !== 'object') return undefined;
  const present = (keys: readonly string[]): [string, Node][] =>
    keys.flatMap((k) => {
      const value = propertyValue(schema, k);
      return value?.type === 'number' ? [[k, value] as [string, Node]] : [];
    });
  const lows = present(pair[0]);
  const highs = present(pair[1]);
  if (lows.length !== 1 || highs.length !== 1) return undefined;
  const [lowKey, low] = lows[0]!;
  const [highKey, high] = highs[0]!;
  if (low.value === high.value) return undefined;
  return {
    title: `Swap ${lowKey} (${String(low.value)}) and ${highKey} (${String(high.value)})`,
    edits: [replaceNode(low, String(high.value)), replaceNode(high, String(low.value))],
    preferred: true,
  };
}

/** The fixes for one finding in `text` (the document the finding was made from). */
export function fixesFor(text: string, issue: LintIssue): Fix[] {
  const { root } = parseJson(text);
  if (root === undefined) return [];
  const fixes: Fix[] = [];
  const at = nodeAtPointer(root, issue.pointer);
  switch (issue.code) {
    case 'null-rate-without-null': {
      const schema = nodeAtPointer(root, parentPointer(issue.pointer));
      const type = propertyValue(schema, 'type');
      if (type?.type === 'string') {
        fixes.push({
          title: `Allow null: "type": [${JSON.stringify(type.value)}, "null"]`,
          edits: [replaceNode(type, `[${JSON.stringify(type.value)}, "null"]`)],
          preferred: true,
        });
      } else if (type?.type === 'array') {
        const items = (type.children ?? []).map((c) => JSON.stringify(c.value));
        fixes.push({
          title: 'Allow null: add "null" to the type',
          edits: [replaceNode(type, `[${[...items, '"null"'].join(', ')}]`)],
          preferred: true,
        });
      }
      break;
    }
    case 'weights-without-enum':
      fixes.push({
        title: 'Remove x-weights',
        edits: removeKeyword(text, root, parentPointer(issue.pointer), 'x-weights'),
        preferred: true,
      });
      break;
    case 'bad-unique':
      if (at) fixes.push({ title: 'Use "x-unique": true', edits: [replaceNode(at, 'true')], preferred: true });
      break;
    case 'unique-with-pattern': {
      const schema = parentPointer(issue.pointer);
      fixes.push({ title: 'Remove x-unique', edits: removeKeyword(text, root, schema, 'x-unique'), preferred: false });
      fixes.push({ title: 'Remove pattern', edits: removeKeyword(text, root, schema, 'pattern'), preferred: false });
      break;
    }
    case 'bad-distribution': {
      const name = at?.type === 'string' ? at : propertyValue(at, 'type');
      const intended = name?.type === 'string' ? closest(String(name.value), DISTRIBUTIONS) : undefined;
      if (name && intended)
        fixes.push({ title: `Change to "${intended}"`, edits: [replaceNode(name, JSON.stringify(intended))], preferred: true });
      break;
    }
    case 'unknown-type': {
      const intended = at?.type === 'string' ? closest(String(at.value), TYPES) : undefined;
      if (at && intended)
        fixes.push({ title: `Change to "${intended}"`, edits: [replaceNode(at, JSON.stringify(intended))], preferred: true });
      break;
    }
    default: {
      const swap = swapFix(root, issue);
      if (swap) fixes.push(swap);
    }
  }
  return fixes.filter((f) => f.edits.length > 0);
}

/** Applies edits (non-overlapping, any order) to text: what the editor does with a WorkspaceEdit. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.offset - a.offset)) {
    out = out.slice(0, edit.offset) + edit.content + out.slice(edit.offset + edit.length);
  }
  return out;
}
