import { BSON, type Document } from 'bson';
import { MongoServerError } from '../errors';
import type { CollectionData } from '../engine/collection-data';
import { ArraySource, yieldToLoop } from '../engine/find-source';
import { compileFilter } from '../engine/find-source';
import { isPlainObject, type Doc } from '../engine/paths';
import { collName, existing, ns, optDoc, rejectUnsupported, type Ctx, type Handler } from './context';

const CREATE_OPTIONS = new Set([
  'create',
  '$db',
  'lsid',
  'txnNumber',
  'autocommit',
  'startTransaction',
  'writeConcern',
  '$clusterTime',
  '$readPreference',
  'comment',
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
]);

const VALIDATION_OPTIONS = ['validator', 'validationLevel', 'validationAction'];

const create: Handler = async (cmd, ctx) => {
  const name = collName(cmd);
  const options: Doc = {};
  for (const k of Object.keys(cmd)) {
    if (VALIDATION_OPTIONS.includes(k)) options[k] = cmd[k];
    else if (!CREATE_OPTIONS.has(k))
      throw new MongoServerError('InvalidOptions', `create option '${k}' is not supported by hebing-mongo`);
  }
  if (isPlainObject(options.validator) && '$jsonSchema' in options.validator) {
    throw new MongoServerError(
      'NotImplemented',
      '$jsonSchema validators are not supported by hebing-mongo (query-operator validators are)',
    );
  }
  if (options.validator !== undefined)
    compileFilter(isPlainObject(options.validator) ? options.validator : {});
  ctx.store.createColl(ctx.db, name, options);
  return { ok: 1 };
};

const drop: Handler = async (cmd, ctx) => {
  const name = collName(cmd);
  const c = existing(ctx, name);
  const nIndexesWas = c ? c.indexes.size + 1 : 0;
  ctx.store.dropColl(ctx.db, name);
  return { nIndexesWas, ns: ns(ctx, name), ok: 1 };
};

const dropDatabase: Handler = async (_cmd, ctx) => {
  ctx.store.dropDb(ctx.db);
  return { dropped: ctx.db, ok: 1 };
};

function collInfo(c: CollectionData): Doc {
  return {
    name: c.name,
    type: 'collection',
    options: c.options,
    info: { readOnly: false },
    idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
  };
}

const listCollections: Handler = async (cmd, ctx) => {
  rejectUnsupported(cmd, []);
  const filter = optDoc(cmd, 'filter') ?? {};
  const query = compileFilter(filter);
  let infos = ctx.store.catalog
    .collections(ctx.db)
    .map(collInfo)
    .filter((i) => query.test(i));
  if (cmd.nameOnly === true) infos = infos.map((i) => ({ name: i.name, type: i.type }));
  const batchSize =
    isPlainObject(cmd.cursor) && typeof cmd.cursor.batchSize === 'number' ? cmd.cursor.batchSize : 101;
  return ctx.cursors.open(`${ctx.db}.$cmd.listCollections`, new ArraySource(infos), batchSize, ctx.lsidKey);
};

/** Sums document sizes; yields on large collections since BSON sizing is O(n). */
async function dataSize(c: CollectionData): Promise<number> {
  let bytes = 0;
  let i = 0;
  for (const d of [...c.docs.values()]) {
    bytes += BSON.calculateObjectSize(d);
    if (++i % 5000 === 0) await yieldToLoop();
  }
  return bytes;
}

const listDatabases: Handler = async (cmd, ctx) => {
  const databases: Document[] = [];
  for (const name of ctx.store.catalog.dbs.keys()) {
    let size = 0;
    if (cmd.nameOnly !== true) for (const c of ctx.store.catalog.collections(name)) size += await dataSize(c);
    databases.push(cmd.nameOnly === true ? { name } : { name, sizeOnDisk: size, empty: size === 0 });
  }
  const totalSize = databases.reduce((n, d) => n + Number(d.sizeOnDisk ?? 0), 0);
  return { databases, totalSize, totalSizeMb: Math.round(totalSize / 1048576), ok: 1 };
};

const renameCollection: Handler = async (cmd, ctx) => {
  if (ctx.db !== 'admin')
    throw new MongoServerError(
      'Unauthorized',
      'renameCollection may only be run against the admin database.',
    );
  const from = typeof cmd.renameCollection === 'string' ? cmd.renameCollection : '';
  const to = typeof cmd.to === 'string' ? cmd.to : '';
  const [fromDb, ...fromRest] = from.split('.');
  const [toDb, ...toRest] = to.split('.');
  const fromColl = fromRest.join('.');
  const toColl = toRest.join('.');
  if (!fromDb || !fromColl || !toDb || !toColl)
    throw new MongoServerError('InvalidNamespace', `Invalid namespace specified`);
  if (!ctx.store.coll(fromDb, fromColl))
    throw new MongoServerError('NamespaceNotFound', `Source collection ${from} does not exist`);
  if (ctx.store.coll(toDb, toColl)) {
    if (cmd.dropTarget !== true) throw new MongoServerError('NamespaceExists', `target namespace exists`);
    ctx.store.dropColl(toDb, toColl);
  }
  ctx.store.rename(fromDb, fromColl, toDb, toColl);
  return { ok: 1 };
};

async function statsOf(ctx: Ctx, colls: CollectionData[], scale: number): Promise<Doc> {
  let count = 0;
  let size = 0;
  let nindexes = 0;
  for (const c of colls) {
    count += c.size;
    size += await dataSize(c);
    nindexes += c.indexes.size + 1;
  }
  void ctx;
  return {
    count,
    size: Math.floor(size / scale),
    avgObjSize: count ? Math.floor(size / count) : 0,
    storageSize: Math.floor(size / scale),
    nindexes,
    scaleFactor: scale,
  };
}

const collStats: Handler = async (cmd, ctx) => {
  const name = collName(cmd);
  const c = existing(ctx, name);
  if (!c) throw new MongoServerError('NamespaceNotFound', `Collection [${ns(ctx, name)}] not found.`);
  const scale = typeof cmd.scale === 'number' && cmd.scale > 0 ? cmd.scale : 1;
  const s = await statsOf(ctx, [c], scale);
  const indexSizes: Doc = {};
  for (const spec of c.indexSpecs()) indexSizes[spec.name] = 0;
  return { ns: ns(ctx, name), ...s, indexSizes, totalIndexSize: 0, capped: false, ok: 1 };
};

const dbStats: Handler = async (cmd, ctx) => {
  const colls = ctx.store.catalog.collections(ctx.db);
  const scale = typeof cmd.scale === 'number' && cmd.scale > 0 ? cmd.scale : 1;
  const s = await statsOf(ctx, colls, scale);
  return {
    db: ctx.db,
    collections: colls.length,
    views: 0,
    objects: s.count,
    avgObjSize: s.avgObjSize,
    dataSize: s.size,
    storageSize: s.storageSize,
    indexes: s.nindexes,
    indexSize: 0,
    scaleFactor: scale,
    ok: 1,
  };
};

export const adminCommands: Record<string, Handler> = {
  create,
  drop,
  dropDatabase,
  listCollections,
  listDatabases,
  renameCollection,
  collStats,
  dbStats,
};
