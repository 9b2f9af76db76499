import { type ReactNode, useEffect, useState } from "react";
import {
  areaUnits,
  certificationSchemes,
  doseUnitSuggestions,
  MAX_INPUT_ROWS,
  MAX_RESULT_ROWS,
  type RecordableKind,
} from "~/domain/trace/diary";
import { useT, useTranslate } from "~/utils/i18n";
import { Field, FieldShell } from "./Field";

/** Icons as text: no image requests, and they read well next to the words on any phone. */
export const kindIcons: Record<RecordableKind, string> = {
  planting: "🌱",
  fertilising: "🧺",
  spraying: "💧",
  harvesting: "🌾",
  processing: "⚙️",
  lab_test: "🔬",
  certification: "📜",
  packing: "📦",
  storing: "🏠",
  shipping: "🚚",
  receiving: "📥",
  note: "📝",
};

export interface DiaryFormContext {
  kind: RecordableKind;
  values: Record<string, string>;
  errorOf: (field: string) => string | null;
  places: { id: string; name: string; legacy: boolean }[];
  inputChoices: { id: string; lot: string; productName: string; quantity: number; unit: string }[];
  productUnit: string;
  /** Photos of the entry being corrected, which the correction may keep. */
  oldPhotos?: { url: string; width: number; height: number }[];
  oldReportUrl?: string | null;
}

