import { and, eq, ne } from "drizzle-orm";
import { recordAudit } from "~/domain/audit/audit.server";
import { DomainError, type FieldErrors, invalid } from "~/domain/errors";
import { type Db, db as defaultDb } from "~db/client.server";
import { memberships, users } from "~db/schema";
import {
  type Identifier,
  isValidEmail,
  nameProblem,
  normaliseEmail,
  normaliseName,
  normalisePhone,
  parseIdentifier,
} from "./identifiers";
import { hashPassword, verifyPassword } from "./password.server";
import { passwordProblem } from "./password-policy";

export type Locale = "vi" | "en";

const takenKey = { email: "accounts.errors.emailTaken", phone: "accounts.errors.phoneTaken" } as const;

/** A field-level conflict (409) that the form shows next to the field. */
function taken(kind: "email" | "phone", field: string): DomainError {
  return new DomainError("conflict", takenKey[kind], {}, { [field]: takenKey[kind] });
}

/** Which unique index a failed insert/update hit, across postgres.js, PGlite and drizzle's wrapper. */
function uniqueViolation(error: unknown): "email" | "phone" | null {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const pgError = e as { code?: string; constraint?: string; constraint_name?: string };
    if (pgError.code === "23505") {
      const name = pgError.constraint_name ?? pgError.constraint ?? "";
      if (name === "users_email_key") return "email";
      if (name === "users_phone_key") return "phone";
      return null;
    }
    if ((e as { cause?: unknown }).cause === e) break;
  }
  return null;
}

async function contactInUse(
  kind: "email" | "phone",
  value: string,
  exceptUserId: string | null,
  tx: Db,
): Promise<boolean> {
  const column = kind === "email" ? users.email : users.phone;
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(exceptUserId ? and(eq(column, value), ne(users.id, exceptUserId)) : eq(column, value))
    .limit(1);
  return rows.length > 0;
}

export interface NewUser {
  name: string;
  email?: string | null;
  phone?: string | null;
  password: string;
  locale?: Locale;
}

/**
 * Creates a user without memberships (callers grant roles). Validates and normalises every
 * field; throws invalid (400) or conflict (409) with field errors keyed `name`, `email`, `phone`,
 * `password`, and writes nothing then. Returns the new user's id.
 */
export async function createUser(input: NewUser, tx: Db = defaultDb()): Promise<string> {
  const name = normaliseName(input.name);
  const email = input.email ? normaliseEmail(input.email) : null;
  const phone = input.phone ? normalisePhone(input.phone) : null;
  const fieldErrors: FieldErrors = {};
  const nameError = nameProblem(name);
  if (nameError) fieldErrors.name = nameError;
  if (email !== null && !isValidEmail(email)) fieldErrors.email = "validation.email";
  if (input.phone && !phone) fieldErrors.phone = "validation.phone";
  if (!input.email && !input.phone) fieldErrors.email = "validation.emailOrPhone";
  const passwordError = passwordProblem(input.password);
  if (passwordError) fieldErrors.password = passwordError;
  if (Object.keys(fieldErrors).length) throw invalid("validation.formSummary", fieldErrors);
  return insertUser({ name, email, phone, password: input.password, locale: input.locale ?? "vi" }, tx, {
    email: "email",
    phone: "phone",
  });
}

/** The insert behind createUser and registerBuyer, with the taken-contact errors on the caller's field names. */
async function insertUser(
  values: { name: string; email: string | null; phone: string | null; password: string; locale: Locale },
  tx: Db,
  fields: { email: string; phone: string },
): Promise<string> {
  // Checked first for the usual case; the unique indexes below catch two sign-ups racing.
  if (values.email && (await contactInUse("email", values.email, null, tx)))
    throw taken("email", fields.email);
  if (values.phone && (await contactInUse("phone", values.phone, null, tx)))
    throw taken("phone", fields.phone);
  const passwordHash = await hashPassword(values.password);
  try {
    const [row] = await tx
      .insert(users)
      .values({
        name: values.name,
        email: values.email,
        phone: values.phone,
        passwordHash,
        locale: values.locale,
        // The app's clock, like a session's issuedAt: a DB clock running ahead would refuse the first session.
        sessionsValidAfter: new Date(),
      })
      .returning({ id: users.id });
    if (!row) throw new Error("insert into users returned no row");
    return row.id;
  } catch (error) {
    const which = uniqueViolation(error);
    if (which) throw taken(which, fields[which]);
    throw error;
  }
}

export interface BuyerSignUp {
  name: string;
  /** What the person typed in the one "email or mobile number" field. */
  identifier: string;
  password: string;
  locale?: Locale;
}

/**
 * Self-service sign-up: a user with the buyer membership, audited, all in one transaction.
 * Field errors are keyed `name`, `identifier`, `password`.
 */
