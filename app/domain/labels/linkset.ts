/**
 * The machine side of a label's URL (pure): the GS1 linkset (RFC 9264 JSON) a resolver returns
 * for `Accept: application/linkset+json` or `?linkType=linkset`, the lookup behind
 * `?linkType=gs1:…` redirects, and the /.well-known/gs1resolver description document.
 */
import { type Locale, locales, messagesFor } from "~/i18n";

export const GS1_VOC = "https://gs1.org/voc/";
export const LINKSET_MEDIA_TYPE = "application/linkset+json";
/** JSON-LD context of GS1 resolver linksets; sent in a Link header next to the linkset. */
export const LINKSET_CONTEXT_URL = "https://ref.gs1.org/standards/resolver/linkset-context";

/** The link types we publish, in the GS1 Web Vocabulary. */
export const linkTypes = {
  pip: `${GS1_VOC}pip`,
  traceability: `${GS1_VOC}traceability`,
  certificationInfo: `${GS1_VOC}certificationInfo`,
  recallStatus: `${GS1_VOC}recallStatus`,
  defaultLink: `${GS1_VOC}defaultLink`,
} as const;
export type LinkTypeName = keyof typeof linkTypes;

export interface LinkTarget {
  href: string;
  title: string;
  type: string;
  hreflang: string[];
  /** RFC 8288 internationalised title, for the Vietnamese text. */
  "title*"?: { value: string; language: string }[];
}

export interface LinksetContext {
  anchor: string;
  [linkType: string]: string | LinkTarget[];
}

export interface Linkset {
  linkset: LinksetContext[];
}

export interface LinksetInput {
  /** The URL that was resolved: the Digital Link or short trace URL of the batch (or unit). */
  anchorUrl: string;
  /** gs1:pip, the product page in the shop. */
  productPageUrl: string;
  /** gs1:traceability, the batch's EPCIS 2.0 document (JSON-LD). */
  traceUrl: string;
  /** gs1:certificationInfo, the product's OCOP and quality certificates; omitted when there are none. */
  certificationUrl?: string | null;
  /** gs1:recallStatus, where a machine or person can see whether the batch is on hold. */
  recallStatusUrl: string;
  /** gs1:defaultLink, where a plain scan lands; the public trace page. Defaults to anchorUrl. */
  defaultUrl?: string;
  /** Product name (and lot), the head of every link title. */
  title: string;
  /** Language of the titles. */
  lang: Locale;
}

/** The RFC 9264 linkset for one batch or unit, with GS1 link types as relation URIs. */
export function buildLinkset(input: LinksetInput): Linkset {
  const names = messagesFor(input.lang).labels.linkset;
  const target = (name: LinkTypeName, href: string, type: string): LinkTarget[] => {
    const title = `${input.title} – ${names[name]}`;
    return [
      {
        href,
        title,
        type,
        // Pages are served in both languages by negotiation; the diary itself is written in Vietnamese.
        hreflang: type === "text/html" ? [...locales] : ["vi"],
        "title*": [{ value: title, language: input.lang }],
      },
    ];
  };
  const context: LinksetContext = {
    anchor: input.anchorUrl,
    [linkTypes.pip]: target("pip", input.productPageUrl, "text/html"),
    [linkTypes.traceability]: target("traceability", input.traceUrl, "application/ld+json"),
  };
  if (input.certificationUrl) {
    context[linkTypes.certificationInfo] = target("certificationInfo", input.certificationUrl, "text/html");
  }
  context[linkTypes.recallStatus] = target("recallStatus", input.recallStatusUrl, "text/html");
  context[linkTypes.defaultLink] = target("defaultLink", input.defaultUrl ?? input.anchorUrl, "text/html");
  return { linkset: [context] };
}

/**
 * The full relation URI for a `linkType` value: the compact "gs1:traceability" or the full GS1
 * URI (the older http:// and ref.gs1.org/voc/ spellings too). Null when it is not a GS1 link type.
 */
export function normalizeLinkType(value: string): string | null {
  const v = value.trim();
  const match = /^(?:gs1:|https?:\/\/(?:ref\.)?gs1\.org\/voc\/)([A-Za-z]+)$/.exec(v);
  return match ? `${GS1_VOC}${match[1]}` : null;
}

/** The href of the first link of that type (compact "gs1:…" or full URI), or null. */
export function resolveLinkType(linkset: Linkset, linkType: string): string | null {
  const relation = normalizeLinkType(linkType);
  if (!relation) return null;
  for (const context of linkset.linkset) {
    const targets = context[relation];
    if (Array.isArray(targets) && targets[0]) return targets[0].href;
  }
  return null;
}

/** What a `?linkType=` value asks for: the whole linkset, one GS1 link, or something unknown (404). */
export function linkTypeRequest(
  value: string | null,
): { kind: "none" } | { kind: "linkset" } | { kind: "link"; relation: string } | { kind: "unknown" } {
  if (value === null || value === "") return { kind: "none" };
  if (value === "linkset" || value === "all") return { kind: "linkset" };
  const relation = normalizeLinkType(value);
  return relation ? { kind: "link", relation } : { kind: "unknown" };
}

/** RFC 8288 Link header value pointing at the JSON-LD context of a linkset response. */
export function linksetContextLinkHeader(): string {
  return `<${LINKSET_CONTEXT_URL}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`;
}

export interface ResolverDescription {
  name: string;
  resolverRoot: string;
  supportedPrimaryKeys: string[];
  linkTypeDefaultCanBeLinkset: boolean;
  supportedLinkType: { namespace: string; prefix: string; profile: string }[];
  jsonLdContextLocation: string;
  contact: { fn: string };
}

/**
 * The /.well-known/gs1resolver document (GS1-Conformant Resolver standard, §3). Primary keys are
 * given as AI numbers, as the standard writes them: "01" is the GTIN.
 */
export function resolverDescription(origin: string): ResolverDescription {
  return {
    name: "Chợ OCOP – truy xuất nguồn gốc sản phẩm OCOP",
    resolverRoot: origin.replace(/\/+$/, ""),
    supportedPrimaryKeys: ["01"],
    linkTypeDefaultCanBeLinkset: true,
    supportedLinkType: [
      { namespace: GS1_VOC, prefix: "gs1:", profile: "https://gs1.org/voc/?show=linktypes" },
    ],
    jsonLdContextLocation: LINKSET_CONTEXT_URL,
    contact: { fn: "Chợ OCOP" },
  };
}
