import { describe, expect, it } from 'vitest';
import { parseArgs } from './cli-args';

describe('hebing-mongo arguments', () => {
  it('reads --port, --host, --data-dir and --repl-set in both spellings', () => {
    expect(parseArgs(['--port', '0', '--host=0.0.0.0', '--data-dir', '/tmp/x', '--repl-set=rs9'])).toEqual({
      port: 0,
      host: '0.0.0.0',
      dataDir: '/tmp/x',
      replSetName: 'rs9',
    });
    expect(parseArgs([])).toEqual({ port: 27017 });
  });

  it('refuses unknown flags, missing values and bad ports', () => {
    expect(() => parseArgs(['--verbose'])).toThrow(/unknown argument --verbose/);
    expect(() => parseArgs(['--data-dir'])).toThrow(/needs a value/);
    expect(() => parseArgs(['--port', '70000'])).toThrow(/invalid --port/);
  });
});
