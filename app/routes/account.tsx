import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, Field, FieldShell, type SummaryError } from "~/components/Field";
import { changePassword, updateProfile } from "~/domain/accounts/account.server";
import { nameProblem, normaliseName, normalisePhone } from "~/domain/accounts/identifiers";
import { passwordProblem } from "~/domain/accounts/password-policy";
import { setUserLocale } from "~/domain/accounts/users.server";
import { isDomainError } from "~/domain/errors";
import { locales } from "~/i18n";
import { createUserSessionCookie, requireUser } from "~/utils/auth.server";
import { formValues, parseForm } from "~/utils/forms";
import { formFailure } from "~/utils/http.server";
import { useT, useTranslate } from "~/utils/i18n";
import { messagesFromMatches } from "~/utils/meta";
import { flashHeaders, langCookie } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = messagesFromMatches(matches);
  return [{ title: `${t.accounts.accountTitle} · ${t.common.appName}` }];
};

const PASSWORD_FIELDS = ["currentPassword", "newPassword", "newPasswordConfirm"];

const ProfileForm = z
  .object({
    intent: z.literal("profile"),
    name: z.string().max(1000, "accounts.errors.nameTooLong").default(""),
    phone: z.string().max(100, "validation.phone").default(""),
  })
  .superRefine((form, ctx) => {
    const nameError = nameProblem(normaliseName(form.name));
    if (nameError) ctx.addIssue({ code: "custom", path: ["name"], message: nameError });
    if (form.phone.trim() && !normalisePhone(form.phone)) {
      ctx.addIssue({ code: "custom", path: ["phone"], message: "validation.phone" });
    }
  });

const PasswordForm = z
  .object({
    intent: z.literal("password"),
    currentPassword: z
      .string()
      .min(1, "validation.required")
      .max(1024, "accounts.errors.currentPasswordWrong"),
    newPassword: z.string().max(1024, "accounts.errors.passwordTooLong").default(""),
    newPasswordConfirm: z.string().max(1024, "accounts.errors.passwordTooLong").default(""),
  })
  .superRefine((form, ctx) => {
    const problem = passwordProblem(form.newPassword);
    if (problem) ctx.addIssue({ code: "custom", path: ["newPassword"], message: problem });
    else if (form.newPassword !== form.newPasswordConfirm) {
      ctx.addIssue({
        code: "custom",
        path: ["newPasswordConfirm"],
        message: "accounts.errors.passwordMismatch",
      });
    }
  });

const LanguageForm = z.object({
  intent: z.literal("language"),
  locale: z.enum(locales, "validation.invalid"),
});

