import { startMongoEmulator } from '../src/index';

/*
 * The benchmark runs the emulator in its own process, as services use it, so the client's work
 * (building documents, the driver, measuring) does not share the server's event loop.
 * argv[2], when given, is the data directory (durable mode).
 */
const dataDir = process.argv[2];
const emu = await startMongoEmulator(dataDir ? { dataDir } : {});
process.stdout.write(`READY ${emu.uri}\n`);
const stop = (): void => {
  void emu.stop().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
