import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, Field } from "~/components/Field";
import { Panel, StarsBadge, StatusBadge, withCoop } from "~/components/ManageUi";
import { ProductFields } from "~/components/ProductFields";
import { invalid } from "~/domain/errors";
import { certificateState, daysUntil, ocopGroups, visibleStars } from "~/domain/listings/ocop";
import { addProductPhotos, deleteProductPhoto } from "~/domain/listings/photos.server";
import { MAX_PHOTOS_PER_PRODUCT, OTHER_UNIT, productUnits } from "~/domain/listings/products";
import {
  getManagedProduct,
  restoreProduct,
  submitProduct,
  updateProduct,
} from "~/domain/listings/products.server";
import { transition } from "~/domain/listings/state";
import { photoUrl } from "~/domain/storage/keys";
import { MAX_IMAGE_BYTES } from "~/domain/storage/sniff";
import { formatDate, formatVnd, todayInVietnam } from "~/utils/format";
import { formFailure, rethrowAsHttp, runForm } from "~/utils/http.server";
import { useLocale, useT, useTranslate } from "~/utils/i18n";
import { readUpload, requireManager } from "~/utils/manage.server";
import { messagesFromMatches } from "~/utils/meta";
import { flashHeaders } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = messagesFromMatches(matches);
  return [{ title: `${data?.product.name ?? t.manage.products.title} · ${t.common.appName}` }];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireManager(request);
  const detail = await getManagedProduct(user, params.productId ?? "").catch(rethrowAsHttp);
  const { product, cooperative, photos, certificates, latestReview } = detail;
  const today = todayInVietnam();
  const cert = certificates[0] ?? null;
  const knownUnit = (productUnits as readonly string[]).includes(product.unit);
  return {
    coopSlug: cooperative.slug,
    product: {
      id: product.id,
      name: product.name,
      status: product.status,
      priceVnd: product.priceVnd,
      unit: product.unit,
    },
    formValues: {
      name: product.name,
      description: product.description,
      ocopGroup: product.ocopGroup,
      unit: knownUnit ? product.unit : OTHER_UNIT,
      unitOther: knownUnit ? "" : product.unit,
      price: String(product.priceVnd),
      gtin: product.gtin ?? "",
    },
    reviewReason:
      (product.status === "changes_requested" || product.status === "rejected") && latestReview
        ? latestReview.reason
        : null,
    certificate: cert
      ? {
          stars: cert.stars,
          decisionNo: cert.decisionNo,
          decisionDate: cert.decisionDate,
          expiresOn: cert.expiresOn,
          approvedAt: cert.approvedAt,
          state: certificateState(cert.expiresOn, today),
          daysLeft: daysUntil(cert.expiresOn, today),
          shownStars: visibleStars(cert, today),
        }
      : null,
    canSubmit: transition(product.status, "submit") !== null,
    photos: photos.map((p) => ({
      id: p.id,
      thumbUrl: photoUrl(p.storageKey, "small"),
      largeUrl: photoUrl(p.storageKey, "large"),
      width: p.width,
      height: p.height,
    })),
  };
}

const intents = ["save", "submit", "restore", "addPhotos", "deletePhoto"] as const;
type Intent = (typeof intents)[number];
const flashFor = {
  submit: "manage.flash.submitted",
  restore: "manage.flash.restored",
  addPhotos: "manage.flash.photosAdded",
  deletePhoto: "manage.flash.photoDeleted",
} as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireManager(request);
  const productId = params.productId ?? "";
  const upload = await readUpload(request, {
    maxFileBytes: MAX_IMAGE_BYTES,
    maxFiles: MAX_PHOTOS_PER_PRODUCT,
  });
  if (!upload.ok) return upload.failure;
  const { values, files } = upload.form;
  const intent = (intents as readonly string[]).includes(values.intent ?? "")
    ? (values.intent as Intent)
    : null;
  if (!intent) return formFailure(invalid("errors.badRequestBody"), values);
  const result = await runForm(values, async (): Promise<string> => {
    switch (intent) {
      case "save": {
        const { statusChanged } = await updateProduct(user, productId, values);
        return statusChanged ? "manage.flash.productSavedToReview" : "manage.flash.productSaved";
      }
      case "submit":
        await submitProduct(user, productId);
        break;
      case "restore":
        await restoreProduct(user, productId);
        break;
      case "addPhotos":
        await addProductPhotos(user, productId, files.photos ?? []);
        break;
      case "deletePhoto":
        await deleteProductPhoto(user, productId, values.photoId ?? "");
        break;
    }
    return flashFor[intent];
  });
  if (!result.ok) return result.failure;
  const coop = new URL(request.url).searchParams.get("coop");
  throw redirect(withCoop(`/manage/products/${productId}`, coop), {
    headers: await flashHeaders(request, "success", result.value),
  });
}

