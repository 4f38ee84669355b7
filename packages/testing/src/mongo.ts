import { startMongoEmulator } from '@hebing/mongo-emulator';

export interface TestMongo {
  uri: string;
  stop(): Promise<void>;
}

/** A real MongoDB when MONGO_URL is set (fidelity runs), else the in-process emulator. */
export async function startTestMongo(): Promise<TestMongo> {
  // eslint-disable-next-line no-restricted-syntax -- the test harness is an env module
  const external = process.env.MONGO_URL;
  if (external) return { uri: external, stop: async () => {} };
  const emu = await startMongoEmulator({});
  return { uri: emu.uri, stop: () => emu.stop() };
}
