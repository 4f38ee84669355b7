import type { z } from 'zod';
import { AppError, type MessageDef } from '@hebing/contracts';

/** Parses a payload with the message's schema; a mismatch names the message and every bad field. */
export function parsePayload<S extends z.ZodType>(def: MessageDef<string, S>, payload: unknown): z.infer<S> {
  const result = def.schema.safeParse(payload);
  if (result.success) return result.data;
  const fields = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new AppError('BAD_INPUT', `Invalid payload for "${def.name}": ${fields.join('; ')}`, {
    message: def.name,
    issues: result.error.issues,
  });
}
