import { startMongoEmulator } from '../../src/index';

/*
 * Runs the emulator on the data directory given as argv[2] and prints `READY <uri>` once it
 * serves. The crash test SIGKILLs this process, so it never shuts down cleanly on purpose.
 */
const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: child-server.ts <dataDir>');
const emu = await startMongoEmulator({ dataDir });
process.stdout.write(`READY ${emu.uri}\n`);
