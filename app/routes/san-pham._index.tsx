import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { type MouseEvent, useEffect, useRef } from "react";
import { ProductGrid } from "~/components/ProductCard";
import { catalogGroups, catalogProvinces } from "~/domain/catalog/home.server";
import { cardView } from "~/domain/catalog/products.server";
import { searchInputFromParams, searchSorts } from "~/domain/catalog/query";
import { searchProducts } from "~/domain/catalog/search.server";
import { absoluteUrl, localeFromMatches, metaDescription, pageMeta } from "~/domain/catalog/seo";
import { ocopGroups } from "~/domain/listings/ocop";
import { catalogRouteHeaders } from "~/utils/cache";
import { publicPageHeaders } from "~/utils/cache.server";
import { getEnv } from "~/utils/env.server";
import { useT, useTranslate } from "~/utils/i18n";
import { messagesFromMatches } from "~/utils/meta";

export const headers = catalogRouteHeaders;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = messagesFromMatches(matches);
  if (!data) return [{ title: t.common.appName }];
  const heading = data.query ? t.catalog.list.resultsFor.replace("{q}", data.query) : t.catalog.list.title;
  return pageMeta({
    title: `${heading} · ${t.common.appName}`,
    description: metaDescription(t.catalog.list.metaDescription),
    url: data.canonicalUrl,
    type: "website",
    locale: localeFromMatches(matches),
    siteName: t.common.appName,
    // A search or a filter combination is not a page of its own for a search engine.
    noindex: data.filtered,
  });
};

const PAGE_SIZE = 24;

/** The URL parameters the filter form owns; everything else (q, sort) lives beside it. */
const filterParams = ["province", "group", "stars", "min", "max", "stock"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const input = searchInputFromParams(url.searchParams);
  const [result, provinces, groups, cacheHeaders] = await Promise.all([
    searchProducts({ ...input, pageSize: PAGE_SIZE }),
    catalogProvinces(),
    catalogGroups(),
    publicPageHeaders(request),
  ]);
  // What the shopper typed goes back into the form as typed; parsed values drive the search.
  const raw = (name: string) => url.searchParams.get(name) ?? "";
  const activeFilters = filterParams.filter((name) => raw(name).trim() !== "").length;
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  const canonical = new URL(absoluteUrl(getEnv().PUBLIC_ORIGIN, "/san-pham"));
  if (result.page > 1 && !input.q && activeFilters === 0)
    canonical.searchParams.set("page", String(result.page));
  return data(
    {
      canonicalUrl: canonical.toString(),
      filtered: Boolean(result.query) || activeFilters > 0,
      query: result.query,
      typed: raw("q"),
      correctedQuery: result.correctedQuery,
      total: result.total,
      page: result.page,
      pages,
      items: result.items.map(cardView),
      form: {
        province: input.province ?? "",
        group: input.group ?? "",
        stars: input.minStars ? String(input.minStars) : "",
        min: raw("min"),
        max: raw("max"),
        stock: input.inStock === true,
        sort: input.sort ?? "relevance",
      },
      activeFilters,
      provinces: provinces.map((p) => ({ id: p.id, name: p.name })),
      groups: groups.filter((g) => g.count > 0).map((g) => g.group),
      search: url.search,
    },
    { headers: cacheHeaders },
  );
}

/** The list URL with one parameter changed (pagination keeps the query and filters). */
function withParam(search: string, name: string, value: string | null): string {
  const params = new URLSearchParams(search);
  if (value === null) params.delete(name);
  else params.set(name, value);
  const query = params.toString();
  return query ? `/san-pham?${query}` : "/san-pham";
}

function withoutFilters(search: string): string {
  const params = new URLSearchParams(search);
  for (const name of [...filterParams, "page"]) params.delete(name);
  const query = params.toString();
  return query ? `/san-pham?${query}` : "/san-pham";
}

