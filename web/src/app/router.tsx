/**
 * A tiny history-API router: the app has a handful of flat routes, so a path match and a `navigate` are all
 * it needs (the server answers every non-API path with index.html). Filters live in the query string, so a
 * filtered history page can be bookmarked, shared and restored with Back.
 */
import { useCallback, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

const snapshot = (): string => window.location.pathname + window.location.search;

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  for (const listener of listeners) listener();
  if (!options.replace) window.scrollTo(0, 0);
}

export interface Location {
  readonly path: string;
  readonly search: URLSearchParams;
}

export function useLocation(): Location {
  const current = useSyncExternalStore(subscribe, snapshot);
  const queryAt = current.indexOf('?');
  return {
    path: queryAt < 0 ? current : current.slice(0, queryAt),
    search: new URLSearchParams(queryAt < 0 ? '' : current.slice(queryAt)),
  };
}

/** Updates some query parameters of the current page (empty values are removed). */
export function useQueryUpdater(): (changes: Readonly<Record<string, string | undefined>>, options?: { replace?: boolean }) => void {
  return useCallback((changes, options = {}) => {
    const search = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '') search.delete(key);
      else search.set(key, value);
    }
    const text = search.toString();
    navigate(window.location.pathname + (text ? `?${text}` : ''), options);
  }, []);
}

/** Matches `/runs/:id` style patterns; returns the decoded parameters or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const segment = want[i]!;
    if (segment.startsWith(':')) params[segment.slice(1)] = decodeURIComponent(have[i]!);
    else if (segment !== have[i]) return null;
  }
  return params;
}

export function Link({
  to,
  children,
  ...rest
}: { to: string; children: ReactNode } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>): ReactNode {
  const onClick = (event: MouseEvent<HTMLAnchorElement>): void => {
    rest.onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a {...rest} href={to} onClick={onClick}>
      {children}
    </a>
  );
}
