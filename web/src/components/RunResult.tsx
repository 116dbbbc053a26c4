/**
 * What a finished run produced, as the generate page and the run page both show it: the evaluation with its
 * pass/warn/fail badges, the PII verdict with findings and what to do about them, chart thumbnails that open
 * full size, and the downloads — which the server refuses for a PII-blocked dataset, in which case the
 * refusal's remediation guide is shown right where the person clicked.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { ApiError, download, fetchBlob, type ApiErrorBody } from '../api/client';
import type { ChartView, EvaluationSummary, PiiFinding, PiiSummary, Run } from '../api/types';
import { useSession } from '../app/session';
import { chartTitle, formatInt, formatShare } from '../lib/format';
import { Badge, Dialog, ErrorNotice, RoleNote, StatusBadge, TableScroll } from './ui';

const METRICS: ReadonlyArray<{ key: keyof NonNullable<EvaluationSummary['summary']>; label: string; help: string }> = [
  { key: 'quality', label: 'Quality', help: 'overall similarity to the reference (column shapes and pair trends)' },
  { key: 'columnShapes', label: 'Column shapes', help: 'how closely each column’s distribution matches' },
  { key: 'columnPairTrends', label: 'Column pair trends', help: 'how closely correlations between columns match' },
  { key: 'validity', label: 'Validity', help: 'share of rows valid against the schema' },
  { key: 'exactCopyRate', label: 'Exact copies', help: 'share of rows copied from the reference sample (lower is better)' },
];

export function EvaluationPanel({ evaluation }: { evaluation: EvaluationSummary | null }): ReactNode {
  if (!evaluation) return <p className="muted">No evaluation (the run did not finish).</p>;
  const summary = evaluation.summary ?? {};
  const checks = summary.checks;
  return (
    <section className="result-block" aria-labelledby="evaluation-heading">
      <h3 id="evaluation-heading">
        Evaluation <StatusBadge status={evaluation.status} prefix="evaluation" />
      </h3>
      {checks ? (
        <p className="badge-row" aria-label="Checks by outcome">
          <Badge tone="ok">{checks.pass} pass</Badge>
          <Badge tone="warn">{checks.warn} warn</Badge>
          <Badge tone="bad">{checks.fail} fail</Badge>
          <Badge tone="neutral">{checks.skip} skipped</Badge>
        </p>
      ) : null}
      <dl className="metrics">
        {METRICS.filter((m) => summary[m.key] !== null && summary[m.key] !== undefined).map((metric) => (
          <div key={metric.key} className="metric">
            <dt title={metric.help}>{metric.label}</dt>
            <dd>{formatShare(summary[metric.key] as number)}</dd>
          </div>
        ))}
      </dl>
      {METRICS.every((m) => summary[m.key] === null || summary[m.key] === undefined) ? (
        <p className="muted small">
          Similarity metrics need a reference sample; this run checked validity and the schema’s declared shapes.
        </p>
      ) : null}
    </section>
  );
}

function FindingsTable({ findings, caption }: { findings: readonly PiiFinding[]; caption: string }): ReactNode {
  return (
    <TableScroll label={caption}>
      <table className="table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Entity</th>
            <th scope="col">Severity</th>
            <th scope="col" className="num">
              Rows
            </th>
            <th scope="col">Example (masked)</th>
            <th scope="col">What to do</th>
          </tr>
        </thead>
        <tbody>
          {findings.map((finding, index) => (
            <tr key={`${finding.column}-${finding.entity}-${index}`}>
              <td>
                <code>{finding.column}</code>
              </td>
              <td>{finding.entity}</td>
              <td>
                <Badge tone={finding.allowed ? 'neutral' : finding.severity === 'blocking' ? 'bad' : 'warn'}>
                  {finding.allowed ? 'allowed' : finding.severity}
                </Badge>
              </td>
              <td className="num">
                {formatInt(finding.count)}
                {finding.share !== undefined ? <span className="muted"> ({formatShare(finding.share)})</span> : null}
              </td>
              <td>
                <code>{finding.maskedExample ?? '—'}</code>
              </td>
              <td className="wrap">{finding.remediation ?? finding.reasons?.join('; ') ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export function PiiPanel({ pii }: { pii: PiiSummary | null }): ReactNode {
  if (!pii) return <p className="muted">No PII scan (the run did not finish).</p>;
  return (
    <section className="result-block" aria-labelledby="pii-heading">
      <h3 id="pii-heading">
        PII verdict <StatusBadge status={pii.verdict} prefix="PII verdict" />
      </h3>
      <p className="muted small">
        {formatInt(pii.rowsScanned)} rows and {formatInt(pii.columnsScanned)} columns scanned.
      </p>
      {pii.verdict === 'blocked' ? (
        <div className="notice notice-bad">
          <p>
            <strong>Real-looking personal data was found.</strong> While the PII block is on, this dataset cannot be downloaded. Fix the
            columns below and run again.
          </p>
        </div>
      ) : pii.findings.length === 0 ? (
        <p>No personal data found.</p>
      ) : null}
    </section>
  );
}

/** The findings under the verdict, full width: the remediation column needs the room. */
export function PiiFindings({ pii }: { pii: PiiSummary | null }): ReactNode {
  if (!pii || pii.findings.length === 0) return null;
  return (
    <section className="result-block result-wide" aria-label="PII findings">
      <FindingsTable findings={pii.findings} caption="PII findings" />
    </section>
  );
}

