/**
 * The schema editor: CodeMirror 6 with JSON highlighting, and lint diagnostics from the server's own linter
 * (POST /api/lint) drawn at the line each JSON pointer names, with the fix hint. Syntax errors are caught in
 * the browser first (JSON.parse), so a half-typed schema never costs a request.
 *
 * The editor owns its text; the parent hears every change (onChange) and every lint outcome (onLint), and
 * can replace the text (a template, an upload) by passing a new `value` with a new `revision`.
 */
import { forwardRef, useEffect, useImperativeHandle, useRef, type ReactNode } from 'react';
import { basicSetup, EditorView } from 'codemirror';
import { json, jsonParseLinter } from '@codemirror/lang-json';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { tags } from '@lezer/highlight';
import { api, ApiError } from '../api/client';
import type { LintIssue, LintResult } from '../api/types';
import { locatePointer } from '../lib/json-pointer';

export interface LintOutcome {
  /** The text did not parse as JSON: the parser's message, and where. */
  readonly syntaxError?: { readonly message: string; readonly line: number };
  readonly result?: LintResult;
  /** The lint request itself failed (network, permissions). */
  readonly failure?: string;
  /** The parsed schema when it parsed. */
  readonly schema?: unknown;
  /** Line of each issue, in the order of result.issues. */
  readonly lines?: readonly number[];
}

export interface SchemaEditorHandle {
  /** Moves the cursor to a line and focuses the editor (from the issue list). */
  focusLine(line: number): void;
}

interface Props {
  readonly value: string;
  /** Bump to push `value` into the editor (otherwise the editor keeps what the person typed). */
  readonly revision: number;
  readonly onChange?: (text: string) => void;
  readonly onLint?: (outcome: LintOutcome) => void;
  readonly readOnly?: boolean;
  readonly label: string;
  readonly describedBy?: string;
  readonly minHeight?: string;
}

const highlight = HighlightStyle.define([
  { tag: tags.propertyName, color: 'var(--syn-prop)' },
  { tag: tags.string, color: 'var(--syn-string)' },
  { tag: tags.number, color: 'var(--syn-number)' },
  { tag: [tags.bool, tags.null], color: 'var(--syn-keyword)', fontWeight: '600' },
  { tag: [tags.brace, tags.squareBracket, tags.separator, tags.punctuation], color: 'var(--syn-punct)' },
  { tag: tags.invalid, color: 'var(--bad-text)' },
]);

const theme = EditorView.theme({
  '&': {
    backgroundColor: 'var(--surface)',
    color: 'var(--text)',
    fontSize: '0.875rem',
    borderRadius: '8px',
    border: '1px solid var(--border-strong)',
  },
  '&.cm-focused': { outline: '3px solid var(--focus)', outlineOffset: '1px' },
  '.cm-content': { caretColor: 'var(--text)', fontFamily: 'var(--mono)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)' },
  '.cm-gutters': {
    backgroundColor: 'var(--surface-2)',
    color: 'var(--muted)',
    borderRight: '1px solid var(--border)',
    borderRadius: '8px 0 0 8px',
  },
  '.cm-activeLine': { backgroundColor: 'var(--active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--active-line)', color: 'var(--text)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--selection)' },
  '.cm-tooltip': { backgroundColor: 'var(--surface)', color: 'var(--text)', border: '1px solid var(--border-strong)' },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--bad)' },
  '.cm-diagnostic-warning': { borderLeftColor: 'var(--warn)' },
  '.cm-panels': { backgroundColor: 'var(--surface-2)', color: 'var(--text)' },
  '.cm-matchingBracket': { backgroundColor: 'var(--selection)', outline: '1px solid var(--border-strong)' },
});

/**
 * The meta-schema check reports a bad keyword value several ways (enum, type, anyOf) beside the linter's own
 * plain message ("unknown type"); show the plainest one per place.
 */
export function tidyIssues(issues: readonly LintIssue[]): LintIssue[] {
  const explained = new Set(issues.filter((i) => i.code !== 'meta-schema').map((i) => i.pointer));
  const seen = new Set<string>();
  return issues.filter((issue) => {
    if (issue.code !== 'meta-schema') return true;
    if (explained.has(issue.pointer) || seen.has(issue.pointer)) return false;
    seen.add(issue.pointer);
    return true;
  });
}

