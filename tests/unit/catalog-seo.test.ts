import { describe, expect, it } from "vitest";
import {
  absoluteUrl,
  jsonForScript,
  metaDescription,
  pageMeta,
  productJsonLd,
  robotsTxt,
  sitemapXml,
} from "~/domain/catalog/seo";

const base = {
  name: "Rượu men lá Bằng Phúc",
  description: "Rượu nấu từ gạo nếp nương và men lá rừng.",
  url: "https://cho-ocop.vn/san-pham/ruou-men-la-bang-phuc",
  images: ["https://cho-ocop.vn/files/photos/abc.webp"],
  gtin: "08938512400051",
  brandName: "HTX rượu men lá Thanh Tâm",
  priceVnd: 120000,
  inStock: true,
};

describe("product JSON-LD", () => {
  it("is a schema.org Product with a VND offer, the GTIN and the cooperative as brand", () => {
    expect(productJsonLd(base)).toEqual({
      "@context": "https://schema.org",
      "@type": "Product",
      name: base.name,
      image: base.images,
      description: base.description,
      sku: base.gtin,
      gtin14: base.gtin,
      brand: { "@type": "Brand", name: base.brandName },
      offers: {
        "@type": "Offer",
        url: base.url,
        price: 120000,
        priceCurrency: "VND",
        availability: "https://schema.org/InStock",
      },
    });
  });

  it("leaves out what the product lacks and never claims a rating", () => {
    const ld = productJsonLd({ ...base, gtin: null, images: [], description: "", inStock: false });
    expect(ld).not.toHaveProperty("gtin14");
    expect(ld).not.toHaveProperty("sku");
    expect(ld).not.toHaveProperty("image");
    expect(ld).not.toHaveProperty("description");
    expect(ld).not.toHaveProperty("aggregateRating");
    expect((ld.offers as { availability: string }).availability).toBe("https://schema.org/OutOfStock");
  });

  it("writes the price as a whole number", () => {
    const ld = productJsonLd({ ...base, priceVnd: 45000 });
    expect(JSON.stringify(ld)).toContain('"price":45000');
  });
});

describe("JSON inside a script element", () => {
  it("cannot close the element or open a comment, and still parses to the same data", () => {
    const data = { name: 'Mật ong </script><script>alert("x")</script> <!-- & >', line: "a\u2028b" };
    const text = jsonForScript(data);
    expect(text).not.toMatch(/<\/script/i);
    expect(text).not.toContain("<");
    expect(text).not.toContain(">");
    expect(text).not.toContain("\u2028");
    expect(JSON.parse(text)).toEqual(data);
  });
});

