/** Time source for everything with a window (sessions, lockouts, rate limits); tests move it. */
export interface Clock {
  now(): number; // epoch ms
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests can move forward instead of waiting 15 minutes for a lock to lapse. */
export class ManualClock implements Clock {
  constructor(private t = Date.now()) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