export default function ManageProduct() {
  const t = useT();
  const translate = useTranslate();
  const locale = useLocale();
  const { coopSlug, product, formValues, reviewReason, certificate, canSubmit, photos } =
    useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const failedIntent = failure?.values.intent ?? null;
  const failureFor = (intent: Intent) => (failedIntent === intent ? failure : undefined);
  const errorIn = (intent: Intent) => (field: string) => {
    const key = failureFor(intent)?.fieldErrors[field];
    return key ? translate(key) : null;
  };
  const formErrorIn = (intent: Intent) => {
    const f = failureFor(intent);
    return f?.formError ? translate(f.formError, f.formErrorParams) : null;
  };
  const link = (path: string) => withCoop(path, coopSlug);
  const archived = product.status === "archived";
  const saveLabels: Record<string, string> = {
    name: t.manage.form.name,
    description: t.manage.form.description,
    ocopGroup: t.manage.form.group,
    unit: t.manage.form.unit,
    unitOther: t.manage.form.unitOther,
    price: t.manage.form.price,
    gtin: t.manage.form.gtin,
  };
  const saveSummary = Object.keys(failureFor("save")?.fieldErrors ?? {}).flatMap((field) => {
    const message = errorIn("save")(field);
    return message ? [{ fieldId: field, label: saveLabels[field] ?? field, message }] : [];
  });
  const unspecific = failure && !failedIntent ? formErrorIn("save") : null;

  return (
    <section className="stack product-manage">
      <p>
        <Link to={link("/manage/products")}>← {t.manage.product.back}</Link>
      </p>
      <h1>{product.name}</h1>
      <p>
        {t.manage.product.status}:{" "}
        <StatusBadge status={product.status} label={t.manage.status[product.status]} />{" "}
        {translate("manage.products.perUnit", {
          price: formatVnd(product.priceVnd, locale),
          unit: product.unit,
        })}
      </p>
      {unspecific ? (
        <p className="form-error" role="alert">
          {unspecific}
        </p>
      ) : null}
      {reviewReason ? (
        <div className="notice-warn" role="note">
          <p>
            <strong>{t.manage.product.reviewSaid}</strong>
          </p>
          <p>{reviewReason}</p>
        </div>
      ) : null}
      {product.status === "submitted" ? <p className="notice-info">{t.manage.product.waiting}</p> : null}

      {archived ? (
        <Panel id="archived" title={t.manage.status.archived}>
          <p>{t.manage.product.archivedNote}</p>
          <ErrorSummary message={formErrorIn("restore")} />
          <Form method="post">
            <input type="hidden" name="intent" value="restore" />
            <button type="submit" className="button block" disabled={busy}>
              {t.manage.product.restore}
            </button>
          </Form>
        </Panel>
      ) : null}

      <Panel id="certificate" title={t.manage.product.certificateTitle}>
        {certificate ? (
          <>
            <dl className="details">
              <dt>{t.manage.certificate.stars}</dt>
              <dd>
                <StarsBadge
                  stars={certificate.stars}
                  label={translate("manage.stars", { n: certificate.stars })}
                  hiddenLabel=""
                />
              </dd>
              <dt>{t.manage.certificate.decisionNo}</dt>
              <dd>{certificate.decisionNo}</dd>
              <dt>{t.manage.certificate.decisionDate}</dt>
              <dd>{formatDate(certificate.decisionDate, locale)}</dd>
              <dt>{t.manage.certificate.expiresOn}</dt>
              <dd>{formatDate(certificate.expiresOn, locale)}</dd>
            </dl>
            <p className={certificate.approvedAt ? undefined : "hint"}>
              {certificate.approvedAt
                ? translate("manage.certificate.approved", {
                    date: formatDate(certificate.approvedAt, locale),
                  })
                : t.manage.certificate.notApproved}
            </p>
            {certificate.state === "expiring" ? (
              <p className="notice-warn">
                {translate("manage.certificate.expiring", { days: certificate.daysLeft })}
              </p>
            ) : certificate.state === "expired" ? (
              <p className="form-error">{t.manage.certificate.expired}</p>
            ) : null}
          </>
        ) : (
          <p>{t.manage.product.noCertificate}</p>
        )}
        {archived ? null : (
          <Link className="button secondary" to={link(`/manage/products/${product.id}/certificate`)}>
            {certificate ? t.manage.product.updateCertificate : t.manage.product.addCertificate}
          </Link>
        )}
      </Panel>

      {canSubmit ? (
        <Panel id="submit" title={t.manage.product.submitTitle}>
          <p>{t.manage.product.submitHint}</p>
          <ErrorSummary message={formErrorIn("submit")} />
          <Form method="post">
            <input type="hidden" name="intent" value="submit" />
            <button type="submit" className="button block" disabled={busy}>
              {t.manage.product.submit}
            </button>
          </Form>
        </Panel>
      ) : null}

      {archived ? null : (
        <Panel id="edit" title={t.manage.product.editTitle}>
          {product.status === "approved" ? <p className="hint">{t.manage.product.editHintApproved}</p> : null}
          <Form method="post" className="stack" noValidate>
            <ErrorSummary message={formErrorIn("save")} errors={saveSummary} />
            <input type="hidden" name="intent" value="save" />
            <ProductFields
              values={failureFor("save")?.values ?? formValues}
              errorOf={errorIn("save")}
              groups={ocopGroups}
              units={productUnits}
              otherUnit={OTHER_UNIT}
            />
            <button type="submit" className="button block" disabled={busy}>
              {t.manage.form.saveSubmit}
            </button>
          </Form>
        </Panel>
      )}

      <Panel id="photos" title={t.manage.product.photosTitle}>
        {photos.length ? (
          <ol className="photo-grid">
            {photos.map((p, i) => (
              <li key={p.id}>
                <a href={p.largeUrl}>
                  <img
                    src={p.thumbUrl}
                    alt={translate("manage.product.photoAlt", { n: i + 1, name: product.name })}
                    width={400}
                    height={Math.round((400 * p.height) / Math.max(p.width, 1))}
                    loading="lazy"
                  />
                </a>
                {archived ? null : (
                  <details className="confirm-inline">
                    <summary>{translate("manage.product.deletePhoto", { n: i + 1 })}</summary>
                    <Form method="post">
                      <input type="hidden" name="intent" value="deletePhoto" />
                      <input type="hidden" name="photoId" value={p.id} />
                      <button type="submit" className="button danger block" disabled={busy}>
                        {translate("manage.product.deletePhoto", { n: i + 1 })}
                      </button>
                    </Form>
                  </details>
                )}
              </li>
            ))}
          </ol>
        ) : (
          <p>{t.manage.product.noPhotos}</p>
        )}
        <ErrorSummary message={failedIntent === "deletePhoto" ? formErrorIn("deletePhoto") : null} />
        {archived || photos.length >= MAX_PHOTOS_PER_PRODUCT ? null : (
          <Form method="post" encType="multipart/form-data" className="stack" noValidate>
            <input type="hidden" name="intent" value="addPhotos" />
            <Field
              name="photos"
              id="new-photos"
              type="file"
              label={t.manage.form.photos}
              hint={t.manage.form.photosHint}
              error={errorIn("addPhotos")("photos") ?? formErrorIn("addPhotos")}
              accept="image/jpeg,image/png,image/webp"
              multiple
            />
            <button type="submit" className="button secondary block" disabled={busy}>
              {t.manage.product.addPhotos}
            </button>
          </Form>
        )}
      </Panel>

      {archived ? null : (
        <Panel id="danger" title={t.manage.product.dangerTitle}>
          <Link
            className="button secondary danger-outline"
            to={link(`/manage/products/${product.id}/archive`)}
          >
            {t.manage.product.archive}
          </Link>
        </Panel>
      )}
    </section>
  );
}
