/**
 * Background work: the worker-thread pool for large generation runs, and the in-process run queue (the
 * embedded default; BullMQ on Redis replaces it when REDIS_URL is set).
 */
export { generateParallel, generateParallelJsonl, defaultWorkerCount, DEFAULT_CHUNK_SIZE } from './pool.js';
export type { ParallelOptions, JsonlChunk } from './pool.js';
export type { ChunkEncoding } from './protocol.js';
export { LocalRunQueue } from './local-queue.js';
export type { RunQueue, RunTask, RunUpdate, LocalQueueOptions } from './local-queue.js';
