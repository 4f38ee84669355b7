import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

/*
 * One process per data directory: two emulators appending to the same journal would interleave
 * records and corrupt it. The LOCK file holds the owner's pid; a lock whose process is gone
 * (the previous owner was killed) is stale and taken over.
 */
const LOCK = 'LOCK';

export interface DirLock {
  release(): Promise<void>;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

export async function lockDataDir(dir: string): Promise<DirLock> {
  const path = join(dir, LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(path, 'wx');
      await fh.writeFile(String(process.pid));
      await fh.close();
      return { release: () => rm(path, { force: true }) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && processAlive(owner)) {
        throw new Error(`hebing-mongo: data directory ${dir} is in use by process ${owner}`, { cause: e });
      }
      await rm(path, { force: true }); // stale: its owner died without releasing it
    }
  }
  throw new Error(`hebing-mongo: could not lock data directory ${dir}`);
}
