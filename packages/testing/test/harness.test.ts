import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestMongo, startTestRedis, uniqueName, type TestRedis } from '../src';

describe('uniqueName', () => {
  it('never repeats and keeps the prefix', () => {
    const names = new Set(Array.from({ length: 1000 }, () => uniqueName('q')));
    expect(names.size).toBe(1000);
    for (const n of names) expect(n.startsWith('q-')).toBe(true);
  });
});

describe('startTestRedis', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('starts a Redis with noeviction that BullMQ accepts', async () => {
    const r = new Redis(redis.url);
    try {
      const [, policy] = (await r.config('GET', 'maxmemory-policy')) as [string, string];
      expect(policy).toBe('noeviction');
    } finally {
      r.disconnect();
    }
  });

  it('restarts on the same port with empty memory', async () => {
    const r = new Redis(redis.url, { lazyConnect: true });
    await r.connect();
    await r.set('k', 'v');
    r.disconnect();
    await redis.restart();
    const r2 = new Redis(redis.url);
    try {
      expect(await r2.get('k')).toBeNull();
    } finally {
      r2.disconnect();
    }
  });
});

describe('startTestMongo', () => {
  it('gives a server mongoose can write to and read back', async () => {
    const mongo = await startTestMongo();
    const conn = await mongoose.createConnection(mongo.uri, { dbName: uniqueName('t') }).asPromise();
    try {
      await conn.collection('c').insertOne({ a: 1 });
      expect(await conn.collection('c').countDocuments({ a: 1 })).toBe(1);
    } finally {
      await conn.close();
      await mongo.stop();
    }
  });
});
