import { Link } from "@remix-run/react";
import { useT } from "~/utils/i18n";

/** The friendly error page for 4xx and 5xx, in the reader's language. */
export function ErrorPage({ status }: { status: number; path?: string }) {
  const t = useT();
  const [title, body] =
    status === 404
      ? [t.errors.notFoundTitle, t.errors.notFoundBody]
      : status === 403
        ? [t.errors.forbiddenTitle, t.errors.forbiddenBody]
        : status === 409
          ? [t.errors.conflictTitle, t.errors.badRequestBody]
          : status >= 400 && status < 500
            ? [t.errors.badRequestTitle, t.errors.badRequestBody]
            : [t.errors.serverTitle, t.errors.serverBody];
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-code">{t.errors.statusCode.replace("{status}", String(status))}</p>
      <h1 id="error-title">{title}</h1>
      <p>{body}</p>
      <p>
        <Link className="button" to="/">
          {t.errors.goHome}
        </Link>
      </p>
    </section>
  );
}
