import { data } from "@remix-run/node";
import { type DomainError, type DomainErrorKind, isDomainError } from "~/domain/errors";

export const statusOf: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
};

/** Throws a plain HTTP error response that the nearest ErrorBoundary renders. */
export function httpError(status: 400 | 403 | 404 | 409 | 429, messageKey?: string): never {
  throw data({ messageKey: messageKey ?? null }, { status });
}

/** The body an action returns for a form that failed: field errors, a form error, and what was typed. */
export interface FormFailure {
  ok: false;
  formError: string | null;
  formErrorParams: Record<string, string | number>;
  fieldErrors: Record<string, string>;
  values: Record<string, string>;
}

export function formFailure(
  error: DomainError,
  values: Record<string, string> = {},
): ReturnType<typeof data<FormFailure>> {
  return data<FormFailure>(
    {
      ok: false,
      formError: Object.keys(error.fieldErrors).length ? "validation.formSummary" : error.messageKey,
      formErrorParams: error.params,
      fieldErrors: error.fieldErrors,
      values,
    },
    { status: statusOf[error.kind] },
  );
}

/**
 * Runs an action's domain call: `{ ok: true, value }`, or `{ ok: false, failure }` where
 * `failure` is the response to return (a DomainError becomes a form failure with its status;
 * anything else propagates to the error boundary).
 *
 *   const result = await runForm(values, () => createProduct(...));
 *   if (!result.ok) return result.failure;
 */
export async function runForm<T>(
  values: Record<string, string>,
  fn: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; failure: ReturnType<typeof formFailure> }> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    if (isDomainError(error)) return { ok: false, failure: formFailure(error, values) };
    throw error;
  }
}

/** Maps a DomainError thrown in a loader to an HTTP error response. */
export function rethrowAsHttp(error: unknown): never {
  if (isDomainError(error)) throw data({ messageKey: error.messageKey }, { status: statusOf[error.kind] });
  throw error;
}
