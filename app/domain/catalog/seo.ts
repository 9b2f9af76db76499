/**
 * What search engines and chat apps read from public pages, pure: schema.org JSON-LD, OpenGraph
 * and Twitter card tags (a link shared on Zalo or Facebook shows a card), the sitemap and
 * robots.txt.
 */
import type { MetaDescriptor } from "@remix-run/node";

export function absoluteUrl(origin: string, path: string): string {
  return `${origin.replace(/\/+$/, "")}${path.startsWith("/") ? path : `/${path}`}`;
}

/** A meta description: whitespace collapsed, cut at a word boundary to at most `max` characters. */
export function metaDescription(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:–-]+$/, "")}…`;
}

export interface ProductJsonLdInput {
  name: string;
  description: string;
  /** Absolute URL of the product page. */
  url: string;
  /** Absolute image URLs. */
  images: string[];
  /** GTIN-14, when the product has one. */
  gtin: string | null;
  brandName: string;
  /** Whole đồng. */
  priceVnd: number;
  inStock: boolean;
}

/**
 * schema.org Product with one Offer in VND. No aggregateRating: the marketplace has no reviews,
 * and a rating without them would be a false claim.
 */
export function productJsonLd(input: ProductJsonLdInput): Record<string, unknown> {
  return {
    "@context": "https://schema.org",
    "@type": "Product",
    name: input.name,
    ...(input.images.length ? { image: input.images } : {}),
    ...(input.description ? { description: input.description } : {}),
    ...(input.gtin ? { sku: input.gtin, gtin14: input.gtin } : {}),
    brand: { "@type": "Brand", name: input.brandName },
    offers: {
      "@type": "Offer",
      url: input.url,
      price: Math.round(input.priceVnd),
      priceCurrency: "VND",
      availability: input.inStock ? "https://schema.org/InStock" : "https://schema.org/OutOfStock",
    },
  };
}

/**
 * JSON for inside a <script> element: "<" is written \u003c so no "</script>" or "<!--" in the
 * data can end the element; ">" and "&" likewise, and U+2028/U+2029 for old JavaScript parsers.
 */
export function jsonForScript(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

export const ogLocales = { vi: "vi_VN", en: "en_GB" } as const;

/** The page's language in a route's `meta`, from the root loader's data. */
export function localeFromMatches(matches: { id: string; data: unknown }[]): keyof typeof ogLocales {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined;
  return root?.locale === "en" ? "en" : "vi";
}

export interface PageMetaInput {
  title: string;
  description: string;
  /** Absolute canonical URL. */
  url: string;
  /** Absolute image URL, if the page has one. */
  image?: string | null;
  imageAlt?: string;
  type: "website" | "product" | "profile";
  locale: keyof typeof ogLocales;
  siteName: string;
  /** Keeps crawlers off search-result and filtered pages while following their links. */
  noindex?: boolean;
  /** Extra OpenGraph properties (product:price:amount…). */
  extra?: Record<string, string>;
}

/** <title>, description, canonical link, OpenGraph and Twitter card tags for Remix's `meta`. */
export function pageMeta(input: PageMetaInput): MetaDescriptor[] {
  const other = input.locale === "vi" ? ogLocales.en : ogLocales.vi;
  const tags: MetaDescriptor[] = [
    { title: input.title },
    { name: "description", content: input.description },
    { tagName: "link", rel: "canonical", href: input.url },
    { property: "og:site_name", content: input.siteName },
    { property: "og:type", content: input.type },
    { property: "og:title", content: input.title },
    { property: "og:description", content: input.description },
    { property: "og:url", content: input.url },
    { property: "og:locale", content: ogLocales[input.locale] },
    { property: "og:locale:alternate", content: other },
    { name: "twitter:card", content: input.image ? "summary_large_image" : "summary" },
    { name: "twitter:title", content: input.title },
    { name: "twitter:description", content: input.description },
  ];
  if (input.image) {
    tags.push({ property: "og:image", content: input.image });
    tags.push({ name: "twitter:image", content: input.image });
    if (input.imageAlt) {
      tags.push({ property: "og:image:alt", content: input.imageAlt });
      tags.push({ name: "twitter:image:alt", content: input.imageAlt });
    }
  }
  for (const [property, content] of Object.entries(input.extra ?? {})) tags.push({ property, content });
  if (input.noindex) tags.push({ name: "robots", content: "noindex, follow" });
  return tags;
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

export interface SitemapEntry {
  /** Absolute URL. */
  loc: string;
  lastmod?: Date | null;
}

/** A sitemaps.org urlset; dates are W3C dates (YYYY-MM-DD). */
export function sitemapXml(entries: SitemapEntry[]): string {
  const urls = entries.map((e) => {
    const lastmod = e.lastmod ? `<lastmod>${e.lastmod.toISOString().slice(0, 10)}</lastmod>` : "";
    return `  <url><loc>${escapeXml(e.loc)}</loc>${lastmod}</url>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...urls,
    "</urlset>",
    "",
  ].join("\n");
}

/** Back office, accounts, cart and checkout are no business of crawlers. */
export const privatePaths = ["/manage", "/review", "/admin", "/account", "/gio-hang", "/thanh-toan"] as const;

export function robotsTxt(origin: string): string {
  return [
    "User-agent: *",
    "Allow: /",
    ...privatePaths.map((p) => `Disallow: ${p}`),
    "",
    `Sitemap: ${absoluteUrl(origin, "/sitemap.xml")}`,
    "",
  ].join("\n");
}
