import { parseArgs } from './cli-args';
import { startMongoEmulator, type MongoEmulatorOptions } from './server';

async function main(): Promise<void> {
  let opts: MongoEmulatorOptions;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  }
  const emu = await startMongoEmulator(opts);
  console.log(`hebing-mongo listening on mongodb://${opts.host ?? '127.0.0.1'}:${emu.port}/`);
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    emu.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('hebing-mongo: error while stopping:', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

await main();
