import {
  type ActionFunctionArgs,
  data,
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import {
  Form,
  Link,
  type ShouldRevalidateFunction,
  useActionData,
  useLoaderData,
  useNavigation,
} from "@remix-run/react";
import { ErrorSummary, Field, FieldShell, type SummaryError } from "~/components/Field";
import { Price } from "~/components/Price";
import { RegionPicker } from "~/components/RegionPicker";
import { regionPicker } from "~/domain/cooperatives/profile.server";
import { type DomainError, isDomainError } from "~/domain/errors";
import { openCardCheckout } from "~/domain/orders/card-checkout.server";
import { cartItemCount, loadCart } from "~/domain/orders/cart.server";
import { orderPath } from "~/domain/orders/order-link.server";
import { resolvePayee } from "~/domain/orders/payee.server";
import { holdMinutes, placeOrder } from "~/domain/orders/place-order.server";
import { cardPaymentsEnabled } from "~/domain/payments/stripe.server";
import ordersCss from "~/styles/orders.css?url";
import { getCurrentUser } from "~/utils/auth.server";
import { cacheNoStore } from "~/utils/cache";
import { cartRefFor, clearedCartCookieHeader } from "~/utils/cart.server";
import { formValues } from "~/utils/forms";
import { statusOf } from "~/utils/http.server";
import { useT, useTranslate } from "~/utils/i18n";
import { messagesFromMatches } from "~/utils/meta";
import { flashHeaders, getLocale } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: ordersCss }];

export const headers: HeadersFunction = () => ({ "Cache-Control": cacheNoStore });

export const meta: MetaFunction = ({ matches }) => {
  const t = messagesFromMatches(matches);
  return [
    { title: `${t.orders.checkout.title} · ${t.common.appName}` },
    { name: "robots", content: "noindex" },
  ];
};

/**
 * After a refused order (409: prices changed, sold out) the summary must show today's cart, so
 * the loader runs again even though the action failed.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 ? true : defaultShouldRevalidate;

/** The form's fields, in the order they appear (the error summary follows it). */
const fields = [
  "contactName",
  "contactPhone",
  "contactEmail",
  "province",
  "regionId",
  "street",
  "note",
  "paymentMethod",
] as const;

/** Provinces, and the current communes of the chosen one (orders go to today's addresses). */
async function pickerFor(provinceId: string | null, regionId: string | null) {
  const picker = await regionPicker({ provinceId, currentRegionId: regionId || null });
  return { ...picker, communes: picker.communes.filter((c) => !c.legacy) };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const cart = await loadCart(await cartRefFor(request, user));
  if (cart.groups.length === 0) throw redirect("/gio-hang");
  const url = new URL(request.url);
  // Without JavaScript the province is chosen in its own step: the whole form comes back by GET,
  // so what was typed is kept while the communes of that province are listed.
  const stepped = url.searchParams.get("step") === "province";
  const values: Record<string, string> = stepped
    ? Object.fromEntries(fields.map((f) => [f, url.searchParams.get(f) ?? ""]))
    : {
        contactName: user?.name ?? "",
        contactPhone: user?.phone ?? "",
        contactEmail: user?.email ?? "",
      };
  const [picker, payee] = await Promise.all([
    pickerFor(stepped ? url.searchParams.get("province") : null, values.regionId ?? null),
    resolvePayee(cart.groups.map((g) => g.cooperativeId)),
  ]);
  return data(
    {
      cart: {
        totalVnd: cart.totalVnd,
        problems: cart.problems,
        groups: cart.groups.map((g) => ({
          cooperativeId: g.cooperativeId,
          cooperativeName: g.cooperativeName,
          subtotalVnd: g.subtotalVnd,
          lines: g.lines.map((l) => ({
            productId: l.productId,
            name: l.name,
            quantity: l.quantity,
            lineTotalVnd: l.lineTotalVnd,
            problem: l.problem,
          })),
        })),
      },
      values,
      picker,
      methods: { card: cardPaymentsEnabled(), vietqr: payee !== null },
      holdMinutes: holdMinutes(),
      signedIn: user !== null,
    },
    { headers: { "Cache-Control": cacheNoStore } },
  );
}

