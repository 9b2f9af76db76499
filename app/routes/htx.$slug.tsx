import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/ErrorPage";
import { ProductGrid } from "~/components/ProductCard";
import { cardView, getPublicCooperative } from "~/domain/catalog/products.server";
import { absoluteUrl, localeFromMatches, metaDescription, pageMeta } from "~/domain/catalog/seo";
import { fileUrl } from "~/domain/storage/keys";
import { translate } from "~/i18n";
import { catalogRouteHeaders } from "~/utils/cache";
import { publicPageHeaders } from "~/utils/cache.server";
import { getEnv } from "~/utils/env.server";
import { todayInVietnam } from "~/utils/format";
import { httpError } from "~/utils/http.server";
import { useT, useTranslate } from "~/utils/i18n";
import { messagesFromMatches } from "~/utils/meta";

export const headers = catalogRouteHeaders;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = messagesFromMatches(matches);
  if (!data) return [{ title: `${t.errors.notFoundTitle} · ${t.common.appName}` }];
  const locale = localeFromMatches(matches);
  const { cooperative, seo } = data;
  return pageMeta({
    title: `${cooperative.name} · ${t.common.appName}`,
    description: metaDescription(
      cooperative.story ||
        translate(locale, "catalog.cooperative.metaDescription", {
          name: cooperative.name,
          place: cooperative.place.now,
          count: cooperative.products.length,
        }),
    ),
    url: seo.url,
    image: seo.image,
    imageAlt: cooperative.name,
    type: "profile",
    locale,
    siteName: t.common.appName,
  });
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const [cooperative, cacheHeaders] = await Promise.all([
    getPublicCooperative(params.slug ?? "", { today: todayInVietnam() }),
    publicPageHeaders(request),
  ]);
  if (!cooperative) httpError(404);
  const origin = getEnv().PUBLIC_ORIGIN;
  const logo = cooperative.logoKey ? fileUrl(cooperative.logoKey) : null;
  const firstPhoto = cooperative.products.find((p) => p.photo)?.photo ?? null;
  return data(
    {
      cooperative: {
        name: cooperative.name,
        story: cooperative.story,
        phone: cooperative.phone,
        email: cooperative.email,
        street: cooperative.street,
        logo,
        place: cooperative.place,
        products: cooperative.products.map(cardView),
      },
      seo: {
        url: absoluteUrl(origin, `/htx/${cooperative.slug}`),
        image: logo
          ? absoluteUrl(origin, logo)
          : firstPhoto
            ? absoluteUrl(origin, fileUrl(firstPhoto.storageKey))
            : null,
      },
    },
    { headers: cacheHeaders },
  );
}

/** Logos are stored 400 px wide, any height; shown in a square box, whole. */
const LOGO_BOX = 96;

export default function CooperativePage() {
  const t = useT();
  const translate = useTranslate();
  const { cooperative } = useLoaderData<typeof loader>();
  const c = t.catalog.cooperative;
  const address = [cooperative.street, cooperative.place.now].filter(Boolean).join(", ");
  return (
    <article className="coop-page stack">
      <header className="coop-head">
        {cooperative.logo ? (
          <img
            src={cooperative.logo}
            alt={translate("catalog.cooperative.logoAlt", { name: cooperative.name })}
            width={LOGO_BOX}
            height={LOGO_BOX}
            className="coop-logo"
          />
        ) : null}
        <h1>{cooperative.name}</h1>
      </header>

      <dl className="facts">
        <div>
          <dt>{c.placeTitle}</dt>
          <dd>
            {address}
            {cooperative.place.formerly ? (
              <span className="hint">
                {" "}
                ({translate("catalog.cooperative.formerly", { place: cooperative.place.formerly })})
              </span>
            ) : null}
          </dd>
        </div>
        {cooperative.phone ? (
          <div>
            <dt>{c.phone}</dt>
            <dd>
              <a href={`tel:${cooperative.phone.replace(/[^\d+]/g, "")}`} className="tel-link">
                {cooperative.phone}
              </a>
            </dd>
          </div>
        ) : null}
        {cooperative.email ? (
          <div>
            <dt>{c.email}</dt>
            <dd>
              <a href={`mailto:${cooperative.email}`}>{cooperative.email}</a>
            </dd>
          </div>
        ) : null}
      </dl>

      {cooperative.story ? (
        <section aria-labelledby="story-title">
          <h2 id="story-title">{c.storyTitle}</h2>
          <p className="prewrap">{cooperative.story}</p>
        </section>
      ) : null}

      <section aria-labelledby="coop-products-title">
        <h2 id="coop-products-title">
          {translate("catalog.cooperative.productsTitle", { n: cooperative.products.length })}
        </h2>
        <ProductGrid products={cooperative.products} headingLevel={3} eagerCount={0} />
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary detailPrefix="catalog." />;
}
