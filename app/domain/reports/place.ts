import { type Locale, messagesFor, translate } from "~/i18n";

export interface PlaceNames {
  commune: string | null;
  district: string | null;
  province: string | null;
  legacy: boolean;
  currentCommune: string | null;
  currentProvince: string | null;
}

/**
 * "Bằng Phúc, Chợ Đồn, Bắc Kạn (đơn vị cũ, nay thuộc Đồng Phúc, Thái Nguyên)": the place as
 * registered, and for a pre-2025 unit the current one that took it over.
 */
export function formatPlace(place: PlaceNames, locale: Locale): string {
  const registered = [place.commune, place.district, place.province].filter(Boolean).join(", ");
  if (!place.legacy) return registered;
  const now = [place.currentCommune, place.currentProvince].filter(Boolean).join(", ");
  const mark = messagesFor(locale).review.legacyMark;
  const note = now ? `${mark}, ${translate(locale, "review.place.now", { place: now })}` : mark;
  return `${registered} (${note})`;
}
