import { Field, FieldShell } from "~/components/Field";
import { useT } from "~/utils/i18n";

export interface ProductFieldValues {
  name?: string;
  description?: string;
  ocopGroup?: string;
  unit?: string;
  unitOther?: string;
  price?: string;
  gtin?: string;
}

interface Props {
  values: ProductFieldValues;
  errorOf: (field: string) => string | null;
  groups: readonly string[];
  units: readonly string[];
  otherUnit: string;
  /** The new-product form takes photos too; the edit page has its own photo section. */
  withPhotos?: boolean;
}

/** The product's fields, shared by the new and edit forms. */
export function ProductFields({ values, errorOf, groups, units, otherUnit, withPhotos }: Props) {
  const t = useT();
  const f = t.manage.form;
  const unitLabels = t.manage.units as Record<string, string>;
  const groupLabels = t.manage.groups as Record<string, string>;
  return (
    <>
      <Field
        name="name"
        label={f.name}
        hint={f.nameHint}
        error={errorOf("name")}
        defaultValue={values.name ?? ""}
        maxLength={120}
        required
      />
      <FieldShell
        id="description"
        label={f.description}
        hint={f.descriptionHint}
        error={errorOf("description")}
      >
        {(control) => (
          <textarea
            name="description"
            rows={5}
            maxLength={5000}
            defaultValue={values.description ?? ""}
            {...control}
          />
        )}
      </FieldShell>
      <FieldShell id="ocopGroup" label={f.group} error={errorOf("ocopGroup")}>
        {(control) => (
          <select name="ocopGroup" defaultValue={values.ocopGroup ?? ""} required {...control}>
            <option value="" disabled>
              {f.chooseGroup}
            </option>
            {groups.map((g) => (
              <option key={g} value={g}>
                {groupLabels[g] ?? g}
              </option>
            ))}
          </select>
        )}
      </FieldShell>
      <FieldShell id="unit" label={f.unit} error={errorOf("unit")}>
        {(control) => (
          <select name="unit" defaultValue={values.unit ?? ""} required {...control}>
            <option value="" disabled>
              {f.chooseUnit}
            </option>
            {units.map((u) => (
              <option key={u} value={u}>
                {unitLabels[u] ?? u}
              </option>
            ))}
            <option value={otherUnit}>{f.unitOtherOption}</option>
          </select>
        )}
      </FieldShell>
      <Field
        name="unitOther"
        label={f.unitOther}
        hint={f.unitOtherHint}
        error={errorOf("unitOther")}
        defaultValue={values.unitOther ?? ""}
        maxLength={20}
      />
      <Field
        name="price"
        label={f.price}
        hint={f.priceHint}
        error={errorOf("price")}
        defaultValue={values.price ?? ""}
        inputMode="numeric"
        autoComplete="off"
        required
      />
      <Field
        name="gtin"
        label={f.gtin}
        hint={f.gtinHint}
        error={errorOf("gtin")}
        defaultValue={values.gtin ?? ""}
        inputMode="numeric"
        autoComplete="off"
        maxLength={20}
      />
      {withPhotos ? (
        <Field
          name="photos"
          type="file"
          label={f.photos}
          hint={f.photosHint}
          error={errorOf("photos")}
          accept="image/jpeg,image/png,image/webp"
          multiple
        />
      ) : null}
    </>
  );
}
