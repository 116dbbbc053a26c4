/**
 * Background work: the worker-thread pool for large generation runs, the in-process run queue (the embedded
 * default), and the distributed queue that replaces it when REDIS_URL is set — BullMQ on Redis, with
 * `synthdatagen worker` processes that execute runs and split large ones into chunks. See docs/scale-out.md.
 */
export { generateParallel, generateParallelJsonl, defaultWorkerCount, DEFAULT_CHUNK_SIZE } from './pool.js';
export type { ParallelOptions, JsonlChunk } from './pool.js';
export type { ChunkEncoding } from './protocol.js';
export { LocalRunQueue } from './local-queue.js';
export type { RunQueue, RunTask, RunUpdate, LocalQueueOptions } from './local-queue.js';
export { BullRunQueue } from './bullmq-queue.js';
export type { BullQueueOptions } from './bullmq-queue.js';
export { startRunWorker } from './worker-host.js';
export type { RunWorkerOptions, RunWorkerHost, RunHandlers, JobLog } from './worker-host.js';
export { startReconciler } from './reconcile.js';
export type { Reconciler, ReconcilerOptions, ReconcileReport } from './reconcile.js';
export { redisSettingsFromEnv, queueTuningFromEnv, DEFAULT_TUNING } from './redis.js';
export type { RedisSettings, QueueTuning } from './redis.js';
export { appendRunEventOnce, retryTransient, isTransient, resilientStore, RUN_EVENT_TYPES } from './resilience.js';
export { chunkSpecOf, processChunk, JOINABLE_FORMATS } from './chunk.js';
export type { ChunkSpec } from './chunk.js';
export { joinDataset } from './join.js';
export { storeRunArtifacts, EXTENSIONS } from './finalize.js';
export type { RunReporting } from './finalize.js';
export { RUN_QUEUE, CHUNK_QUEUE, chunkJobId } from './contracts.js';
export type { RunJob, RunPrincipal, ChunkJob, ChunkOutcome, RunJobResult } from './contracts.js';
