/**
 * V8 flags every service and the gateway run with (infra/Dockerfile, the local stack, the
 * gateway benchmark; scripts/test/infra.test.ts checks the Dockerfile). Each young-generation GC
 * pauses the process for 5–30 ms on a busy 2-core machine, and a request through the gateway
 * crosses two processes, so these pauses made most of the p99 tail. A 32 MB semi-space (default
 * 16) halves how often they happen, for up to ~32 MB more young-generation memory per process.
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32'];
