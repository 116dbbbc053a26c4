/**
 * Where a JSON pointer (`/properties/age/minimum`) sits in the editor's text, found by walking the JSON
 * syntax tree CodeMirror already keeps. The lint endpoint answers in pointers; the editor shows issues at
 * lines, and this is the bridge. A pointer that goes further than the text (a missing key) lands on the
 * deepest part that exists, which is where the fix goes.
 */
import { ensureSyntaxTree, syntaxTree } from '@codemirror/language';
import type { EditorState } from '@codemirror/state';
import type { SyntaxNode } from '@lezer/common';

export interface TextRange {
  readonly from: number;
  readonly to: number;
}

const VALUE_NODES = new Set(['Object', 'Array', 'String', 'Number', 'True', 'False', 'Null']);

export function pointerTokens(pointer: string): string[] {
  if (pointer === '' || pointer === '#') return [];
  return pointer
    .replace(/^#/, '')
    .split('/')
    .slice(1)
    .map((token) => decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~'));
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) out.push(child);
  return out;
}

function nameOf(state: EditorState, property: SyntaxNode): string | undefined {
  const name = property.getChild('PropertyName');
  if (!name) return undefined;
  try {
    return JSON.parse(state.sliceDoc(name.from, name.to)) as string;
  } catch {
    return undefined;
  }
}

/** The range to mark for `pointer`: a scalar value itself, or the key of an object/array member. */
export function locatePointer(state: EditorState, pointer: string): TextRange {
  // The tree is parsed lazily around the viewport; a pointer may point far below it.
  const tree = ensureSyntaxTree(state, state.doc.length, 200) ?? syntaxTree(state);
  const top = children(tree.topNode).find((n) => VALUE_NODES.has(n.name));
  if (!top) return { from: 0, to: Math.min(state.doc.length, 1) };
  let value: SyntaxNode = top;
  let mark: TextRange = { from: value.from, to: value.name === 'Object' || value.name === 'Array' ? value.from + 1 : value.to };
  for (const token of pointerTokens(pointer)) {
    if (value.name === 'Object') {
      const property: SyntaxNode | undefined = children(value).find((c) => c.name === 'Property' && nameOf(state, c) === token);
      if (!property) break;
      const next: SyntaxNode | undefined = children(property).find((c) => VALUE_NODES.has(c.name));
      const key = property.getChild('PropertyName')!;
      if (!next) {
        mark = { from: key.from, to: key.to };
        break;
      }
      value = next;
      mark = next.name === 'Object' || next.name === 'Array' ? { from: key.from, to: key.to } : { from: next.from, to: next.to };
    } else if (value.name === 'Array') {
      const items: SyntaxNode[] = children(value).filter((c) => VALUE_NODES.has(c.name));
      const item: SyntaxNode | undefined = /^\d+$/.test(token) ? items[Number(token)] : undefined;
      if (!item) break;
      value = item;
      mark = item.name === 'Object' || item.name === 'Array' ? { from: item.from, to: item.from + 1 } : { from: item.from, to: item.to };
    } else {
      break;
    }
  }
  return mark;
}
