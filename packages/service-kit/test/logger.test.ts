import { describe, expect, it } from 'vitest';
import { createLogger } from '../src';

function capture() {
  const lines: string[] = [];
  const log = createLogger('log-test', { destination: { write: (s: string) => void lines.push(s) } });
  return { log, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('redacts personal data and secrets at any of the first levels', () => {
    const { log, records } = capture();
    log.info(
      {
        password: 'hunter2',
        petitioner: {
          name: '王五',
          idNumber: '421022199001011234',
          phone: '13800000000',
          address: '某村3组',
        },
        req: { headers: { cookie: 'sid=abc', 'x-hebing-token': 'tok.en.sig', accept: 'json' } },
        deep: { a: { b: { phone: '13900000000' } } },
      },
      'hello',
    );
    const text = JSON.stringify(records());
    for (const secret of [
      'hunter2',
      '421022199001011234',
      '13800000000',
      '某村3组',
      'sid=abc',
      'tok.en.sig',
      '13900000000',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(records()[0]).toMatchObject({
      service: 'log-test',
      msg: 'hello',
      petitioner: { name: '王五', idNumber: '[redacted]' },
      req: { headers: { accept: 'json' } },
    });
  });

  it('honours the level', () => {
    const lines: string[] = [];
    const log = createLogger('lvl', {
      level: 'warn',
      destination: { write: (s: string) => void lines.push(s) },
    });
    log.info('quiet');
    log.warn('loud');
    expect(lines).toHaveLength(1);
  });
});
