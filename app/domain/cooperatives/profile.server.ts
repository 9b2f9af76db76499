import { and, eq, inArray, like } from "drizzle-orm";
import { recordAudit } from "~/domain/audit/audit.server";
import { DomainError, invalid, notFound } from "~/domain/errors";
import { uniqueConstraintOf } from "~/domain/listings/owned.server";
import { imageProblem, isEmptyUpload, resizeToWebp, type UploadedFile } from "~/domain/storage/images.server";
import { deleteFilesQuietly, fileStorage, newStorageKey } from "~/domain/storage/storage.server";
import { type Db, db as defaultDb } from "~db/client.server";
import { cooperatives, regions } from "~db/schema";
import { type Actor, managedCooperativeCondition, UUID } from "./access.server";
import { type ProfileFormInput, validateProfileInput } from "./profile";

/** Logos are shown small (shop header, product cards): 400 px is plenty. */
export const LOGO_WIDTH = 400;

type RegionRow = typeof regions.$inferSelect;

const rootIdOf = (path: string) => path.split("/").filter(Boolean)[0] ?? null;

async function regionById(id: string, tx: Db): Promise<RegionRow | null> {
  const [row] = await tx.select().from(regions).where(eq(regions.id, id)).limit(1);
  return row ?? null;
}

/**
 * The current-scheme province a region belongs to today: its own root for a current unit; for a
 * legacy unit, the root of the unit that took it over (or of its legacy province's successor).
 */
async function currentProvinceOf(region: RegionRow, tx: Db): Promise<string | null> {
  if (region.scheme === "current") return rootIdOf(region.path);
  if (region.successorId) {
    const successor = await regionById(region.successorId, tx);
    if (successor) return currentProvinceOf(successor, tx);
  }
  const legacyRoot = rootIdOf(region.path);
  if (!legacyRoot || legacyRoot === region.id) return null;
  const root = await regionById(legacyRoot, tx);
  return root ? currentProvinceOf(root, tx) : null;
}

export interface RegionOption {
  id: string;
  name: string;
  /** A unit from before the July 2025 reform, kept because the record still names it. */
  legacy: boolean;
}

/**
 * The choices of the address picker: the current provinces, and the communes of the chosen
 * province. A cooperative still filed under a pre-reform commune keeps seeing it as an option.
 */
export async function regionPicker(
  { provinceId, currentRegionId }: { provinceId: string | null; currentRegionId: string | null },
  tx: Db = defaultDb(),
) {
  const provinces = await tx
    .select({ id: regions.id, name: regions.name })
    .from(regions)
    .where(and(eq(regions.scheme, "current"), eq(regions.level, "province")));
  provinces.sort((a, b) => a.name.localeCompare(b.name, "vi"));

  const current =
    currentRegionId && UUID.test(currentRegionId) ? await regionById(currentRegionId, tx) : null;
  const homeProvince = current ? await currentProvinceOf(current, tx) : null;
  const chosen =
    provinceId && provinces.some((p) => p.id === provinceId) ? provinceId : (homeProvince ?? null);
  const province = chosen ? provinces.find((p) => p.id === chosen) : undefined;

  let communes: RegionOption[] = [];
  if (province) {
    const [root] = await tx.select({ path: regions.path }).from(regions).where(eq(regions.id, province.id));
    const rows = root
      ? await tx
          .select({ id: regions.id, name: regions.name })
          .from(regions)
          .where(
            and(
              eq(regions.scheme, "current"),
              eq(regions.level, "commune"),
              like(regions.path, `${root.path}%`),
            ),
          )
      : [];
    communes = rows.map((r) => ({ ...r, legacy: false })).sort((a, b) => a.name.localeCompare(b.name, "vi"));
    if (current && current.scheme === "legacy" && homeProvince === province.id) {
      communes.unshift({ id: current.id, name: current.name, legacy: true });
    }
  }
  return { provinces, provinceId: province?.id ?? null, communes };
}

/** The profile form's data, for a cooperative the actor manages. */
export async function getCooperativeProfile(actor: Actor, cooperativeId: string, tx: Db = defaultDb()) {
  if (!UUID.test(cooperativeId)) throw notFound();
  const [row] = await tx
    .select()
    .from(cooperatives)
    .where(and(eq(cooperatives.id, cooperativeId), managedCooperativeCondition(actor, cooperatives.id)))
    .limit(1);
  if (!row) throw notFound();
  return row;
}

