import type { Connection } from 'mongoose';
import { todayInChina } from './clock';

/** What the domain functions need from the process: the service's database and a calendar. */
export interface Deps {
  conn: Connection;
  today: () => string;
}

export function createDeps(conn: Connection, today: () => string = () => todayInChina()): Deps {
  return { conn, today };
}
