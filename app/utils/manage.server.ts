import type { SessionUser } from "~/domain/accounts/users.server";
import { resolveWorkingCooperative } from "~/domain/cooperatives/access.server";
import { invalid } from "~/domain/errors";
import { requireRole } from "./auth.server";
import { formFailure, rethrowAsHttp } from "./http.server";
import { type FormWithFiles, type ReadFormOptions, readFormWithFiles, UploadRefused } from "./uploads.server";

/** Every back-office loader and action starts here: signed in, and a manager or an admin. */
export function requireManager(request: Request): Promise<SessionUser> {
  return requireRole(request, "manager", "admin");
}

/** The manager and the cooperative they are working on (?coop=, else their first). */
export async function requireWorkingCooperative(request: Request) {
  const user = await requireManager(request);
  const slug = new URL(request.url).searchParams.get("coop") || null;
  try {
    return { user, ...(await resolveWorkingCooperative(user, slug)) };
  } catch (error) {
    rethrowAsHttp(error);
  }
}

/** Reads a form with files; a refused upload becomes the form's error (400) instead of a crash. */
export async function readUpload(
  request: Request,
  options: ReadFormOptions,
): Promise<{ ok: true; form: FormWithFiles } | { ok: false; failure: ReturnType<typeof formFailure> }> {
  try {
    return { ok: true, form: await readFormWithFiles(request, options) };
  } catch (error) {
    if (error instanceof UploadRefused) return { ok: false, failure: formFailure(invalid(error.messageKey)) };
    throw error;
  }
}
