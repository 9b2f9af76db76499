import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, Field, FieldShell } from "~/components/Field";
import { withCoop } from "~/components/ManageUi";
import { RegionPicker } from "~/components/RegionPicker";
import {
  getCooperativeProfile,
  regionPicker,
  updateCooperativeProfile,
} from "~/domain/cooperatives/profile.server";
import { banks } from "~/domain/payments/banks";
import { fileUrl } from "~/domain/storage/keys";
import { MAX_IMAGE_BYTES } from "~/domain/storage/sniff";
import { httpError, rethrowAsHttp, runForm } from "~/utils/http.server";
import { useFieldErrors, useT, useTranslate } from "~/utils/i18n";
import { readUpload, requireWorkingCooperative } from "~/utils/manage.server";
import { messagesFromMatches } from "~/utils/meta";
import { flashHeaders } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = messagesFromMatches(matches);
  return [{ title: `${t.manage.profile.title} · ${t.common.appName}` }];
};

const fields = [
  "name",
  "taxCode",
  "regionId",
  "street",
  "phone",
  "story",
  "bankBin",
  "bankAccountNo",
  "bankAccountName",
  "logo",
] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, current } = await requireWorkingCooperative(request);
  if (!current) httpError(404);
  const profile = await getCooperativeProfile(user, current.id).catch(rethrowAsHttp);
  const url = new URL(request.url);
  // Without JavaScript the province is chosen in its own step: the whole form comes back by GET,
  // so what was typed is kept while the communes of that province are listed.
  const stepped = url.searchParams.get("step") === "province";
  const stored: Record<string, string> = {
    name: profile.name,
    taxCode: profile.taxCode ?? "",
    regionId: profile.regionId,
    street: profile.street ?? "",
    phone: profile.phone ?? "",
    story: profile.story ?? "",
    bankBin: profile.bankBin ?? "",
    bankAccountNo: profile.bankAccountNo ?? "",
    bankAccountName: profile.bankAccountName ?? "",
  };
  const values: Record<string, string> = stepped
    ? Object.fromEntries(fields.map((f) => [f, url.searchParams.get(f) ?? ""]))
    : stored;
  const picker = await regionPicker({
    provinceId: stepped ? url.searchParams.get("province") : null,
    currentRegionId: profile.regionId,
  });
  if (!picker.communes.some((c) => c.id === values.regionId)) values.regionId = "";
  return {
    coopSlug: current.slug,
    values,
    picker,
    logoUrl: profile.logoKey ? fileUrl(profile.logoKey) : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, current } = await requireWorkingCooperative(request);
  if (!current) httpError(404);
  const upload = await readUpload(request, { maxFileBytes: MAX_IMAGE_BYTES, maxFiles: 1 });
  if (!upload.ok) return upload.failure;
  const { values, files } = upload.form;
  const result = await runForm(values, () =>
    updateCooperativeProfile(user, current.id, values, files.logo?.[0] ?? null),
  );
  if (!result.ok) return result.failure;
  throw redirect(withCoop("/manage/profile", current.slug), {
    headers: await flashHeaders(request, "success", "manage.flash.profileSaved"),
  });
}