/** The refusal of a blocked download, with the server's findings and remediation guide. */
export function BlockedNotice({ body }: { body: ApiErrorBody }): ReactNode {
  return (
    <div className="notice notice-bad" role="alert" data-testid="pii-blocked">
      <p>
        <strong>Download refused: </strong>
        {body.message}
      </p>
      {body.hint ? <p className="hint">{body.hint}</p> : null}
      {body.remediation && body.remediation.length > 0 ? (
        <>
          <h4>Remediation guide</h4>
          <ol className="guide">
            {body.remediation.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        </>
      ) : null}
      {body.findings && body.findings.length > 0 ? (
        <FindingsTable findings={body.findings} caption="Findings that blocked the download" />
      ) : null}
    </div>
  );
}

function ChartThumb({ chart, onOpen }: { chart: ChartView; onOpen: () => void }): ReactNode {
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const controller = new AbortController();
    let url: string | null = null;
    fetchBlob(chart.url, { signal: controller.signal }).then(
      (blob) => {
        url = URL.createObjectURL(blob);
        setSrc(url);
      },
      () => {
        if (!controller.signal.aborted) setFailed(true);
      },
    );
    return () => {
      controller.abort();
      if (url) URL.revokeObjectURL(url);
    };
  }, [chart.url]);
  const title = chartTitle(chart.id, chart.kind, chart.title);
  return (
    <li className="chart-card">
      <button type="button" className="chart-button" onClick={onOpen} aria-label={`${title}: open full size`}>
        {src ? (
          <img src={src} alt={chart.alt || title} loading="lazy" />
        ) : (
          <span className="chart-placeholder">{failed ? 'Image not available' : 'Loading…'}</span>
        )}
        <span className="chart-title">{title}</span>
      </button>
    </li>
  );
}

function ChartViewer({ chart, onClose }: { chart: ChartView | null; onClose: () => void }): ReactNode {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    setSrc(null);
    if (!chart) return;
    let url: string | null = null;
    const controller = new AbortController();
    fetchBlob(chart.png2xUrl, { signal: controller.signal })
      .catch(() => fetchBlob(chart.url, { signal: controller.signal }))
      .then(
        (blob) => {
          url = URL.createObjectURL(blob);
          setSrc(url);
        },
        () => undefined,
      );
    return () => {
      controller.abort();
      if (url) URL.revokeObjectURL(url);
    };
  }, [chart]);
  const title = chart ? chartTitle(chart.id, chart.kind, chart.title) : '';
  return (
    <Dialog open={chart !== null} onClose={onClose} title={title} wide>
      {chart ? (
        <>
          <div className="chart-full">{src ? <img src={src} alt={chart.alt || title} /> : <p className="muted">Loading…</p>}</div>
          {chart.alt ? <p className="small">{chart.alt}</p> : null}
          <p className="button-row">
            <button type="button" className="button-secondary" onClick={() => void download(chart.svgUrl, `${chart.id}.svg`)}>
              Download SVG
            </button>
            <button type="button" className="button-secondary" onClick={() => void download(chart.png2xUrl, `${chart.id}@2x.png`)}>
              Download PNG
            </button>
            <button type="button" className="button-secondary" onClick={() => void download(chart.specUrl, `${chart.id}.vl.json`)}>
              Vega-Lite spec
            </button>
          </p>
        </>
      ) : null}
    </Dialog>
  );
}

