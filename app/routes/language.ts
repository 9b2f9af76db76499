import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { z } from "zod";
import { setUserLocale } from "~/domain/accounts/users.server";
import { getCurrentUser } from "~/utils/auth.server";
import { httpError } from "~/utils/http.server";
import { safeRedirectPath } from "~/utils/i18n";
import { langCookie } from "~/utils/session.server";

const LanguageForm = z.object({ lang: z.enum(["vi", "en"]), redirectTo: z.string().optional() });

/** Sets the language cookie (and the account's language when signed in), then goes back. */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = LanguageForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) httpError(400);
  const user = await getCurrentUser(request);
  if (user) await setUserLocale(user.id, parsed.data.lang);
  return redirect(safeRedirectPath(parsed.data.redirectTo), {
    headers: { "Set-Cookie": await langCookie.serialize(parsed.data.lang) },
  });
}

export async function loader() {
  return redirect("/");
}
