/**
 * Typed domain errors. Domain functions throw these; routes map them to HTTP statuses in one
 * place (app/utils/http.server.ts). Messages travel as dictionary keys so the view can say them
 * in the reader's language.
 */
export type DomainErrorKind =
  | "invalid"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "rate_limited";

export type FieldErrors = Record<string, string>;

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    /** Dictionary key, e.g. "accounts.errors.phoneTaken". */
    readonly messageKey: string,
    readonly params: Record<string, string | number> = {},
    /** Field name → dictionary key, for errors that belong next to a form field. */
    readonly fieldErrors: FieldErrors = {},
  ) {
    super(`${kind}: ${messageKey}`);
    this.name = "DomainError";
  }
}

export const invalid = (messageKey: string, fieldErrors: FieldErrors = {}, params = {}) =>
  new DomainError("invalid", messageKey, params, fieldErrors);
export const forbidden = (messageKey = "errors.forbiddenBody") => new DomainError("forbidden", messageKey);
export const notFound = (messageKey = "errors.notFoundBody") => new DomainError("not_found", messageKey);
export const conflict = (messageKey: string, params: Record<string, string | number> = {}) =>
  new DomainError("conflict", messageKey, params);

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
