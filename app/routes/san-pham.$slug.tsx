import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/ErrorPage";
import { Price } from "~/components/Price";
import { Stars } from "~/components/Stars";
import { getPublicProduct } from "~/domain/catalog/products.server";
import {
  absoluteUrl,
  jsonForScript,
  localeFromMatches,
  metaDescription,
  pageMeta,
  productJsonLd,
} from "~/domain/catalog/seo";
import { batchLinkUrl } from "~/domain/labels/digital-link";
import { certificateState } from "~/domain/listings/ocop";
import { photoUrl } from "~/domain/storage/keys";
import { catalogRouteHeaders } from "~/utils/cache";
import { publicPageHeaders } from "~/utils/cache.server";
import { getEnv } from "~/utils/env.server";
import { formatDate, todayInVietnam } from "~/utils/format";
import { httpError } from "~/utils/http.server";
import { useLocale, useT, useTranslate } from "~/utils/i18n";
import { messagesFromMatches } from "~/utils/meta";
import { useNonce } from "~/utils/nonce";

export const headers = catalogRouteHeaders;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = messagesFromMatches(matches);
  if (!data) return [{ title: `${t.errors.notFoundTitle} · ${t.common.appName}` }];
  const { product, seo } = data;
  return pageMeta({
    title: `${product.name} · ${t.common.appName}`,
    description: seo.description,
    url: seo.url,
    image: seo.image,
    imageAlt: product.name,
    type: "product",
    locale: localeFromMatches(matches),
    siteName: t.common.appName,
    extra: {
      "product:price:amount": String(product.priceVnd),
      "product:price:currency": "VND",
      "product:availability": product.stock > 0 ? "in stock" : "out of stock",
    },
  });
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const today = todayInVietnam();
  const [product, cacheHeaders] = await Promise.all([
    getPublicProduct(params.slug ?? "", { today }),
    publicPageHeaders(request),
  ]);
  if (!product) httpError(404);
  const origin = getEnv().PUBLIC_ORIGIN;
  const url = absoluteUrl(origin, `/san-pham/${product.slug}`);
  const images = product.photos.map((p) => absoluteUrl(origin, photoUrl(p.storageKey, "large")));
  const description = metaDescription(
    product.description || `${product.name} · ${product.cooperative.name} · ${product.cooperative.place.now}`,
  );
  const cert = product.certificate;
  return data(
    {
      product: {
        id: product.id,
        name: product.name,
        description: product.description,
        group: product.group,
        unit: product.unit,
        priceVnd: product.priceVnd,
        gtin: product.gtin,
        stars: product.stars,
        stock: product.stock,
        photos: product.photos.map((p) => ({
          large: photoUrl(p.storageKey, "large"),
          small: photoUrl(p.storageKey, "small"),
          width: p.width,
          height: p.height,
          alt: p.alt,
        })),
      },
      cooperative: product.cooperative,
      certificate: cert
        ? {
            shown: product.stars !== null,
            state: certificateState(cert.expiresOn, today),
            score: cert.score,
            decisionNo: cert.decisionNo,
            decisionDate: cert.decisionDate,
            authority: cert.authority,
            expiresOn: cert.expiresOn,
            approvedAt: cert.approvedAt.toISOString(),
          }
        : null,
      batches: product.batches.map((b) => ({
        id: b.id,
        lot: b.lot,
        producedOn: b.producedOn,
        bestBefore: b.bestBefore,
        available: b.quantityAvailable,
        traceUrl: batchLinkUrl(origin, { gtin: product.gtin, lot: b.lot, publicCode: b.publicCode }),
      })),
      seo: {
        url,
        description,
        image: images[0] ?? null,
        jsonLd: productJsonLd({
          name: product.name,
          description: product.description,
          url,
          images,
          gtin: product.gtin,
          brandName: product.cooperative.name,
          priceVnd: product.priceVnd,
          inStock: product.stock > 0,
        }),
      },
    },
    { headers: cacheHeaders },
  );
}

/** Photos are stored 1200 px wide with a 400 px copy; the browser picks by the width shown. */
const LARGE_WIDTH = 1200;

