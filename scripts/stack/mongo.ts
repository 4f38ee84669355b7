import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface StackMongo {
  url: string;
  stop(): Promise<void>;
}

/**
 * MONGO_URL when given, else the TypeScript wire-protocol emulator with its journal under
 * `<dataDir>/mongo` — for development only; production runs a MongoDB replica set (infra/).
 * It runs inside the launcher process: one fewer child to supervise, and it stops with us.
 */
export async function startMongo(dataDir: string, fromEnv: string | undefined): Promise<StackMongo> {
  if (fromEnv) return { url: fromEnv, stop: async () => {} };
  const dir = join(dataDir, 'mongo');
  mkdirSync(dir, { recursive: true });
  const { startMongoEmulator } = await import('@hebing/mongo-emulator');
  const emu = await startMongoEmulator({ dataDir: dir });
  return { url: emu.uri, stop: () => emu.stop() };
}
