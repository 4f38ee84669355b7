/** Child-process entry: one benchmark server in its own process, its port reported over IPC. */
import { listenOn, type BenchServerConfig } from './server';

const cfg = JSON.parse(process.argv[2] ?? '{}') as BenchServerConfig;
const { url } = await listenOn(cfg);
process.send?.({ port: Number(new URL(url).port) });
process.on('disconnect', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
