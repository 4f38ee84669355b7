/**
 * V8 flags for a process that runs the emulator as a server (the `hebing-mongo` bin, the
 * benchmark's server process). A 500k-document catalog makes every young-generation GC slower
 * (more old-to-new roots), and each one lands on some request's latency; a 64 MB semi-space cuts
 * their number about four-fold under the find benchmark (17 → 4 scavenges per 10k queries) at the
 * price of up to ~190 MB more young-generation memory.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
