import { describe, expect, it } from "vitest";
import {
  buildLinkset,
  LINKSET_CONTEXT_URL,
  type LinksetInput,
  linksetContextLinkHeader,
  linkTypeRequest,
  linkTypes,
  normalizeLinkType,
  resolveLinkType,
  resolverDescription,
} from "~/domain/labels/linkset";

const ANCHOR = "https://cho-ocop.vn/01/08938512400013/10/RML-2611-01";

function input(overrides: Partial<LinksetInput> = {}): LinksetInput {
  return {
    anchorUrl: ANCHOR,
    productPageUrl: "https://cho-ocop.vn/san-pham/ruou-men-la-bang-phuc",
    traceUrl: `${ANCHOR}/epcis.jsonld`,
    certificationUrl: "https://cho-ocop.vn/san-pham/ruou-men-la-bang-phuc#chung-nhan",
    recallStatusUrl: `${ANCHOR}#thu-hoi`,
    title: "Rượu men lá Bằng Phúc, lô RML-2611-01",
    lang: "vi",
    ...overrides,
  };
}

describe("GS1 linkset (RFC 9264)", () => {
  it("lists the product page, traceability, certification, recall status and default link for the anchor", () => {
    const linkset = buildLinkset(input());
    expect(linkset.linkset).toHaveLength(1);
    const context = linkset.linkset[0] as Record<string, unknown>;
    expect(context.anchor).toBe(ANCHOR);
    expect(Object.keys(context).sort()).toEqual(
      [
        "anchor",
        "https://gs1.org/voc/pip",
        "https://gs1.org/voc/traceability",
        "https://gs1.org/voc/certificationInfo",
        "https://gs1.org/voc/recallStatus",
        "https://gs1.org/voc/defaultLink",
      ].sort(),
    );
    expect(context["https://gs1.org/voc/pip"]).toEqual([
      {
        href: "https://cho-ocop.vn/san-pham/ruou-men-la-bang-phuc",
        title: "Rượu men lá Bằng Phúc, lô RML-2611-01 – Thông tin sản phẩm",
        type: "text/html",
        hreflang: ["vi", "en"],
        "title*": [{ value: "Rượu men lá Bằng Phúc, lô RML-2611-01 – Thông tin sản phẩm", language: "vi" }],
      },
    ]);
    expect(context["https://gs1.org/voc/traceability"]).toMatchObject([
      { href: `${ANCHOR}/epcis.jsonld`, type: "application/ld+json", hreflang: ["vi"] },
    ]);
    expect(context["https://gs1.org/voc/defaultLink"]).toMatchObject([{ href: ANCHOR, type: "text/html" }]);
    // Plain JSON: it survives a round trip unchanged.
    expect(JSON.parse(JSON.stringify(linkset))).toEqual(linkset);
  });

  it("leaves certification out when there is none, and titles in English on request", () => {
    const context = buildLinkset(
      input({ certificationUrl: null, lang: "en", defaultUrl: "https://cho-ocop.vn/x" }),
    ).linkset[0] as Record<string, { title: string; href: string }[]>;
    expect(context[linkTypes.certificationInfo]).toBeUndefined();
    expect(context[linkTypes.recallStatus]?.[0]?.title).toBe(
      "Rượu men lá Bằng Phúc, lô RML-2611-01 – Recall status",
    );
    expect(context[linkTypes.defaultLink]?.[0]?.href).toBe("https://cho-ocop.vn/x");
  });

  it("resolves a link type given compact or in full", () => {
    const linkset = buildLinkset(input());
    expect(resolveLinkType(linkset, "gs1:traceability")).toBe(`${ANCHOR}/epcis.jsonld`);
    expect(resolveLinkType(linkset, "https://gs1.org/voc/traceability")).toBe(`${ANCHOR}/epcis.jsonld`);
    expect(resolveLinkType(linkset, "http://gs1.org/voc/pip")).toBe(
      "https://cho-ocop.vn/san-pham/ruou-men-la-bang-phuc",
    );
    expect(resolveLinkType(linkset, "https://ref.gs1.org/voc/recallStatus")).toBe(`${ANCHOR}#thu-hoi`);
    expect(resolveLinkType(linkset, "gs1:defaultLink")).toBe(ANCHOR);
    expect(resolveLinkType(linkset, "gs1:nutritionalInfo")).toBeNull();
    expect(
      resolveLinkType(buildLinkset(input({ certificationUrl: null })), "gs1:certificationInfo"),
    ).toBeNull();
    expect(resolveLinkType(linkset, "traceability")).toBeNull();
    expect(resolveLinkType(linkset, "schema:url")).toBeNull();
  });

  it("tells a route what a ?linkType= value asks for", () => {
    expect(linkTypeRequest(null)).toEqual({ kind: "none" });
    expect(linkTypeRequest("")).toEqual({ kind: "none" });
    expect(linkTypeRequest("linkset")).toEqual({ kind: "linkset" });
    expect(linkTypeRequest("all")).toEqual({ kind: "linkset" });
    expect(linkTypeRequest("gs1:pip")).toEqual({ kind: "link", relation: "https://gs1.org/voc/pip" });
    expect(linkTypeRequest("gs1:pip javascript:")).toEqual({ kind: "unknown" });
    expect(linkTypeRequest("nonsense")).toEqual({ kind: "unknown" });
    expect(normalizeLinkType(" gs1:epil ")).toBe("https://gs1.org/voc/epil");
  });

  it("has a Link header for the linkset's JSON-LD context", () => {
    expect(linksetContextLinkHeader()).toBe(
      `<${LINKSET_CONTEXT_URL}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`,
    );
  });
});

describe("/.well-known/gs1resolver", () => {
  it("describes this resolver: GTIN keys, GS1 link types, linkset as a possible default", () => {
    const description = resolverDescription("https://cho-ocop.vn/");
    expect(description).toMatchObject({
      resolverRoot: "https://cho-ocop.vn",
      supportedPrimaryKeys: ["01"],
      linkTypeDefaultCanBeLinkset: true,
      supportedLinkType: [{ namespace: "https://gs1.org/voc/", prefix: "gs1:" }],
      jsonLdContextLocation: LINKSET_CONTEXT_URL,
    });
    expect(description.name).toContain("Chợ OCOP");
    expect(description.contact.fn).toBeTruthy();
  });
});
