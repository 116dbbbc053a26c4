/** Background work: the worker-thread pool for large generation runs (a queue and distributed workers come later). */
export { generateParallel, generateParallelJsonl, defaultWorkerCount, DEFAULT_CHUNK_SIZE } from './pool.js';
export type { ParallelOptions, JsonlChunk } from './pool.js';
export type { ChunkEncoding } from './protocol.js';
