import { Schema, type Connection, type Model } from 'mongoose';
import type { Jurisdiction, Role } from '@hebing/contracts';

export interface UserDoc {
  username: string;
  displayName: string;
  roles: Role[];
  jurisdiction: Jurisdiction;
  disabled: boolean;
  passwordHash: string;
  mustChangePassword: boolean;
  failedLogins: number; // consecutive failures since the last success or lock
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const userSchema = new Schema<UserDoc>(
  {
    username: { type: String, required: true, unique: true },
    displayName: { type: String, required: true },
    roles: { type: [String], required: true },
    jurisdiction: { type: Schema.Types.Mixed, required: true },
    disabled: { type: Boolean, default: false },
    passwordHash: { type: String, required: true },
    mustChangePassword: { type: Boolean, default: false },
    failedLogins: { type: Number, default: 0 },
    lockedUntil: { type: Date, default: null },
    lastLoginAt: { type: Date, default: null },
  },
  { timestamps: true, optimisticConcurrency: true, collection: 'users' },
);

export type UserModel = Model<UserDoc>;

export function userModel(conn: Connection): UserModel {
  return (conn.models.User as UserModel | undefined) ?? conn.model<UserDoc>('User', userSchema);
}
