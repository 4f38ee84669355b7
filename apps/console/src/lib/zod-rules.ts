import type { z } from 'zod';

/** The shape antd's Form accepts as a rule; kept structural so this file has no UI import. */
export interface ValidatorRule {
  validator: (rule: unknown, value: unknown) => Promise<void>;
}

/** Empty inputs mean "not given": antd hands '' or undefined, zod's optional() wants undefined. */
export function normalizeEmpty(value: unknown): unknown {
  return value === '' || value === null ? undefined : value;
}

/**
 * Validates one form field with the contract's own zod schema, so the browser refuses exactly
 * what the service would refuse, with the same message.
 */
export function zodRule(schema: z.ZodType): ValidatorRule {
  return {
    validator: async (_rule, value) => {
      const result = schema.safeParse(normalizeEmpty(value));
      if (!result.success) throw new Error(result.error.issues[0]?.message ?? 'invalid');
    },
  };
}

/** Whole-object check before submit; returns field → first message. */
export function zodErrors(schema: z.ZodType, values: unknown): Record<string, string> {
  const result = schema.safeParse(values);
  if (result.success) return {};
  const out: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    out[key] ??= issue.message;
  }
  return out;
}
