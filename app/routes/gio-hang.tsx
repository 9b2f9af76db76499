import {
  type ActionFunctionArgs,
  data,
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary } from "~/components/Field";
import { Price } from "~/components/Price";
import { findPurchasableProduct } from "~/domain/catalog/products.server";
import { type DomainError, invalid, isDomainError } from "~/domain/errors";
import {
  addToCart,
  type CartLine,
  loadCart,
  MAX_LINE_QUANTITY,
  removeFromCart,
  setCartQuantity,
} from "~/domain/orders/cart.server";
import ordersCss from "~/styles/orders.css?url";
import { getCurrentUser } from "~/utils/auth.server";
import { cacheNoStore } from "~/utils/cache";
import { cartCookieHeader, cartRefFor } from "~/utils/cart.server";
import { formValues } from "~/utils/forms";
import { statusOf } from "~/utils/http.server";
import { safeRedirectPath, useT, useTranslate } from "~/utils/i18n";
import { messagesFromMatches } from "~/utils/meta";
import { flashHeaders } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: ordersCss }];

/** A cart is personal: never stored by any cache. */
export const headers: HeadersFunction = () => ({ "Cache-Control": cacheNoStore });

export const meta: MetaFunction = ({ matches }) => {
  const t = messagesFromMatches(matches);
  return [{ title: `${t.orders.cart.title} · ${t.common.appName}` }, { name: "robots", content: "noindex" }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const cart = await loadCart(await cartRefFor(request));
  return data({ cart, maxQuantity: MAX_LINE_QUANTITY }, { headers: { "Cache-Control": cacheNoStore } });
}

/** What a refused cart change sends back: the message, the line it concerns and what was typed. */
interface CartFailure {
  ok: false;
  intent: string;
  productId: string;
  quantity: string;
  messageKey: string;
  params: Record<string, string | number>;
  /** For an "add" from a product page: the way back to it. */
  product: { name: string; slug: string } | null;
}

/** The quantity's own message says what to fix; setting a line's quantity is not "adding". */
function messageKeyOf(error: DomainError, intent: string | undefined): string {
  const key = Object.values(error.fieldErrors)[0] ?? error.messageKey;
  return intent === "update" && key === "orders.errors.beyondStock" ? "orders.cart.updateBeyondStock" : key;
}

async function cartFailure(error: DomainError, values: Record<string, string>) {
  const product = values.intent === "add" ? await findPurchasableProduct(values.productId ?? "") : null;
  return data<CartFailure>(
    {
      ok: false,
      intent: values.intent ?? "",
      productId: values.productId ?? "",
      quantity: values.quantity ?? "",
      messageKey: messageKeyOf(error, values.intent),
      params: error.params,
      product: product ? { name: product.name, slug: product.slug } : null,
    },
    { status: statusOf[error.kind] },
  );
}

/** Only a product page may be returned to after adding; everything else lands on the cart. */
function afterAdd(values: Record<string, string>): string {
  const back = safeRedirectPath(values.returnTo, "/gio-hang");
  return back.startsWith("/san-pham/") ? back : "/gio-hang";
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await getCurrentUser(request);
  const ref = await cartRefFor(request, user);
  const values = formValues(await request.formData());
  const productId = values.productId ?? "";
  try {
    let token = ref.token ?? null;
    let target = "/gio-hang";
    let flash: string;
    switch (values.intent) {
      case "add":
        token = (await addToCart(ref, productId, values.quantity)).token;
        target = afterAdd(values);
        flash = "orders.cart.flashAdded";
        break;
      case "update":
        await setCartQuantity(ref, productId, values.quantity);
        flash = "orders.cart.flashUpdated";
        break;
      case "remove":
        await removeFromCart(ref, productId);
        flash = "orders.cart.flashRemoved";
        break;
      default:
        throw invalid("validation.invalid");
    }
    const headers = new Headers(await flashHeaders(request, "success", flash));
    // A guest's cookie is written on every change, so it lives as long as the cart does.
    if (!user && token) headers.append("Set-Cookie", await cartCookieHeader(token));
    throw redirect(target, { headers });
  } catch (error) {
    if (isDomainError(error)) return cartFailure(error, values);
    throw error;
  }
}

function LineItem({
  line,
  failure,
  maxQuantity,
}: {
  line: CartLine;
  failure: CartFailure | null;
  maxQuantity: number;
}) {
  const t = useT();
  const translate = useTranslate();
  const c = t.orders.cart;
  const id = `qty-${line.productId}`;
  const failed = failure?.intent === "update" && failure.productId === line.productId ? failure : null;
  const error = failed ? translate(failed.messageKey, failed.params) : null;
  const problem =
    line.problem === "unavailable"
      ? c.problemUnavailable
      : line.problem === "soldOut"
        ? c.problemSoldOut
        : line.problem === "beyondStock"
          ? translate("orders.cart.problemBeyondStock", { stock: line.stock, unit: line.unit })
          : null;
  const describedBy = [`${id}-stock`, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <li className="cart-line">
      {line.photo ? (
        <img
          src={line.photo.url}
          alt=""
          width={64}
          height={64}
          className="thumb"
          loading="lazy"
          decoding="async"
        />
      ) : (
        <span className="thumb thumb-empty" aria-hidden="true" />
      )}
      <div className="cart-line-body">
        <p className="cart-line-name">
          <Link to={`/san-pham/${line.slug}`}>{line.name}</Link>
        </p>
        <p className="cart-line-price">
          <span className="hint">{c.unitPrice}: </span>
          <Price amount={line.priceVnd} unit={line.unit} />
        </p>
        {problem ? <p className="notice-warn">{problem}</p> : null}
        {/* Keyed by the stored quantity, so the field shows it again after every change. */}
        <Form method="post" className="cart-line-form" key={`${line.productId}-${line.quantity}`} noValidate>
          <input type="hidden" name="productId" value={line.productId} />
          <div className="field">
            <label htmlFor={id}>{translate("orders.cart.quantity", { unit: line.unit })}</label>
            <p className="hint" id={`${id}-stock`}>
              {translate("orders.cart.stockLeft", { n: line.stock, unit: line.unit })}
            </p>
            <div className="inline-field">
              <input
                id={id}
                name="quantity"
                type="number"
                inputMode="numeric"
                min={0}
                max={maxQuantity}
                step={1}
                defaultValue={failed ? failed.quantity : line.quantity}
                aria-invalid={error ? true : undefined}
                aria-describedby={describedBy}
              />
              <button
                type="submit"
                name="intent"
                value="update"
                className="button secondary"
                aria-label={translate("orders.cart.updateLabel", { name: line.name })}
              >
                {c.update}
              </button>
            </div>
            {error ? (
              <p className="field-error" id={`${id}-error`}>
                {error}
              </p>
            ) : null}
          </div>
          <div className="cart-line-foot">
            <button
              type="submit"
              name="intent"
              value="remove"
              className="link-button cart-remove"
              aria-label={translate("orders.cart.removeLabel", { name: line.name })}
            >
              {c.remove}
            </button>
            <p className="cart-line-total">
              <span className="hint">{c.lineTotal}: </span>
              <Price amount={line.lineTotalVnd} />
            </p>
          </div>
        </Form>
      </div>
    </li>
  );
}

export default function Cart() {
  const t = useT();
  const translate = useTranslate();
  const { cart, maxQuantity } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failure = actionData && !actionData.ok ? actionData : null;
  const busy = useNavigation().state !== "idle";
  const c = t.orders.cart;

  const failedLine =
    failure?.intent === "update"
      ? cart.groups.flatMap((g) => g.lines).find((l) => l.productId === failure.productId)
      : undefined;
  const summaryMessage = failure ? translate(failure.messageKey, failure.params) : null;

  return (
    <section className="cart-page stack" aria-busy={busy || undefined}>
      <h1>{c.title}</h1>
      {failure ? (
        failedLine ? (
          <ErrorSummary
            message={null}
            errors={[
              {
                fieldId: `qty-${failedLine.productId}`,
                label: translate("orders.cart.quantityOf", { name: failedLine.name }),
                message: summaryMessage ?? "",
              },
            ]}
          />
        ) : (
          <div className="form-error" role="alert">
            <p className="form-error-message">
              {failure.product ? `${failure.product.name}: ` : null}
              {summaryMessage}
            </p>
            {failure.product ? (
              <p>
                <Link to={`/san-pham/${failure.product.slug}`}>
                  {translate("orders.cart.backToProduct", { name: failure.product.name })}
                </Link>
              </p>
            ) : null}
          </div>
        )
      ) : null}

      {cart.groups.length === 0 ? (
        <div className="card empty-state stack">
          <p>{c.empty}</p>
          <p className="hint">{c.emptyHint}</p>
          <p>
            <Link to="/san-pham" className="button">
              {c.browse}
            </Link>
          </p>
        </div>
      ) : (
        <>
          {cart.groups.map((group) => (
            <section
              key={group.cooperativeId}
              className="card cart-group"
              aria-labelledby={`coop-${group.cooperativeId}`}
            >
              <h2 id={`coop-${group.cooperativeId}`}>
                <Link to={`/htx/${group.cooperativeSlug}`}>{group.cooperativeName}</Link>
              </h2>
              <ul className="cart-lines">
                {group.lines.map((line) => (
                  <LineItem key={line.productId} line={line} failure={failure} maxQuantity={maxQuantity} />
                ))}
              </ul>
              <p className="cart-subtotal">
                <span>{c.subtotal}</span> <Price amount={group.subtotalVnd} />
              </p>
            </section>
          ))}

          <section className="card cart-summary stack" aria-labelledby="cart-total">
            <p className="cart-total" id="cart-total">
              <span>{c.total}</span> <Price amount={cart.totalVnd} />
            </p>
            <p className="hint">
              {translate("orders.cart.itemCount", { n: cart.itemCount })}
              {cart.groups.length > 1
                ? ` · ${translate("orders.cart.parcels", { n: cart.groups.length })}`
                : ""}
            </p>
            {cart.problems > 0 ? (
              <>
                <p className="notice-warn" id="checkout-blocked">
                  {translate("orders.cart.checkoutBlocked", { n: cart.problems })}
                </p>
                <button type="button" className="button block" disabled aria-describedby="checkout-blocked">
                  {c.checkout}
                </button>
              </>
            ) : (
              <Link to="/thanh-toan" className="button block">
                {c.checkout}
              </Link>
            )}
            <p>
              <Link to="/san-pham">{c.continueShopping}</Link>
            </p>
          </section>
        </>
      )}
    </section>
  );
}