/** The fields of one kind of diary entry, then time, place and photos, shared by new entries and corrections. */
export function DiaryFields(ctx: DiaryFormContext) {
  const t = useT();
  const { kind, values, errorOf } = ctx;
  const f = t.batches.fields;
  const text = (name: string, label: ReactNode, extra: Partial<Parameters<typeof Field>[0]> = {}) => (
    <Field
      key={name}
      name={name}
      label={label}
      defaultValue={values[name] ?? ""}
      error={errorOf(name)}
      {...extra}
    />
  );
  const decimal = (name: string, label: ReactNode, extra: Partial<Parameters<typeof Field>[0]> = {}) =>
    text(name, label, { inputMode: "decimal", autoComplete: "off", ...extra });
  const note = text("note", f.note);
  const quantityUnit = (required: boolean) => (
    <div className="field-pair">
      {decimal("quantity", f.quantity, { required })}
      {text("unit", f.unit, { defaultValue: values.unit ?? ctx.productUnit, required })}
    </div>
  );
  const areaFields = (
    <div className="field-pair">
      {decimal("area", f.area)}
      <FieldShell id="areaUnit" label={f.areaUnit} error={errorOf("areaUnit")}>
        {(control) => (
          <select name="areaUnit" defaultValue={values.areaUnit ?? ""} {...control}>
            <option value="">—</option>
            {areaUnits.map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
        )}
      </FieldShell>
    </div>
  );

  let kindFields: ReactNode;
  switch (kind) {
    case "planting":
      kindFields = (
        <>
          {text("variety", f.variety, { required: true })}
          {text("seedSource", f.seedSource)}
          {areaFields}
          {note}
        </>
      );
      break;
    case "fertilising":
    case "spraying":
      kindFields = (
        <>
          {text("product", f.product, { required: true })}
          {kind === "spraying" ? text("activeIngredient", f.activeIngredient, { required: true }) : null}
          <div className="field-pair">
            {decimal("dose", f.dose, { required: true })}
            {text("doseUnit", f.doseUnit, { list: "dose-units", required: true })}
          </div>
          <p className="hint">{f.doseUnitHint}</p>
          <datalist id="dose-units">
            {doseUnitSuggestions.map((u) => (
              <option key={u} value={u} />
            ))}
          </datalist>
          {kind === "spraying" ? (
            <>
              {text("preHarvestIntervalDays", f.preHarvestIntervalDays, {
                inputMode: "numeric",
                hint: f.preHarvestIntervalHint,
                required: true,
              })}
              {text("target", f.target)}
            </>
          ) : (
            areaFields
          )}
          {note}
        </>
      );
      break;
    case "harvesting":
      kindFields = (
        <>
          {quantityUnit(true)}
          {note}
        </>
      );
      break;
    case "processing":
      kindFields = (
        <>
          {text("step", f.step, { hint: f.stepHint, required: true })}
          <ProcessingInputs {...ctx} />
          <div className="field-pair">
            {decimal("outputQuantity", f.outputQuantity)}
            {text("unit", f.unit, { defaultValue: values.unit ?? ctx.productUnit })}
          </div>
          {note}
        </>
      );
      break;
    case "lab_test":
      kindFields = (
        <>
          {text("lab", f.lab, { required: true })}
          {text("reportNo", f.reportNo, { required: true })}
          {text("date", f.date, { type: "date", required: true })}
          <LabResults {...ctx} />
          <fieldset className="stack">
            <legend>{f.pass}</legend>
            <div className="choices" aria-describedby={errorOf("pass") ? "pass-error" : undefined}>
              {(["pass", "fail"] as const).map((v) => (
                <label key={v} className="choice">
                  <input
                    type="radio"
                    name="pass"
                    value={v}
                    id={v === "pass" ? "pass" : undefined}
                    defaultChecked={values.pass === v}
                  />
                  {v === "pass" ? f.passYes : f.passNo}
                </label>
              ))}
            </div>
            {errorOf("pass") ? (
              <p className="field-error" id="pass-error">
                {errorOf("pass")}
              </p>
            ) : null}
          </fieldset>
          {ctx.oldReportUrl ? (
            <label className="choice">
              <input type="checkbox" name="keepReport" value="1" defaultChecked />
              <span>
                {t.batches.entry.keepReport} (<a href={ctx.oldReportUrl}>PDF</a>)
              </span>
            </label>
          ) : null}
          {text("report", f.report, {
            type: "file",
            accept: "application/pdf",
            hint: f.reportHint,
            defaultValue: undefined,
          })}
          {note}
        </>
      );
      break;
    case "certification":
      kindFields = (
        <>
          <FieldShell id="scheme" label={f.scheme} error={errorOf("scheme")}>
            {(control) => (
              <select name="scheme" defaultValue={values.scheme ?? ""} required {...control}>
                <option value="">—</option>
                {certificationSchemes.map((s) => (
                  <option key={s} value={s}>
                    {t.batches.schemes[s]}
                  </option>
                ))}
              </select>
            )}
          </FieldShell>
          {text("schemeName", f.schemeName)}
          {text("body", f.body, { required: true })}
          {text("number", f.number, { required: true })}
          <div className="field-pair">
            {text("validFrom", f.validFrom, { type: "date", required: true })}
            {text("validTo", f.validTo, { type: "date", required: true })}
          </div>
          {note}
        </>
      );
      break;
    case "packing":
      kindFields = (
        <>
          {quantityUnit(false)}
          {text("packageSize", f.packageSize, { hint: f.packageSizeHint })}
          {note}
        </>
      );
      break;
    case "storing":
      kindFields = (
        <>
          {text("conditions", f.conditions, { hint: f.conditionsHint })}
          {note}
        </>
      );
      break;
    case "shipping":
      kindFields = (
        <>
          {text("to", f.to, { required: true, autoComplete: "organization" })}
          {text("toAddress", f.toAddress, { autoComplete: "street-address" })}
          {quantityUnit(false)}
          {text("vehicle", f.vehicle)}
          {note}
        </>
      );
      break;
    case "receiving":
      kindFields = (
        <>
          {text("from", f.from, { required: true })}
          {text("fromAddress", f.fromAddress)}
          {text("item", f.item)}
          {quantityUnit(false)}
          {note}
        </>
      );
      break;
    case "note":
      kindFields = (
        <FieldShell id="note" label={f.note} error={errorOf("note")}>
          {(control) => (
            <textarea name="note" rows={4} defaultValue={values.note ?? ""} required {...control} />
          )}
        </FieldShell>
      );
      break;
  }

  return (
    <>
      {kindFields}
      {text("eventTime", t.batches.entry.when, {
        type: "datetime-local",
        hint: t.batches.entry.whenHint,
        required: true,
      })}
      <PlaceFields {...ctx} />
      <PhotoFields {...ctx} />
    </>
  );
}

function ProcessingInputs({ values, errorOf, inputChoices }: DiaryFormContext) {
  const t = useT();
  const translate = useTranslate();
  const f = t.batches.fields;
  if (!inputChoices.length) return null;
  return (
    <fieldset className="stack">
      <legend>{f.inputs}</legend>
      <p className="hint">{f.inputsHint}</p>
      {Array.from({ length: Math.min(MAX_INPUT_ROWS, inputChoices.length) }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions in a fixed form
        <div className="field-pair" key={i}>
          <FieldShell
            id={`inputs.${i}.batchId`}
            label={translate("batches.fields.inputBatch", { n: i + 1 })}
            error={errorOf(`inputs.${i}.batchId`)}
          >
            {(control) => (
              <select
                name={`inputs.${i}.batchId`}
                defaultValue={values[`inputs.${i}.batchId`] ?? ""}
                {...control}
              >
                <option value="">{f.inputNone}</option>
                {inputChoices.map((b) => (
                  <option key={b.id} value={b.id}>
                    {translate("batches.fields.inputOption", {
                      lot: b.lot,
                      product: b.productName,
                      quantity: b.quantity,
                      unit: b.unit,
                    })}
                  </option>
                ))}
              </select>
            )}
          </FieldShell>
          <Field
            name={`inputs.${i}.quantity`}
            label={translate("batches.fields.inputQuantity", { n: i + 1 })}
            defaultValue={values[`inputs.${i}.quantity`] ?? ""}
            error={errorOf(`inputs.${i}.quantity`)}
            inputMode="numeric"
          />
        </div>
      ))}
    </fieldset>
  );
}

