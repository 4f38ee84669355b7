/*
 * Runs the test Mongo (MONGO_URL or the emulator) in its own process so the benchmark's event loop
 * is not shared with the database server, as in production. Prints the URI, stops on SIGTERM.
 */
import { startTestMongo } from '@hebing/testing';

const mongo = await startTestMongo();
process.stdout.write(`${mongo.uri}\n`);
process.on('SIGTERM', () => {
  void mongo.stop().then(() => process.exit(0));
});