const AccountForm = z.discriminatedUnion("intent", [ProfileForm, PasswordForm, LanguageForm]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return {
    name: user.name,
    email: user.email,
    phone: user.phone,
    roles: [...new Set(user.memberships.map((m) => m.role))],
    locale: user.locale,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  const values = formValues(formData, PASSWORD_FIELDS);
  const parsed = parseForm(AccountForm, formData);
  if (!parsed.ok) return formFailure(parsed.error, values);
  const form = parsed.data;

  if (form.intent === "profile") {
    let changed: string[];
    try {
      changed = await updateProfile(user.id, { name: form.name, phone: form.phone });
    } catch (error) {
      if (isDomainError(error)) return formFailure(error, values);
      throw error;
    }
    const key = changed.length ? "accounts.flash.profileSaved" : "accounts.flash.nothingChanged";
    throw redirect("/account", { headers: await flashHeaders(request, "success", key) });
  }

  if (form.intent === "password") {
    let sessionsValidAfter: Date;
    try {
      ({ sessionsValidAfter } = await changePassword(user.id, {
        currentPassword: form.currentPassword,
        newPassword: form.newPassword,
      }));
    } catch (error) {
      if (isDomainError(error)) return formFailure(error, values);
      throw error;
    }
    // Stamped at the new cut-off, so this device stays signed in while every older session ends.
    const cookie = await createUserSessionCookie(user.id, {
      issuedAt: sessionsValidAfter.getTime(),
      flash: { kind: "success", messageKey: "accounts.flash.passwordChanged" },
    });
    throw redirect("/account", { headers: { "Set-Cookie": cookie } });
  }

  await setUserLocale(user.id, form.locale);
  const headers = new Headers(await flashHeaders(request, "success", "accounts.flash.languageSaved"));
  headers.append("Set-Cookie", await langCookie.serialize(form.locale));
  throw redirect("/account", { headers });
}

export default function Account() {
  const t = useT();
  const translate = useTranslate();
  const account = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const failedIntent = failure?.values.intent;
  /** The failure of one form only: each form shows its own errors. */
  const failureOf = (intent: string) => (failedIntent === intent ? failure : undefined);
  const errorOf = (intent: string, field: string) => {
    const key = failureOf(intent)?.fieldErrors[field];
    return key ? translate(key) : null;
  };
  const summaryOf = (intent: string, labels: Record<string, string>) => {
    const f = failureOf(intent);
    const errors: SummaryError[] = Object.entries(labels).flatMap(([field, label]) => {
      const message = errorOf(intent, field);
      return message ? [{ fieldId: `${intent}-${field}`, label, message }] : [];
    });
    return (
      <ErrorSummary
        message={f?.formError ? translate(f.formError, f.formErrorParams) : null}
        errors={errors}
      />
    );
  };
  const profileValues = failureOf("profile")?.values;
  const f = t.accounts.fields;

  return (
    <section className="narrow stack">
      <h1>{t.accounts.accountTitle}</h1>

      <section className="card" aria-labelledby="details-heading">
        <h2 id="details-heading">{t.accounts.yourDetails}</h2>
        <dl className="details">
          <dt>{f.name}</dt>
          <dd>{account.name}</dd>
          <dt>{f.email}</dt>
          <dd>{account.email ?? t.accounts.notSet}</dd>
          <dt>{f.phone}</dt>
          <dd>{account.phone ?? t.accounts.notSet}</dd>
          <dt>{t.accounts.roles}</dt>
          <dd>
            {account.roles.length
              ? account.roles.map((role) => (
                  <span key={role} className="badge">
                    {t.common.roles[role]}
                  </span>
                ))
              : t.accounts.notSet}
          </dd>
        </dl>
      </section>

      <section className="card stack" aria-labelledby="orders-heading">
        <h2 id="orders-heading">{t.orders.myOrders.title}</h2>
        <p>
          <Link to="/account/orders" className="button secondary block">
            {t.orders.myOrders.accountLink}
          </Link>
        </p>
      </section>

      <section className="card" aria-labelledby="profile-heading">
        <h2 id="profile-heading">{t.accounts.profileHeading}</h2>
        <Form method="post" className="stack" noValidate>
          {summaryOf("profile", { name: f.name, phone: f.phone })}
          <input type="hidden" name="intent" value="profile" />
          <Field
            id="profile-name"
            name="name"
            label={f.name}
            error={errorOf("profile", "name")}
            defaultValue={profileValues?.name ?? account.name}
            autoComplete="name"
            required
          />
          <Field
            id="profile-phone"
            name="phone"
            type="tel"
            inputMode="tel"
            label={f.phone}
            hint={f.phoneHint}
            error={errorOf("profile", "phone")}
            defaultValue={profileValues?.phone ?? account.phone ?? ""}
            autoComplete="tel"
          />
          <button type="submit" className="button block" disabled={submitting === "profile"}>
            {t.accounts.profileSubmit}
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="password-heading">
        <h2 id="password-heading">{t.accounts.passwordHeading}</h2>
        <p className="hint">{t.accounts.passwordNote}</p>
        <Form method="post" className="stack" noValidate>
          {summaryOf("password", {
            currentPassword: f.currentPassword,
            newPassword: f.newPassword,
            newPasswordConfirm: f.newPasswordConfirm,
          })}
          <input type="hidden" name="intent" value="password" />
          {/* Lets password managers file the new password under the right account. */}
          <input
            type="hidden"
            name="username"
            autoComplete="username"
            value={account.email ?? account.phone ?? ""}
          />
          <Field
            id="password-currentPassword"
            name="currentPassword"
            type="password"
            label={f.currentPassword}
            error={errorOf("password", "currentPassword")}
            autoComplete="current-password"
            required
          />
          <Field
            id="password-newPassword"
            name="newPassword"
            type="password"
            label={f.newPassword}
            hint={f.passwordHint}
            error={errorOf("password", "newPassword")}
            autoComplete="new-password"
            minLength={8}
            required
          />
          <Field
            id="password-newPasswordConfirm"
            name="newPasswordConfirm"
            type="password"
            label={f.newPasswordConfirm}
            error={errorOf("password", "newPasswordConfirm")}
            autoComplete="new-password"
            required
          />
          <button type="submit" className="button block" disabled={submitting === "password"}>
            {t.accounts.passwordSubmit}
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="language-heading">
        <h2 id="language-heading">{t.accounts.languageHeading}</h2>
        <Form method="post" className="stack" noValidate>
          {summaryOf("language", { locale: f.language })}
          <input type="hidden" name="intent" value="language" />
          <FieldShell id="language-locale" label={f.language} error={errorOf("language", "locale")}>
            {(control) => (
              <select name="locale" defaultValue={account.locale} {...control}>
                {locales.map((locale) => (
                  <option key={locale} value={locale} lang={locale}>
                    {t.accounts.languageNames[locale]}
                  </option>
                ))}
              </select>
            )}
          </FieldShell>
          <button type="submit" className="button block secondary" disabled={submitting === "language"}>
            {t.accounts.languageSubmit}
          </button>
        </Form>
      </section>
    </section>
  );
}
