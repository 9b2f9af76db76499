import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, Field, type SummaryError } from "~/components/Field";
import { registerBuyer } from "~/domain/accounts/account.server";
import { nameProblem, normaliseName, parseIdentifier } from "~/domain/accounts/identifiers";
import { passwordProblem } from "~/domain/accounts/password-policy";
import { homePathFor } from "~/domain/accounts/users.server";
import { isDomainError } from "~/domain/errors";
import { createUserSessionCookie, getCurrentUser } from "~/utils/auth.server";
import { mergeGuestCartAtLogin } from "~/utils/cart.server";
import { formValues, parseForm } from "~/utils/forms";
import { formFailure } from "~/utils/http.server";
import { safeRedirectPath, useFieldErrors, useT, useTranslate } from "~/utils/i18n";
import { messagesFromMatches } from "~/utils/meta";
import { getLocale, langCookie } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = messagesFromMatches(matches);
  return [{ title: `${t.accounts.signupTitle} · ${t.common.appName}` }];
};

const PASSWORD_FIELDS = ["password", "passwordConfirm"];

// The same pure rules the domain enforces, run here too so every field's problem shows at once.
const SignupForm = z
  .object({
    name: z.string().max(1000, "accounts.errors.nameTooLong").default(""),
    identifier: z.string().max(1000, "validation.emailOrPhone").default(""),
    password: z.string().max(1024, "accounts.errors.passwordTooLong").default(""),
    passwordConfirm: z.string().max(1024, "accounts.errors.passwordTooLong").default(""),
    redirectTo: z.string().optional(),
  })
  .superRefine((form, ctx) => {
    const nameError = nameProblem(normaliseName(form.name));
    if (nameError) ctx.addIssue({ code: "custom", path: ["name"], message: nameError });
    const identifier = parseIdentifier(form.identifier);
    if (!identifier.ok)
      ctx.addIssue({ code: "custom", path: ["identifier"], message: identifier.messageKey });
    const passwordError = passwordProblem(form.password);
    if (passwordError) ctx.addIssue({ code: "custom", path: ["password"], message: passwordError });
    else if (form.password !== form.passwordConfirm) {
      ctx.addIssue({
        code: "custom",
        path: ["passwordConfirm"],
        message: "accounts.errors.passwordMismatch",
      });
    }
  });

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"), "");
  const user = await getCurrentUser(request);
  if (user) throw redirect(redirectTo || homePathFor(user));
  return { redirectTo };
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  const values = formValues(formData, PASSWORD_FIELDS);
  const parsed = parseForm(SignupForm, formData);
  if (!parsed.ok) return formFailure(parsed.error, values);
  const locale = await getLocale(request);
  let userId: string;
  try {
    userId = await registerBuyer({
      name: parsed.data.name,
      identifier: parsed.data.identifier,
      password: parsed.data.password,
      locale,
    });
  } catch (error) {
    if (isDomainError(error)) return formFailure(error, values);
    throw error;
  }
  const headers = new Headers();
  headers.append(
    "Set-Cookie",
    await createUserSessionCookie(userId, {
      flash: { kind: "success", messageKey: "accounts.flash.welcome" },
    }),
  );
  headers.append("Set-Cookie", await langCookie.serialize(locale));
  const clearCart = await mergeGuestCartAtLogin(request, userId);
  if (clearCart) headers.append("Set-Cookie", clearCart);
  throw redirect(safeRedirectPath(parsed.data.redirectTo, "/account"), { headers });
}

const FIELDS = ["name", "identifier", "password", "passwordConfirm"] as const;

export default function Signup() {
  const t = useT();
  const translate = useTranslate();
  const { redirectTo } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const values = failure?.values ?? {};
  const errorOf = useFieldErrors(failure?.fieldErrors);
  const labels = {
    name: t.accounts.fields.name,
    identifier: t.accounts.fields.identifier,
    password: t.accounts.fields.password,
    passwordConfirm: t.accounts.fields.passwordConfirm,
  };
  const summary: SummaryError[] = FIELDS.flatMap((field) => {
    const message = errorOf(field);
    return message ? [{ fieldId: field, label: labels[field], message }] : [];
  });
  const back = values.redirectTo || redirectTo;
  return (
    <section className="narrow stack">
      <h1>{t.accounts.signupTitle}</h1>
      <p>{t.accounts.signupIntro}</p>
      <Form method="post" className="stack" noValidate>
        <ErrorSummary
          message={failure?.formError ? translate(failure.formError, failure.formErrorParams) : null}
          errors={summary}
        />
        <input type="hidden" name="redirectTo" value={back} />
        <Field
          name="name"
          label={labels.name}
          hint={t.accounts.fields.nameHint}
          error={errorOf("name")}
          defaultValue={values.name ?? ""}
          autoComplete="name"
          required
        />
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
          hint={t.accounts.fields.passwordHint}
          error={errorOf("password")}
          autoComplete="new-password"
          minLength={8}
          required
        />
        <Field
          name="passwordConfirm"
          type="password"
          label={labels.passwordConfirm}
          error={errorOf("passwordConfirm")}
          autoComplete="new-password"
          required
        />
        <button type="submit" className="button block" disabled={busy}>
          {t.accounts.signupSubmit}
        </button>
      </Form>
      <p>
        {t.accounts.haveAccount}{" "}
        <Link to={back ? `/login?${new URLSearchParams({ redirectTo: back })}` : "/login"}>
          {t.accounts.toLogin}
        </Link>
      </p>
    </section>
  );
}
