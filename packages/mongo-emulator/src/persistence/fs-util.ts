import { open } from 'node:fs/promises';

/** fsync on the directory makes a rename or a new file's directory entry durable (Linux). */
export async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
