import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, Field, FieldShell } from "~/components/Field";
import {
  addMembership,
  getUserForAdmin,
  type MembershipView,
  membershipOptions,
  removeMembership,
  setUserDisabled,
} from "~/domain/accounts/admin.server";
import { isDomainError } from "~/domain/errors";
import { type Locale, messagesFor, translate as translateFor } from "~/i18n";
import { requireRole } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";
import { formValues, parseForm } from "~/utils/forms";
import { formFailure, httpError, rethrowAsHttp } from "~/utils/http.server";
import { useLocale, useT, useTranslate } from "~/utils/i18n";
import { messagesFromMatches } from "~/utils/meta";
import { flashHeaders, getLocale } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = messagesFromMatches(matches);
  return [{ title: `${data?.user.name ?? t.admin.users.heading} · ${t.admin.title} · ${t.common.appName}` }];
};

const UserId = z.uuid();
const roles = ["buyer", "manager", "reviewer", "admin"] as const;

const optionalText = z
  .string()
  .max(100)
  .optional()
  .transform((v) => v?.trim() || null);
const ActionForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("add"),
    role: z.enum(roles, "admin.users.errors.roleRequired"),
    cooperativeId: optionalText,
    regionId: optionalText,
    regionCode: optionalText,
    regionScheme: z.enum(["current", "legacy"]).default("current"),
  }),
  z.object({ intent: z.literal("remove"), membershipId: z.uuid() }),
  z.object({ intent: z.literal("disable") }),
  z.object({ intent: z.literal("enable") }),
]);

