import type { Options } from 'mingo/types';

/** Server-side JavaScript ($where, $function, $accumulator) stays off, as on a hardened MongoDB. */
export const MINGO_OPTIONS: Partial<Options> = { scriptEnabled: false };
