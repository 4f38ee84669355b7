import { startMongoEmulator } from '../../src/index';

/*
 * Runs the emulator on the data directory given as argv[2] and prints `READY <uri>` once it
 * serves. The crash test SIGKILLs this process; SIGTERM starts a clean stop (which writes a
 * snapshot and compacts the journal) so the test can SIGKILL it in the middle of that too.
 */
const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: child-server.ts <dataDir>');
const emu = await startMongoEmulator({ dataDir });
process.on('SIGTERM', () => {
  void emu.stop().then(() => process.exit(0));
});
process.stdout.write(`READY ${emu.uri}\n`);