export function ChartsPanel({ charts }: { charts: readonly ChartView[] }): ReactNode {
  const [open, setOpen] = useState<ChartView | null>(null);
  if (charts.length === 0) return null;
  return (
    <section className="result-block" aria-labelledby="charts-heading">
      <h3 id="charts-heading">Charts</h3>
      <ul className="chart-grid">
        {charts.map((chart) => (
          <ChartThumb key={chart.id} chart={chart} onOpen={() => setOpen(chart)} />
        ))}
      </ul>
      <ChartViewer chart={open} onClose={() => setOpen(null)} />
    </section>
  );
}

export function DownloadsPanel({ run }: { run: Run }): ReactNode {
  const { can } = useSession();
  const [busy, setBusy] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<ApiErrorBody | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (!run.downloads) return null;
  if (!can('runs:download')) return <RoleNote>Your role may not download datasets or reports.</RoleNote>;
  const get = async (label: string, path: string, filename: string): Promise<void> => {
    setBusy(label);
    setRefusal(null);
    setError(null);
    try {
      await download(path, filename);
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'PII_BLOCKED') setRefusal(failure.body);
      else setError(failure);
    } finally {
      setBusy(null);
    }
  };
  const blocked = run.pii?.verdict === 'blocked';
  return (
    <section className="result-block" aria-labelledby="downloads-heading">
      <h3 id="downloads-heading">Downloads</h3>
      <div className="button-row" role="group" aria-label="Dataset downloads">
        {Object.entries(run.downloads).map(([format, path]) => (
          <button
            key={format}
            type="button"
            className={format === run.format ? 'button-primary' : 'button-secondary'}
            onClick={() => void get(format, path, `${run.runId}.${format}`)}
            aria-busy={busy === format}
            aria-describedby={blocked ? 'blocked-hint' : undefined}
          >
            {busy === format ? 'Downloading…' : `Dataset .${format}`}
          </button>
        ))}
        {run.reportHtmlUrl ? (
          <button
            type="button"
            className="button-secondary"
            onClick={() => void get('html', run.reportHtmlUrl!, `${run.runId}-report.html`)}
          >
            Report .html
          </button>
        ) : null}
        {run.reportUrl ? (
          <button type="button" className="button-secondary" onClick={() => void get('json', run.reportUrl!, `${run.runId}-report.json`)}>
            Report .json
          </button>
        ) : null}
      </div>
      {blocked ? (
        <p id="blocked-hint" className="small muted">
          The PII verdict is blocked: dataset downloads are refused while the block setting is on. Reports and charts stay available.
        </p>
      ) : null}
      {refusal ? <BlockedNotice body={refusal} /> : null}
      <ErrorNotice error={error} title="Download failed" />
    </section>
  );
}

export function RunOutcome({ run }: { run: Run }): ReactNode {
  if (run.status === 'failed' || run.status === 'cancelled') {
    return (
      <div className="notice notice-bad" role="alert">
        <p>
          <strong>The run {run.status}.</strong> {run.error?.message}
          {run.error?.pointer ? (
            <>
              {' '}
              (at <code>{run.error.pointer}</code>)
            </>
          ) : null}
        </p>
        {run.error?.hint ? <p className="hint">Fix: {run.error.hint}</p> : null}
      </div>
    );
  }
  return (
    <div className="result-grid">
      <EvaluationPanel evaluation={run.evaluation} />
      <PiiPanel pii={run.pii} />
      <PiiFindings pii={run.pii} />
      <ChartsPanel charts={run.visualizations} />
      <DownloadsPanel run={run} />
    </div>
  );
}
