import { formatVnd } from "~/utils/format";
import { useLocale, useTranslate } from "~/utils/i18n";

/** A price in whole đồng and the unit it buys: "120.000 ₫ / chai". */
export function Price({ amount, unit, className }: { amount: number; unit?: string; className?: string }) {
  const locale = useLocale();
  const translate = useTranslate();
  return (
    <span className={className ? `price ${className}` : "price"}>
      <data value={amount}>{formatVnd(amount, locale)}</data>
      {unit ? <span className="price-unit"> {translate("catalog.perUnit", { unit })}</span> : null}
    </span>
  );
}