export default function CooperativeProfile() {
  const t = useT();
  const translate = useTranslate();
  const { coopSlug, values: loaded, picker, logoUrl } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const p = t.manage.profile;
  const values = failure?.values ?? loaded;
  const errorOf = useFieldErrors(failure?.fieldErrors);
  const labels: Record<(typeof fields)[number], string> = {
    name: p.name,
    taxCode: p.taxCode,
    regionId: p.commune,
    street: p.street,
    phone: p.phone,
    story: p.story,
    bankBin: p.bank,
    bankAccountNo: p.accountNo,
    bankAccountName: p.accountName,
    logo: p.logo,
  };
  const summary = fields.flatMap((field) => {
    const message = errorOf(field);
    return message ? [{ fieldId: field, label: labels[field], message }] : [];
  });
  const communeValue = picker.communes.some((c) => c.id === values.regionId) ? values.regionId : "";
  return (
    <section className="narrow stack">
      <h1>{p.title}</h1>
      <Form method="post" encType="multipart/form-data" className="card stack" noValidate preventScrollReset>
        <ErrorSummary
          message={failure?.formError ? translate(failure.formError, failure.formErrorParams) : null}
          errors={summary}
        />
        <input type="hidden" name="coop" value={coopSlug} />
        <Field
          name="name"
          label={p.name}
          error={errorOf("name")}
          defaultValue={values.name ?? ""}
          maxLength={150}
          required
        />
        <Field
          name="taxCode"
          label={p.taxCode}
          hint={p.taxCodeHint}
          error={errorOf("taxCode")}
          defaultValue={values.taxCode ?? ""}
          inputMode="numeric"
          autoComplete="off"
          maxLength={20}
        />
        <fieldset className="stack">
          <legend>{p.address}</legend>
          <RegionPicker
            picker={picker}
            communeValue={communeValue}
            errors={{ regionId: errorOf("regionId") }}
            legacyName={(name) => translate("manage.profile.legacyCommune", { name })}
            labels={{
              province: p.province,
              provinceHint: p.showCommunesHint,
              chooseProvince: p.chooseProvince,
              showCommunes: p.showCommunes,
              commune: p.commune,
              chooseCommune: p.chooseCommune,
            }}
          />
          <Field
            name="street"
            label={p.street}
            error={errorOf("street")}
            defaultValue={values.street ?? ""}
            autoComplete="street-address"
            maxLength={200}
          />
        </fieldset>
        <Field
          name="phone"
          type="tel"
          label={p.phone}
          hint={p.phoneHint}
          error={errorOf("phone")}
          defaultValue={values.phone ?? ""}
          autoComplete="tel"
          required
        />
        <FieldShell id="story" label={p.story} hint={p.storyHint} error={errorOf("story")}>
          {(control) => (
            <textarea name="story" rows={6} maxLength={5000} defaultValue={values.story ?? ""} {...control} />
          )}
        </FieldShell>
        {logoUrl ? (
          <figure className="logo-preview">
            <img src={logoUrl} alt={p.currentLogo} width={96} height={96} />
            <figcaption className="hint">{p.currentLogo}</figcaption>
          </figure>
        ) : null}
        <Field
          name="logo"
          type="file"
          label={p.logo}
          hint={p.logoHint}
          error={errorOf("logo")}
          accept="image/jpeg,image/png,image/webp"
        />
        <fieldset className="stack">
          <legend>{p.bankTitle}</legend>
          <p className="hint">{p.bankIntro}</p>
          <FieldShell id="bankBin" label={p.bank} error={errorOf("bankBin")}>
            {(control) => (
              <select name="bankBin" defaultValue={values.bankBin ?? ""} {...control}>
                <option value="">{p.chooseBank}</option>
                {banks.map((b) => (
                  <option key={b.bin} value={b.bin}>
                    {`${b.shortName}: ${b.name}`}
                  </option>
                ))}
              </select>
            )}
          </FieldShell>
          <Field
            name="bankAccountNo"
            label={p.accountNo}
            hint={p.accountNoHint}
            error={errorOf("bankAccountNo")}
            defaultValue={values.bankAccountNo ?? ""}
            inputMode="numeric"
            autoComplete="off"
            maxLength={30}
          />
          <Field
            name="bankAccountName"
            label={p.accountName}
            hint={p.accountNameHint}
            error={errorOf("bankAccountName")}
            defaultValue={values.bankAccountName ?? ""}
            autoCapitalize="characters"
            autoComplete="off"
            spellCheck={false}
            maxLength={60}
          />
        </fieldset>
        <button type="submit" className="button block" disabled={busy}>
          {p.submit}
        </button>
      </Form>
    </section>
  );
}
