import { useRef } from "react";
import { FieldShell } from "./Field";

export interface RegionPickerData {
  provinces: { id: string; name: string }[];
  provinceId: string | null;
  communes: { id: string; name: string; legacy: boolean }[];
}

export interface RegionPickerLabels {
  province: string;
  provinceHint: string;
  chooseProvince: string;
  showCommunes: string;
  commune: string;
  chooseCommune: string;
}

/**
 * Province, then commune or ward, without JavaScript: the "show communes" button sends the whole
 * form back by GET (`step=province`), so what was typed is kept while the chosen province's
 * communes are listed. With JavaScript, choosing a province presses that button. The route's
 * loader answers the step with regionPicker() (app/domain/cooperatives/profile.server.ts).
 */
export function RegionPicker({
  picker,
  labels,
  communeValue,
  errors = {},
  legacyName = (name) => name,
}: {
  picker: RegionPickerData;
  labels: RegionPickerLabels;
  /** The chosen commune's id, or "" (it must be one of picker.communes). */
  communeValue: string | undefined;
  errors?: { province?: string | null; regionId?: string | null };
  /** How a pre-2025 unit kept by the record is named in the list. */
  legacyName?: (name: string) => string;
}) {
  const stepButton = useRef<HTMLButtonElement>(null);
  return (
    <>
      <FieldShell
        id="province"
        label={labels.province}
        hint={labels.provinceHint}
        error={errors.province ?? null}
      >
        {(control) => (
          <div className="inline-field province-step">
            <select
              name="province"
              defaultValue={picker.provinceId ?? ""}
              onChange={() => stepButton.current?.click()}
              autoComplete="address-level1"
              {...control}
            >
              <option value="" disabled>
                {labels.chooseProvince}
              </option>
              {picker.provinces.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
            <button
              ref={stepButton}
              type="submit"
              name="step"
              value="province"
              formMethod="get"
              formEncType="application/x-www-form-urlencoded"
              formNoValidate
              className="button secondary"
            >
              {labels.showCommunes}
            </button>
          </div>
        )}
      </FieldShell>
      <FieldShell id="regionId" label={labels.commune} error={errors.regionId ?? null}>
        {(control) => (
          <select
            key={picker.provinceId ?? "none"}
            name="regionId"
            defaultValue={communeValue ?? ""}
            disabled={!picker.communes.length}
            required
            {...control}
          >
            <option value="" disabled>
              {labels.chooseCommune}
            </option>
            {picker.communes.map((r) => (
              <option key={r.id} value={r.id}>
                {r.legacy ? legacyName(r.name) : r.name}
              </option>
            ))}
          </select>
        )}
      </FieldShell>
    </>
  );
}
