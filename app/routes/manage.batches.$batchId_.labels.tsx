import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Field } from "~/components/Field";
import { withCoop } from "~/components/ManageUi";
import { batchLinkUrl } from "~/domain/labels/digital-link";
import {
  type LabelSize,
  labelSizes,
  labelsPerPage,
  MAX_LABELS_PER_SHEET,
  sheetGeometry,
} from "~/domain/labels/label-sheet.server";
import { findOwnedBatch } from "~/domain/trace/batches.server";
import { countUnits } from "~/domain/trace/units.server";
import { getEnv } from "~/utils/env.server";
import { rethrowAsHttp } from "~/utils/http.server";
import { useLocale, useT, useTranslate } from "~/utils/i18n";
import { requireManager } from "~/utils/manage.server";
import { messagesFromMatches } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = messagesFromMatches(matches);
  return [{ title: `${t.batches.page.labels} · ${data?.lot ?? ""} · ${t.common.appName}` }];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireManager(request);
  const { batch, product, cooperative } = await findOwnedBatch(user, params.batchId ?? "").catch(
    rethrowAsHttp,
  );
  return {
    id: batch.id,
    lot: batch.lot,
    status: batch.status,
    coopSlug: cooperative.slug,
    unitCount: await countUnits(batch.id),
    url: batchLinkUrl(getEnv().PUBLIC_ORIGIN, {
      gtin: product.gtin,
      lot: batch.lot,
      publicCode: batch.publicCode,
    }),
    sizes: labelSizes.map((size: LabelSize) => ({
      size,
      perPage: labelsPerPage(size),
      code: sheetGeometry[size].code,
    })),
    max: MAX_LABELS_PER_SHEET,
  };
}

/** A GET form: choosing again and again changes nothing on the server, and the PDF opens to print. */
export default function BatchLabels() {
  const t = useT();
  const translate = useTranslate();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const number = (n: number) => n.toLocaleString(locale === "vi" ? "vi-VN" : "en-GB");
  const serialised = data.unitCount > 0;
  return (
    <section className="narrow stack">
      <p>
        <Link to={withCoop(`/manage/batches/${data.id}`, data.coopSlug)}>← {t.batches.labels.back}</Link>
      </p>
      <h1>{translate("batches.labels.title", { lot: data.lot })}</h1>
      <p>{t.batches.labels.intro}</p>
      {data.status === "recording" ? <p className="notice-info">{t.batches.labels.notReleased}</p> : null}
      {data.status === "on_hold" ? <p className="notice-warn">{t.batches.labels.onHold}</p> : null}
      <div className="card stack">
        <img
          src={`/manage/batches/${data.id}/qr.svg`}
          alt={translate("batches.page.qrAlt", { lot: data.lot })}
          width={160}
          height={160}
          className="qr-preview"
        />
        <p>
          {t.batches.labels.link}: <code className="wrap">{data.url}</code>
        </p>
        {serialised ? <p>{translate("batches.labels.serialised", { n: number(data.unitCount) })}</p> : null}
      </div>
      <Form
        method="get"
        action={`/manage/batches/${data.id}/labels.pdf`}
        reloadDocument
        className="card stack"
      >
        <fieldset className="stack">
          <legend>{t.batches.labels.size}</legend>
          <div className="choices">
            {data.sizes.map((s) => (
              <label key={s.size} className="choice">
                <input type="radio" name="size" value={s.size} defaultChecked={s.size === "medium"} />
                {translate("batches.labels.sizeOption", {
                  name: t.batches.labels.sizes[s.size],
                  n: s.perPage,
                  code: s.code,
                })}
              </label>
            ))}
          </div>
        </fieldset>
        {serialised ? (
          <Field
            name="from"
            label={t.batches.labels.from}
            hint={t.batches.labels.fromHint}
            inputMode="numeric"
            defaultValue="1"
          />
        ) : null}
        <Field
          name="count"
          label={t.batches.labels.count}
          hint={
            serialised
              ? translate("batches.labels.countSerialHint", { max: number(data.max) })
              : translate("batches.labels.countHint", { max: number(data.max) })
          }
          inputMode="numeric"
        />
        <Field
          name="skip"
          label={t.batches.labels.skip}
          hint={t.batches.labels.skipHint}
          inputMode="numeric"
          defaultValue="0"
        />
        <label className="choice">
          <input type="checkbox" name="outlines" value="1" />
          {t.batches.labels.outlines}
        </label>
        <button type="submit" className="button block">
          {t.batches.labels.submit}
        </button>
      </Form>
    </section>
  );
}
