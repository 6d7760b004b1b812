// Moderator and admin accounts (collection `users`). Mongoose stays in this file; the
// password hash is `select: false` and only `findUserCredentials` reads it.
import { randomUUID } from 'node:crypto';
import mongoose, { Schema } from 'mongoose';
import { AppError } from '../errors';
import { normaliseEmail } from '../privacy/emailVault';
import { ROLES, type Role } from './access';

export interface User {
  id: string;
  email: string;
  /** A display name the operator gave (`users:set --name`), or null. */
  name: string | null;
  role: Role;
  sites: string[];
  allSites: boolean;
  disabled: boolean;
  createdAt: Date;
}

interface UserDocument {
  _id: string;
  email: string;
  name?: string;
  passwordHash: string;
  role: Role;
  sites: string[];
  allSites: boolean;
  disabled: boolean;
  createdAt: Date;
}

const userSchema = new Schema<UserDocument>(
  {
    _id: { type: String, required: true },
    email: { type: String, required: true, unique: true },
    name: String,
    passwordHash: { type: String, required: true, select: false },
    role: { type: String, enum: ROLES, required: true },
    sites: { type: [String], default: [] },
    allSites: { type: Boolean, default: false },
    disabled: { type: Boolean, default: false },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const UserModel = mongoose.model<UserDocument>('User', userSchema, 'users');

export class UserExistsError extends AppError {
  constructor() {
    // Never the address itself: error messages may be logged or shown.
    super(409, 'user_exists', 'A user with this email already exists.');
  }
}

function toUser(doc: UserDocument): User {
  const isAdmin = doc.role === 'admin';
  return {
    id: doc._id,
    email: doc.email,
    name: doc.name ?? null,
    role: doc.role,
    sites: isAdmin ? [] : doc.sites,
    allSites: isAdmin || doc.allSites,
    disabled: doc.disabled,
    createdAt: doc.createdAt,
  };
}

export interface NewUserRecord {
  email: string;
  passwordHash: string;
  role: Role;
  sites: string[];
  allSites: boolean;
}

export async function insertUser(input: NewUserRecord, now: Date): Promise<User> {
  // The unique email index must exist before the first insert on a fresh database.
  await UserModel.init();
  try {
    const doc = await UserModel.create({
      _id: randomUUID(),
      ...input,
      email: normaliseEmail(input.email),
      disabled: false,
      createdAt: now,
    });
    return toUser(doc.toObject());
  } catch (error) {
    if ((error as { code?: number }).code === 11000) throw new UserExistsError();
    throw error;
  }
}

export async function findUserById(id: string): Promise<User | undefined> {
  const doc = await UserModel.findById(id).lean<UserDocument>();
  return doc ? toUser(doc) : undefined;
}

export async function findUserByEmail(email: string): Promise<User | undefined> {
  const doc = await UserModel.findOne({ email: normaliseEmail(email) }).lean<UserDocument>();
  return doc ? toUser(doc) : undefined;
}

export async function findUserCredentials(
  email: string,
): Promise<{ user: User; passwordHash: string } | undefined> {
  const doc = await UserModel.findOne({ email: normaliseEmail(email) })
    .select('+passwordHash')
    .lean<UserDocument>();
  return doc ? { user: toUser(doc), passwordHash: doc.passwordHash } : undefined;
}

export async function listUsers(): Promise<User[]> {
  const docs = await UserModel.find().sort({ email: 1 }).lean<UserDocument[]>();
  return docs.map(toUser);
}

/** Whether any account exists (one document read at most): `npm start` says how to make the first. */
export async function hasAnyUser(): Promise<boolean> {
  return (await UserModel.exists({})) !== null;
}

export async function setUserDisabled(id: string, disabled: boolean): Promise<User | undefined> {
  await UserModel.updateOne({ _id: id }, { $set: { disabled } });
  return findUserById(id);
}

/** Sets the display name, or removes it with null. */
export async function setUserName(id: string, name: string | null): Promise<User | undefined> {
  await UserModel.updateOne({ _id: id }, name === null ? { $unset: { name: 1 } } : { $set: { name } });
  return findUserById(id);
}

export async function setUserPasswordHash(id: string, passwordHash: string): Promise<User | undefined> {
  await UserModel.updateOne({ _id: id }, { $set: { passwordHash } });
  return findUserById(id);
}
