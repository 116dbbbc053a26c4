/**
 * JSON pointers (RFC 6901, as `synthdatagen lint` reports them) to places in the text of a JSON document.
 * Free of the vscode API: offsets in, offsets out. The parse is jsonc-parser's, the one VS Code's JSON
 * support uses, so the ranges agree with what the editor shows.
 */
import { parseTree, type Node, type ParseError } from 'jsonc-parser';

export interface TextSpan {
  readonly start: number;
  readonly end: number;
  /** False when the pointer leaves the document: the span is its deepest existing ancestor. */
  readonly exact: boolean;
}

/** The pointer's reference tokens; `#`, `#/a` and `/a` all work, `~1` and `~0` are unescaped. */
export function parsePointer(pointer: string): string[] {
  let p = pointer.startsWith('#') ? decodeURIComponent(pointer.slice(1)) : pointer;
  if (p === '') return [];
  if (!p.startsWith('/')) p = `/${p}`;
  return p
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function parseJson(text: string): { root: Node | undefined; errors: ParseError[] } {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
  return { root, errors };
}

/** The node a pointer names, or undefined when the pointer leaves the document. */
export function nodeAtPointer(root: Node, pointer: string): Node | undefined {
  let node: Node | undefined = root;
  for (const token of parsePointer(pointer)) {
    node = childOf(node, token);
    if (node === undefined) return undefined;
  }
  return node;
}

/**
 * Where a finding at `pointer` is shown. A property is shown at its key (`"age"` for `/properties/age`), which
 * is short and names the thing; an array element or the root at its value's first line. A pointer that
 * leaves the document (a keyword the finding says is missing) falls back to its deepest existing ancestor.
 */
export function spanOfPointer(root: Node, pointer: string): TextSpan {
  const tokens = parsePointer(pointer);
  let node: Node = root;
  let exact = true;
  for (const token of tokens) {
    const child = childOf(node, token);
    if (child === undefined) {
      exact = false;
      break;
    }
    node = child;
  }
  const property = node.parent?.type === 'property' ? node.parent : undefined;
  const key = property?.children?.[0];
  if (key && key !== node) return { start: key.offset, end: key.offset + key.length, exact };
  if (node.type === 'object' || node.type === 'array') return { start: node.offset, end: node.offset + 1, exact };
  return { start: node.offset, end: node.offset + node.length, exact };
}

function childOf(node: Node, token: string): Node | undefined {
  if (node.type === 'object') {
    // The last duplicate key wins, as in JSON.parse (which is what the CLI linted).
    const property = [...(node.children ?? [])].reverse().find((p) => p.children?.[0]?.value === token);
    return property?.children?.[1];
  }
  if (node.type === 'array' && /^(0|[1-9][0-9]*)$/.test(token)) return node.children?.[Number(token)];
  return undefined;
}
