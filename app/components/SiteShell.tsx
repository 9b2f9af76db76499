import { Form, Link, useLocation } from "@remix-run/react";
import { useLocale, useT, useTranslate } from "~/utils/i18n";

export interface ShellUser {
  name: string;
  roles: string[];
  homePath: string;
}

/** Switches language with a plain form post, so it works without JavaScript. */
export function LanguageSwitch() {
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  return (
    // A full document round trip: every string on the page changes, and it also works on error pages.
    <Form method="post" action="/language" className="lang-switch" reloadDocument>
      <input type="hidden" name="lang" value={locale === "vi" ? "en" : "vi"} />
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <button
        type="submit"
        className="link-button"
        aria-label={t.common.switchToLabel}
        lang={locale === "vi" ? "en" : "vi"}
      >
        {t.common.switchTo}
      </button>
    </Form>
  );
}

/** The header link to the cart, with the number of units in it once there are any. */
function CartLink({ count }: { count: number }) {
  const t = useT();
  const translate = useTranslate();
  return (
    <Link
      to="/gio-hang"
      className="cart-link"
      aria-label={count > 0 ? translate("orders.cart.navLabelCount", { n: count }) : undefined}
    >
      {t.orders.cart.navLabel}
      {count > 0 ? <span className="badge badge-count">{count}</span> : null}
    </Link>
  );
}

export function SiteHeader({ user, cartCount = 0 }: { user: ShellUser | null; cartCount?: number }) {
  const t = useT();
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t.common.skipToContent}
      </a>
      <div className="site-header-inner">
        <Link to="/" className="brand">
          {t.common.appName}
        </Link>
        <nav aria-label={t.common.nav.menu} className="site-nav">
          <Link to="/san-pham">{t.catalog.nav.products}</Link>
          <CartLink count={cartCount} />
          {user ? (
            <>
              <Link to={user.homePath}>
                {user.homePath === "/account" ? t.common.nav.account : t.common.nav.backOffice}
              </Link>
              {user.homePath !== "/account" ? <Link to="/account">{t.common.nav.account}</Link> : null}
              <Form method="post" action="/logout">
                <button type="submit" className="link-button">
                  {t.common.nav.logout}
                </button>
              </Form>
            </>
          ) : (
            <>
              <Link to="/login">{t.common.nav.login}</Link>
              <Link to="/signup">{t.common.nav.signup}</Link>
            </>
          )}
          <LanguageSwitch />
        </nav>
      </div>
    </header>
  );
}

export function SiteFooter() {
  const t = useT();
  return (
    <footer className="site-footer">
      <p>{t.common.footer}</p>
    </footer>
  );
}
