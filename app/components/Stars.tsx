import { useTranslate } from "~/utils/i18n";

/**
 * The OCOP star badge: "★★★★ OCOP 4 sao". The star glyphs are decoration; the words carry the
 * meaning for screen readers. Pass only stars that visibleStars allowed; null shows nothing.
 */
export function Stars({ stars }: { stars: number | null }) {
  const translate = useTranslate();
  if (!stars) return null;
  return (
    <span className="badge badge-stars ocop-stars">
      <span aria-hidden="true">{"★".repeat(stars)} </span>
      {translate("catalog.stars", { n: stars })}
    </span>
  );
}