function LabResults({ values, errorOf }: DiaryFormContext) {
  const t = useT();
  const translate = useTranslate();
  const f = t.batches.fields;
  return (
    <fieldset className="stack">
      <legend>{f.results}</legend>
      {Array.from({ length: MAX_RESULT_ROWS }, (_, i) => {
        const name = (field: string) => `results.${i}.${field}`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions in a fixed form
          <fieldset key={i} className="result-row">
            <legend>{translate("batches.fields.resultRow", { n: i + 1 })}</legend>
            <Field
              name={name("name")}
              label={f.resultName}
              defaultValue={values[name("name")] ?? ""}
              error={errorOf(name("name"))}
            />
            <div className="field-pair">
              <Field
                name={name("value")}
                label={f.resultValue}
                defaultValue={values[name("value")] ?? ""}
                error={errorOf(name("value"))}
              />
              <Field
                name={name("limit")}
                label={f.resultLimit}
                defaultValue={values[name("limit")] ?? ""}
                error={errorOf(name("limit"))}
              />
            </div>
            <FieldShell id={name("pass")} label={f.resultPass} error={errorOf(name("pass"))}>
              {(control) => (
                <select name={name("pass")} defaultValue={values[name("pass")] ?? ""} {...control}>
                  <option value="">{f.resultPassNone}</option>
                  <option value="pass">{f.passYes}</option>
                  <option value="fail">{f.passNo}</option>
                </select>
              )}
            </FieldShell>
          </fieldset>
        );
      })}
    </fieldset>
  );
}

/**
 * Region and free text; GPS is a progressive enhancement: the button appears only when the
 * browser can locate, and fills two hidden fields. Without JavaScript the form works the same.
 */
