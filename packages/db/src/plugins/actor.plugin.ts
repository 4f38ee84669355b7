import type { Document, Query, Schema } from 'mongoose';
import type { Actor } from '@hebing/contracts';

/** For changes no person made (migrations, demo data, scheduled jobs). */
export const SYSTEM_ACTOR: Actor = { userId: 'system', username: 'system' };

const ZActorShape = { userId: { type: String, required: true }, username: { type: String, required: true } };

/** Marks who is saving a document: `withActor(doc, ctx.actor).save({ session })`. */
export function withActor<D extends Document>(doc: D, actor: Actor): D {
  doc.$locals.actor = actor;
  return doc;
}

function actorOf(v: unknown): Actor | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const a = v as Partial<Actor>;
  return typeof a.userId === 'string' && typeof a.username === 'string'
    ? { userId: a.userId, username: a.username }
    : undefined;
}

const UPDATE_OPS = [
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'replaceOne',
  'findOneAndReplace',
] as const;

/**
 * Adds `createdBy` / `updatedBy`. Documents take the actor from `withActor(doc, actor)`; query
 * updates from the `actor` query option: `Model.updateOne(f, u, { session }).setOptions({ actor })`.
 * Who made the change is also in the audit record; these fields make lists show it cheaply.
 */
export function actorPlugin(schema: Schema): void {
  schema.add({
    createdBy: { type: ZActorShape, _id: false },
    updatedBy: { type: ZActorShape, _id: false },
  });

  schema.pre('save', function (this: Document) {
    const actor = actorOf(this.$locals.actor);
    if (!actor) return;
    if (this.isNew && !this.get('createdBy')) this.set('createdBy', actor);
    if (this.isNew || this.isModified()) this.set('updatedBy', actor);
  });

  for (const op of UPDATE_OPS) {
    schema.pre(op, function (this: Query<unknown, unknown>) {
      const actor = actorOf(this.getOptions().actor);
      if (!actor) return;
      const update = this.getUpdate();
      if (update && !Array.isArray(update)) {
        const set = (update as { $set?: Record<string, unknown> }).$set ?? {};
        this.setUpdate({ ...update, $set: { ...set, updatedBy: actor } });
      }
    });
  }
}
