/**
 * The guided tutorial from the seed: upload a schema → set the row count → run → review. It opens by itself
 * the first time someone who may run lands on Generate, can be skipped at any step (Skip, ✕ or Escape), and
 * comes back from "Tutorial" in the header. It is a non-modal panel: the page stays usable, so people can
 * do each step while reading it, and the step's part of the page is outlined and scrolled into view.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { navigate, useLocation } from '../app/router';

const DONE_STORAGE = 'sdg.tour.done';
const START_EVENT = 'sdg:tour';

interface Step {
  readonly target: string;
  readonly title: string;
  readonly body: string;
}

const STEPS: readonly Step[] = [
  {
    target: 'schema',
    title: 'Start with a schema',
    body: 'Upload a JSON Schema file, paste one into the editor, pick a template, or upload a CSV/JSON sample to learn a schema from. Errors and warnings appear at their line as you type, each with a fix.',
  },
  {
    target: 'preview',
    title: 'Check the preview',
    body: 'The first 10 rows update as the schema changes, so you can see names, dates and distributions before generating anything.',
  },
  {
    target: 'rows',
    title: 'Set the row count',
    body: 'How many rows to generate, with a seed (same seed, same rows) and a format: JSON Lines, JSON, CSV or Parquet. Large counts run in the background with progress.',
  },
  {
    target: 'run',
    title: 'Run',
    body: 'Run generates the rows, scans them for personal data, evaluates their quality and draws charts, in one step. Ctrl+Enter works too.',
  },
  {
    target: 'result',
    title: 'Review and download',
    body: 'The result shows the evaluation (pass, warn or fail), the PII verdict with any findings and how to fix them, chart thumbnails and downloads. Every run is kept in History.',
  },
];

export function startTour(): void {
  window.dispatchEvent(new CustomEvent(START_EVENT));
}

export function tourSeen(): boolean {
  return localStorage.getItem(DONE_STORAGE) === '1';
}

export function Onboarding({ autoStart }: { autoStart: boolean }): ReactNode {
  const [step, setStep] = useState<number | null>(null);
  // The panel sits in a bottom corner away from the part of the page it talks about.
  const [side, setSide] = useState<'left' | 'right'>('right');
  const location = useLocation();
  const heading = useRef<HTMLHeadingElement>(null);

  const close = useCallback(() => {
    localStorage.setItem(DONE_STORAGE, '1');
    setStep(null);
  }, []);

  useEffect(() => {
    const onStart = (): void => {
      if (window.location.pathname !== '/generate') navigate('/generate');
      setStep(0);
    };
    window.addEventListener(START_EVENT, onStart);
    return () => window.removeEventListener(START_EVENT, onStart);
  }, []);

  useEffect(() => {
    if (autoStart && location.path === '/generate' && !tourSeen()) setStep(0);
  }, [autoStart, location.path]);

  // Outline the step's target and bring it into view; move focus to the panel so screen readers read it.
  useEffect(() => {
    if (step === null) return;
    let target: HTMLElement | null = null;
    let tries = 0;
    // The page may still be loading (Generate is its own chunk): look again until it is there.
    const find = (): boolean => {
      target = document.querySelector<HTMLElement>(`[data-tour="${STEPS[step]!.target}"]`);
      if (!target) return false;
      target.classList.add('tour-target');
      target.scrollIntoView({ block: 'center', behavior: 'instant' as ScrollBehavior });
      const box = target.getBoundingClientRect();
      setSide(box.left + box.width / 2 > window.innerWidth * 0.55 ? 'left' : 'right');
      heading.current?.focus();
      return true;
    };
    const timer = find() ? undefined : setInterval(() => (find() || ++tries > 50) && clearInterval(timer), 100);
    return () => {
      clearInterval(timer);
      (target as HTMLElement | null)?.classList.remove('tour-target');
    };
  }, [step, location.path]);

  useEffect(() => {
    if (step === null) return;
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape' && !document.querySelector('dialog[open]')) close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [step, close]);

  if (step === null || location.path !== '/generate') return null;
  const current = STEPS[step]!;
  const last = step === STEPS.length - 1;
  return (
    <aside
      className={`tour tour-${side}`}
      role="dialog"
      aria-modal="false"
      aria-labelledby="tour-title"
      aria-describedby="tour-body"
      data-testid="tour"
    >
      <div className="tour-head">
        <p className="tour-count">
          Tutorial · step {step + 1} of {STEPS.length}
        </p>
        <button type="button" className="button-ghost" onClick={close} aria-label="Close the tutorial">
          ✕
        </button>
      </div>
      <h2 id="tour-title" ref={heading} tabIndex={-1}>
        {current.title}
      </h2>
      <p id="tour-body">{current.body}</p>
      <div className="button-row">
        {step > 0 ? (
          <button type="button" className="button-secondary" onClick={() => setStep(step - 1)}>
            Back
          </button>
        ) : null}
        <button type="button" className="button-primary" onClick={() => (last ? close() : setStep(step + 1))}>
          {last ? 'Done' : 'Next'}
        </button>
        {!last ? (
          <button type="button" className="button-ghost" onClick={close}>
            Skip tutorial
          </button>
        ) : null}
      </div>
    </aside>
  );
}
