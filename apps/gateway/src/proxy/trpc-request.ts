import type { Request } from 'express';
import { AppError } from '@hebing/contracts';

export const MAX_BATCH = 20;
const PROCEDURE_PATH = /^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)+$/;

export interface TrpcCall {
  paths: string[];
  isBatch: boolean;
  service: string;
}

/**
 * Reads `/<path>[,<path>…]?batch=1` (relative to the `/trpc` mount: `path` is its pathname, `url`
 * the whole of it). A batch must name a single service: the gateway forwards a request whole,
 * with one token, to one place.
 */
export function parseTrpcCall(path: string, url: string): TrpcCall {
  const qs = url.indexOf('?');
  const isBatch = qs >= 0 && new URLSearchParams(url.slice(qs + 1)).get('batch') === '1';
  let raw: string;
  try {
    raw = decodeURIComponent(path.slice(1));
  } catch {
    throw new AppError('BAD_INPUT', 'malformed procedure path');
  }
  const paths = raw.split(',').filter((p) => p.length > 0);
  if (!paths.length) throw new AppError('NOT_FOUND', 'no procedure path');
  // Procedure paths are dotted names; anything else ("/", "..", "%2F") could steer the forwarded URL.
  if (!paths.every((p) => PROCEDURE_PATH.test(p)))
    throw new AppError('BAD_INPUT', 'malformed procedure path');
  if (paths.length > MAX_BATCH)
    throw new AppError('BAD_INPUT', `batch too large: ${paths.length} calls, at most ${MAX_BATCH}`);
  const services = [...new Set(paths.map((p) => p.split('.')[0] ?? ''))];
  if (services.length > 1) {
    throw new AppError(
      'BAD_INPUT',
      `a batch must call one service, this one mixes ${services.join(', ')}; send one batch per service (@hebing/api-client does)`,
      { services },
    );
  }
  return { paths, isBatch, service: services[0] ?? '' };
}

/** Paths and batch flag without validation, to shape an error answer (one entry per call). */
export function peekPaths(req: Request): { paths: string[]; isBatch: boolean } {
  const qs = req.url.indexOf('?');
  const isBatch = qs >= 0 && new URLSearchParams(req.url.slice(qs + 1)).get('batch') === '1';
  let raw = '';
  try {
    raw = decodeURIComponent(req.path.replace(/^\/trpc(?=\/)/, '').slice(1));
  } catch {
    // malformed: answer with a single error entry
  }
  return {
    paths: raw
      .split(',')
      .filter((p) => p.length > 0)
      .slice(0, MAX_BATCH),
    isBatch,
  };
}
