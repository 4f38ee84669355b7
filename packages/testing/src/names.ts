import { randomBytes } from 'node:crypto';

/** A name no other test (or test run) uses: tests share one Redis and one Mongo server. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}
