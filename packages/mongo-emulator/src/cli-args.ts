import type { MongoEmulatorOptions } from './server';

export const USAGE =
  'usage: hebing-mongo [--port <n>] [--host <addr>] [--data-dir <dir>] [--repl-set <name>]';

export function parseArgs(argv: string[]): MongoEmulatorOptions {
  const opts: MongoEmulatorOptions = { port: 27017 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] ?? '').split(/=(.*)/s, 2) as [string, string | undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    if (flag === '--port') {
      const port = Number(value());
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port\n${USAGE}`);
      opts.port = port;
    } else if (flag === '--host') opts.host = value();
    else if (flag === '--data-dir') opts.dataDir = value();
    else if (flag === '--repl-set') opts.replSetName = value();
    else throw new Error(`unknown argument ${flag}\n${USAGE}`);
  }
  return opts;
}