/** A membership in words: "Cán bộ thẩm định: Chợ Đồn (huyện, mã 063), Bắc Kạn". */
function describeMembership(m: MembershipView, locale: Locale): string {
  const t = messagesFor(locale);
  if (m.role === "manager" && m.cooperative) {
    return translateFor(locale, "admin.users.membershipManager", { cooperative: m.cooperative.name });
  }
  if (m.role === "reviewer" && m.region) {
    const level = t.review.levels[m.region.level as "province" | "district" | "commune"] ?? m.region.level;
    const label = translateFor(locale, "admin.users.regionLabel", {
      name: m.region.name,
      level: m.region.scheme === "legacy" ? `${level}, ${t.review.legacyMark}` : level,
      code: m.region.code,
    });
    return translateFor(locale, "admin.users.membershipReviewer", {
      region: m.region.province ? `${label}, ${m.region.province}` : label,
    });
  }
  return t.common.roles[m.role];
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const id = UserId.safeParse(params.userId);
  if (!id.success) httpError(404);
  const [found, options, locale] = await Promise.all([
    getUserForAdmin(admin, id.data).catch(rethrowAsHttp),
    membershipOptions(admin).catch(rethrowAsHttp),
    getLocale(request),
  ]);
  const url = new URL(request.url);
  const memberships = found.memberships.map((m) => ({
    id: m.id,
    role: m.role,
    label: describeMembership(m, locale),
  }));
  const removing = memberships.find((m) => m.id === url.searchParams.get("remove")) ?? null;
  const t = messagesFor(locale);
  return {
    user: {
      id: found.user.id,
      name: found.user.name,
      contact: [found.user.email, found.user.phone].filter(Boolean).join(" · "),
      disabled: found.user.disabledAt !== null,
      createdAt: found.user.createdAt,
    },
    isSelf: found.isSelf,
    memberships,
    removing,
    confirmDisable: url.searchParams.get("confirm") === "disable" && !found.isSelf,
    cooperatives: options.cooperatives,
    regions: options.regions.map((r) => ({
      id: r.id,
      scheme: r.scheme,
      label:
        r.level === "province"
          ? `${r.name} (${t.admin.regions.levels.province}, ${r.code})`
          : `— ${r.name} (${t.admin.regions.levels.district}, ${r.code})${r.province ? `, ${r.province}` : ""}`,
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const id = UserId.safeParse(params.userId);
  if (!id.success) httpError(404);
  const userId = id.data;
  const formData = await request.formData();
  const values = formValues(formData);
  const parsed = parseForm(ActionForm, formData);
  if (!parsed.ok) return formFailure(parsed.error, values);
  const input = parsed.data;
  let flashKey: string;
  try {
    if (input.intent === "add") {
      await addMembership(
        admin,
        input.role === "manager"
          ? { userId, role: "manager", cooperativeId: input.cooperativeId }
          : input.role === "reviewer"
            ? {
                userId,
                role: "reviewer",
                regionId: input.regionId,
                regionCode: input.regionCode,
                regionScheme: input.regionScheme,
              }
            : { userId, role: input.role },
      );
      flashKey = "admin.users.flash.added";
    } else if (input.intent === "remove") {
      await removeMembership(admin, { userId, membershipId: input.membershipId });
      flashKey = "admin.users.flash.removed";
    } else {
      await setUserDisabled(admin, { userId, disabled: input.intent === "disable" });
      flashKey = input.intent === "disable" ? "admin.users.flash.disabled" : "admin.users.flash.enabled";
    }
  } catch (error) {
    if (!isDomainError(error)) throw error;
    if (error.kind === "forbidden" || error.kind === "not_found") rethrowAsHttp(error);
    return formFailure(error, values);
  }
  throw redirect(`/admin/users/${userId}`, { headers: await flashHeaders(request, "success", flashKey) });
}

export default function AdminUser() {
  const t = useT();
  const translate = useTranslate();
  const locale = useLocale();
  const { user, isSelf, memberships, removing, confirmDisable, cooperatives, regions } =
    useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const u = t.admin.users;
  const values = failure?.values ?? {};
  const addFailed = values.intent === "add";
  const errorOf = (field: string) => {
    const key = addFailed ? failure?.fieldErrors[field] : undefined;
    return key ? translate(key) : null;
  };
  const labels: Record<string, string> = {
    role: u.role,
    cooperativeId: u.cooperative,
    regionId: u.region,
    regionCode: u.regionCode,
  };
  const summary = Object.keys(labels).flatMap((field) => {
    const message = errorOf(field);
    return message ? [{ fieldId: field, label: labels[field] ?? field, message }] : [];
  });
  const formMessage = failure?.formError ? translate(failure.formError, failure.formErrorParams) : null;
  return (
    <section className="stack">
      <p>
        <Link to="/admin/users">{u.back}</Link>
      </p>
      <header>
        <h1>{user.name}</h1>
        <p>{user.contact}</p>
        <p>
          {user.disabled ? <span className="badge badge-rejected">{u.disabled}</span> : u.active} ·{" "}
          {translate("admin.users.joined", { at: formatDateTime(user.createdAt, locale) })}
        </p>
        {isSelf ? <p className="notice-info">{u.you}</p> : null}
      </header>
      {!addFailed ? <ErrorSummary message={formMessage} /> : null}

      <section aria-labelledby="memberships-heading">
        <h2 id="memberships-heading">{u.memberships}</h2>
        {removing ? (
          <div className="card notice-warn stack" role="alertdialog" aria-labelledby="confirm-remove-heading">
            <h3 id="confirm-remove-heading">{u.confirmRemoveHeading}</h3>
            <p>{translate("admin.users.confirmRemove", { name: user.name, what: removing.label })}</p>
            <Form method="post" className="actions">
              <input type="hidden" name="intent" value="remove" />
              <input type="hidden" name="membershipId" value={removing.id} />
              <button type="submit" className="button danger" disabled={busy}>
                {translate("admin.users.confirmRemoveSubmit", { what: removing.label })}
              </button>
              <Link to={`/admin/users/${user.id}`} className="button secondary">
                {u.cancel}
              </Link>
            </Form>
          </div>
        ) : null}
        {memberships.length ? (
          <ul className="membership-list">
            {memberships.map((m) => (
              <li key={m.id}>
                <span>{m.label}</span>
                <Link
                  to={`?remove=${m.id}`}
                  className="button secondary"
                  aria-label={translate("admin.users.removeLabel", { what: m.label })}
                >
                  {u.remove}
                </Link>
              </li>
            ))}
          </ul>
        ) : (
          <p>{u.noMemberships}</p>
        )}
      </section>

      <section aria-labelledby="add-heading" className="card">
        <h2 id="add-heading">{u.addHeading}</h2>
        {addFailed ? <ErrorSummary message={formMessage} errors={summary} /> : null}
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="add" />
          <FieldShell id="role" label={u.role} error={errorOf("role")}>
            {(control) => (
              <select name="role" defaultValue={addFailed ? values.role : "reviewer"} {...control}>
                {(["reviewer", "manager", "admin", "buyer"] as const).map((r) => (
                  <option key={r} value={r}>
                    {t.common.roles[r]}
                  </option>
                ))}
              </select>
            )}
          </FieldShell>
          <FieldShell id="cooperativeId" label={u.cooperative} error={errorOf("cooperativeId")}>
            {(control) => (
              <select name="cooperativeId" defaultValue={addFailed ? values.cooperativeId : ""} {...control}>
                <option value="">{u.chooseCooperative}</option>
                {cooperatives.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            )}
          </FieldShell>
          <FieldShell id="regionId" label={u.region} hint={u.regionHint} error={errorOf("regionId")}>
            {(control) => (
              <select name="regionId" defaultValue={addFailed ? values.regionId : ""} {...control}>
                <option value="">{u.chooseRegion}</option>
                {(["current", "legacy"] as const).map((scheme) => (
                  <optgroup key={scheme} label={t.admin.regions.schemes[scheme]}>
                    {regions
                      .filter((r) => r.scheme === scheme)
                      .map((r) => (
                        <option key={r.id} value={r.id}>
                          {r.label}
                        </option>
                      ))}
                  </optgroup>
                ))}
              </select>
            )}
          </FieldShell>
          <Field
            name="regionCode"
            label={u.regionCode}
            hint={u.regionCodeHint}
            inputMode="numeric"
            autoComplete="off"
            defaultValue={addFailed ? values.regionCode : ""}
            error={errorOf("regionCode")}
          />
          <FieldShell id="regionScheme" label={u.regionScheme}>
            {(control) => (
              <select
                name="regionScheme"
                defaultValue={addFailed ? values.regionScheme : "current"}
                {...control}
              >
                <option value="current">{t.admin.regions.schemes.current}</option>
                <option value="legacy">{t.admin.regions.schemes.legacy}</option>
              </select>
            )}
          </FieldShell>
          <button type="submit" className="button" disabled={busy}>
            {u.add}
          </button>
        </Form>
      </section>

      <section aria-labelledby="account-heading">
        <h2 id="account-heading">{u.accountHeading}</h2>
        {user.disabled ? (
          <Form method="post">
            <input type="hidden" name="intent" value="enable" />
            <button type="submit" className="button" disabled={busy}>
              {u.enable}
            </button>
          </Form>
        ) : isSelf ? (
          <p>{u.cannotDisableSelf}</p>
        ) : confirmDisable ? (
          <div
            className="card notice-warn stack"
            role="alertdialog"
            aria-labelledby="confirm-disable-heading"
          >
            <h3 id="confirm-disable-heading">{u.confirmDisableHeading}</h3>
            <p>{translate("admin.users.confirmDisable", { name: user.name })}</p>
            <Form method="post" className="actions">
              <input type="hidden" name="intent" value="disable" />
              <button type="submit" className="button danger" disabled={busy}>
                {translate("admin.users.confirmDisableSubmit", { name: user.name })}
              </button>
              <Link to={`/admin/users/${user.id}`} className="button secondary">
                {u.keepEnabled}
              </Link>
            </Form>
          </div>
        ) : (
          <Link to="?confirm=disable" className="button secondary">
            {u.disable}
          </Link>
        )}
      </section>
    </section>
  );
}
