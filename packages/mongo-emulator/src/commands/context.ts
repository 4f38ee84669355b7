import type { ObjectId } from 'bson';
import { Long, type Document } from 'bson';
import { MongoServerError } from '../errors';
import type { CursorStore } from '../engine/cursor-store';
import type { Engine } from '../engine/engine';
import type { Sessions } from '../engine/sessions';
import type { Store } from '../engine/store';
import type { CollectionData } from '../engine/collection-data';
import { isPlainObject, type Doc } from '../engine/paths';

export interface ServerInfo {
  host: string;
  port: number;
  replSetName: string;
  startedAt: Date;
  electionId: ObjectId;
  connections: () => number;
}

export interface Ctx {
  engine: Engine;
  cursors: CursorStore;
  sessions: Sessions;
  server: ServerInfo;
  db: string;
  store: Store;
  lsidKey: string | undefined;
  connectionId: number;
}

export type Handler = (cmd: Doc, ctx: Ctx) => Promise<Document>;

/** The collection name a command targets (its first field's value). */
export function collName(cmd: Doc): string {
  const name = Object.keys(cmd)[0] ?? '';
  const v = cmd[name];
  if (typeof v !== 'string' || v.length === 0) {
    throw new MongoServerError('InvalidNamespace', `collection name has invalid type ${typeof v}`);
  }
  return v;
}

export function optDoc(cmd: Doc, field: string): Doc | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  if (!isPlainObject(v))
    throw new MongoServerError(
      'TypeMismatch',
      `BSON field '${field}' is the wrong type '${typeof v}', expected type 'object'`,
    );
  return v;
}

export function optNumber(cmd: Doc, field: string): number | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v;
  if (v instanceof Long) return v.toNumber();
  throw new MongoServerError('TypeMismatch', `BSON field '${field}' is the wrong type, expected a number`);
}

/** Rejects options that would change the answer in ways hebing-mongo does not implement. */
export function rejectUnsupported(cmd: Doc, fields: string[]): void {
  for (const f of fields) {
    if (cmd[f] !== undefined && cmd[f] !== null && cmd[f] !== false) {
      throw new MongoServerError(
        'NotImplemented',
        `option '${f}' of command '${Object.keys(cmd)[0] ?? ''}' is not supported by hebing-mongo`,
      );
    }
  }
  const collation = cmd.collation;
  if (isPlainObject(collation) && !(collation.locale === 'simple' || Object.keys(collation).length === 0)) {
    throw new MongoServerError('NotImplemented', `collation is not supported by hebing-mongo`);
  }
}

export function ns(ctx: Ctx, coll: string): string {
  return `${ctx.db}.${coll}`;
}

export function existing(ctx: Ctx, coll: string): CollectionData | undefined {
  return ctx.store.coll(ctx.db, coll);
}
