import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { signedOutSessionCookie } from "~/utils/auth.server";

/** Logging out is a POST (a link, a prefetch or a crawler must never sign anyone out). */
export async function action(_args: ActionFunctionArgs) {
  return redirect("/", {
    headers: {
      "Set-Cookie": await signedOutSessionCookie({ kind: "success", messageKey: "accounts.flash.loggedOut" }),
    },
  });
}

export async function loader() {
  return redirect("/");
}
