/** The PII scan's vocabulary: entity types, options, policy, findings and the result. */

/** What a finding is about. Names follow Presidio's where one exists (EMAIL_ADDRESS → `email`, …). */
export type PiiEntity =
  | 'email'
  | 'phone'
  | 'credit_card'
  | 'iban'
  | 'us_ssn'
  | 'us_itin'
  | 'ip_address'
  | 'mac_address'
  | 'url'
  | 'btc_address'
  | 'eth_address'
  | 'date_of_birth'
  | 'person'
  | 'street_address'
  /** A value (or a recognised entity inside a text) found verbatim in a PII-like column of the reference sample. */
  | 'leaked_value'
  /** A whole output row equal to a reference row on every reference column. */
  | 'copied_row';

export const PII_ENTITIES: readonly PiiEntity[] = [
  'email',
  'phone',
  'credit_card',
  'iban',
  'us_ssn',
  'us_itin',
  'ip_address',
  'mac_address',
  'url',
  'btc_address',
  'eth_address',
  'date_of_birth',
  'person',
  'street_address',
  'leaked_value',
  'copied_row',
];

/** Entities whose validation rests on a checksum (recall goal ≥ 99% in bench/pii.ts). */
export const CHECKSUM_ENTITIES: readonly PiiEntity[] = ['credit_card', 'iban', 'btc_address', 'eth_address'];

export interface PiiAllowRule {
  /** Dotted column path, exactly as findings name it (`requester.name`, `items[].sku`). */
  readonly column: string;
  /** Only this entity in that column (all entities when omitted). */
  readonly entity?: PiiEntity;
}

export interface PiiPolicy {
  /** Whether blocking findings block (verdict `blocked`). Default true; the service exposes it as an audited admin toggle. */
  readonly block?: boolean;
  /** Confidence from which a finding of a blocking entity blocks. Default 0.5. */
  readonly minConfidence?: number;
  /** Confidence below which matches are not reported at all. Default 0.3. */
  readonly reportConfidence?: number;
  /**
   * Entities that block. Default: every entity except `date_of_birth`, a quasi-identifier that is reported as
   * a warning (add it here to block on it).
   */
  readonly blockEntities?: readonly PiiEntity[];
  /** Findings accepted by a person (reported as warnings, never blocking). */
  readonly allow?: readonly PiiAllowRule[];
}

export interface PiiScanOptions {
  /** Rows of the real sample the data was made from: enables the leak check. */
  readonly reference?: Iterable<unknown>;
  /** Scan only these columns (dotted paths); default every column. */
  readonly columns?: readonly string[];
  readonly policy?: PiiPolicy;
  /**
   * Expensive validators (libphonenumber on non-safe phone candidates, compromise on name candidates in text)
   * run on every candidate up to this many per column and recogniser, then on a 1-in-16 sample; counts past
   * that point are extrapolated and the finding says `estimated`. Default 20,000 (phones) — names in text use
   * a tenth of it. The verdict never depends on the extrapolation.
   */
  readonly validationBudget?: number;
}

export type FindingSeverity = 'blocking' | 'warning';

export interface PiiFinding {
  /** Dotted column path (`address.street`; array elements as `items[].sku`; `*` for whole-row copies). */
  readonly column: string;
  readonly entity: PiiEntity;
  readonly severity: FindingSeverity;
  /** Rows holding at least one match. */
  readonly count: number;
  /** count / rows scanned. */
  readonly share: number;
  /** True when part of the count was extrapolated past the validation budget. */
  readonly estimated: boolean;
  /** 0-1, Presidio-style: recogniser score, adjusted by context words and column evidence. */
  readonly confidence: number;
  /** Up to 5 row indexes (0-based) with a match. */
  readonly exampleRows: readonly number[];
  /** One match, masked (never the raw value). */
  readonly maskedExample: string;
  /** Where the matches are: the whole cell, inside free text, or both. */
  readonly where: 'cell' | 'text' | 'cell+text';
  /** Why: validators passed, context words, column evidence. No raw values. */
  readonly reasons: readonly string[];
  /** For `leaked_value`: the reference column the values were copied from. */
  readonly referenceColumn?: string;
  /** How to fix it. */
  readonly remediation: string;
  /** True when a policy allow rule matched (then the severity is `warning`). */
  readonly allowed: boolean;
}

/** Values recognised as lying in a safe synthetic space (docs/safe-ranges.md), per column and entity. */
export interface SyntheticMatch {
  readonly column: string;
  readonly entity: PiiEntity;
  readonly count: number;
}

export interface PiiScanResult {
  readonly verdict: 'clean' | 'blocked';
  /** Whether blocking findings would block under the default policy (true even when `policy.block` is false). */
  readonly wouldBlock: boolean;
  readonly rowsScanned: number;
  readonly columnsScanned: number;
  /** Blocking findings first, then by confidence. */
  readonly findings: readonly PiiFinding[];
  readonly synthetic: readonly SyntheticMatch[];
  /** Present when a reference sample was given. */
  readonly reference?: {
    readonly rows: number;
    /** Reference columns judged PII-like, whose values were indexed for the leak check. */
    readonly piiColumns: readonly string[];
    /** Columns used to detect whole-row copies (empty: the sample has no distinctive column to anchor on). */
    readonly rowKeyColumns: readonly string[];
  };
  /** The policy as applied (defaults filled in). */
  readonly policy: Required<Omit<PiiPolicy, 'allow'>> & { readonly allow: readonly PiiAllowRule[] };
}