/** A region a cooperative may be filed under: a current commune, or the one it already has. */
async function assertRegionAllowed(regionId: string, currentRegionId: string, tx: Db) {
  if (regionId === currentRegionId) return;
  const [row] = await tx
    .select({ id: regions.id })
    .from(regions)
    .where(and(eq(regions.id, regionId), eq(regions.scheme, "current"), eq(regions.level, "commune")))
    .limit(1);
  if (!row) throw invalid("validation.formSummary", { regionId: "manage.errors.communeRequired" });
}

const taxCodeTaken = () =>
  new DomainError("conflict", "manage.errors.taxCodeTaken", {}, { taxCode: "manage.errors.taxCodeTaken" });

/** Saves the cooperative's profile (and a new logo, when one is given). */
export async function updateCooperativeProfile(
  actor: Actor,
  cooperativeId: string,
  input: ProfileFormInput,
  logo: UploadedFile | null = null,
  tx: Db = defaultDb(),
): Promise<void> {
  const existing = await getCooperativeProfile(actor, cooperativeId, tx);
  const result = validateProfileInput(input);
  const fieldErrors = result.ok ? {} : { ...result.fieldErrors };
  const hasLogo = logo && !isEmptyUpload(logo);
  if (hasLogo) {
    const problem = imageProblem(logo);
    if (problem) fieldErrors.logo = problem;
  }
  if (!result.ok || Object.keys(fieldErrors).length) throw invalid("validation.formSummary", fieldErrors);
  const data = result.data;
  await assertRegionAllowed(data.regionId, existing.regionId, tx);
  if (data.taxCode) {
    const [other] = await tx
      .select({ id: cooperatives.id })
      .from(cooperatives)
      .where(eq(cooperatives.taxCode, data.taxCode));
    if (other && other.id !== existing.id) throw taxCodeTaken();
  }

  let logoKey: string | null = null;
  if (hasLogo && logo.bytes) {
    const image = await resizeToWebp(logo.bytes, LOGO_WIDTH);
    if (!image) throw invalid("validation.formSummary", { logo: "manage.errors.notAnImage" });
    logoKey = newStorageKey("logos", "webp");
    await fileStorage().put(logoKey, image.bytes, "image/webp");
  }

  try {
    await tx.transaction(async (t) => {
      const [updated] = await t
        .update(cooperatives)
        .set({
          name: data.name,
          taxCode: data.taxCode,
          regionId: data.regionId,
          street: data.street,
          phone: data.phone,
          story: data.story,
          bankBin: data.bank?.bin ?? null,
          bankAccountNo: data.bank?.accountNo ?? null,
          bankAccountName: data.bank?.accountName ?? null,
          ...(logoKey ? { logoKey } : {}),
        })
        .where(and(eq(cooperatives.id, cooperativeId), managedCooperativeCondition(actor, cooperatives.id)))
        .returning({ id: cooperatives.id });
      if (!updated) throw notFound();
      const changed = (
        [
          ["name", existing.name, data.name],
          ["taxCode", existing.taxCode, data.taxCode],
          ["regionId", existing.regionId, data.regionId],
          ["street", existing.street, data.street],
          ["phone", existing.phone, data.phone],
          ["story", existing.story, data.story],
          ["bankBin", existing.bankBin, data.bank?.bin ?? null],
          ["bankAccountNo", existing.bankAccountNo, data.bank?.accountNo ?? null],
          ["bankAccountName", existing.bankAccountName, data.bank?.accountName ?? null],
        ] as const
      )
        .filter(([, before, after]) => before !== after)
        .map(([field]) => field);
      await recordAudit(
        {
          actorId: actor.id,
          action: "cooperative.profile_updated",
          entityType: "cooperative",
          entityId: cooperativeId,
          data: { changed: logoKey ? [...changed, "logo"] : changed },
        },
        t,
      );
    });
  } catch (error) {
    if (logoKey) await deleteFilesQuietly([logoKey]);
    if (uniqueConstraintOf(error) === "cooperatives_tax_code_key") throw taxCodeTaken();
    throw error;
  }
  // The old logo is only removed once the new one is in place.
  if (logoKey && existing.logoKey) await deleteFilesQuietly([existing.logoKey]);
}

/** Names of regions by id (for showing where a cooperative is). */
export async function regionNames(ids: string[], tx: Db = defaultDb()) {
  if (!ids.length) return new Map<string, string>();
  const rows = await tx
    .select({ id: regions.id, name: regions.name })
    .from(regions)
    .where(inArray(regions.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}
