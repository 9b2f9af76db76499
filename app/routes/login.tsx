import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, Field, type SummaryError } from "~/components/Field";
import { authenticate } from "~/domain/accounts/login.server";
import { homePathFor, type SessionUser } from "~/domain/accounts/users.server";
import { isDomainError } from "~/domain/errors";
import { clientKeyFor, createUserSessionCookie, getCurrentUser } from "~/utils/auth.server";
import { mergeGuestCartAtLogin } from "~/utils/cart.server";
import { parseForm } from "~/utils/forms";
import { formFailure } from "~/utils/http.server";
import { safeRedirectPath, useFieldErrors, useT, useTranslate } from "~/utils/i18n";
import { messagesFromMatches } from "~/utils/meta";
import { langCookie } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = messagesFromMatches(matches);
  return [{ title: `${t.accounts.loginTitle} · ${t.common.appName}` }];
};

const LoginForm = z.object({
  identifier: z.string().trim().min(1, "validation.required").max(320, "validation.emailOrPhone"),
  password: z.string().min(1, "validation.required").max(1024, "accounts.errors.passwordTooLong"),
  redirectTo: z.string().optional(),
});

/** The same-site path to go back to after logging in, or "" when none was given. */
function redirectToOf(request: Request): string {
  return safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"), "");
}

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = redirectToOf(request);
  const user = await getCurrentUser(request);
  if (user) throw redirect(redirectTo || homePathFor(user));
  return { redirectTo };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const values = {
    identifier: String(formData.get("identifier") ?? ""),
    redirectTo: String(formData.get("redirectTo") ?? ""),
  };
  const parsed = parseForm(LoginForm, formData);
  if (!parsed.ok) return formFailure(parsed.error, values);
  let user: SessionUser;
  try {
    user = await authenticate({
      identifier: parsed.data.identifier,
      password: parsed.data.password,
      clientKey: clientKeyFor(request, context.clientAddress),
    });
  } catch (error) {
    if (isDomainError(error)) return formFailure(error, values);
    throw error;
  }
  const headers = new Headers();
  headers.append("Set-Cookie", await createUserSessionCookie(user.id));
  // The account's saved language follows the person from device to device.
  headers.append("Set-Cookie", await langCookie.serialize(user.locale));
  // What was put in the cart before logging in stays in it.
  const clearCart = await mergeGuestCartAtLogin(request, user.id);
  if (clearCart) headers.append("Set-Cookie", clearCart);
  throw redirect(safeRedirectPath(parsed.data.redirectTo, homePathFor(user)), { headers });
}

export default function Login() {
  const t = useT();
  const translate = useTranslate();
  const { redirectTo } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const values = failure?.values ?? {};
  const errorOf = useFieldErrors(failure?.fieldErrors);
  const labels = { identifier: t.accounts.fields.identifier, password: t.accounts.fields.password };
  const summary: SummaryError[] = (["identifier", "password"] as const).flatMap((field) => {
    const message = errorOf(field);
    return message ? [{ fieldId: field, label: labels[field], message }] : [];
  });
  const back = values.redirectTo || redirectTo;
  return (
    <section className="narrow stack">
      <h1>{t.accounts.loginTitle}</h1>
      <p>{t.accounts.loginIntro}</p>
      <Form method="post" className="stack" noValidate>
        <ErrorSummary
          message={failure?.formError ? translate(failure.formError, failure.formErrorParams) : null}
          errors={summary}
        />
        <input type="hidden" name="redirectTo" value={back} />
        <Field
          name="identifier"
          label={labels.identifier}
          hint={t.accounts.fields.identifierHint}
          error={errorOf("identifier")}
          defaultValue={values.identifier ?? ""}
          autoComplete="username"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          required
        />
        <Field
          name="password"
          type="password"
          label={labels.password}
          error={errorOf("password")}
          autoComplete="current-password"
          required
        />
        <button type="submit" className="button block" disabled={busy}>
          {t.accounts.loginSubmit}
        </button>
      </Form>
      <p>
        {t.accounts.noAccount}{" "}
        <Link to={back ? `/signup?${new URLSearchParams({ redirectTo: back })}` : "/signup"}>
          {t.accounts.toSignup}
        </Link>
      </p>
    </section>
  );
}
