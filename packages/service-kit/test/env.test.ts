import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EnvError, loadEnv, ZServiceEnv } from '../src';

const good = {
  MONGO_URL: 'mongodb://127.0.0.1:27017/?directConnection=true',
  REDIS_URL: 'redis://127.0.0.1:6379',
  INTERNAL_TOKEN_SECRET: 'x'.repeat(32),
  PORT: '4101',
};

describe('loadEnv', () => {
  it('parses and coerces valid variables, with defaults', () => {
    expect(loadEnv(ZServiceEnv, good)).toEqual({ ...good, PORT: 4101, LOG_LEVEL: 'info' });
  });

  it('names a missing variable', () => {
    const { REDIS_URL: _omit, ...rest } = good;
    expect(() => loadEnv(ZServiceEnv, rest)).toThrow(/REDIS_URL is missing/);
  });

  it('treats an empty value as missing', () => {
    expect(() => loadEnv(ZServiceEnv, { ...good, MONGO_URL: '' })).toThrow(/MONGO_URL is missing/);
  });

  it('names every invalid variable with the reason', () => {
    let err: unknown;
    try {
      loadEnv(ZServiceEnv, { ...good, PORT: 'eighty', INTERNAL_TOKEN_SECRET: 'short' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EnvError);
    expect((err as EnvError).variables.sort()).toEqual(['INTERNAL_TOKEN_SECRET', 'PORT']);
    expect((err as EnvError).message).toMatch(
      /INTERNAL_TOKEN_SECRET is invalid \(must be at least 32 characters\)/,
    );
  });

  it('reads only the variables the schema declares', () => {
    const env = loadEnv(z.object({ A: z.string() }), { A: 'a', B: 'b' });
    expect(env).toEqual({ A: 'a' });
  });
});