export default function ProductList() {
  const t = useT();
  const translate = useTranslate();
  const view = useLoaderData<typeof loader>();
  const l = t.catalog.list;
  const filtersRef = useRef<HTMLDetailsElement>(null);

  // On a wide screen the filters are a sidebar, open from the start; on a phone, a closed sheet.
  useEffect(() => {
    const details = filtersRef.current;
    if (details && window.matchMedia("(min-width: 60rem)").matches) details.open = true;
  }, []);

  const closeFilters = (event: MouseEvent<HTMLAnchorElement>) => {
    if (filtersRef.current && !window.matchMedia("(min-width: 60rem)").matches) {
      event.preventDefault();
      filtersRef.current.open = false;
    }
  };

  const heading = view.query ? translate("catalog.list.resultsFor", { q: view.typed.trim() }) : l.title;
  const pastEnd = view.items.length === 0 && view.total > 0;

  return (
    <div className="catalog-list">
      <h1>{heading}</h1>
      <Form method="get" action="/san-pham" className="catalog-search" role="search">
        <div className="search-box">
          <label htmlFor="q">{l.searchLabel}</label>
          <div className="search-row">
            <input
              id="q"
              name="q"
              type="search"
              defaultValue={view.typed}
              placeholder={t.catalog.home.searchPlaceholder}
              autoComplete="off"
              enterKeyHint="search"
              maxLength={100}
            />
            <button type="submit" className="button">
              {l.searchSubmit}
            </button>
          </div>
        </div>

        <div className="catalog-layout">
          <details className="filter-panel" ref={filtersRef}>
            <summary className="filter-summary">
              {view.activeFilters
                ? translate("catalog.list.filtersActive", { n: view.activeFilters })
                : l.filters}
            </summary>
            <div className="filter-sheet stack">
              <div className="field">
                <label htmlFor="sort">{l.sort}</label>
                <select id="sort" name="sort" defaultValue={view.form.sort}>
                  {searchSorts.map((s) => (
                    <option key={s} value={s}>
                      {l.sorts[s]}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="province">{l.province}</label>
                <select id="province" name="province" defaultValue={view.form.province}>
                  <option value="">{l.anyProvince}</option>
                  {view.provinces.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="group">{l.group}</label>
                <select id="group" name="group" defaultValue={view.form.group}>
                  <option value="">{l.anyGroup}</option>
                  {ocopGroups
                    .filter((g) => view.groups.includes(g) || g === view.form.group)
                    .map((g) => (
                      <option key={g} value={g}>
                        {t.manage.groups[g]}
                      </option>
                    ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="stars">{l.stars}</label>
                <select id="stars" name="stars" defaultValue={view.form.stars}>
                  <option value="">{l.anyStars}</option>
                  <option value="3">{translate("catalog.list.starsAtLeast", { n: 3 })}</option>
                  <option value="4">{translate("catalog.list.starsAtLeast", { n: 4 })}</option>
                  <option value="5">{l.starsExactly5}</option>
                </select>
              </div>
              <fieldset className="price-range">
                <legend>{l.price}</legend>
                <div className="field">
                  <label htmlFor="min">{l.priceMin}</label>
                  <input
                    id="min"
                    name="min"
                    inputMode="numeric"
                    autoComplete="off"
                    defaultValue={view.form.min}
                    maxLength={13}
                  />
                </div>
                <div className="field">
                  <label htmlFor="max">{l.priceMax}</label>
                  <input
                    id="max"
                    name="max"
                    inputMode="numeric"
                    autoComplete="off"
                    defaultValue={view.form.max}
                    maxLength={13}
                  />
                </div>
              </fieldset>
              <label className="choice">
                <input type="checkbox" name="stock" value="1" defaultChecked={view.form.stock} />
                {l.inStockOnly}
              </label>
              <div className="filter-actions">
                <button type="submit" className="button block">
                  {l.apply}
                </button>
                {view.activeFilters ? (
                  <Link to={withoutFilters(view.search)} className="button secondary block">
                    {l.clear}
                  </Link>
                ) : null}
                <a href={`/san-pham${view.search}`} className="filter-close" onClick={closeFilters}>
                  {l.close}
                </a>
              </div>
            </div>
          </details>

          <section className="catalog-results" aria-labelledby="results-count">
            <p id="results-count" className="results-count" role="status">
              {translate("catalog.list.count", { n: view.total })}
            </p>
            {view.correctedQuery ? (
              <p className="notice-info">
                {translate("catalog.list.corrected", {
                  corrected: view.correctedQuery,
                  q: view.typed.trim(),
                })}
              </p>
            ) : null}
            {view.items.length ? (
              <ProductGrid products={view.items} />
            ) : pastEnd ? (
              <p>
                {l.pastEnd} <Link to={withParam(view.search, "page", null)}>{l.firstPage}</Link>
              </p>
            ) : (
              <div className="empty-state card stack">
                <h2>{l.emptyTitle}</h2>
                <p>
                  {view.query
                    ? translate("catalog.list.emptyQuery", { q: view.typed.trim() })
                    : l.emptyFilters}
                </p>
                <p>{l.tipsTitle}</p>
                <ul>
                  {view.query ? <li>{l.tipSpelling}</li> : null}
                  {view.query ? <li>{l.tipFewerWords}</li> : null}
                  {view.activeFilters ? (
                    <li>
                      <Link to={withoutFilters(view.search)}>{l.tipClear}</Link>
                    </li>
                  ) : null}
                  <li>
                    {l.tipBrowse}
                    <ul className="chip-list">
                      {view.groups.map((g) => (
                        <li key={g}>
                          <Link to={`/san-pham?group=${g}`} className="chip">
                            {t.manage.groups[g]}
                          </Link>
                        </li>
                      ))}
                    </ul>
                  </li>
                </ul>
              </div>
            )}
            {view.pages > 1 ? (
              <nav className="pager" aria-label={l.pagerLabel}>
                {view.page > 1 ? (
                  <Link
                    to={withParam(view.search, "page", view.page > 2 ? String(view.page - 1) : null)}
                    rel="prev"
                  >
                    {l.previous}
                  </Link>
                ) : null}
                <span>{translate("catalog.list.pageOf", { page: view.page, pages: view.pages })}</span>
                {view.page < view.pages ? (
                  <Link to={withParam(view.search, "page", String(view.page + 1))} rel="next">
                    {l.next}
                  </Link>
                ) : null}
              </nav>
            ) : null}
          </section>
        </div>
      </Form>
    </div>
  );
}
