import type { Document } from 'bson';

/** MongoDB error codes this server emits, with the codeName MongoDB pairs them with. */
export const Codes = {
  InternalError: 1,
  BadValue: 2,
  FailedToParse: 9,
  Unauthorized: 13,
  TypeMismatch: 14,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  CursorNotFound: 43,
  NamespaceExists: 48,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  WriteConflict: 112,
  CommandNotSupported: 115,
  DocumentValidationFailure: 121,
  NoSuchTransaction: 251,
  TransactionTooOld: 225,
  InvalidPipelineOperator: 168,
  Location40324: 40324,
  MechanismUnavailable: 334,
  BSONObjectTooLarge: 10334,
  DuplicateKey: 11000,
  OperationNotSupportedInTransaction: 263,
  TransactionExceededLifetimeLimitSeconds: 290,
  NotImplemented: 238,
} as const;

export type CodeName = keyof typeof Codes;

const nameByCode = new Map<number, string>(Object.entries(Codes).map(([k, v]) => [v, k]));

/** An error that becomes `{ ok: 0, code, codeName, errmsg }` (or a writeError) on the wire. */
export class MongoServerError extends Error {
  readonly code: number;
  readonly codeName: string;
  readonly labels: string[];
  readonly extra: Document;

  constructor(codeName: CodeName, message: string, extra: Document = {}, labels: string[] = []) {
    super(message);
    this.code = Codes[codeName];
    this.codeName = nameByCode.get(this.code) ?? codeName;
    this.labels = labels;
    this.extra = extra;
  }

  toReply(): Document {
    const reply: Document = {
      ok: 0,
      errmsg: this.message,
      code: this.code,
      codeName: this.codeName,
      ...this.extra,
    };
    if (this.labels.length > 0) reply.errorLabels = this.labels;
    return reply;
  }

  toWriteError(index: number): Document {
    return { index, code: this.code, codeName: this.codeName, errmsg: this.message, ...this.extra };
  }
}

export const TRANSIENT = 'TransientTransactionError';

export function writeConflict(): MongoServerError {
  return new MongoServerError(
    'WriteConflict',
    'Write conflict during plan execution and yielding is disabled. :: Please retry your operation or multi-document transaction.',
    {},
    [TRANSIENT],
  );
}

export function badValue(message: string): MongoServerError {
  return new MongoServerError('BadValue', message);
}

/** Turns anything thrown (including mingo's plain Errors) into a MongoDB-shaped error. */
export function toServerError(err: unknown): MongoServerError {
  if (err instanceof MongoServerError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const op = /(\$[A-Za-z0-9_]+)/.exec(message)?.[1] ?? '';
  if (/immutable field '_id'/.test(message)) {
    return new MongoServerError(
      'ImmutableField',
      `Performing an update on the path '_id' would modify the immutable field '_id'`,
    );
  }
  if (/unknown query operator/i.test(message))
    return new MongoServerError('BadValue', `unknown operator: ${op} (not supported by hebing-mongo)`);
  if (/unknown (projection )?operator|projection operator/i.test(message) && op) {
    return new MongoServerError(
      'BadValue',
      `Unknown projection operator ${op} (not supported by hebing-mongo)`,
    );
  }
  if (/unregistered pipeline operator/i.test(message)) {
    return new MongoServerError(
      'Location40324',
      `Unrecognized pipeline stage name: '${op}' (not supported by hebing-mongo)`,
    );
  }
  if (
    /(expression|accumulator|window).*(not registered|unknown|unregistered)|(unknown|unregistered|invalid) (expression|accumulator) operator/i.test(
      message,
    ) &&
    op
  ) {
    return new MongoServerError(
      'InvalidPipelineOperator',
      `Unrecognized expression '${op}' (not supported by hebing-mongo)`,
    );
  }
  if (/script/i.test(message) && /disabled|enabled/i.test(message)) {
    return new MongoServerError(
      'NotImplemented',
      `server-side JavaScript is not supported by hebing-mongo: ${message}`,
    );
  }
  return new MongoServerError('BadValue', message);
}
