import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

export type HeaderList = ReadonlyArray<readonly [string, string]>;

/**
 * The headers `helmet()` (default options) sets on every response, read once by running helmet
 * itself against a recorder. With its defaults nothing depends on the request, so setting this
 * list is equal to running helmet per request, minus its chain of a dozen small middlewares.
 * (helmet also removes X-Powered-By; our apps never set it: `app.disable('x-powered-by')`.)
 */
export function helmetHeaders(): HeaderList {
  const out: Array<[string, string]> = [];
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      out.push([name, Array.isArray(value) ? value.join(', ') : String(value)]);
      return recorder;
    },
    removeHeader() {},
  };
  let failed: unknown;
  helmet()({} as IncomingMessage, recorder as unknown as ServerResponse, (e?: unknown) => {
    failed = e;
  });
  if (failed !== undefined) throw new Error('helmet refused to run against the recorder', { cause: failed });
  return out;
}

export function setHeaders(res: ServerResponse, headers: HeaderList): void {
  for (const [name, value] of headers) res.setHeader(name, value);
}
