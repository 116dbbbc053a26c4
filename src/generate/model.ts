/**
 * Sampling from a fitted model (`x-model`, written by `infer`): per-column marginals joined by a Gaussian
 * copula. The engine hands every row of a schema whose root carries `x-model` to this sampler and checks
 * the result against the schema like any other row.
 */
import { SdgError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import type { JsonSchemaObject, JsonValue } from '../core/types.js';

export interface ModelSampler {
  /** Row `rowIndex`, drawn from `rng` (a pure function of both). */
  sample(rng: Rng, rowIndex: number): JsonValue;
}

export function createModelSampler(schema: JsonSchemaObject, pointer: string): ModelSampler {
  throw new SdgError('SDG_ERR_UNSUPPORTED', 'x-model sampling is not implemented yet', { pointer: `${pointer}/x-model` });
}