describe("meta tags", () => {
  const tags = pageMeta({
    title: "Rượu men lá Bằng Phúc · Chợ OCOP",
    description: "Rượu nấu từ gạo nếp nương.",
    url: base.url,
    image: base.images[0],
    imageAlt: base.name,
    type: "product",
    locale: "vi",
    siteName: "Chợ OCOP",
    extra: { "product:price:amount": "120000" },
  });
  const property = (name: string) =>
    tags.find((t) => (t as { property?: string }).property === name) as { content?: string } | undefined;
  const named = (name: string) =>
    tags.find((t) => (t as { name?: string }).name === name) as { content?: string } | undefined;

  it("give chat apps a card: OpenGraph title, description, absolute image, url, type and locale", () => {
    expect(property("og:title")?.content).toBe("Rượu men lá Bằng Phúc · Chợ OCOP");
    expect(property("og:description")?.content).toBe("Rượu nấu từ gạo nếp nương.");
    expect(property("og:image")?.content).toBe("https://cho-ocop.vn/files/photos/abc.webp");
    expect(property("og:url")?.content).toBe(base.url);
    expect(property("og:type")?.content).toBe("product");
    expect(property("og:locale")?.content).toBe("vi_VN");
    expect(property("og:locale:alternate")?.content).toBe("en_GB");
    expect(property("product:price:amount")?.content).toBe("120000");
    expect(named("twitter:card")?.content).toBe("summary_large_image");
    expect(named("description")?.content).toBe("Rượu nấu từ gạo nếp nương.");
    expect(tags).toContainEqual({ tagName: "link", rel: "canonical", href: base.url });
    expect(tags).toContainEqual({ title: "Rượu men lá Bằng Phúc · Chợ OCOP" });
    expect(named("robots")).toBeUndefined();
  });

  it("use a small card without an image, English locale, and noindex on search results", () => {
    const en = pageMeta({
      title: "Results",
      description: "d",
      url: "https://cho-ocop.vn/san-pham?q=mat",
      type: "website",
      locale: "en",
      siteName: "Chợ OCOP",
      noindex: true,
    });
    expect(en).toContainEqual({ name: "twitter:card", content: "summary" });
    expect(en).toContainEqual({ property: "og:locale", content: "en_GB" });
    expect(en).toContainEqual({ name: "robots", content: "noindex, follow" });
    expect(en.some((t) => (t as { property?: string }).property === "og:image")).toBe(false);
  });

  it("cut a long description at a word boundary", () => {
    const long = "Chè xanh làm từ búp chè Shan tuyết cổ thụ ".repeat(10);
    const d = metaDescription(long, 60);
    expect(d.length).toBeLessThanOrEqual(60);
    expect(d.endsWith("…")).toBe(true);
    expect(long.startsWith(d.slice(0, -1))).toBe(true);
    expect(metaDescription("  ngắn\n gọn ")).toBe("ngắn gọn");
  });

  it("make absolute URLs from an origin with or without a trailing slash", () => {
    expect(absoluteUrl("https://cho-ocop.vn/", "/san-pham")).toBe("https://cho-ocop.vn/san-pham");
    expect(absoluteUrl("https://cho-ocop.vn", "htx/a")).toBe("https://cho-ocop.vn/htx/a");
  });
});

/** A small well-formedness check: every tag closes in order, and no bare "&" or "<" in text. */
function assertWellFormedXml(xml: string) {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, "");
  const stack: string[] = [];
  for (const match of body.matchAll(/<(\/?)([a-zA-Z][\w:-]*)([^>]*?)(\/?)>/g)) {
    const [, closing, name, , selfClosing] = match;
    if (selfClosing) continue;
    if (closing) expect(stack.pop()).toBe(name);
    else stack.push(name ?? "");
  }
  expect(stack).toEqual([]);
  const text = body.replace(/<[^>]+>/g, "");
  expect(text).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/);
  expect(text).not.toContain("<");
}

describe("sitemap", () => {
  it("is a well-formed urlset with escaped locations and W3C dates", () => {
    const xml = sitemapXml([
      { loc: "https://cho-ocop.vn/" },
      { loc: "https://cho-ocop.vn/san-pham?group=food&page=2", lastmod: new Date("2026-11-20T17:30:00Z") },
      { loc: "https://cho-ocop.vn/htx/<b>", lastmod: new Date("2026-01-02T00:00:00Z") },
    ]);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(xml).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    expect(xml).toContain(
      "<loc>https://cho-ocop.vn/san-pham?group=food&amp;page=2</loc><lastmod>2026-11-20</lastmod>",
    );
    expect(xml).toContain("<loc>https://cho-ocop.vn/htx/&lt;b&gt;</loc>");
    expect(xml.match(/<url>/g)).toHaveLength(3);
    assertWellFormedXml(xml);
  });

  it("is still well-formed with no entries", () => {
    assertWellFormedXml(sitemapXml([]));
  });
});

describe("robots.txt", () => {
  it("allows public pages, keeps crawlers out of private areas and names the sitemap", () => {
    const txt = robotsTxt("https://cho-ocop.vn");
    expect(txt).toContain("User-agent: *\nAllow: /\n");
    for (const path of ["/manage", "/review", "/admin", "/account", "/gio-hang", "/thanh-toan"]) {
      expect(txt).toContain(`Disallow: ${path}\n`);
    }
    expect(txt).not.toMatch(/Disallow: \/san-pham|Disallow: \/htx|Disallow: \/01|Disallow: \/t\b/);
    expect(txt).toContain("Sitemap: https://cho-ocop.vn/sitemap.xml");
  });
});
