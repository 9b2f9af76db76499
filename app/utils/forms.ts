import type { z } from "zod";
import { type DomainError, invalid } from "~/domain/errors";

/** Form fields as plain strings (files are skipped), so a failed form can be shown again as typed. */
export function formValues(
  formData: FormData,
  omit: string[] = ["password", "currentPassword", "newPassword"],
) {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !omit.includes(key)) values[key] = value;
  }
  return values;
}

/**
 * Parses form data with a zod schema whose messages are dictionary keys. On failure returns a
 * DomainError("invalid") with one message key per field.
 */
export function parseWith<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; data: z.infer<S> } | { ok: false; error: DomainError } {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = issue.path.join(".") || "_form";
    if (fieldErrors[field]) continue;
    fieldErrors[field] = /^[a-z]+(\.[A-Za-z0-9]+)+$/.test(issue.message)
      ? issue.message
      : "validation.invalid";
  }
  return { ok: false, error: invalid("validation.formSummary", fieldErrors) };
}

export function parseForm<S extends z.ZodType>(schema: S, formData: FormData) {
  return parseWith(schema, Object.fromEntries(formData));
}
