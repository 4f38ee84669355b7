import { z } from 'zod';
import { ZDay, ZFileFormat, ZFilePayload } from './common';

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export const ZImportStartInput = z.object({
  county: z.string().regex(/^\d{6}$/),
  format: ZFileFormat,
  fileName: z.string().min(1).max(200),
  // ~5 MB decoded; base64 is 4/3 of that
  contentBase64: z.string().max(Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 4),
  reason: z.string().trim().min(2).max(2000),
});
export type ImportStartInput = z.infer<typeof ZImportStartInput>;

export const ZRowError = z.object({ line: z.number().int(), column: z.string(), reason: z.string() });
export type RowError = z.infer<typeof ZRowError>;

export const ZImportJob = z.object({
  id: z.string(),
  county: z.string(),
  fileName: z.string(),
  format: ZFileFormat,
  sha256: z.string(),
  status: z.enum(['queued', 'validating', 'applying', 'done', 'failed']),
  progress: z.number().min(0).max(100),
  rows: z.number().int(),
  errors: z.array(ZRowError),
  summary: z
    .object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() })
    .nullable(),
  message: z.string().nullable(),
  createdAt: z.string(),
});
export type ImportJobDto = z.infer<typeof ZImportJob>;

export const ZImportGetInput = z.object({ id: z.string().min(1) });
export const ZExportInput = z.object({
  county: z.string().regex(/^\d{6}$/),
  format: ZFileFormat,
  asOf: ZDay.optional(),
});
export const ZExportOutput = ZFilePayload;