function PlaceFields({ values, errorOf, places }: DiaryFormContext) {
  const t = useT();
  const translate = useTranslate();
  const [canLocate, setCanLocate] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const [position, setPosition] = useState<{ lat: string; lng: string }>({
    lat: values.latitude ?? "",
    lng: values.longitude ?? "",
  });
  useEffect(() => setCanLocate(typeof navigator !== "undefined" && "geolocation" in navigator), []);
  const locate = () => {
    setBusy(true);
    setFailed(false);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setPosition({ lat: p.coords.latitude.toFixed(6), lng: p.coords.longitude.toFixed(6) });
        setBusy(false);
      },
      () => {
        setFailed(true);
        setBusy(false);
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };
  return (
    <fieldset className="stack">
      <legend>{t.batches.entry.where}</legend>
      <FieldShell id="regionId" label={t.batches.entry.region} error={errorOf("regionId")}>
        {(control) => (
          <select name="regionId" defaultValue={values.regionId ?? places[0]?.id ?? ""} {...control}>
            <option value="">{t.batches.entry.regionNone}</option>
            {places.map((p) => (
              <option key={p.id} value={p.id}>
                {p.legacy ? translate("batches.diary.legacyRegion", { name: p.name }) : p.name}
              </option>
            ))}
          </select>
        )}
      </FieldShell>
      <Field
        name="placeText"
        label={t.batches.entry.placeText}
        hint={t.batches.entry.placeTextHint}
        defaultValue={values.placeText ?? ""}
        error={errorOf("placeText")}
      />
      <input type="hidden" name="latitude" value={position.lat} />
      <input type="hidden" name="longitude" value={position.lng} />
      {position.lat && position.lng ? (
        <p aria-live="polite">
          {translate("batches.entry.gpsSet", { lat: position.lat, lng: position.lng })}{" "}
          <button type="button" className="link-button" onClick={() => setPosition({ lat: "", lng: "" })}>
            {t.batches.entry.gpsClear}
          </button>
        </p>
      ) : canLocate ? (
        <p>
          <button type="button" className="button secondary" onClick={locate} disabled={busy}>
            {busy ? t.batches.entry.gpsBusy : t.batches.entry.gpsButton}
          </button>
        </p>
      ) : null}
      {failed ? <p className="hint">{t.batches.entry.gpsFailed}</p> : null}
      {errorOf("latitude") ? (
        <p className="field-error" id="latitude">
          {errorOf("latitude")}
        </p>
      ) : null}
    </fieldset>
  );
}

function PhotoFields({ errorOf, oldPhotos = [] }: DiaryFormContext) {
  const t = useT();
  const translate = useTranslate();
  return (
    <>
      {oldPhotos.length ? (
        <div className="choices">
          {oldPhotos.map((p, i) => (
            <label key={p.url} className="choice">
              <input type="checkbox" name={`keepPhoto.${i}`} value="1" defaultChecked />
              <img
                src={p.url}
                alt=""
                width={64}
                height={Math.round((64 * p.height) / p.width)}
                className="thumb"
              />
              {translate("batches.entry.keepPhoto", { n: i + 1 })}
            </label>
          ))}
        </div>
      ) : null}
      <Field
        name="photos"
        type="file"
        accept="image/jpeg,image/png,image/webp"
        multiple
        label={t.batches.entry.photos}
        hint={t.batches.entry.photosHint}
        error={errorOf("photos")}
      />
    </>
  );
}

/** The label of a diary form field, for the error summary ("results.1.value" → "Chỉ tiêu 2 · Kết quả"). */
export function useDiaryFieldLabel() {
  const t = useT();
  const translate = useTranslate();
  const f = t.batches.fields as Record<string, string>;
  const entry = t.batches.entry as Record<string, string>;
  return (field: string): string => {
    const row = /^(results|inputs)\.(\d+)\.(\w+)$/.exec(field);
    if (row) {
      const n = Number(row[2]) + 1;
      if (row[1] === "inputs") {
        return row[3] === "quantity"
          ? translate("batches.fields.inputQuantity", { n })
          : translate("batches.fields.inputBatch", { n });
      }
      const part = { name: f.resultName, value: f.resultValue, limit: f.resultLimit, pass: f.resultPass }[
        row[3] ?? ""
      ];
      return `${translate("batches.fields.resultRow", { n })} · ${part ?? ""}`;
    }
    if (field === "eventTime") return entry.when ?? field;
    if (field === "regionId") return entry.region ?? field;
    if (field === "placeText") return entry.placeText ?? field;
    if (field === "latitude" || field === "longitude") return entry.where ?? field;
    if (field === "photos") return entry.photos ?? field;
    return f[field] ?? entry[field] ?? field;
  };
}
