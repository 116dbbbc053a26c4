/**
 * The small building blocks every page uses. Status is never carried by colour alone: each badge says its
 * state in words (and an icon), so it reads the same to a screen reader and in a greyscale print.
 */
import { cloneElement, useEffect, useId, useRef, type KeyboardEvent, type ReactElement, type ReactNode } from 'react';
import { ApiError } from '../api/client';

export type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'neutral';

const ICONS: Record<Tone, string> = { ok: '✓', warn: '!', bad: '✕', info: '•', neutral: '•' };

export function Badge({ tone, children, label }: { tone: Tone; children: ReactNode; label?: string }): ReactNode {
  return (
    <span className={`badge badge-${tone}`} {...(label ? { title: label } : {})}>
      <span aria-hidden="true" className="badge-icon">
        {ICONS[tone]}
      </span>
      {children}
    </span>
  );
}

export function toneOfStatus(status: string | null | undefined): Tone {
  switch (status) {
    case 'succeeded':
    case 'pass':
    case 'clean':
      return 'ok';
    case 'warn':
    case 'queued':
    case 'running':
      return status === 'warn' ? 'warn' : 'info';
    case 'failed':
    case 'fail':
    case 'blocked':
      return 'bad';
    default:
      return 'neutral';
  }
}

/** A status in words; `prefix` names what it is the status of (visible with `showPrefix`, else for screen readers). */
export function StatusBadge({
  status,
  prefix,
  showPrefix,
}: {
  status: string | null | undefined;
  prefix?: string;
  showPrefix?: boolean;
}): ReactNode {
  if (!status) return <span className="muted">—</span>;
  return (
    <Badge tone={toneOfStatus(status)}>
      {prefix ? <span className={showPrefix ? undefined : 'sr-only'}>{prefix} </span> : null}
      {status}
    </Badge>
  );
}

/** An error from the API in its own words, with the fix hint and the JSON pointer when there is one. */
export function ErrorNotice({ error, title }: { error: unknown; title?: string }): ReactNode {
  if (error === undefined || error === null) return null;
  const body = error instanceof ApiError ? error.body : { code: 'ERROR', message: error instanceof Error ? error.message : String(error) };
  return (
    <div className="notice notice-bad" role="alert">
      <p>
        <strong>{title ?? 'Something went wrong'}:</strong> {body.message}
        {body.pointer ? (
          <>
            {' '}
            (at <code>{body.pointer}</code>)
          </>
        ) : null}
      </p>
      {body.hint ? <p className="hint">Fix: {body.hint}</p> : null}
      <p className="muted small">Code {body.code}</p>
    </div>
  );
}

export function Spinner({ label }: { label: string }): ReactNode {
  return (
    <span className="spinner-wrap" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </span>
  );
}

/**
 * A modal dialog on the native <dialog>: it traps focus, closes on Escape and returns focus to the
 * control that opened it, without a library.
 */
export function Dialog({
  open,
  onClose,
  title,
  children,
  wide,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
  wide?: boolean;
}): ReactNode {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog dialog-wide' : 'dialog'}
      aria-labelledby={titleId}
      onClose={onClose}
      onClick={(event) => {
        if (event.target === ref.current) onClose();
      }}
    >
      {open ? (
        <div className="dialog-body">
          <div className="dialog-head">
            <h2 id={titleId}>{title}</h2>
            <button type="button" className="button-ghost" onClick={onClose} aria-label="Close">
              ✕
            </button>
          </div>
          {children}
        </div>
      ) : null}
    </dialog>
  );
}

export interface TabItem {
  readonly id: string;
  readonly label: string;
}

/** WAI-ARIA tabs: arrow keys move between tabs, Home/End jump, only the selected tab is in the Tab order. */
export function Tabs({
  tabs,
  selected,
  onSelect,
  label,
}: {
  tabs: readonly TabItem[];
  selected: string;
  onSelect: (id: string) => void;
  label: string;
}): ReactNode {
  const refs = useRef(new Map<string, HTMLButtonElement>());
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const index = tabs.findIndex((t) => t.id === selected);
    let next = index;
    if (event.key === 'ArrowRight') next = (index + 1) % tabs.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + tabs.length) % tabs.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = tabs.length - 1;
    else return;
    event.preventDefault();
    const id = tabs[next]!.id;
    onSelect(id);
    refs.current.get(id)?.focus();
  };
  return (
    <div role="tablist" aria-label={label} className="tabs" onKeyDown={onKeyDown}>
      {tabs.map((tab) => (
        <button
          key={tab.id}
          ref={(element) => {
            if (element) refs.current.set(tab.id, element);
            else refs.current.delete(tab.id);
          }}
          type="button"
          role="tab"
          id={`tab-${tab.id}`}
          aria-selected={tab.id === selected}
          aria-controls={`panel-${tab.id}`}
          tabIndex={tab.id === selected ? 0 : -1}
          className="tab"
          onClick={() => onSelect(tab.id)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}

/** A wide table in a region that scrolls sideways on a phone; focusable so the keyboard can scroll it. */
export function TableScroll({ label, children }: { label: string; children: ReactNode }): ReactNode {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }): ReactNode {
  return <p className="empty">{children}</p>;
}

/** Why a control is missing or disabled: said once, near it, instead of leaving people guessing. */
export function RoleNote({ children }: { children: ReactNode }): ReactNode {
  return (
    <p className="role-note">
      <span aria-hidden="true">🔒 </span>
      {children}
    </p>
  );
}

/**
 * A visible label tied to its control by id (not by wrapping): wrapping a <select> in its <label> makes
 * browsers fold the options' text into the control's name ("Format JSONL JSON CSV…").
 */
export function Labeled({
  label,
  className,
  children,
}: {
  label: ReactNode;
  className: string;
  children: ReactElement<{ id?: string }>;
}): ReactNode {
  const id = useId();
  return (
    <div className={className}>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id })}
    </div>
  );
}
