/**
 * The shell: log in with an API key, then a header with the pages the role may use, and the page itself.
 * Pages that need the schema editor (Generate, Library) load on demand, so History, a run, Audit and
 * Settings open without downloading CodeMirror.
 */
import { lazy, Suspense, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ROLE_LABELS, type Permission } from '../api/types';
import { Onboarding, startTour } from '../components/Onboarding';
import { Labeled, Spinner } from '../components/ui';
import AuditPage from '../pages/AuditPage';
import HistoryPage from '../pages/HistoryPage';
import RunPage from '../pages/RunPage';
import SettingsPage from '../pages/SettingsPage';
import { Link, match, navigate, useLocation } from './router';
import { useSession, useSessionState } from './session';
import { applyTheme, storedTheme, type ThemeChoice } from './theme';

const GeneratePage = lazy(() => import('../pages/GeneratePage'));
const LibraryPage = lazy(() => import('../pages/LibraryPage'));

interface NavItem {
  readonly to: string;
  readonly label: string;
  readonly allowed: (can: (p: Permission) => boolean) => boolean;
}

const NAV: readonly NavItem[] = [
  { to: '/generate', label: 'Generate', allowed: (can) => can('schemas:read') },
  { to: '/library', label: 'Library', allowed: (can) => can('schemas:read') },
  { to: '/history', label: 'History', allowed: (can) => can('runs:read') },
  { to: '/audit', label: 'Audit', allowed: (can) => can('audit:read') },
  { to: '/settings', label: 'Settings', allowed: (can) => can('settings:read') || can('keys:manage') },
];

function ThemeSelect(): ReactNode {
  const [choice, setChoice] = useState<ThemeChoice>(storedTheme);
  useEffect(() => {
    applyTheme(choice);
    if (choice !== 'system') return;
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const follow = (): void => applyTheme('system');
    media.addEventListener('change', follow);
    return () => media.removeEventListener('change', follow);
  }, [choice]);
  return (
    <Labeled className="theme-select" label={<span className="sr-only">Colour theme</span>}>
      <select value={choice} onChange={(e) => setChoice(e.target.value as ThemeChoice)} data-testid="theme">
        <option value="system">Theme: system</option>
        <option value="light">Theme: light</option>
        <option value="dark">Theme: dark</option>
      </select>
    </Labeled>
  );
}

function Login(): ReactNode {
  const { login, checking, error } = useSessionState();
  const [key, setKey] = useState('');
  const errorId = useId();
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (key.trim() === '') return;
    if (await login(key)) setKey('');
  };
  return (
    <main id="main" className="login">
      <div className="login-card card">
        <h1>
          <span className="logo" aria-hidden="true">
            S
          </span>
          SynthDataGen Admin
        </h1>
        <p>Schema-driven synthetic data with a quality report, charts, a PII verdict and an audit trail.</p>
        <form onSubmit={(e) => void submit(e)} className="stack">
          <label className="field">
            <span>API key</span>
            <input
              type="password"
              value={key}
              onChange={(e) => setKey(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              placeholder="sdg_…"
              required
              aria-invalid={error !== null}
              aria-describedby={error ? errorId : 'key-help'}
              name="apiKey"
            />
            <span id="key-help" className="field-help">
              Kept in this tab’s session storage only; closing the tab logs you out.
            </span>
          </label>
          {error ? (
            <p id={errorId} className="notice notice-bad" role="alert">
              {error}
            </p>
          ) : null}
          <button type="submit" className="button-primary button-large" disabled={checking}>
            {checking ? 'Checking…' : 'Log in'}
          </button>
        </form>
        <details className="small">
          <summary>No key?</summary>
          <p>
            The server prints an admin key on its first start. An admin creates keys for others in Settings, or with{' '}
            <code>synthdatagen keys create --role qa_engineer</code>.
          </p>
        </details>
      </div>
      <div className="login-theme">
        <ThemeSelect />
      </div>
    </main>
  );
}

function NotAllowed({ what }: { what: string }): ReactNode {
  const { me } = useSession();
  return (
    <div className="page">
      <h1>Not available</h1>
      <p className="notice notice-warn" data-testid="not-allowed">
        {what} is not available to your role ({ROLE_LABELS[me.role]}). The server refuses it too; ask an admin for a key with a role that
        may.
      </p>
    </div>
  );
}

function NotFound(): ReactNode {
  return (
    <div className="page">
      <h1>Page not found</h1>
      <p>
        <Link to="/">Go to the start page</Link>
      </p>
    </div>
  );
}

function Routes(): ReactNode {
  const { path } = useLocation();
  const { can } = useSession();
  if (path === '/' || path === '') {
    return <Redirect to={can('pipeline:run') ? '/generate' : '/history'} />;
  }
  if (path === '/generate') return <GeneratePage />;
  if (path === '/library' || path.startsWith('/library/')) return <LibraryPage />;
  if (path === '/history') return <HistoryPage />;
  const run = match('/runs/:id', path);
  if (run) return <RunPage key={run.id} id={run.id} />;
  if (path === '/audit') return can('audit:read') ? <AuditPage /> : <NotAllowed what="The audit log" />;
  if (path === '/settings') return can('settings:read') || can('keys:manage') ? <SettingsPage /> : <NotAllowed what="Settings" />;
  return <NotFound />;
}

function Redirect({ to }: { to: string }): ReactNode {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function Shell(): ReactNode {
  const { me, can, logout } = useSession();
  const { path } = useLocation();
  const main = useRef<HTMLElement>(null);
  const [menuOpen, setMenuOpen] = useState(false);
  const first = useRef(true);
  // A new page: move focus to its top so keyboard and screen-reader users start there, as on a page load.
  // Moving within a page (a library tab, a filter) keeps focus where it is.
  const section = path.split('/')[1] ?? '';
  useEffect(() => {
    setMenuOpen(false);
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
  }, [section]);
  const items = NAV.filter((item) => item.allowed(can));
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          <span className="logo" aria-hidden="true">
            S
          </span>
          <span>SynthDataGen</span>
        </Link>
        <button
          type="button"
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          Menu
        </button>
        <nav id="main-nav" aria-label="Main" className={menuOpen ? 'nav nav-open' : 'nav'}>
          <ul>
            {items.map((item) => {
              const current = path === item.to || path.startsWith(`${item.to}/`) || (item.to === '/history' && path.startsWith('/runs/'));
              return (
                <li key={item.to}>
                  <Link to={item.to} aria-current={current ? 'page' : undefined} className="nav-link" onClick={() => setMenuOpen(false)}>
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="topbar-tools">
          <button type="button" className="button-ghost" onClick={() => startTour()}>
            Tutorial
          </button>
          <ThemeSelect />
          <span className="who" data-testid="who">
            <span className="who-name">{me.name}</span> <span className="who-role">{ROLE_LABELS[me.role]}</span>
          </span>
          <button
            type="button"
            className="button-secondary"
            onClick={() => {
              logout();
              navigate('/');
            }}
          >
            Log out
          </button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Suspense fallback={<Spinner label="Loading…" />}>
          <Routes />
        </Suspense>
      </main>
      <Onboarding autoStart={can('pipeline:run')} />
    </>
  );
}

export function App(): ReactNode {
  const { session, checking, error } = useSessionState();
  if (session) return <Shell />;
  if (checking && !error) {
    return (
      <main id="main" className="login">
        <Spinner label="Checking your key…" />
      </main>
    );
  }
  return <Login />;
}