export default function ProductPage() {
  const t = useT();
  const translate = useTranslate();
  const locale = useLocale();
  const nonce = useNonce();
  const { product, cooperative, certificate, batches, seo } = useLoaderData<typeof loader>();
  const p = t.catalog.product;
  const [cover, ...morePhotos] = product.photos;
  const heightFor = (photo: { width: number; height: number }, width: number) =>
    Math.round((width * photo.height) / Math.max(photo.width, 1));

  return (
    <article className="product-page">
      <p>
        <Link to="/san-pham">← {p.back}</Link>
      </p>
      <div className="product-top">
        <div className="product-gallery">
          {cover ? (
            <>
              <img
                src={cover.large}
                srcSet={`${cover.small} 400w, ${cover.large} ${LARGE_WIDTH}w`}
                sizes="(min-width: 48rem) 50vw, 100vw"
                alt={cover.alt || translate("catalog.product.photoAlt", { name: product.name, n: 1 })}
                width={LARGE_WIDTH}
                height={heightFor(cover, LARGE_WIDTH)}
                className="product-cover"
              />
              {morePhotos.length ? (
                <ul className="product-thumbs" aria-label={p.photosLabel}>
                  {morePhotos.map((photo, i) => (
                    <li key={photo.large}>
                      <a href={photo.large}>
                        <img
                          src={photo.small}
                          alt={
                            photo.alt ||
                            translate("catalog.product.photoAlt", { name: product.name, n: i + 2 })
                          }
                          width={400}
                          height={heightFor(photo, 400)}
                          loading="lazy"
                          decoding="async"
                        />
                      </a>
                    </li>
                  ))}
                </ul>
              ) : null}
            </>
          ) : (
            <p className="product-nophoto">{t.catalog.noPhoto}</p>
          )}
        </div>

        <div className="product-buy stack">
          <h1>{product.name}</h1>
          <Stars stars={product.stars} />
          <p className="product-price">
            <Price amount={product.priceVnd} unit={product.unit} />
          </p>
          <p className="product-coop">
            <Link to={`/htx/${cooperative.slug}`}>{cooperative.name}</Link>
            <br />
            <span className="hint">{cooperative.place.now}</span>
          </p>
          {product.stock > 0 ? (
            <>
              <p className="product-stock">
                {translate("catalog.product.stock", { n: product.stock, unit: product.unit })}
              </p>
              <Form method="post" action="/gio-hang" className="add-to-cart stack">
                <input type="hidden" name="intent" value="add" />
                <input type="hidden" name="productId" value={product.id} />
                <div className="field">
                  <label htmlFor="quantity">
                    {translate("catalog.product.quantity", { unit: product.unit })}
                  </label>
                  <p className="hint" id="quantity-hint">
                    {translate("catalog.product.quantityHint", { n: product.stock })}
                  </p>
                  <input
                    id="quantity"
                    name="quantity"
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={product.stock}
                    step={1}
                    defaultValue={1}
                    required
                    aria-describedby="quantity-hint"
                  />
                </div>
                <button type="submit" className="button block">
                  {p.addToCart}
                </button>
              </Form>
            </>
          ) : (
            <p className="notice-warn">{p.soldOut}</p>
          )}
        </div>
      </div>

      <section className="card stack" aria-labelledby="certificate-title">
        <h2 id="certificate-title">{p.certificateTitle}</h2>
        {certificate?.shown ? (
          <>
            <dl className="facts">
              <div>
                <dt>{p.decisionNo}</dt>
                <dd>{certificate.decisionNo}</dd>
              </div>
              <div>
                <dt>{p.decisionDate}</dt>
                <dd>{formatDate(certificate.decisionDate, locale)}</dd>
              </div>
              <div>
                <dt>{p.authority}</dt>
                <dd>{certificate.authority}</dd>
              </div>
              <div>
                <dt>{p.score}</dt>
                <dd>{translate("catalog.product.scoreValue", { score: certificate.score })}</dd>
              </div>
              <div>
                <dt>{p.validUntil}</dt>
                <dd>
                  {formatDate(certificate.expiresOn, locale)}
                  {certificate.state === "expiring" ? (
                    <>
                      {" "}
                      <span className="badge badge-cert-expiring">{p.expiringSoon}</span>
                    </>
                  ) : null}
                </dd>
              </div>
            </dl>
            <p className="hint">
              {translate("catalog.product.checkedOn", { date: formatDate(certificate.approvedAt, locale) })}
            </p>
          </>
        ) : certificate ? (
          <p>{translate("catalog.product.expired", { date: formatDate(certificate.expiresOn, locale) })}</p>
        ) : (
          <p>{p.noCertificate}</p>
        )}
      </section>

      <section className="stack" aria-labelledby="batches-title">
        <h2 id="batches-title">{p.batchesTitle}</h2>
        {batches.length ? (
          <>
            <p className="hint">{p.batchesIntro}</p>
            <ul className="batch-list">
              {batches.map((b) => (
                <li key={b.id} className="card">
                  <h3>{translate("catalog.product.lot", { lot: b.lot })}</h3>
                  <dl className="facts">
                    <div>
                      <dt>{p.producedOn}</dt>
                      <dd>{formatDate(b.producedOn, locale)}</dd>
                    </div>
                    <div>
                      <dt>{p.bestBefore}</dt>
                      <dd>{b.bestBefore ? formatDate(b.bestBefore, locale) : p.noBestBefore}</dd>
                    </div>
                    <div>
                      <dt>{p.available}</dt>
                      <dd>
                        {translate("catalog.product.availableValue", { n: b.available, unit: product.unit })}
                      </dd>
                    </div>
                  </dl>
                  <p>
                    <a href={b.traceUrl} className="trace-link">
                      {translate("catalog.product.trace", { lot: b.lot })}
                    </a>
                  </p>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>{p.noBatches}</p>
        )}
      </section>

      <section className="stack" aria-labelledby="description-title">
        <h2 id="description-title">{p.descriptionTitle}</h2>
        {product.description ? <p className="prewrap">{product.description}</p> : null}
        <p>{translate("catalog.product.group", { group: t.manage.groups[product.group] })}</p>
        {product.gtin ? <p>{translate("catalog.product.gtin", { gtin: product.gtin })}</p> : null}
      </section>

      <section className="card stack" aria-labelledby="cooperative-title">
        <h2 id="cooperative-title">{p.cooperativeTitle}</h2>
        <p>
          <strong>{cooperative.name}</strong>
          <br />
          {cooperative.place.now}
          {cooperative.place.formerly ? (
            <span className="hint">
              {" "}
              ({translate("catalog.cooperative.formerly", { place: cooperative.place.formerly })})
            </span>
          ) : null}
        </p>
        <p>
          <Link to={`/htx/${cooperative.slug}`} className="button secondary">
            {translate("catalog.product.cooperativeLink", { name: cooperative.name })}
          </Link>
        </p>
      </section>

      <script
        type="application/ld+json"
        nonce={nonce}
        suppressHydrationWarning
        // biome-ignore lint/security/noDangerouslySetInnerHtml: JSON-LD built by jsonForScript, which escapes "<".
        dangerouslySetInnerHTML={{ __html: jsonForScript(seo.jsonLd) }}
      />
    </article>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary detailPrefix="catalog." />;
}
