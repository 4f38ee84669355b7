export { connectDb, rawCollection, type ConnectDbOptions } from './connection';
export {
  withTransaction,
  hasErrorLabel,
  TRANSIENT_TRANSACTION_ERROR,
  UNKNOWN_COMMIT_RESULT,
  type TransactionOptions,
} from './transaction';
export { actorPlugin, withActor, SYSTEM_ACTOR } from './plugins/actor.plugin';
export { writeAudit, type AuditInput } from './audit/audit.service';
export { listAudit, type AuditPage } from './audit/audit.repo';
export { verifyAuditChain } from './audit/audit-verify';
export { diffFields, type FieldDiff } from './audit/diff';
export { canonicalJson, toPlain, sha256Hex, type Plain } from './audit/canonical';
export { AUDIT_LOG, AUDIT_HEAD, GENESIS_HASH, ensureAuditIndexes } from './audit/audit-store';