/** A refused order: field errors (400) or a conflict with the cart (409), and the form as typed. */
async function checkoutFailure(error: DomainError, values: Record<string, string>) {
  return data(
    {
      ok: false as const,
      conflict: error.kind === "conflict",
      formError: Object.keys(error.fieldErrors).length ? "validation.formSummary" : error.messageKey,
      formErrorParams: error.params,
      fieldErrors: error.fieldErrors,
      values,
      // The commune list the buyer had, so their choice survives the round trip.
      picker: await pickerFor(values.province || null, values.regionId || null),
    },
    { status: statusOf[error.kind] },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await getCurrentUser(request);
  const ref = await cartRefFor(request, user);
  const values = formValues(await request.formData());
  if ((await cartItemCount(ref)) === 0) {
    throw redirect("/gio-hang", { headers: await flashHeaders(request, "error", "orders.errors.cartEmpty") });
  }
  let placed: Awaited<ReturnType<typeof placeOrder>>;
  try {
    placed = await placeOrder(ref, user?.id ?? null, values, { cardEnabled: cardPaymentsEnabled() });
  } catch (error) {
    if (isDomainError(error)) return checkoutFailure(error, values);
    throw error;
  }

  const headers = new Headers();
  // The guest cart became the order: its cookie has nothing left to point at.
  if (!user) headers.append("Set-Cookie", await clearedCartCookieHeader());
  const path = orderPath({ id: placed.id, code: placed.code, userId: user?.id ?? null });

  if (placed.paymentMethod === "card") {
    let stripeUrl: string | null = null;
    try {
      const next = await openCardCheckout(placed.id, { locale: await getLocale(request) });
      stripeUrl = next.kind === "redirect" ? next.url : null;
    } catch (error) {
      // The order stands and holds its stock; its page offers the card payment again.
      console.warn(`Stripe Checkout could not be opened for order ${placed.code}:`, error);
      const flash = await flashHeaders(request, "error", "orders.checkout.flashCardFailed");
      headers.append("Set-Cookie", flash["Set-Cookie"]);
      throw redirect(path, { headers });
    }
    if (stripeUrl) throw redirect(stripeUrl, { status: 303, headers });
  }
  const flash = await flashHeaders(request, "success", "orders.checkout.flashPlaced");
  headers.append("Set-Cookie", flash["Set-Cookie"]);
  throw redirect(path, { headers });
}

export default function Checkout() {
  const t = useT();
  const translate = useTranslate();
  const loaded = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { cart, methods } = loaded;
  const c = t.orders.checkout;
  const values: Record<string, string> = failure?.values ?? loaded.values;
  const picker = failure?.picker ?? loaded.picker;
  const fieldErrors: Record<string, string> = failure?.fieldErrors ?? {};
  const errorOf = (field: string) => {
    const key = fieldErrors[field];
    return key ? translate(key) : null;
  };
  const labels: Record<(typeof fields)[number], string> = {
    contactName: c.contactName,
    contactPhone: c.contactPhone,
    contactEmail: c.contactEmail,
    province: c.province,
    regionId: c.commune,
    street: c.street,
    note: c.note,
    paymentMethod: c.paymentHeading,
  };
  const summary: SummaryError[] = fields.flatMap((field) => {
    const message = errorOf(field);
    const fieldId = field === "paymentMethod" ? "paymentMethod-cod" : field;
    return message ? [{ fieldId, label: labels[field], message }] : [];
  });
  const communeValue = picker.communes.some((r) => r.id === values.regionId) ? values.regionId : "";
  const method = values.paymentMethod ?? "";
  const paymentError = errorOf("paymentMethod");

  return (
    <section className="narrow stack checkout-page">
      <h1>{c.title}</h1>
      <p>{c.intro}</p>
      {loaded.signedIn ? null : (
        <p className="hint">
          {c.signInHint} <Link to="/login?redirectTo=%2Fthanh-toan">{c.signIn}</Link>
        </p>
      )}
      {cart.problems > 0 ? (
        <p className="notice-warn">
          {c.cartHasProblems} <Link to="/gio-hang">{c.editCart}</Link>
        </p>
      ) : null}

      <Form method="post" className="stack" noValidate preventScrollReset>
        <ErrorSummary
          message={failure?.formError ? translate(failure.formError, failure.formErrorParams) : null}
          errors={summary}
        />
        {failure?.conflict ? (
          <p>
            <Link to="/gio-hang" className="button secondary block">
              {c.backToCart}
            </Link>
          </p>
        ) : null}

        <fieldset className="stack">
          <legend>{c.contactHeading}</legend>
          <Field
            name="contactName"
            label={c.contactName}
            error={errorOf("contactName")}
            defaultValue={values.contactName ?? ""}
            autoComplete="name"
            maxLength={100}
            required
          />
          <Field
            name="contactPhone"
            type="tel"
            inputMode="tel"
            label={c.contactPhone}
            hint={c.contactPhoneHint}
            error={errorOf("contactPhone")}
            defaultValue={values.contactPhone ?? ""}
            autoComplete="tel"
            required
          />
          <Field
            name="contactEmail"
            type="email"
            inputMode="email"
            label={c.contactEmail}
            hint={c.contactEmailHint}
            error={errorOf("contactEmail")}
            defaultValue={values.contactEmail ?? ""}
            autoComplete="email"
            autoCapitalize="none"
            spellCheck={false}
          />
        </fieldset>

        <fieldset className="stack">
          <legend>{c.addressHeading}</legend>
          <RegionPicker
            picker={picker}
            communeValue={communeValue}
            errors={{ province: errorOf("province"), regionId: errorOf("regionId") }}
            labels={{
              province: c.province,
              provinceHint: c.showCommunesHint,
              chooseProvince: c.chooseProvince,
              showCommunes: c.showCommunes,
              commune: c.commune,
              chooseCommune: c.chooseCommune,
            }}
          />
          <Field
            name="street"
            label={c.street}
            error={errorOf("street")}
            defaultValue={values.street ?? ""}
            autoComplete="street-address"
            maxLength={200}
            required
          />
          <FieldShell id="note" label={c.note} hint={c.noteHint} error={errorOf("note")}>
            {(control) => (
              <textarea name="note" rows={3} maxLength={500} defaultValue={values.note ?? ""} {...control} />
            )}
          </FieldShell>
        </fieldset>

        <fieldset
          className="stack"
          aria-describedby={paymentError ? "paymentMethod-error" : undefined}
          aria-invalid={paymentError ? true : undefined}
        >
          <legend>{c.paymentHeading}</legend>
          {paymentError ? (
            <p className="field-error" id="paymentMethod-error">
              {paymentError}
            </p>
          ) : null}
          <ul className="choice-list payment-methods">
            {methods.card ? (
              <PaymentChoice
                value="card"
                checked={method === "card"}
                label={c.methodCard}
                hint={c.methodCardHint}
              />
            ) : null}
            <PaymentChoice
              value="vietqr"
              checked={methods.vietqr && method === "vietqr"}
              disabled={!methods.vietqr}
              label={c.methodVietqr}
              hint={
                methods.vietqr
                  ? c.methodVietqrHint
                  : cart.groups.length > 1
                    ? c.methodVietqrUnavailableMulti
                    : c.methodVietqrUnavailable
              }
            />
            <PaymentChoice
              value="cod"
              checked={method === "cod"}
              label={c.methodCod}
              hint={c.methodCodHint}
            />
          </ul>
          <p className="hint">{translate("orders.checkout.holdNote", { minutes: loaded.holdMinutes })}</p>
        </fieldset>

        <section className="card stack checkout-summary" aria-labelledby="summary-heading">
          <h2 id="summary-heading">{c.summaryHeading}</h2>
          <p>
            {cart.groups.length > 1
              ? translate("orders.checkout.parcels", { n: cart.groups.length })
              : c.oneParcel}
          </p>
          {cart.groups.map((group) => (
            <div key={group.cooperativeId} className="summary-group">
              <h3>{group.cooperativeName}</h3>
              <ul className="summary-lines">
                {group.lines.map((line) => (
                  <li key={line.productId} className={line.problem ? "summary-problem" : undefined}>
                    <span>
                      {translate("orders.checkout.lineLabel", { name: line.name, quantity: line.quantity })}
                    </span>
                    <Price amount={line.lineTotalVnd} />
                  </li>
                ))}
              </ul>
              <p className="summary-subtotal">
                <span>{c.subtotal}</span> <Price amount={group.subtotalVnd} />
              </p>
            </div>
          ))}
          <p className="cart-total">
            <span>{c.total}</span> <Price amount={cart.totalVnd} />
          </p>
          <p>
            <Link to="/gio-hang">{c.editCart}</Link>
          </p>
        </section>

        {/* The total the buyer saw: the order is refused if today's prices give another. */}
        <input type="hidden" name="expectedTotalVnd" value={String(cart.totalVnd)} />
        <button type="submit" className="button block" disabled={busy || cart.problems > 0}>
          {c.submit}
        </button>
      </Form>
    </section>
  );
}

/** One way to pay: a radio with its label, and a hint that says what happens next (or why not). */
function PaymentChoice({
  value,
  checked,
  disabled = false,
  label,
  hint,
}: {
  value: "card" | "vietqr" | "cod";
  checked: boolean;
  disabled?: boolean;
  label: string;
  hint: string;
}) {
  const id = `paymentMethod-${value}`;
  return (
    <li>
      <label className="choice" htmlFor={id}>
        <input
          type="radio"
          id={id}
          name="paymentMethod"
          value={value}
          disabled={disabled}
          defaultChecked={checked}
          aria-describedby={`${id}-hint`}
        />
        <span>{label}</span>
      </label>
      <p className="hint" id={`${id}-hint`}>
        {hint}
      </p>
    </li>
  );
}
