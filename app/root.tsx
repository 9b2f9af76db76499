import { data, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { ErrorPage } from "~/components/ErrorPage";
import { SiteFooter, SiteHeader } from "~/components/SiteShell";
import { homePathFor } from "~/domain/accounts/users.server";
import { defaultLocale, type Locale, translate } from "~/i18n";
import appCss from "~/styles/app.css?url";
import { getCurrentUser } from "~/utils/auth.server";
import { cartBadgeCount } from "~/utils/cart.server";
import { useNonce } from "~/utils/nonce";
import { commitSession, getLocale, getSession } from "~/utils/session.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: appCss },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/** The shell carries the signed-in user's name, so documents are personal unless a route says otherwise. */
export const headers: HeadersFunction = ({ loaderHeaders }) => ({
  "Cache-Control": loaderHeaders.get("Cache-Control") ?? "private, no-store",
});

export async function loader({ request }: LoaderFunctionArgs) {
  const [locale, user, session] = await Promise.all([
    getLocale(request),
    getCurrentUser(request),
    getSession(request),
  ]);
  const flash = session.get("flash") ?? null;
  const cartCount = await cartBadgeCount(request, user);
  const viewUser = user
    ? {
        name: user.name,
        roles: [...new Set(user.memberships.map((m) => m.role))],
        homePath: homePathFor(user),
      }
    : null;
  // Reading a flash consumes it: the cookie is written back without it.
  const headers: HeadersInit = flash ? { "Set-Cookie": await commitSession(session) } : {};
  return data({ locale, user: viewUser, flash, cartCount }, { headers });
}

function Document({ locale, children }: { locale: Locale; children: React.ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#2f6b3a" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { locale, user, flash, cartCount } = useLoaderData<typeof loader>();
  return (
    <Document locale={locale}>
      <SiteHeader user={user} cartCount={cartCount} />
      <main id="main" className="page">
        {flash ? (
          <p role="status" className={`flash flash-${flash.kind}`}>
            {translate(locale, flash.messageKey)}
          </p>
        ) : null}
        <Outlet />
      </main>
      <SiteFooter />
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  const location = useLocation();
  const locale = data?.locale ?? defaultLocale;
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (!isRouteErrorResponse(error)) console.error(error);
  return (
    <Document locale={locale}>
      <SiteHeader user={data?.user ?? null} cartCount={data?.cartCount ?? 0} />
      <main id="main" className="page">
        <ErrorPage status={status} path={location.pathname} />
      </main>
      <SiteFooter />
    </Document>
  );
}
