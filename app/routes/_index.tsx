import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Await, Form, Link, useLoaderData } from "@remix-run/react";
import { Suspense } from "react";
import { ProductGrid } from "~/components/ProductCard";
import { catalogGroups, catalogProvinces, newlyReleasedBatches } from "~/domain/catalog/home.server";
import { cardView, featuredProducts } from "~/domain/catalog/products.server";
import { absoluteUrl, localeFromMatches, metaDescription, pageMeta } from "~/domain/catalog/seo";
import { batchLinkUrl } from "~/domain/labels/digital-link";
import { catalogRouteHeaders } from "~/utils/cache";
import { publicPageHeaders } from "~/utils/cache.server";
import { getEnv } from "~/utils/env.server";
import { formatDate, todayInVietnam } from "~/utils/format";
import { useLocale, useT, useTranslate } from "~/utils/i18n";
import { messagesFromMatches } from "~/utils/meta";

export const headers = catalogRouteHeaders;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = messagesFromMatches(matches);
  if (!data) return [{ title: t.common.appName }];
  return pageMeta({
    title: t.home.title,
    description: metaDescription(t.catalog.home.metaDescription),
    url: absoluteUrl(data.origin, "/"),
    type: "website",
    locale: localeFromMatches(matches),
    siteName: t.common.appName,
  });
};

export async function loader({ request }: LoaderFunctionArgs) {
  const origin = getEnv().PUBLIC_ORIGIN;
  const today = todayInVietnam();
  // Below the fold: started now, streamed when ready, not awaited before the first paint.
  const featured = featuredProducts({ today }).then((cards) => cards.map(cardView));
  const fresh = newlyReleasedBatches().then((batches) =>
    batches.map((b) => ({
      id: b.id,
      lot: b.lot,
      producedOn: b.producedOn,
      productSlug: b.product.slug,
      productName: b.product.name,
      cooperativeName: b.cooperativeName,
      traceUrl: batchLinkUrl(origin, { gtin: b.product.gtin, lot: b.lot, publicCode: b.publicCode }),
    })),
  );
  const [groups, provinces, cacheHeaders] = await Promise.all([
    catalogGroups(),
    catalogProvinces(),
    publicPageHeaders(request),
  ]);
  return data(
    {
      origin,
      groups: groups.filter((g) => g.count > 0),
      provinces,
      featured,
      fresh,
    },
    { headers: cacheHeaders },
  );
}

export default function Home() {
  const t = useT();
  const translate = useTranslate();
  const locale = useLocale();
  const { groups, provinces, featured, fresh } = useLoaderData<typeof loader>();
  const c = t.catalog.home;
  return (
    <div className="catalog-home stack">
      <section className="hero" aria-labelledby="home-title">
        <h1 id="home-title">{t.home.heading}</h1>
        <p>{t.home.intro}</p>
        <Form method="get" action="/san-pham" role="search" className="search-box">
          <label htmlFor="home-q">{c.searchLabel}</label>
          <div className="search-row">
            <input
              id="home-q"
              name="q"
              type="search"
              placeholder={c.searchPlaceholder}
              autoComplete="off"
              enterKeyHint="search"
              maxLength={100}
            />
            <button type="submit" className="button">
              {c.searchSubmit}
            </button>
          </div>
        </Form>
      </section>

      {groups.length ? (
        <section aria-labelledby="groups-title">
          <h2 id="groups-title">{c.groupsTitle}</h2>
          <ul className="chip-list">
            {groups.map((g) => (
              <li key={g.group}>
                <Link to={`/san-pham?group=${g.group}`} className="chip">
                  {t.manage.groups[g.group]} <span className="chip-count">({g.count})</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {provinces.length ? (
        <section aria-labelledby="provinces-title">
          <h2 id="provinces-title">{c.provincesTitle}</h2>
          <ul className="chip-list">
            {provinces.map((p) => (
              <li key={p.id}>
                <Link to={`/san-pham?province=${p.id}`} className="chip">
                  {p.name} <span className="chip-count">({p.count})</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="featured-title">
        <h2 id="featured-title">{c.featuredTitle}</h2>
        <Suspense fallback={null}>
          <Await resolve={featured}>
            {(cards) => <ProductGrid products={cards} headingLevel={3} eagerCount={0} />}
          </Await>
        </Suspense>
        <p>
          <Link to="/san-pham" className="button secondary">
            {c.allProducts}
          </Link>
        </p>
      </section>

      <section aria-labelledby="fresh-title">
        <h2 id="fresh-title">{c.freshTitle}</h2>
        <Suspense fallback={null}>
          <Await resolve={fresh}>
            {(batches) =>
              batches.length ? (
                <ul className="fresh-list">
                  {batches.map((b) => (
                    <li key={b.id} className="card">
                      <h3>
                        <Link to={`/san-pham/${b.productSlug}`}>{b.productName}</Link>
                      </h3>
                      <p>{b.cooperativeName}</p>
                      <p>
                        {translate("catalog.home.producedOn", { date: formatDate(b.producedOn, locale) })}
                      </p>
                      <p>
                        <a href={b.traceUrl}>{translate("catalog.home.traceBatch", { lot: b.lot })}</a>
                      </p>
                    </li>
                  ))}
                </ul>
              ) : (
                <p>{c.freshEmpty}</p>
              )
            }
          </Await>
        </Suspense>
      </section>
    </div>
  );
}