function lineOf(state: EditorState, position: number): number {
  return state.doc.lineAt(Math.min(position, state.doc.length)).number;
}

function severityOf(issue: LintIssue): Diagnostic['severity'] {
  return issue.severity === 'error' ? 'error' : issue.severity === 'warning' ? 'warning' : 'info';
}

export const SchemaEditor = forwardRef<SchemaEditorHandle, Props>(function SchemaEditor(props, handle): ReactNode {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const callbacks = useRef({ onChange: props.onChange, onLint: props.onLint });
  callbacks.current = { onChange: props.onChange, onLint: props.onLint };

  useImperativeHandle(handle, () => ({
    focusLine(line: number) {
      const current = view.current;
      if (!current) return;
      const target = current.state.doc.line(Math.max(1, Math.min(line, current.state.doc.lines)));
      current.dispatch({ selection: { anchor: target.from }, scrollIntoView: true });
      current.focus();
    },
  }));

  useEffect(() => {
    const parseLinter = jsonParseLinter();
    const schemaLinter = linter(
      async (editor) => {
        const state = editor.state;
        const report = (outcome: LintOutcome): void => {
          // A newer edit started another lint: this answer is stale.
          if (editor.state.doc === state.doc) callbacks.current.onLint?.(outcome);
        };
        const text = state.doc.toString();
        if (text.trim() === '') {
          report({ syntaxError: { message: 'the editor is empty: paste a JSON Schema, upload one, or pick a template', line: 1 } });
          return [];
        }
        const syntax = parseLinter(editor);
        if (syntax.length > 0) {
          const first = syntax[0]!;
          report({ syntaxError: { message: first.message, line: lineOf(state, first.from) } });
          return syntax.map((d) => ({ ...d, message: `JSON syntax: ${d.message}` }));
        }
        const schema = JSON.parse(text) as unknown;
        try {
          const answer = await api.post<LintResult>('/api/lint', { schema });
          const result: LintResult = { ...answer, issues: tidyIssues(answer.issues) };
          const ranges = result.issues.map((issue) => locatePointer(state, issue.pointer));
          report({ result, schema, lines: ranges.map((r) => lineOf(state, r.from)) });
          return result.issues.map((issue, index) => ({
            from: ranges[index]!.from,
            to: ranges[index]!.to,
            severity: severityOf(issue),
            source: issue.code,
            message: `${issue.message}${issue.hint ? `\nFix: ${issue.hint}` : ''}${issue.pointer ? `\nAt ${issue.pointer}` : ''}`,
          }));
        } catch (error) {
          report({ schema, failure: error instanceof ApiError ? error.message : 'the linter could not be reached' });
          return [];
        }
      },
      { delay: 350 },
    );
    const state = EditorState.create({
      doc: props.value,
      extensions: [
        basicSetup,
        json(),
        syntaxHighlighting(highlight),
        theme,
        EditorView.lineWrapping,
        lintGutter(),
        schemaLinter,
        // Read-only stays focusable (editable), so keyboard users can scroll, select and copy.
        EditorState.readOnly.of(props.readOnly === true),
        EditorView.contentAttributes.of({
          // contenteditable is focusable already; saying so lets checkers see the scroller is reachable.
          tabindex: '0',
          'aria-label': props.label,
          ...(props.describedBy ? { 'aria-describedby': props.describedBy } : {}),
          ...(props.readOnly ? { 'aria-readonly': 'true' } : {}),
        }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) callbacks.current.onChange?.(update.state.doc.toString());
        }),
      ],
    });
    const editor = new EditorView({ state, parent: host.current! });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The editor is built once; text from outside arrives through `revision` below.
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (!editor || editor.state.doc.toString() === props.value) return;
    editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: props.value } });
  }, [props.revision]);

  return (
    <div
      ref={host}
      className="schema-editor"
      style={props.minHeight ? { minHeight: props.minHeight } : undefined}
      data-testid="schema-editor"
    />
  );
});