export async function registerBuyer(input: BuyerSignUp, tx: Db = defaultDb()): Promise<string> {
  const name = normaliseName(input.name);
  const fieldErrors: FieldErrors = {};
  const nameError = nameProblem(name);
  if (nameError) fieldErrors.name = nameError;
  const parsed = parseIdentifier(input.identifier);
  if (!parsed.ok) fieldErrors.identifier = parsed.messageKey;
  const passwordError = passwordProblem(input.password);
  if (passwordError) fieldErrors.password = passwordError;
  if (!parsed.ok || Object.keys(fieldErrors).length) throw invalid("validation.formSummary", fieldErrors);
  const { kind, value } = parsed.identifier;
  return tx.transaction(async (t) => {
    const userId = await insertUser(
      {
        name,
        email: kind === "email" ? value : null,
        phone: kind === "phone" ? value : null,
        password: input.password,
        locale: input.locale ?? "vi",
      },
      t,
      { email: "identifier", phone: "identifier" },
    );
    await t.insert(memberships).values({ userId, role: "buyer" });
    await recordAudit(
      {
        actorId: userId,
        action: "account.signed_up",
        entityType: "user",
        entityId: userId,
        data: { via: kind },
      },
      t,
    );
    return userId;
  });
}

export interface LoginCandidate {
  id: string;
  passwordHash: string;
  disabled: boolean;
}

/** The account an identifier names (email or phone, any written form), for checking a password. */
export async function findLoginCandidate(
  identifier: Identifier,
  tx: Db = defaultDb(),
): Promise<LoginCandidate | null> {
  const column = identifier.kind === "email" ? users.email : users.phone;
  const [row] = await tx
    .select({ id: users.id, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(column, identifier.value))
    .limit(1);
  return row ? { id: row.id, passwordHash: row.passwordHash, disabled: row.disabledAt !== null } : null;
}

export interface ProfileChange {
  name: string;
  /** Empty clears the number, allowed only when the account has an email to log in with. */
  phone: string;
}

/**
 * Changes the user's own name and mobile number. Field errors keyed `name`, `phone`.
 * Returns the fields that changed (none: nothing written, nothing audited).
 */
export async function updateProfile(
  userId: string,
  input: ProfileChange,
  tx: Db = defaultDb(),
): Promise<Array<"name" | "phone">> {
  const name = normaliseName(input.name);
  const phone = input.phone.trim() ? normalisePhone(input.phone) : null;
  const fieldErrors: FieldErrors = {};
  const nameError = nameProblem(name);
  if (nameError) fieldErrors.name = nameError;
  if (input.phone.trim() && !phone) fieldErrors.phone = "validation.phone";
  if (Object.keys(fieldErrors).length) throw invalid("validation.formSummary", fieldErrors);

  return tx.transaction(async (t) => {
    const [current] = await t
      .select({ name: users.name, email: users.email, phone: users.phone })
      .from(users)
      .where(eq(users.id, userId))
      .for("update");
    if (!current) throw new DomainError("not_found", "errors.notFoundBody");
    if (!phone && !current.email) {
      throw invalid("validation.formSummary", { phone: "accounts.errors.phoneRequired" });
    }
    const changed: Array<"name" | "phone"> = [];
    if (name !== current.name) changed.push("name");
    if (phone !== current.phone) changed.push("phone");
    if (!changed.length) return changed;
    if (phone && phone !== current.phone && (await contactInUse("phone", phone, userId, t))) {
      throw taken("phone", "phone");
    }
    try {
      await t.update(users).set({ name, phone }).where(eq(users.id, userId));
    } catch (error) {
      if (uniqueViolation(error) === "phone") throw taken("phone", "phone");
      throw error;
    }
    // Field names only: the audit log is read by admins and need not copy personal data.
    await recordAudit(
      {
        actorId: userId,
        action: "account.profile_changed",
        entityType: "user",
        entityId: userId,
        data: { fields: changed },
      },
      t,
    );
    return changed;
  });
}

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
}

/**
 * Changes the password after checking the current one, and moves `sessionsValidAfter` to now so
 * every session issued before (other phones, a shared computer) is refused. Returns that instant:
 * the caller issues the current device a fresh session at or after it. Field errors keyed
 * `currentPassword`, `newPassword`.
 */
export async function changePassword(
  userId: string,
  input: PasswordChange,
  tx: Db = defaultDb(),
): Promise<{ sessionsValidAfter: Date }> {
  const policyError = passwordProblem(input.newPassword);
  const [row] = await tx
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!row) throw new DomainError("not_found", "errors.notFoundBody");
  const fieldErrors: FieldErrors = {};
  if (!(await verifyPassword(input.currentPassword, row.passwordHash))) {
    fieldErrors.currentPassword = "accounts.errors.currentPasswordWrong";
  }
  if (policyError) fieldErrors.newPassword = policyError;
  if (Object.keys(fieldErrors).length) throw invalid("validation.formSummary", fieldErrors);

  const passwordHash = await hashPassword(input.newPassword);
  // The app's clock, the same one that stamps a session's issuedAt.
  const sessionsValidAfter = new Date();
  await tx.transaction(async (t) => {
    await t.update(users).set({ passwordHash, sessionsValidAfter }).where(eq(users.id, userId));
    await recordAudit(
      { actorId: userId, action: "account.password_changed", entityType: "user", entityId: userId },
      t,
    );
  });
  return { sessionsValidAfter };
}
